using QuickFix.Build.Tasks;

namespace QuickFix.Tests.MSBuild;

/// <summary>The tool's standard-error lines (tool/QuickFix.Cli/CliConsole.cs) map to MSBuild file, line, column and code.</summary>
public sealed class ToolDiagnosticTests
{
    [Fact]
    public void A_recipe_error_keeps_file_line_column_and_code()
    {
        Assert.True(ToolDiagnostic.TryParse("/src/edits.yaml(12,5): error QF0102: unknown key 'lamda' (expected lambda)", out var d));
        Assert.True(d!.IsError);
        Assert.Equal("/src/edits.yaml", d.File);
        Assert.Equal((12, 5), (d.Line, d.Column));
        Assert.Equal("QF0102", d.Code);
        Assert.Equal("unknown key 'lamda' (expected lambda)", d.Message);
    }

    [Fact]
    public void A_file_error_without_a_place_has_line_and_column_zero()
    {
        Assert.True(ToolDiagnostic.TryParse("models/base.safetensors: error QF0205: header length 9999 runs past the end", out var d));
        Assert.Equal(("models/base.safetensors", 0, 0, "QF0205"), (d!.File, d.Line, d.Column, d.Code));
    }

    [Fact]
    public void A_Windows_path_with_a_drive_colon_stays_whole()
    {
        Assert.True(ToolDiagnostic.TryParse(@"C:\src\edits.yaml(3,1): error QF0101: bad YAML", out var d));
        Assert.Equal(@"C:\src\edits.yaml", d!.File);
        Assert.Equal(3, d.Line);
    }

    [Fact]
    public void A_command_line_error_names_no_file()
    {
        Assert.True(ToolDiagnostic.TryParse("error QF0001: Unrecognized command or argument '--bogus'.", out var d));
        Assert.Equal((null, "QF0001", true), (d!.File, d.Code, d.IsError));
    }

    [Fact]
    public void An_uncoded_warning_is_a_warning()
    {
        Assert.True(ToolDiagnostic.TryParse("/src/edits.yaml: warning: trace: the edit was not traced", out var d));
        Assert.Equal((false, "/src/edits.yaml", null, "trace: the edit was not traced"), (d!.IsError, d.File, d.Code, d.Message));
    }

    [Theory]
    [InlineData("wrote artifacts/sd15 and its manifest artifacts/sd15/quickfix.manifest.json")]
    [InlineData("| 0 | text_encoder: error handling | 12 |")]
    [InlineData("")]
    [InlineData(null)]
    public void Anything_else_is_not_a_diagnostic(string? line)
    {
        Assert.False(ToolDiagnostic.TryParse(line, out var d));
        Assert.Null(d);
    }
}
