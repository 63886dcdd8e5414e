namespace QuickFix.Cli;

/// <summary>The process exit codes of <c>dotnet quickfix</c> (design.md, "Clear errors").</summary>
internal static class ExitCodes
{
    /// <summary>The command did what it was asked.</summary>
    public const int Success = 0;

    /// <summary>A gate ran and failed: trace, verify, snapshots.</summary>
    public const int GateFailed = 1;

    /// <summary>Bad input: arguments, recipe, checkpoint, prompt.</summary>
    public const int InputError = 2;
}
