using System.Globalization;
using QuickFix.Recipes;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace QuickFix.Tests.Recipes;

/// <summary>Writes a recipe back to YAML with YamlDotNet's emitter (texts double-quoted, so any character survives).</summary>
internal static class RecipeYamlWriter
{
    public static string Write(Recipe recipe)
    {
        var text = new StringWriter(CultureInfo.InvariantCulture);
        var emitter = new Emitter(text);
        emitter.Emit(new StreamStart());
        emitter.Emit(new DocumentStart());
        emitter.Emit(new MappingStart());
        Plain(emitter, "version", recipe.Version.ToString(CultureInfo.InvariantCulture));

        Key(emitter, "model");
        emitter.Emit(new MappingStart());
        if (recipe.Model.Synth is { } synth)
        {
            Key(emitter, "synth");
            emitter.Emit(new MappingStart(AnchorName.Empty, TagName.Empty, true, MappingStyle.Flow));
            Plain(emitter, "family", RecipeVocabulary.Families.Spell(synth.Family));
            Plain(emitter, "size", RecipeVocabulary.Sizes.Spell(synth.Size));
            Plain(emitter, "seed", synth.Seed.ToString(CultureInfo.InvariantCulture));
            emitter.Emit(new MappingEnd());
        }
        else
        {
            Quoted(emitter, "path", recipe.Model.Path!.Text);
            if (recipe.Model.Tokenizer is { } tokenizer)
            {
                Quoted(emitter, "tokenizer", tokenizer.Text);
            }
        }

        emitter.Emit(new MappingEnd());

        Key(emitter, "output");
        emitter.Emit(new MappingStart());
        Quoted(emitter, "path", recipe.Output.Path.Text);
        Plain(emitter, "layout", RecipeVocabulary.Layouts.Spell(recipe.Output.Layout));
        Plain(emitter, "delta", recipe.Output.Delta ? "true" : "false");
        emitter.Emit(new MappingEnd());

        var method = recipe.Method;
        Key(emitter, "method");
        emitter.Emit(new MappingStart());
        Plain(emitter, "name", RecipeVocabulary.Methods.Spell(method.Name));
        Plain(emitter, "layer", method.Layer.ToString(CultureInfo.InvariantCulture));
        Plain(emitter, "lambda", method.Lambda.ToString("R", CultureInfo.InvariantCulture));
        Plain(emitter, "use_eos", method.UseEos ? "true" : "false");
        List(emitter, "templates", method.Templates, quoted: true);
        Plain(emitter, "targets", RecipeVocabulary.Targets.Spell(method.Targets));
        if (method.Encoders is { } encoders)
        {
            List(emitter, "encoders", encoders.Select(index => index.ToString(CultureInfo.InvariantCulture)), quoted: false);
        }
        else
        {
            Plain(emitter, "encoders", RecipeVocabulary.AllEncoders);
        }

        emitter.Emit(new MappingEnd());

        Key(emitter, "trace");
        emitter.Emit(new MappingStart());
        Plain(emitter, "mode", RecipeVocabulary.TraceModes.Spell(recipe.Trace.Mode));
        emitter.Emit(new MappingEnd());

        Key(emitter, "edits");
        emitter.Emit(new SequenceStart(AnchorName.Empty, TagName.Empty, true, SequenceStyle.Block));
        foreach (var edit in recipe.Edits)
        {
            emitter.Emit(new MappingStart());
            Quoted(emitter, "key", edit.Key);
            Quoted(emitter, "value", edit.Value);
            if (edit.Kind is { } kind)
            {
                Plain(emitter, "kind", RecipeVocabulary.Kinds.Spell(kind));
            }

            emitter.Emit(new MappingEnd());
        }

        emitter.Emit(new SequenceEnd());
        List(emitter, "preserve", recipe.Preserve, quoted: true);

        if (recipe.Images is { } images)
        {
            Key(emitter, "images");
            emitter.Emit(new MappingStart());
            List(emitter, "prompts", images.Prompts, quoted: true);
            List(emitter, "seeds", images.Seeds.Select(seed => seed.ToString(CultureInfo.InvariantCulture)), quoted: false);
            Plain(emitter, "steps", images.Steps.ToString(CultureInfo.InvariantCulture));
            Plain(emitter, "guidance", images.Guidance.ToString("R", CultureInfo.InvariantCulture));
            Plain(emitter, "scheduler", RecipeVocabulary.Schedulers.Spell(images.Scheduler));
            Plain(emitter, "size", images.Size.ToString());
            Quoted(emitter, "snapshots", images.Snapshots.Text);
            emitter.Emit(new MappingEnd());
        }

        emitter.Emit(new MappingEnd());
        emitter.Emit(new DocumentEnd(isImplicit: true));
        emitter.Emit(new StreamEnd());
        return text.ToString();
    }

    private static void Key(Emitter emitter, string key) => emitter.Emit(PlainScalar(key));

    private static void Plain(Emitter emitter, string key, string value)
    {
        Key(emitter, key);
        emitter.Emit(PlainScalar(value));
    }

    private static void Quoted(Emitter emitter, string key, string value)
    {
        Key(emitter, key);
        emitter.Emit(QuotedScalar(value));
    }

    private static void List(Emitter emitter, string key, IEnumerable<string> items, bool quoted)
    {
        Key(emitter, key);
        emitter.Emit(new SequenceStart(AnchorName.Empty, TagName.Empty, true, SequenceStyle.Flow));
        foreach (var item in items)
        {
            emitter.Emit(quoted ? QuotedScalar(item) : PlainScalar(item));
        }

        emitter.Emit(new SequenceEnd());
    }

    private static Scalar PlainScalar(string value) => new(AnchorName.Empty, TagName.Empty, value, ScalarStyle.Plain, true, false);

    private static Scalar QuotedScalar(string value) => new(AnchorName.Empty, TagName.Empty, value, ScalarStyle.DoubleQuoted, false, true);
}
