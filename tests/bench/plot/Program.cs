// Draws the mass-editing curve of a tests/bench/run.sh results file: median seconds of `quickfix apply` (and of the
// PyTorch peer, when measured) against the number of edits in one recipe, on log-log axes, with a line of slope 1
// (linear growth) through the largest measured point and the goal for 1000 edits.
// Usage: dotnet run -c Release --project tests/bench/plot -- RESULTS.tsv OUT.png [TITLE]
using System.Globalization;
using ScottPlot;
using ScottPlot.TickGenerators;

if (args.Length is < 2 or > 3)
{
    Console.Error.WriteLine("usage: MassEditingPlot RESULTS.tsv OUT.png [TITLE]");
    return 2;
}

var lines = File.ReadAllLines(args[0]);
var header = lines[0].Split('\t');
var column = (string name) => Array.IndexOf(header, name) is var i and >= 0 ? i : throw new InvalidDataException($"{args[0]}: no column '{name}'.");
var (part, edits, median) = (column("part"), column("edits"), column("median_s"));
var rows = lines.Skip(1).Select(line => line.Split('\t')).ToArray();
(double[] X, double[] Y) Series(string name)
{
    var points = rows.Where(r => r[part] == name)
        .Select(r => (X: double.Parse(r[edits], CultureInfo.InvariantCulture), Y: double.Parse(r[median], CultureInfo.InvariantCulture)))
        .OrderBy(p => p.X)
        .ToArray();
    return ([.. points.Select(p => Math.Log10(p.X))], [.. points.Select(p => Math.Log10(p.Y))]);
}

var ours = Series("mass");
if (ours.X.Length == 0)
{
    Console.Error.WriteLine($"{args[0]}: no 'mass' rows to plot.");
    return 1;
}

var plot = new Plot();
var peer = Series("mass-peer");
if (peer.X.Length > 0)
{
    var peerLine = plot.Add.Scatter(peer.X, peer.Y);
    peerLine.LegendText = "PyTorch peer (same edit, float64)";
    peerLine.LineWidth = 2;
    peerLine.MarkerSize = 8;
}

var oursLine = plot.Add.Scatter(ours.X, ours.Y);
oursLine.LegendText = "quickfix apply (whole process)";
oursLine.LineWidth = 3;
oursLine.MarkerSize = 9;

// Slope 1 in log-log through the largest measured point: where linear growth from there would be.
var (lastX, lastY) = (ours.X[^1], ours.Y[^1]);
var linear = plot.Add.Line(ours.X[0], lastY - (lastX - ours.X[0]), lastX, lastY);
linear.LinePattern = LinePattern.Dotted;
linear.LineWidth = 2;
linear.LegendText = "linear growth (slope 1)";

var goal = plot.Add.Marker(3, Math.Log10(30), MarkerShape.OpenDiamond, 14);
goal.LegendText = "goal: 1000 edits in 30 s";

static string Decade(double exponent) => Math.Pow(10, exponent).ToString("G4", CultureInfo.InvariantCulture);
foreach (var axis in new IAxis[] { plot.Axes.Bottom, plot.Axes.Left })
{
    axis.TickGenerator = new NumericAutomatic { MinorTickGenerator = new LogMinorTickGenerator(), IntegerTicksOnly = true, LabelFormatter = Decade };
}

plot.Grid.MajorLineColor = Colors.Black.WithOpacity(0.15);
plot.Grid.MinorLineColor = Colors.Black.WithOpacity(0.05);
plot.Grid.MinorLineWidth = 1;
plot.Title(args.Length > 2 ? args[2] : "Mass editing: SD 1.5 (fp16 diffusers), N edits in one recipe");
plot.XLabel("edits in the recipe (4 templates each)");
plot.YLabel("seconds (median)");
plot.ShowLegend(Alignment.UpperLeft);
plot.SavePng(args[1], 800, 500);
Console.WriteLine($"wrote {args[1]}");
return 0;
