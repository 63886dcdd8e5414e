namespace QuickFix.Tests.Packaging;

/// <summary>
/// A test that packs, installs and restores real packages (minutes on a 2-core machine): it runs only when
/// <c>QUICKFIX_PACKAGING_TESTS=1</c>, as the release workflow sets it, and is reported as skipped otherwise.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class PackagingFactAttribute : FactAttribute
{
    public const string Variable = "QUICKFIX_PACKAGING_TESTS";

    public PackagingFactAttribute()
    {
        if (Environment.GetEnvironmentVariable(Variable) != "1")
        {
            Skip = $"packs and installs packages (minutes); set {Variable}=1 to run";
        }
    }
}
