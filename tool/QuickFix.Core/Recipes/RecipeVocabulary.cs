using QuickFix.Sampling;
using QuickFix.Checkpoints.Layouts;
using System.Collections.Frozen;
using System.Collections.Immutable;

namespace QuickFix.Recipes;

/// <summary>
/// The keys and spellings of recipe version 1 (design.md "Recipe (edits.yaml), version 1"). The reader checks
/// documents against these tables and a test checks <c>recipes/edits.schema.json</c> against them, so the parser and
/// the schema cannot drift apart. Sections are named by path: <c>""</c> is the document, <c>edits[]</c> an edit.
/// </summary>
internal static class RecipeVocabulary
{
    /// <summary>The scalar that selects every text encoder (<c>method.encoders: all</c>).</summary>
    public const string AllEncoders = "all";

    /// <summary>Where a template takes the caption (<c>"A photo of {}"</c>).</summary>
    public const string TemplateSlot = "{}";

    public static readonly EnumSpellings<ModelFamily> Families = new(("sd15", ModelFamily.SD15), ("sd21", ModelFamily.SD21), ("sdxl", ModelFamily.SDXL));

    public static readonly EnumSpellings<ModelSize> Sizes = new(("tiny", ModelSize.Tiny), ("full", ModelSize.Full));

    public static readonly EnumSpellings<OutputLayout> Layouts =
        new(("same", OutputLayout.Same), ("diffusers", OutputLayout.Diffusers), ("single-file", OutputLayout.SingleFile));

    public static readonly EnumSpellings<EditMethod> Methods = new(("diff-quickfix", EditMethod.DiffQuickFix));

    public static readonly EnumSpellings<EditTargets> Targets = new(("bias-free", EditTargets.BiasFree), ("reference", EditTargets.Reference));

    public static readonly EnumSpellings<TraceMode> TraceModes = new(("require", TraceMode.Require), ("warn", TraceMode.Warn), ("off", TraceMode.Off));

    public static readonly EnumSpellings<EditKind> Kinds = new(("style", EditKind.Style), ("object", EditKind.Object), ("fact", EditKind.Fact));

    public static readonly EnumSpellings<SchedulerKind> Schedulers =
        new(("ddim", SchedulerKind.Ddim), ("euler", SchedulerKind.EulerDiscrete), ("dpmpp-2m", SchedulerKind.DpmSolverMultistep));

    /// <summary>Allowed keys of each section, in the order design.md lists them.</summary>
    public static readonly FrozenDictionary<string, ImmutableArray<string>> SectionKeys = new Dictionary<string, ImmutableArray<string>>
    {
        [""] = ["version", "model", "output", "method", "trace", "edits", "preserve", "images"],
        ["model"] = ["path", "synth", "tokenizer"],
        ["model.synth"] = ["family", "size", "seed"],
        ["output"] = ["path", "layout", "delta"],
        ["method"] = ["name", "layer", "lambda", "use_eos", "templates", "targets", "encoders"],
        ["trace"] = ["mode"],
        ["edits[]"] = ["key", "value", "kind"],
        ["images"] = ["prompts", "seeds", "steps", "guidance", "scheduler", "size", "snapshots"],
    }.ToFrozenDictionary(StringComparer.Ordinal);

    /// <summary>Required keys of each section (<c>model</c> needs one of path and synth, which is a rule of its own).</summary>
    public static readonly FrozenDictionary<string, ImmutableArray<string>> RequiredKeys = new Dictionary<string, ImmutableArray<string>>
    {
        [""] = ["version", "model", "output", "edits"],
        ["model"] = [],
        ["model.synth"] = ["family", "size", "seed"],
        ["output"] = ["path"],
        ["method"] = [],
        ["trace"] = [],
        ["edits[]"] = ["key", "value"],
        ["images"] = ["prompts", "seeds", "snapshots"],
    }.ToFrozenDictionary(StringComparer.Ordinal);

    /// <summary>The enumerated values, by key path.</summary>
    public static readonly FrozenDictionary<string, ImmutableArray<string>> EnumNames = new Dictionary<string, ImmutableArray<string>>
    {
        ["model.synth.family"] = Families.Names,
        ["model.synth.size"] = Sizes.Names,
        ["output.layout"] = Layouts.Names,
        ["method.name"] = Methods.Names,
        ["method.targets"] = Targets.Names,
        ["trace.mode"] = TraceModes.Names,
        ["edits[].kind"] = Kinds.Names,
        ["images.scheduler"] = Schedulers.Names,
    }.ToFrozenDictionary(StringComparer.Ordinal);
}
