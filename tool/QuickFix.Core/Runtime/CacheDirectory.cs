namespace QuickFix.Runtime;

/// <summary>
/// The per-user cache folder: <c>$QUICKFIX_CACHE</c>, else <c>$XDG_CACHE_HOME/quickfix</c>, else
/// <c>~/.cache/quickfix</c> (a temp folder when there is no home). It holds what can be rebuilt: the patched native
/// library, synthesized base models, the file-hash cache.
/// </summary>
public static class CacheDirectory
{
    /// <summary>The cache root (not created).</summary>
    public static string Root
    {
        get
        {
            var configured = Environment.GetEnvironmentVariable("QUICKFIX_CACHE");
            if (!string.IsNullOrEmpty(configured))
            {
                return Path.GetFullPath(configured);
            }

            var xdg = Environment.GetEnvironmentVariable("XDG_CACHE_HOME");
            if (!string.IsNullOrEmpty(xdg))
            {
                return Path.Combine(xdg, "quickfix");
            }

            var home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
            return string.IsNullOrEmpty(home)
                ? Path.Combine(Path.GetTempPath(), "quickfix-cache")
                : Path.Combine(home, ".cache", "quickfix");
        }
    }

    /// <summary>A subfolder of the cache (created).</summary>
    public static string Folder(params string[] parts)
    {
        var folder = Path.Combine([Root, .. parts]);
        Directory.CreateDirectory(folder);
        return folder;
    }
}
