namespace QuickFix.Recipes;

/// <summary>The editing method (<c>method.name</c>). Version 1 knows one.</summary>
public enum EditMethod
{
    /// <summary><c>diff-quickfix</c>: the closed-form update of algorithm.md §1.</summary>
    DiffQuickFix,
}
