namespace QuickFix.Imaging;

/// <summary>A labelled grid of values to draw with <see cref="HeatmapRenderer"/>.</summary>
/// <param name="Title">Title lines, drawn above the grid.</param>
/// <param name="RowLabels">One label per row, drawn left of the grid.</param>
/// <param name="ColumnLabels">One label per column, drawn above the grid.</param>
/// <param name="Values">
/// <c>Values[row][column]</c>; null draws an undefined (grey) cell.
/// </param>
/// <param name="ScaleLabel">The caption of the colour scale bar.</param>
/// <param name="Marked">The cell to outline, or null for none.</param>
public sealed record Heatmap(
    IReadOnlyList<string> Title,
    IReadOnlyList<string> RowLabels,
    IReadOnlyList<string> ColumnLabels,
    IReadOnlyList<IReadOnlyList<double?>> Values,
    string ScaleLabel,
    (int Row, int Column)? Marked);
