using System.Text.Json.Nodes;
using QuickFix.Recipes;

namespace QuickFix.Tests.Recipes;

/// <summary>
/// <c>recipes/edits.schema.json</c> describes exactly what the parser accepts: the same sections and keys (in the
/// same order), the same required keys, the same enumerations and the same defaults (read from parsed recipes).
/// </summary>
public sealed class RecipeSchemaTests : IDisposable
{
    private readonly RecipeWorkspace _workspace = new();
    private readonly SchemaFacts _schema = SchemaFacts.Read(RepositoryFiles.Path("recipes", "edits.schema.json"));

    public void Dispose() => _workspace.Dispose();

    [Fact]
    public void The_schema_is_draft_2020_12()
    {
        Assert.Equal("https://json-schema.org/draft/2020-12/schema", (string?)_schema.Root["$schema"]);
        Assert.Equal(Recipe.SupportedVersion, (int?)_schema.Root["properties"]!["version"]!["const"]);
    }

    [Fact]
    public void Sections_and_their_keys_match_the_parser()
    {
        Assert.Equal(RecipeVocabulary.SectionKeys.Keys.Order(StringComparer.Ordinal), _schema.SectionKeys.Keys.Order(StringComparer.Ordinal));
        foreach (var (section, keys) in RecipeVocabulary.SectionKeys)
        {
            Assert.True(keys.SequenceEqual(_schema.SectionKeys[section]), $"keys of '{section}': parser [{string.Join(", ", keys)}], schema [{string.Join(", ", _schema.SectionKeys[section])}]");
            Assert.True(
                RecipeVocabulary.RequiredKeys[section].SequenceEqual(_schema.RequiredKeys[section]),
                $"required keys of '{section}'");
            Assert.False(_schema.AllowsOtherKeys[section], $"'{section}' must set additionalProperties: false");
        }
    }

    [Fact]
    public void Text_length_limits_match_the_parser()
    {
        Assert.Equal(RecipeLoader.MaxCaptionLength, (int?)_schema.Root["$defs"]!["caption"]!["maxLength"]);
        Assert.Equal(RecipeLoader.MaxCaptionLength, (int?)_schema.Root["properties"]!["method"]!["properties"]!["templates"]!["items"]!["maxLength"]);
    }

    [Fact]
    public void Enumerations_match_the_parser()
    {
        Assert.Equal(RecipeVocabulary.EnumNames.Keys.Order(StringComparer.Ordinal), _schema.Enums.Keys.Order(StringComparer.Ordinal));
        foreach (var (path, names) in RecipeVocabulary.EnumNames)
        {
            Assert.Equal(names, _schema.Enums[path]);
        }
    }

    [Fact]
    public void Defaults_match_what_the_parser_fills_in()
    {
        var recipe = _workspace.Parse(RecipeWorkspace.Minimal + "\nimages: { prompts: [a], seeds: [1], snapshots: s }\n");
        var method = recipe.Method;
        var images = recipe.Images!;
        var parserDefaults = new Dictionary<string, JsonNode?>
        {
            ["output.layout"] = RecipeVocabulary.Layouts.Spell(recipe.Output.Layout),
            ["output.delta"] = recipe.Output.Delta,
            ["method.name"] = RecipeVocabulary.Methods.Spell(method.Name),
            ["method.layer"] = method.Layer,
            ["method.lambda"] = method.Lambda,
            ["method.use_eos"] = method.UseEos,
            ["method.templates"] = new JsonArray([.. method.Templates.Select(template => (JsonNode?)template)]),
            ["method.targets"] = RecipeVocabulary.Targets.Spell(method.Targets),
            ["method.encoders"] = method.Encoders is null ? RecipeVocabulary.AllEncoders : null,
            ["trace.mode"] = RecipeVocabulary.TraceModes.Spell(recipe.Trace.Mode),
            ["preserve"] = new JsonArray([.. recipe.Preserve.Select(prompt => (JsonNode?)prompt)]),
            ["images.steps"] = images.Steps,
            ["images.guidance"] = images.Guidance,
            ["images.scheduler"] = RecipeVocabulary.Schedulers.Spell(images.Scheduler),
            ["images.size"] = images.Size.ToString(),
        };

        Assert.Equal(parserDefaults.Keys.Order(StringComparer.Ordinal), _schema.Defaults.Keys.Order(StringComparer.Ordinal));
        foreach (var (path, value) in parserDefaults)
        {
            Assert.True(JsonNode.DeepEquals(value, _schema.Defaults[path]), $"default of {path}: parser {value?.ToJsonString()}, schema {_schema.Defaults[path]?.ToJsonString()}");
        }
    }

    /// <summary>What a walk of the schema's object properties finds, by the parser's section and key paths.</summary>
    private sealed class SchemaFacts
    {
        public required JsonObject Root { get; init; }

        public Dictionary<string, List<string>> SectionKeys { get; } = [];

        public Dictionary<string, List<string>> RequiredKeys { get; } = [];

        public Dictionary<string, bool> AllowsOtherKeys { get; } = [];

        public Dictionary<string, List<string>> Enums { get; } = [];

        public Dictionary<string, JsonNode?> Defaults { get; } = [];

        public static SchemaFacts Read(string path)
        {
            var root = JsonNode.Parse(File.ReadAllText(path))!.AsObject();
            var facts = new SchemaFacts { Root = root };
            facts.Walk(root, string.Empty);
            return facts;
        }

        private void Walk(JsonObject schema, string section)
        {
            var properties = schema["properties"]!.AsObject();
            SectionKeys[section] = [.. properties.Select(property => property.Key)];
            RequiredKeys[section] = schema["required"] is JsonArray required ? [.. required.Select(key => (string)key!)] : [];
            AllowsOtherKeys[section] = schema["additionalProperties"] is not JsonValue value || value.GetValue<bool>();
            foreach (var (key, node) in properties)
            {
                var child = node!.AsObject();
                var path = section.Length == 0 ? key : $"{section}.{key}";
                if (child["enum"] is JsonArray names)
                {
                    Enums[path] = [.. names.Select(name => (string)name!)];
                }

                if (child.TryGetPropertyValue("default", out var defaultValue))
                {
                    Defaults[path] = defaultValue?.DeepClone();
                }

                if ((string?)child["type"] == "object")
                {
                    Walk(child, path);
                }
                else if ((string?)child["type"] == "array" && child["items"] is JsonObject items && (string?)items["type"] == "object")
                {
                    Walk(items, path + "[]");
                }
            }
        }
    }
}
