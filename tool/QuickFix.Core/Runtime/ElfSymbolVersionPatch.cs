using System.Buffers.Binary;
using System.Text;

namespace QuickFix.Runtime;

/// <summary>
/// Rewrites, in memory, an ELF64 shared library that imports one symbol at a GNU symbol version the system's
/// library does not define, so that it loads against the older library.
/// </summary>
/// <remarks>
/// TorchSharp 0.107's <c>libLibTorchSharp.so</c> was linked against GCC 13's libstdc++ and needs
/// <c>GLIBCXX_3.4.32</c> for exactly one symbol, <c>std::ios_base_library_init()</c>, which GCC 13 emits where older
/// compilers put a static <c>std::ios_base::Init</c> object; with an older libstdc++ the streams are already
/// initialised by the libraries loaded before, so the call has nothing to do. The patch (platform.md, remedy 2):
/// mark the version need weak (<c>VER_FLG_WEAK</c> in <c>.gnu.version_r</c>), rename the imported symbol in
/// <c>.dynstr</c> to a harmless no-argument function that fits in place, and point its <c>.gnu.version</c> entry at a
/// version the file already needs. No compiler, no preloaded helper library. Hand-written because no maintained
/// .NET library edits ELF version tables; it touches only the bytes named above.
/// </remarks>
internal static class ElfSymbolVersionPatch
{
    private const uint SectionTypeDynamicSymbols = 11;          // SHT_DYNSYM
    private const uint SectionTypeVersionNeeds = 0x6ffffffe;    // SHT_GNU_verneed
    private const uint SectionTypeVersionSymbols = 0x6fffffff;  // SHT_GNU_versym
    private const ushort VersionFlagWeak = 0x2;                 // VER_FLG_WEAK
    private const ushort VersionIndexMask = 0x7fff;             // high bit of a versym entry is "hidden"
    private const int SymbolEntrySize = 24;                     // sizeof(Elf64_Sym)

    /// <summary>
    /// Patches <paramref name="image"/> in place so that every dynamic symbol imported from <paramref name="library"/>
    /// at <paramref name="missingVersion"/> becomes <paramref name="replacementSymbol"/> at <paramref name="fallbackVersion"/>.
    /// </summary>
    /// <returns>The names of the symbols that were replaced (empty when the image does not need the version).</returns>
    /// <exception cref="InvalidDataException">The image is not a little-endian ELF64 file with the expected tables.</exception>
    public static IReadOnlyList<string> Apply(
        Span<byte> image, string library, string missingVersion, string fallbackVersion, string replacementSymbol)
    {
        var sections = ReadSections(image);
        var dynamicSymbols = sections.SingleOrDefault(s => s.Type == SectionTypeDynamicSymbols)
            ?? throw new InvalidDataException("The ELF file has no .dynsym section.");
        var versionSymbols = sections.SingleOrDefault(s => s.Type == SectionTypeVersionSymbols)
            ?? throw new InvalidDataException("The ELF file has no .gnu.version section.");
        var versionNeeds = sections.SingleOrDefault(s => s.Type == SectionTypeVersionNeeds)
            ?? throw new InvalidDataException("The ELF file has no .gnu.version_r section.");
        var strings = sections[(int)dynamicSymbols.Link];
        var needStrings = sections[(int)versionNeeds.Link];

        ushort? missingIndex = null;
        ushort? fallbackIndex = null;
        int missingFlagsOffset = -1;

        // Elf64_Verneed: vn_version u16, vn_cnt u16, vn_file u32, vn_aux u32, vn_next u32.
        // Elf64_Vernaux: vna_hash u32, vna_flags u16, vna_other u16, vna_name u32, vna_next u32.
        var needOffset = checked((int)versionNeeds.Offset);
        for (var need = 0; need < versionNeeds.Info; need++)
        {
            var count = ReadUInt16(image, needOffset + 2);
            var file = ReadString(image, needStrings, ReadUInt32(image, needOffset + 4));
            var auxOffset = needOffset + (int)ReadUInt32(image, needOffset + 8);
            for (var aux = 0; aux < count; aux++)
            {
                if (file == library)
                {
                    var name = ReadString(image, needStrings, ReadUInt32(image, auxOffset + 8));
                    var index = (ushort)(ReadUInt16(image, auxOffset + 6) & VersionIndexMask);
                    if (name == missingVersion)
                    {
                        missingIndex = index;
                        missingFlagsOffset = auxOffset + 4;
                    }
                    else if (name == fallbackVersion)
                    {
                        fallbackIndex = index;
                    }
                }

                auxOffset += (int)ReadUInt32(image, auxOffset + 12);
            }

            needOffset += (int)ReadUInt32(image, needOffset + 12);
        }

        if (missingIndex is null)
        {
            return [];
        }

        if (fallbackIndex is null)
        {
            throw new InvalidDataException($"The ELF file does not already need {library} {fallbackVersion}.");
        }

        var replacement = Encoding.ASCII.GetBytes(replacementSymbol);
        var replaced = new List<string>();
        var symbolCount = (int)(dynamicSymbols.Size / SymbolEntrySize);
        for (var symbol = 0; symbol < symbolCount; symbol++)
        {
            var versionOffset = checked((int)versionSymbols.Offset + (2 * symbol));
            if ((ReadUInt16(image, versionOffset) & VersionIndexMask) != missingIndex)
            {
                continue;
            }

            var symbolOffset = checked((int)dynamicSymbols.Offset + (SymbolEntrySize * symbol));
            var sectionIndex = ReadUInt16(image, symbolOffset + 6);
            var nameOffset = ReadUInt32(image, symbolOffset);
            var name = ReadString(image, strings, nameOffset);
            if (sectionIndex != 0)
            {
                throw new InvalidDataException($"Symbol {name} at {missingVersion} is defined, not imported; it cannot be renamed.");
            }

            if (replacement.Length > Encoding.ASCII.GetByteCount(name))
            {
                throw new InvalidDataException($"Replacement {replacementSymbol} does not fit in place of {name}.");
            }

            // Rename in place and clear the tail, so the string table keeps its size and every other offset.
            var target = image.Slice(checked((int)(strings.Offset + nameOffset)), name.Length);
            target.Clear();
            replacement.CopyTo(target);
            BinaryPrimitives.WriteUInt16LittleEndian(image[versionOffset..], fallbackIndex.Value);
            replaced.Add(name);
        }

        var flags = ReadUInt16(image, missingFlagsOffset);
        BinaryPrimitives.WriteUInt16LittleEndian(image[missingFlagsOffset..], (ushort)(flags | VersionFlagWeak));
        return replaced;
    }

    private static List<Section> ReadSections(ReadOnlySpan<byte> image)
    {
        // e_ident: 0x7f 'E' 'L' 'F', class 2 (64-bit), data 1 (little-endian).
        if (image.Length < 64 || image[0] != 0x7f || image[1] != (byte)'E' || image[2] != (byte)'L' || image[3] != (byte)'F'
            || image[4] != 2 || image[5] != 1)
        {
            throw new InvalidDataException("Not a little-endian ELF64 file.");
        }

        var sectionTableOffset = checked((int)BinaryPrimitives.ReadUInt64LittleEndian(image[0x28..]));
        var entrySize = BinaryPrimitives.ReadUInt16LittleEndian(image[0x3A..]);
        var count = BinaryPrimitives.ReadUInt16LittleEndian(image[0x3C..]);
        if (entrySize < 64 || (long)sectionTableOffset + ((long)entrySize * count) > image.Length)
        {
            throw new InvalidDataException("The ELF section header table lies outside the file.");
        }

        var sections = new List<Section>(count);
        for (var i = 0; i < count; i++)
        {
            var header = image.Slice(sectionTableOffset + (i * entrySize), entrySize);
            var section = new Section(
                Type: BinaryPrimitives.ReadUInt32LittleEndian(header[4..]),
                Offset: (long)BinaryPrimitives.ReadUInt64LittleEndian(header[24..]),
                Size: (long)BinaryPrimitives.ReadUInt64LittleEndian(header[32..]),
                Link: BinaryPrimitives.ReadUInt32LittleEndian(header[40..]),
                Info: BinaryPrimitives.ReadUInt32LittleEndian(header[44..]));
            if (section.Type != 8 /* SHT_NOBITS */ && (section.Offset < 0 || section.Offset + section.Size > image.Length))
            {
                throw new InvalidDataException($"ELF section {i} lies outside the file.");
            }

            sections.Add(section);
        }

        return sections;
    }

    private static ushort ReadUInt16(ReadOnlySpan<byte> image, int offset) =>
        BinaryPrimitives.ReadUInt16LittleEndian(image[offset..]);

    private static uint ReadUInt32(ReadOnlySpan<byte> image, int offset) =>
        BinaryPrimitives.ReadUInt32LittleEndian(image[offset..]);

    private static string ReadString(ReadOnlySpan<byte> image, Section strings, uint offset)
    {
        if (offset >= strings.Size)
        {
            throw new InvalidDataException($"String offset {offset} lies outside .dynstr.");
        }

        var start = image.Slice(checked((int)(strings.Offset + offset)), checked((int)(strings.Size - offset)));
        var end = start.IndexOf((byte)0);
        return Encoding.ASCII.GetString(end < 0 ? start : start[..end]);
    }

    private sealed record Section(uint Type, long Offset, long Size, uint Link, uint Info);
}
