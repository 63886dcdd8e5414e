namespace QuickFix.Recipes;

/// <summary>What a failed causal trace does (<c>trace.mode</c>; spelled <c>require</c>, <c>warn</c>, <c>off</c>).</summary>
public enum TraceMode
{
    /// <summary><c>require</c>: the trace must confirm the edited component, or the run fails (exit code 1).</summary>
    Require,

    /// <summary><c>warn</c>: the trace runs and a failed verdict is reported but does not stop the run.</summary>
    Warn,

    /// <summary><c>off</c>: no trace.</summary>
    Off,
}
