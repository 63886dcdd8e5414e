namespace QuickFix.Demo;

/// <summary>What is behind the object: three plain colours and three simple landscapes.</summary>
/// <remarks>The numeric values are the classifier labels written to <c>captions.jsonl</c>; append, never reorder.</remarks>
public enum DemoBackground
{
    /// <summary>Plain off-white.</summary>
    White,

    /// <summary>Plain near-black.</summary>
    Black,

    /// <summary>Plain blue.</summary>
    Blue,

    /// <summary>Light blue sky over green grass.</summary>
    Field,

    /// <summary>Sky, a band of sea, sand.</summary>
    Beach,

    /// <summary>Dark navy sky with small stars and a moon.</summary>
    Night,
}
