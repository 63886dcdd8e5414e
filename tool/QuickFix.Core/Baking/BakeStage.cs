namespace QuickFix.Baking;

/// <summary>The stages of a bake, in order.</summary>
public enum BakeStage
{
    /// <summary>Opening (or synthesizing) the base model.</summary>
    OpeningModel,

    /// <summary>The causal-trace gate.</summary>
    Tracing,

    /// <summary>Collecting keys and values and solving DIFF-QUICKFIX.</summary>
    Editing,

    /// <summary>Another bake is writing the same output: waiting for its lock.</summary>
    WaitingForLock,

    /// <summary>Writing and hashing the edited checkpoint.</summary>
    Writing,

    /// <summary>Regenerating images.</summary>
    Images,

    /// <summary>Done.</summary>
    Done,
}
