using System.Text;
using QuickFix.Runtime;

namespace QuickFix.Tests.Runtime;

public sealed class ElfSymbolVersionPatchTests
{
    private static byte[] ShippedLibrary()
    {
        var path = Path.Combine(AppContext.BaseDirectory, "runtimes", "linux-x64", "native", "libLibTorchSharp.so");
        return File.ReadAllBytes(path);
    }

    [Fact]
    public void Replaces_exactly_the_one_symbol_that_needs_GLIBCXX_3_4_32()
    {
        var image = ShippedLibrary();
        var original = (byte[])image.Clone();

        var replaced = TorchRuntime.PatchImage(image);

        Assert.Equal(["_ZSt21ios_base_library_initv"], replaced);
        Assert.Equal(original.Length, image.Length);
        // The dynamic string table loses its copy of the name (the static symbol table may keep another).
        Assert.Equal(Count(original, "_ZSt21ios_base_library_initv\0") - 1, Count(image, "_ZSt21ios_base_library_initv\0"));
        Assert.Equal(1, Count(image, "_ZSt15get_new_handlerv\0\0\0\0\0\0\0"));

        // Only the renamed string, one .gnu.version entry and one version-need flag change.
        var changedBytes = original.Zip(image).Count(pair => pair.First != pair.Second);
        Assert.InRange(changedBytes, 3, "_ZSt21ios_base_library_initv".Length + 3);
    }

    [Fact]
    public void Patching_twice_changes_nothing_more()
    {
        var image = ShippedLibrary();
        TorchRuntime.PatchImage(image);
        var once = (byte[])image.Clone();

        var replaced = TorchRuntime.PatchImage(image);

        Assert.Empty(replaced);
        Assert.Equal(once, image);
    }

    [Fact]
    public void Rejects_a_file_that_is_not_ELF64()
    {
        var notElf = Encoding.ASCII.GetBytes(new string('x', 128));

        Assert.Throws<InvalidDataException>(() => TorchRuntime.PatchImage(notElf));
    }

    private static int Count(byte[] haystack, string needle) =>
        haystack.AsSpan().Count(Encoding.ASCII.GetBytes(needle));
}
