namespace QuickFix.Tracing;

/// <summary>Which state of a transformer block a restored run copies from the clean run.</summary>
public enum TraceComponent
{
    /// <summary>The residual stream after the block (transformers' <c>hidden_states[l + 1]</c>).</summary>
    ResidualStream,

    /// <summary>The block's self-attention output (after <c>out_proj</c>, before it is added to the residual stream).</summary>
    SelfAttention,

    /// <summary>The block's MLP output (after <c>fc2</c>, before it is added to the residual stream).</summary>
    Mlp,
}
