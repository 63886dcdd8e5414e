using System.Runtime.InteropServices;
using System.Security.Cryptography;
using TorchSharp;

namespace QuickFix.Runtime;

/// <summary>
/// Makes TorchSharp's native backend loadable in this process, once, before any tensor is made.
/// </summary>
/// <remarks>
/// On Linux, TorchSharp 0.107's <c>libLibTorchSharp.so</c> needs libstdc++'s <c>GLIBCXX_3.4.32</c> (GCC 13), which
/// Debian 12 and Ubuntu 22.04 lack (platform.md). Where the system library has it, nothing is done. Otherwise a
/// patched copy (see <see cref="ElfSymbolVersionPatch"/>) is written once to a per-user cache, keyed by the hash
/// of the original, and loaded in its place; the NuGet cache and the application folder are never modified. Every
/// engine entry point that uses TorchSharp calls <see cref="EnsureLoaded"/>, so the CLI, test hosts and any other
/// process get the same treatment.
/// </remarks>
public static class TorchRuntime
{
    private const string NativeLibraryFile = "libLibTorchSharp.so";
    private const string MissingVersion = "GLIBCXX_3.4.32";
    private const string MissingSymbol = "_ZSt21ios_base_library_initv";

    // Process-wide by nature: a native library is loaded once per process. Lazy makes it thread-safe and idempotent.
    private static readonly Lazy<TorchRuntimeInfo> Loaded = new(Load, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>Loads the native backend if needed and returns how it was loaded.</summary>
    /// <exception cref="TorchRuntimeException">The native backend cannot be loaded.</exception>
    public static TorchRuntimeInfo EnsureLoaded() => Loaded.Value;

    /// <summary>
    /// True when the process's libstdc++ defines <c>std::ios_base_library_init()</c> at <c>GLIBCXX_3.4.32</c>,
    /// i.e. TorchSharp's library loads as shipped.
    /// </summary>
    public static bool SystemLibStdCxxHasRequiredVersion()
    {
        if (!OperatingSystem.IsLinux())
        {
            return true;
        }

        if (!NativeLibrary.TryLoad("libstdc++.so.6", out var handle))
        {
            return false;
        }

        return NativeMethods.dlvsym(handle, MissingSymbol, MissingVersion) != IntPtr.Zero;
    }

    private static TorchRuntimeInfo Load()
    {
        if (!OperatingSystem.IsLinux() || SystemLibStdCxxHasRequiredVersion())
        {
            InitializeTorch();
            return new TorchRuntimeInfo(Patched: false, LibraryPath: null);
        }

        var original = FindNativeLibrary()
            ?? throw new TorchRuntimeException($"{NativeLibraryFile} was not found next to TorchSharp or in the application's native search folders.");
        var patched = PatchedCopy(original);
        var nativeFolder = Path.GetDirectoryName(original)!;

        // The copy lives outside the original folder, so its $ORIGIN run path no longer finds libtorch. Load its
        // dependencies first from where they are; the dynamic loader then matches the copy's DT_NEEDED entries to
        // them by soname.
        foreach (var dependency in new[] { "libc10.so", "libtorch_cpu.so", "libtorch.so" })
        {
            var path = Path.Combine(nativeFolder, dependency);
            if (File.Exists(path))
            {
                NativeLibrary.Load(path);
            }
        }

        IntPtr handle;
        try
        {
            handle = NativeLibrary.Load(patched);
        }
        catch (DllNotFoundException exception)
        {
            throw new TorchRuntimeException($"The patched TorchSharp native library {patched} did not load: {exception.Message}", exception);
        }

        // P/Invokes into "LibTorchSharp" now bind to the patched copy; TorchSharp's own probe by name finds the
        // already-loaded library by its soname.
        NativeLibrary.SetDllImportResolver(typeof(torch).Assembly, (name, _, _) =>
            name == "LibTorchSharp" ? handle : IntPtr.Zero);
        InitializeTorch();
        return new TorchRuntimeInfo(Patched: true, LibraryPath: patched);
    }

    private static void InitializeTorch()
    {
        try
        {
            torch.InitializeDeviceType(DeviceType.CPU);
        }
        catch (NotSupportedException exception)
        {
            throw new TorchRuntimeException("TorchSharp's native backend did not initialise: " + exception.Message, exception);
        }
    }

    private static string? FindNativeLibrary()
    {
        var folders = new List<string>();
        if (AppContext.GetData("NATIVE_DLL_SEARCH_DIRECTORIES") is string searchFolders)
        {
            folders.AddRange(searchFolders.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries));
        }

        var torchSharpFolder = Path.GetDirectoryName(typeof(torch).Assembly.Location);
        if (!string.IsNullOrEmpty(torchSharpFolder))
        {
            folders.Add(torchSharpFolder);
            folders.Add(Path.Combine(torchSharpFolder, "runtimes", "linux-x64", "native"));
        }

        folders.Add(AppContext.BaseDirectory);
        return folders.Select(folder => Path.Combine(folder, NativeLibraryFile)).FirstOrDefault(File.Exists);
    }

    /// <summary>Writes (once) and returns the patched copy of <paramref name="original"/> in the user's cache.</summary>
    internal static string PatchedCopy(string original)
    {
        var image = File.ReadAllBytes(original);
        var key = Convert.ToHexStringLower(SHA256.HashData(image))[..16];
        var folder = Path.Combine(CacheDirectory.Root, "torchsharp-native", key);
        var target = Path.Combine(folder, NativeLibraryFile);
        if (File.Exists(target))
        {
            return target;
        }

        var replaced = PatchImage(image);
        if (replaced.Count == 0)
        {
            throw new TorchRuntimeException($"{original} does not import {MissingVersion}; it should have loaded as shipped.");
        }

        Directory.CreateDirectory(folder);
        // Written beside the target and renamed: a concurrent process either sees no file or the whole file.
        var temporary = Path.Combine(folder, $".{NativeLibraryFile}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp");
        File.WriteAllBytes(temporary, image);
        try
        {
            File.Move(temporary, target, overwrite: false);
        }
        catch (IOException) when (File.Exists(target))
        {
            File.Delete(temporary);
        }

        return target;
    }

    /// <summary>Applies the libstdc++ compatibility patch to a copy of TorchSharp's native library image.</summary>
    internal static IReadOnlyList<string> PatchImage(Span<byte> image) =>
        ElfSymbolVersionPatch.Apply(image, "libstdc++.so.6", MissingVersion, "GLIBCXX_3.4.20", "_ZSt15get_new_handlerv");

    private static class NativeMethods
    {
        // libdl.so.2 exists on every glibc; since glibc 2.34 it forwards to libc.
        [DllImport("libdl.so.2", CharSet = CharSet.Ansi, BestFitMapping = false, ThrowOnUnmappableChar = true)]
#pragma warning disable CA5392, CA2101, SYSLIB1054 // a fixed system library; ANSI names are what dlvsym takes
        internal static extern IntPtr dlvsym(IntPtr handle, string symbol, string version);
#pragma warning restore CA5392, CA2101, SYSLIB1054
    }
}
