using System;
using System.IO;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;

namespace QuickFix.Build.Tasks;

/// <summary>
/// Runs <c>quickfix apply RECIPE --out PATH</c> out of process and reports the tool's diagnostics as MSBuild errors
/// and warnings in canonical form. Out of process on purpose: libtorch never loads into MSBuild, and no engine
/// assembly stays locked by a long-lived MSBuild node.
/// </summary>
public sealed class QuickFixApply : ToolTask
{
    private const string DotNetCommand = "quickfix";

    /// <summary>The recipe (edits.yaml) to bake.</summary>
    [Required]
    public string Recipe { get; set; } = string.Empty;

    /// <summary>Where the edited checkpoint goes: a folder, or a <c>.safetensors</c> file for a single-file base.</summary>
    [Required]
    public string OutputPath { get; set; } = string.Empty;

    /// <summary>False passes <c>--no-trace</c>: skip the causal-trace gate.</summary>
    public bool Trace { get; set; } = true;

    /// <summary>False passes <c>--no-images</c>: skip regenerating and snapshot-testing images.</summary>
    public bool Images { get; set; } = true;

    /// <summary>True passes <c>--accept</c>: regenerated images become the verified snapshots.</summary>
    public bool AcceptSnapshots { get; set; }

    /// <summary>True passes <c>--force</c>: replace an existing output that QuickFix.Build did not write (never the base model).</summary>
    public bool Force { get; set; }

    /// <summary>
    /// Seconds to wait while another build bakes the same output (<c>--lock-timeout</c>); empty: the tool's default.
    /// </summary>
    public string? LockTimeout { get; set; }

    /// <summary>
    /// The tool to run: empty for <c>dotnet quickfix</c> (a local tool from .config/dotnet-tools.json or a global
    /// tool), a path to <c>quickfix.dll</c> (run with the dotnet host), or the path of an executable such as an
    /// installed <c>dotnet-quickfix</c>.
    /// </summary>
    public string? ToolCommand { get; set; }

    /// <summary>
    /// The recipe, once the tool baked it; empty otherwise. Output-only on purpose: when MSBuild skips an up-to-date
    /// target it infers outputs that echo inputs, so only this tells a bake from a skip.
    /// </summary>
    [Output]
    public string BakedRecipe { get; private set; } = string.Empty;

    /// <inheritdoc />
    public override bool Execute()
    {
        var succeeded = base.Execute();
        BakedRecipe = succeeded ? Recipe : string.Empty;
        return succeeded;
    }

    /// <inheritdoc />
    protected override string ToolName => IsExecutable ? Path.GetFileName(ToolCommand!) : "dotnet";

    /// <summary>The tool's progress lines stay visible at normal verbosity.</summary>
    protected override MessageImportance StandardOutputLoggingImportance => MessageImportance.Normal;

    private bool IsExecutable =>
        !string.IsNullOrEmpty(ToolCommand) && !ToolCommand!.EndsWith(".dll", StringComparison.OrdinalIgnoreCase);

    /// <inheritdoc />
    protected override string GenerateFullPathToTool()
    {
        if (IsExecutable)
        {
            // A bare name (dotnet-quickfix) is looked up on PATH like a shell would; a path is taken as given.
            return ToolCommand!.IndexOfAny(['/', '\\']) < 0 ? FindOnPath(ToolCommand) : Path.GetFullPath(ToolCommand);
        }

        // `dotnet build` tells MSBuild which host started it; elsewhere (Visual Studio) the dotnet on PATH is used.
        var host = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH");
        return string.IsNullOrEmpty(host) ? FindOnPath("dotnet") : host!;
    }

    /// <inheritdoc />
    protected override string GenerateCommandLineCommands()
    {
        var builder = new CommandLineBuilder();
        if (!IsExecutable)
        {
            builder.AppendFileNameIfNotNull(string.IsNullOrEmpty(ToolCommand) ? DotNetCommand : ToolCommand);
        }

        builder.AppendSwitch("apply");
        builder.AppendFileNameIfNotNull(Recipe);
        builder.AppendSwitchIfNotNull("--out ", OutputPath);
        if (!Trace)
        {
            builder.AppendSwitch("--no-trace");
        }

        if (!Images)
        {
            builder.AppendSwitch("--no-images");
        }

        if (AcceptSnapshots)
        {
            builder.AppendSwitch("--accept");
        }

        if (Force)
        {
            builder.AppendSwitch("--force");
        }

        builder.AppendSwitchIfNotNull("--lock-timeout ", string.IsNullOrEmpty(LockTimeout) ? null : LockTimeout);

        return builder.ToString();
    }

    /// <inheritdoc />
    protected override bool ValidateParameters()
    {
        if (!File.Exists(Recipe))
        {
            Log.LogError(null, "QF0002", null, Recipe, 0, 0, 0, 0, "The recipe '{0}' does not exist.", Recipe);
        }

        if (!string.IsNullOrEmpty(LockTimeout)
            && !(double.TryParse(LockTimeout, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var seconds) && seconds >= 0))
        {
            Log.LogError(null, "QF0001", null, Recipe, 0, 0, 0, 0, "QuickFixLockTimeout '{0}' is not a number of seconds, 0 or more.", LockTimeout);
        }

        if (!string.IsNullOrEmpty(ToolCommand) && !IsExecutable && !File.Exists(ToolCommand))
        {
            Log.LogError("The quickfix tool '{0}' does not exist (QuickFixToolPath).", ToolCommand);
        }

        return !Log.HasLoggedErrors;
    }

    /// <inheritdoc />
    protected override void LogEventsFromTextOutput(string singleLine, MessageImportance messageImportance)
    {
        if (!ToolDiagnostic.TryParse(singleLine, out var diagnostic))
        {
            base.LogEventsFromTextOutput(singleLine, messageImportance);
            return;
        }

        var file = diagnostic!.File ?? Recipe;
        if (diagnostic.IsError)
        {
            Log.LogError(null, diagnostic.Code, null, file, diagnostic.Line, diagnostic.Column, 0, 0, diagnostic.Message);
        }
        else
        {
            Log.LogWarning(null, diagnostic.Code, null, file, diagnostic.Line, diagnostic.Column, 0, 0, diagnostic.Message);
        }
    }

    private static string FindOnPath(string name)
    {
        var executable = Path.DirectorySeparatorChar == '\\' && !name.EndsWith(".exe", StringComparison.OrdinalIgnoreCase) ? name + ".exe" : name;
        foreach (var folder in (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(Path.PathSeparator))
        {
            var candidate = Path.Combine(folder, executable);
            if (folder.Length > 0 && File.Exists(candidate))
            {
                return candidate;
            }
        }

        return executable;
    }
}
