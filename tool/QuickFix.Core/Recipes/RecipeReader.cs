using System.Globalization;
using System.Text.RegularExpressions;

namespace QuickFix.Recipes;

/// <summary>
/// Turns a YAML tree into a <see cref="Recipe"/>, checking it against <see cref="RecipeVocabulary"/> and the rules
/// of <see cref="RecipeException"/>. Scalars follow the YAML 1.2 core schema: only plain scalars are null,
/// booleans or numbers (integers in decimal only); any non-null scalar is accepted where text is expected.
/// </summary>
internal sealed partial class RecipeReader
{
    private const int MaxSide = 8192;
    private const int MaxSteps = 1000;

    private readonly string _filePath;
    private readonly string _directory;
    private readonly Dictionary<string, SourceLocation> _locations = new(StringComparer.Ordinal);

    public RecipeReader(string fullFilePath)
    {
        _filePath = fullFilePath;
        _directory = Path.GetDirectoryName(fullFilePath) ?? fullFilePath;
    }

    public Recipe Read(YamlNode? root)
    {
        if (root is not YamlMappingNode document)
        {
            throw Error(
                RecipeException.WrongTypeCode,
                root?.Location ?? SourceLocation.Start,
                $"recipe: expected a mapping with the keys {Join(RecipeVocabulary.RequiredKeys[""])}, found {root?.Describe() ?? "an empty document"}.");
        }

        var version = document.Find("version")
            ?? throw Error(RecipeException.MissingKeyCode, document.Location, "version: missing; a recipe starts with 'version: 1'.");
        var versionNumber = Integer(version.Value, "version");
        if (versionNumber != Recipe.SupportedVersion)
        {
            throw Error(
                RecipeException.UnsupportedVersionCode,
                version.Value.Location,
                $"version: this tool reads recipe version {Recipe.SupportedVersion}, found {versionNumber}.");
        }

        CheckKeys(document, string.Empty);
        var model = ReadModel(document.Find("model")!.Value.Value);
        var output = ReadOutput(document.Find("output")!.Value.Value);
        var method = document.Find("method") is { } methodEntry ? ReadMethod(methodEntry.Value) : MethodSpec.Default;
        var trace = document.Find("trace") is { } traceEntry ? ReadTrace(traceEntry.Value) : TraceSpec.Default;
        var edits = ReadEdits(document.Find("edits")!.Value.Value);
        var preserve = document.Find("preserve") is { } preserveEntry
            ? CaptionList(preserveEntry.Value, "preserve", allowEmpty: true)
            : new ValueList<string>([]);
        var images = document.Find("images") is { } imagesEntry ? ReadImages(imagesEntry.Value) : null;
        CheckOutputAgainstModel(output, model);
        CheckOutputAgainstRecipe(output);

        return new Recipe(Recipe.SupportedVersion, model, output, method, trace, edits, preserve, images, _filePath, _directory)
        {
            SourceMap = new RecipeSourceMap(_locations),
        };
    }

    private ModelSource ReadModel(YamlNode node)
    {
        var model = Mapping(node, "model");
        CheckKeys(model, "model");
        var pathEntry = model.Find("path");
        var synthEntry = model.Find("synth");
        var tokenizerEntry = model.Find("tokenizer");
        if (pathEntry is not null && synthEntry is not null)
        {
            throw Error(RecipeException.ModelSourceCode, synthEntry.Value.Key.Location, "model.synth: give either 'path' or 'synth', not both.");
        }

        if (pathEntry is null && synthEntry is null)
        {
            throw Error(RecipeException.ModelSourceCode, model.Location, "model: expected 'path' (a checkpoint) or 'synth' (a synthesized model).");
        }

        if (synthEntry is not null)
        {
            if (tokenizerEntry is not null)
            {
                throw Error(
                    RecipeException.ModelSourceCode,
                    tokenizerEntry.Value.Key.Location,
                    "model.tokenizer: a synthesized model brings its own tokenizer; remove 'tokenizer' or use 'path'.");
            }

            return new ModelSource(null, ReadSynth(synthEntry.Value.Value), null);
        }

        var path = PathValue(pathEntry!.Value.Value, "model.path");
        if (!File.Exists(path.FullPath) && !Directory.Exists(path.FullPath))
        {
            throw Error(
                RecipeException.ModelNotFoundCode,
                pathEntry.Value.Value.Location,
                $"model.path: {Quote(path)} does not exist; expected a diffusers folder, a .safetensors or a .ckpt file.");
        }

        RecipePath? tokenizer = null;
        if (tokenizerEntry is { } entry)
        {
            tokenizer = PathValue(entry.Value, "model.tokenizer");
            if (!Directory.Exists(tokenizer.FullPath))
            {
                throw Error(
                    RecipeException.TokenizerNotFoundCode,
                    entry.Value.Location,
                    $"model.tokenizer: {Quote(tokenizer)} is not a folder; expected a tokenizer folder with vocab.json and merges.txt.");
            }
        }

        return new ModelSource(path, null, tokenizer);
    }

    private SynthModelSpec ReadSynth(YamlNode node)
    {
        var synth = Mapping(node, "model.synth");
        CheckKeys(synth, "model.synth");
        return new SynthModelSpec(
            Enum(synth.Find("family")!.Value.Value, "model.synth.family", RecipeVocabulary.Families),
            Enum(synth.Find("size")!.Value.Value, "model.synth.size", RecipeVocabulary.Sizes),
            Ranged(synth.Find("seed")!.Value.Value, "model.synth.seed", 0, long.MaxValue));
    }

    private OutputSpec ReadOutput(YamlNode node)
    {
        var output = Mapping(node, "output");
        CheckKeys(output, "output");
        return new OutputSpec(
            PathValue(output.Find("path")!.Value.Value, "output.path"),
            output.Find("layout") is { } layout ? Enum(layout.Value, "output.layout", RecipeVocabulary.Layouts) : OutputSpec.DefaultLayout,
            output.Find("delta") is { } delta ? Boolean(delta.Value, "output.delta") : OutputSpec.DefaultDelta);
    }

    private MethodSpec ReadMethod(YamlNode node)
    {
        var method = Mapping(node, "method");
        CheckKeys(method, "method");
        var defaults = MethodSpec.Default;
        return new MethodSpec(
            method.Find("name") is { } name ? Enum(name.Value, "method.name", RecipeVocabulary.Methods) : defaults.Name,
            method.Find("layer") is { } layer ? (int)Ranged(layer.Value, "method.layer", 0, int.MaxValue) : defaults.Layer,
            method.Find("lambda") is { } lambda ? Lambda(lambda.Value) : defaults.Lambda,
            method.Find("use_eos") is { } useEos ? Boolean(useEos.Value, "method.use_eos") : defaults.UseEos,
            method.Find("templates") is { } templates ? Templates(templates.Value) : defaults.Templates,
            method.Find("targets") is { } targets ? Enum(targets.Value, "method.targets", RecipeVocabulary.Targets) : defaults.Targets,
            method.Find("encoders") is { } encoders ? Encoders(encoders.Value) : defaults.Encoders);
    }

    private double Lambda(YamlNode node)
    {
        var lambda = Number(node, "method.lambda");
        if (!double.IsFinite(lambda) || lambda <= 0)
        {
            // λI keeps λI + Σkkᵀ invertible when there are fewer keys than dimensions (algorithm.md §1.5).
            throw Error(RecipeException.OutOfRangeCode, node.Location, $"method.lambda: expected a finite number greater than 0, found {node.Describe()}.");
        }

        return lambda;
    }

    private ValueList<string> Templates(YamlNode node)
    {
        var templates = CaptionList(node, "method.templates", allowEmpty: false);
        var items = ((YamlSequenceNode)node).Items;
        for (var i = 0; i < templates.Count; i++)
        {
            var slots = Regex.Count(templates[i], Regex.Escape(RecipeVocabulary.TemplateSlot));
            if (slots != 1)
            {
                throw Error(
                    RecipeException.InvalidTemplateCode,
                    items[i].Location,
                    $"method.templates[{i}]: expected a template with '{{}}' exactly once (e.g. 'A photo of {{}}'), found {slots} in {items[i].Describe()}.");
            }
        }

        return templates;
    }

    private ValueList<int>? Encoders(YamlNode node)
    {
        const string Key = "method.encoders";
        if (node is YamlScalarNode { IsPlain: true, Value: RecipeVocabulary.AllEncoders })
        {
            Record(Key, node);
            return null;
        }

        if (node is not YamlSequenceNode list)
        {
            throw Error(
                RecipeException.WrongTypeCode,
                node.Location,
                $"{Key}: expected '{RecipeVocabulary.AllEncoders}' or a list of text-encoder indices such as [0, 1], found {node.Describe()}.");
        }

        var indices = UniqueList(list, Key, (item, path) => (int)Ranged(item, path, 0, int.MaxValue));
        return indices;
    }

    private TraceSpec ReadTrace(YamlNode node)
    {
        var trace = Mapping(node, "trace");
        CheckKeys(trace, "trace");
        return trace.Find("mode") is { } mode ? new TraceSpec(Enum(mode.Value, "trace.mode", RecipeVocabulary.TraceModes)) : TraceSpec.Default;
    }

    private ValueList<EditSpec> ReadEdits(YamlNode node)
    {
        var list = Sequence(node, "edits", allowEmpty: true);
        var edits = new List<EditSpec>(list.Items.Count);
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < list.Items.Count; i++)
        {
            var path = $"edits[{i}]";
            var edit = Mapping(list.Items[i], path);
            CheckKeys(edit, "edits[]", path);
            var keyNode = edit.Find("key")!.Value.Value;
            var key = Caption(keyNode, path + ".key");
            var value = Caption(edit.Find("value")!.Value.Value, path + ".value");
            EditKind? kind = edit.Find("kind") is { } kindEntry ? Enum(kindEntry.Value, path + ".kind", RecipeVocabulary.Kinds) : null;

            if (!seen.TryAdd(AsClipReadsIt(key), i))
            {
                var first = seen[AsClipReadsIt(key)];
                throw Error(
                    RecipeException.DuplicateEditCode,
                    keyNode.Location,
                    $"{path}.key: '{key}' is already edited by edits[{first}] (line {_locations[$"edits[{first}].key"].Line}); give each key once.");
            }

            edits.Add(new EditSpec(key, value, kind));
        }

        return new ValueList<EditSpec>(edits);
    }

    // CLIP lower-cases and collapses white space (algorithm.md §8), so these spellings are the same key to the model.
    private static string AsClipReadsIt(string caption) => WhiteSpace().Replace(caption.Trim(), " ").ToLowerInvariant();

    [GeneratedRegex(@"\s+")]
    private static partial Regex WhiteSpace();

    private ImagesSpec ReadImages(YamlNode node)
    {
        var images = Mapping(node, "images");
        CheckKeys(images, "images");
        return new ImagesSpec(
            CaptionList(images.Find("prompts")!.Value.Value, "images.prompts", allowEmpty: false),
            UniqueList(Sequence(images.Find("seeds")!.Value.Value, "images.seeds", allowEmpty: false), "images.seeds", (item, path) => Ranged(item, path, 0, long.MaxValue)),
            images.Find("steps") is { } steps ? (int)Ranged(steps.Value, "images.steps", 1, MaxSteps) : ImagesSpec.DefaultSteps,
            images.Find("guidance") is { } guidance ? Guidance(guidance.Value) : ImagesSpec.DefaultGuidance,
            images.Find("scheduler") is { } scheduler ? Enum(scheduler.Value, "images.scheduler", RecipeVocabulary.Schedulers) : ImagesSpec.DefaultScheduler,
            images.Find("size") is { } size ? Size(size.Value) : ImageSize.Default,
            PathValue(images.Find("snapshots")!.Value.Value, "images.snapshots"));
    }

    private double Guidance(YamlNode node)
    {
        var guidance = Number(node, "images.guidance");
        if (!double.IsFinite(guidance) || guidance < 0)
        {
            throw Error(RecipeException.OutOfRangeCode, node.Location, $"images.guidance: expected a finite number of 0 or more, found {node.Describe()}.");
        }

        return guidance;
    }

    private ImageSize Size(YamlNode node)
    {
        const string Key = "images.size";
        var text = Text(node, Key);
        var match = SizePattern().Match(text);
        if (match.Success
            && int.TryParse(match.Groups[1].ValueSpan, NumberStyles.None, CultureInfo.InvariantCulture, out var width)
            && int.TryParse(match.Groups[2].ValueSpan, NumberStyles.None, CultureInfo.InvariantCulture, out var height)
            && IsSide(width)
            && IsSide(height))
        {
            return new ImageSize(width, height);
        }

        throw Error(
            RecipeException.InvalidSizeCode,
            node.Location,
            $"{Key}: expected WIDTHxHEIGHT such as 512x512, each a multiple of 8 from 8 to {MaxSide}, found {node.Describe()}.");
    }

    // The VAE downsamples by 8, so pixel sides must be multiples of 8 (diffusers checks the same).
    private static bool IsSide(int side) => side is > 0 and <= MaxSide && side % 8 == 0;

    [GeneratedRegex(@"^([0-9]{1,5})x([0-9]{1,5})$")]
    private static partial Regex SizePattern();

    private void CheckOutputAgainstModel(OutputSpec output, ModelSource model)
    {
        if (model.Path is not { } basePath)
        {
            return;
        }

        var outputPath = Path.TrimEndingDirectorySeparator(output.Path.FullPath);
        var modelPath = Path.TrimEndingDirectorySeparator(basePath.FullPath);
        var problem =
            string.Equals(outputPath, modelPath, PathComparison) ? "is the base model"
            : IsInside(outputPath, modelPath, PathComparison) ? "lies inside the base model"
            : IsInside(modelPath, outputPath, PathComparison) ? "is a folder that holds the base model"
            : null;
        if (problem is not null)
        {
            // Outputs are renamed into place when complete (design.md "Crash-safe"): that would replace the base model.
            throw Error(
                RecipeException.OutputOverlapsModelCode,
                _locations["output.path"],
                $"output.path: {Quote(output.Path)} {problem} {Quote(basePath)}; expected a path outside it, or writing would overwrite it.");
        }
    }

    /// <summary>
    /// Relative paths resolve against the recipe's folder, and <c>..</c> may leave it: the repository's own recipes in
    /// <c>recipes/</c> write to <c>../artifacts/</c>, and an absolute path escapes just as far, so refusing <c>..</c>
    /// would protect nothing. What <c>..</c> (or <c>.</c>) can do that a user never means is name the recipe's own
    /// folder or one above it: a folder output is swapped into place and the folder it replaces is deleted
    /// (<c>EditedCheckpointWriter</c>), recipe, project and all. That is refused.
    /// </summary>
    private void CheckOutputAgainstRecipe(OutputSpec output)
    {
        var outputPath = Path.TrimEndingDirectorySeparator(output.Path.FullPath);
        var recipeFolder = Path.TrimEndingDirectorySeparator(_directory);
        var problem =
            string.Equals(outputPath, recipeFolder, PathComparison) ? "is the recipe's own folder"
            : IsInside(recipeFolder, outputPath, PathComparison) ? "is a folder that holds the recipe"
            : null;
        if (problem is not null)
        {
            throw Error(
                RecipeException.OutputHoldsRecipeCode,
                _locations["output.path"],
                $"output.path: {Quote(output.Path)} {problem}; the output replaces that folder, recipe included. "
                + "Expected a path to a new folder or file, such as 'artifacts/edited' or '../artifacts/edited'.");
        }
    }

    // Case-insensitive where the usual file systems are (Windows, macOS), so 'Out' and 'out' are one folder there.
    private static StringComparison PathComparison =>
        OperatingSystem.IsWindows() || OperatingSystem.IsMacOS() ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal;

    private static bool IsInside(string path, string folder, StringComparison comparison) =>
        path.Length > folder.Length
        && path.StartsWith(folder, comparison)
        && (Path.EndsInDirectorySeparator(folder) || path[folder.Length] == Path.DirectorySeparatorChar || path[folder.Length] == Path.AltDirectorySeparatorChar);

    private void CheckKeys(YamlMappingNode mapping, string section, string? path = null)
    {
        path ??= section;
        var allowed = RecipeVocabulary.SectionKeys[section];
        foreach (var (key, _) in mapping.Entries)
        {
            if (!allowed.Contains(key.Value))
            {
                throw Error(
                    RecipeException.UnknownKeyCode,
                    key.Location,
                    $"{Prefix(path)}{key.Value}: unknown key; {(path.Length == 0 ? "a recipe" : path)} allows {Join(allowed)}.");
            }
        }

        foreach (var required in RecipeVocabulary.RequiredKeys[section])
        {
            if (mapping.Find(required) is null)
            {
                throw Error(RecipeException.MissingKeyCode, mapping.Location, $"{Prefix(path)}{required}: missing; this key is required.");
            }
        }

        Record(path, mapping);
    }

    private static string Quote(RecipePath path) => $"'{path.Text}' ({path.FullPath})";

    private static string Prefix(string path) => path.Length == 0 ? string.Empty : path + ".";

    private static string Join(IEnumerable<string> names) => string.Join(", ", names);

    private YamlMappingNode Mapping(YamlNode node, string path) => node as YamlMappingNode
        ?? throw Error(RecipeException.WrongTypeCode, node.Location, $"{path}: expected a mapping of keys to values, found {node.Describe()}.");

    private YamlSequenceNode Sequence(YamlNode node, string path, bool allowEmpty)
    {
        var list = node as YamlSequenceNode
            ?? throw Error(RecipeException.WrongTypeCode, node.Location, $"{path}: expected a list, found {node.Describe()}.");
        if (!allowEmpty && list.Items.Count == 0)
        {
            throw Error(RecipeException.EmptyListCode, node.Location, $"{path}: expected at least one item, found an empty list.");
        }

        Record(path, list);
        return list;
    }

    private ValueList<string> CaptionList(YamlNode node, string path, bool allowEmpty) =>
        UniqueList(Sequence(node, path, allowEmpty), path, Caption);

    private ValueList<T> UniqueList<T>(YamlSequenceNode list, string path, Func<YamlNode, string, T> readItem)
    {
        var items = new List<T>(list.Items.Count);
        for (var i = 0; i < list.Items.Count; i++)
        {
            var itemPath = $"{path}[{i}]";
            var item = readItem(list.Items[i], itemPath);
            var first = items.IndexOf(item);
            if (first >= 0)
            {
                throw Error(
                    RecipeException.DuplicateItemCode,
                    list.Items[i].Location,
                    $"{itemPath}: {list.Items[i].Describe()} repeats {path}[{first}]; each item may appear once.");
            }

            items.Add(item);
        }

        return new ValueList<T>(items);
    }

    private string Text(YamlNode node, string path)
    {
        if (node is not YamlScalarNode scalar || scalar.IsNull)
        {
            throw Error(RecipeException.WrongTypeCode, node.Location, $"{path}: expected text, found {node.Describe()}.");
        }

        Record(path, node);
        return scalar.Value;
    }

    private string Caption(YamlNode node, string path)
    {
        var text = Text(node, path);
        if (string.IsNullOrWhiteSpace(text))
        {
            throw Error(RecipeException.EmptyTextCode, node.Location, $"{path}: expected a caption, found empty text.");
        }

        if (text.Length > RecipeLoader.MaxCaptionLength)
        {
            throw Error(
                RecipeException.CaptionTooLongCode,
                node.Location,
                $"{path}: the text is {text.Length} characters long; CLIP reads at most 75 tokens, and no text over "
                + $"{RecipeLoader.MaxCaptionLength} characters fits them.");
        }

        return text;
    }

    private RecipePath PathValue(YamlNode node, string path)
    {
        var text = Text(node, path);
        if (string.IsNullOrWhiteSpace(text))
        {
            throw Error(RecipeException.EmptyTextCode, node.Location, $"{path}: expected a path, found empty text.");
        }

        try
        {
            return new RecipePath(text, Path.GetFullPath(text, _directory));
        }
        catch (Exception exception) when (exception is ArgumentException or NotSupportedException or PathTooLongException)
        {
            throw Error(RecipeException.WrongTypeCode, node.Location, $"{path}: expected a path, found {node.Describe()} ({exception.Message}).");
        }
    }

    private T Enum<T>(YamlNode node, string path, EnumSpellings<T> spellings)
        where T : struct, Enum
    {
        var text = Text(node, path);
        if (!spellings.TryParse(text, out var value))
        {
            throw Error(RecipeException.InvalidEnumCode, node.Location, $"{path}: expected one of {Join(spellings.Names)}, found {node.Describe()}.");
        }

        return value;
    }

    private bool Boolean(YamlNode node, string path)
    {
        if (node is YamlScalarNode { IsPlain: true } scalar)
        {
            switch (scalar.Value)
            {
                case "true" or "True" or "TRUE":
                    Record(path, node);
                    return true;
                case "false" or "False" or "FALSE":
                    Record(path, node);
                    return false;
            }
        }

        throw Error(RecipeException.WrongTypeCode, node.Location, $"{path}: expected true or false, found {node.Describe()}.");
    }

    private long Integer(YamlNode node, string path)
    {
        if (node is not YamlScalarNode { IsPlain: true } scalar || !IntegerPattern().IsMatch(scalar.Value))
        {
            throw Error(RecipeException.WrongTypeCode, node.Location, $"{path}: expected an integer, found {node.Describe()}.");
        }

        if (!long.TryParse(scalar.Value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value))
        {
            throw Error(RecipeException.OutOfRangeCode, node.Location, $"{path}: {node.Describe()} is too large for a 64-bit integer.");
        }

        Record(path, node);
        return value;
    }

    private long Ranged(YamlNode node, string path, long minimum, long maximum)
    {
        var value = Integer(node, path);
        if (value < minimum || value > maximum)
        {
            var range = maximum == long.MaxValue || maximum == int.MaxValue
                ? $"an integer of {minimum} or more"
                : $"an integer from {minimum} to {maximum}";
            throw Error(RecipeException.OutOfRangeCode, node.Location, $"{path}: expected {range}, found {node.Describe()}.");
        }

        return value;
    }

    private double Number(YamlNode node, string path)
    {
        if (node is YamlScalarNode { IsPlain: true } scalar)
        {
            double? value = scalar.Value switch
            {
                ".inf" or ".Inf" or ".INF" or "+.inf" or "+.Inf" or "+.INF" => double.PositiveInfinity,
                "-.inf" or "-.Inf" or "-.INF" => double.NegativeInfinity,
                ".nan" or ".NaN" or ".NAN" => double.NaN,
                _ when FloatPattern().IsMatch(scalar.Value) => double.Parse(scalar.Value, NumberStyles.Float, CultureInfo.InvariantCulture),
                _ => null,
            };
            if (value is { } number)
            {
                Record(path, node);
                return number;
            }
        }

        throw Error(RecipeException.WrongTypeCode, node.Location, $"{path}: expected a number, found {node.Describe()}.");
    }

    [GeneratedRegex(@"^[-+]?[0-9]+$")]
    private static partial Regex IntegerPattern();

    // YAML 1.2 core schema float (integers included).
    [GeneratedRegex(@"^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$")]
    private static partial Regex FloatPattern();

    private void Record(string path, YamlNode node) => _locations[path] = node.Location;

    private RecipeException Error(string code, SourceLocation location, string message) => new(code, message, _filePath, location);
}
