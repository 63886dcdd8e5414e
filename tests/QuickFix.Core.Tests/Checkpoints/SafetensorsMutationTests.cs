using System.Buffers.Binary;
using System.Collections.Concurrent;
using System.Numerics;
using System.Text;
using System.Text.RegularExpressions;
using CsCheck;
using QuickFix.Checkpoints;

namespace QuickFix.Tests.Checkpoints;

/// <summary>
/// Property (issue 8, item 1): valid safetensors files, mutated at random (byte flips, truncations, lying header
/// lengths, JSON edits that swap or replace offsets, shapes and dtypes, duplicated entries, stray brackets), are
/// either read correctly (every tensor inside the file, its byte span exactly shape × dtype, the bytes read back
/// equal to the file's) or refused with a <see cref="SafetensorsFormatException"/> and a QF02xx code. Any other
/// exception fails the test; CsCheck shrinks it to the smallest mutation list and prints its seed.
/// </summary>
public sealed partial class SafetensorsMutationTests
{
    private const string InMemoryName = "mutated.safetensors";

    private static readonly byte[][] ValidFiles = [FloatFile(), MixedFile(), OneTensorFile()];

    // Numbers a hostile header would use: boundaries of 31, 32, 53, 63 and 64 bits, negatives, fractions, exponents.
    private static readonly string[] Numbers =
    [
        "0", "1", "2", "3", "7", "8", "4294967295", "4294967296", "9007199254740993", "4611686018427387904",
        "9223372036854775807", "9223372036854775808", "18446744073709551616", "-1", "1.5", "1e3", "00",
    ];

    private static readonly string[] DTypeNames =
        [.. Enum.GetNames<SafetensorsDType>(), "f32", "FP32", "", "F32 ", "float", "I128"];

    private static readonly string[] Insertions =
        ["[", "]", "{", "}", ",", "\"", ":", "null", "\\ud800", "\"x\":1,", "[[[[[[[[[[]]]]]]]]]]", "é", "\0", " ", "1"];

    private static readonly ulong[] Lengths = [0, 1, 2, 100_000_000, 100_000_001, ulong.MaxValue, 1UL << 63];

    /// <summary>One mutation: which kind (see <see cref="Apply"/>) and two operands read modulo what they index.</summary>
    private static readonly Gen<(int Kind, uint A, uint B)> MutationGen = Gen.Select(Gen.Int[0, 10], Gen.UInt, Gen.UInt);

    [Fact]
    public void Every_mutated_file_is_read_correctly_or_refused_with_a_QF02_code()
    {
        using var temp = new TemporaryDirectory();
        var outcomes = new ConcurrentDictionary<string, int>(StringComparer.Ordinal);

        Gen.Select(Gen.Int[0, ValidFiles.Length - 1], MutationGen.Array[1, 4]).Sample(
            (fileIndex, mutations) =>
            {
                var file = ValidFiles[fileIndex];
                foreach (var mutation in mutations)
                {
                    file = Apply(file, mutation);
                }

                var outcome = Check(file, temp.File($"{Guid.NewGuid():N}.safetensors"));
                outcomes.AddOrUpdate(outcome, 1, (_, count) => count + 1);
            },
            iter: 3000);

        // The mutations reach both outcomes and many rules, or the property would hold vacuously.
        Assert.True(outcomes.GetValueOrDefault("read") > 0, Describe(outcomes));
        Assert.True(outcomes.Keys.Count(key => key.StartsWith("QF02", StringComparison.Ordinal)) >= 12, Describe(outcomes));
    }

    [Fact]
    public void The_unmutated_files_are_read()
    {
        using var temp = new TemporaryDirectory();

        Assert.All(ValidFiles, file => Assert.Equal("read", Check(file, temp.File($"{Guid.NewGuid():N}.safetensors"))));
    }

    /// <summary>Parses <paramref name="file"/> in memory and from disk; returns "read" or the rejection's code.</summary>
    private static string Check(byte[] file, string path)
    {
        SafetensorsHeader header;
        try
        {
            header = SafetensorsFile.ParseHeader(file, file.Length, InMemoryName);
        }
        catch (SafetensorsFormatException rejection)
        {
            Assert.Matches("^QF02(0[1-9]|1[0-8])$", rejection.Code);
            Assert.Equal(SafetensorsFormatException.CodeOf(rejection.Reason), rejection.Code);
            Assert.Matches(PlacePattern(), rejection.Message); // file, then tensor and byte where known, then the rule
            File.WriteAllBytes(path, file);
            var fromDisk = Assert.Throws<SafetensorsFormatException>(() => SafetensorsFile.Open(path).Dispose());
            Assert.Equal(rejection.Reason, fromDisk.Reason);
            File.Delete(path);
            return rejection.Code;
        }

        AssertWellFormed(file, header);
        File.WriteAllBytes(path, file);
        using (var opened = SafetensorsFile.Open(path))
        {
            Assert.Equal(header.Tensors, opened.Tensors);
            Assert.Equal(header.Metadata, opened.Metadata);
            foreach (var tensor in opened.Tensors)
            {
                var start = checked((int)(opened.DataOffset + tensor.Begin));
                Assert.Equal(file.AsSpan(start, (int)tensor.ByteLength).ToArray(), opened.ReadBytes(tensor.Name));
            }
        }

        File.Delete(path);
        return "read";
    }

    /// <summary>What a successful read promises, checked with arithmetic that cannot overflow.</summary>
    private static void AssertWellFormed(byte[] file, SafetensorsHeader header)
    {
        Assert.Equal(BinaryPrimitives.ReadUInt64LittleEndian(file), (ulong)header.HeaderLength);
        Assert.Equal(8 + header.HeaderLength, header.DataOffset);
        Assert.Equal(header.Tensors.Count, header.Tensors.Select(tensor => tensor.Name).Distinct(StringComparer.Ordinal).Count());
        Assert.DoesNotContain(header.Tensors, tensor => tensor.Name == "__metadata__");
        long expectedBegin = 0;
        foreach (var tensor in header.Tensors)
        {
            Assert.Equal(expectedBegin, tensor.Begin);
            var bits = tensor.Shape.Aggregate(BigInteger.One, (product, dimension) => product * dimension) * tensor.DType.BitSize();
            Assert.Equal(BigInteger.Zero, bits % 8);
            Assert.Equal(bits / 8, new BigInteger(tensor.ByteLength));
            expectedBegin = tensor.End;
        }

        Assert.Equal(file.Length - header.DataOffset, expectedBegin); // the tensors fill the file exactly, so all lie within it
    }

    /// <summary>Applies one mutation; kinds 0–3 edit bytes, 4–10 edit the JSON and re-frame it with its new length.</summary>
    private static byte[] Apply(byte[] file, (int Kind, uint A, uint B) mutation)
    {
        var (kind, a, b) = mutation;
        switch (kind)
        {
            case 0 when file.Length > 0: // flip bits of one byte
                var flipped = (byte[])file.Clone();
                flipped[a % flipped.Length] ^= (byte)((b % 255) + 1);
                return flipped;
            case 1: // truncate
                return file[..(int)(a % (file.Length + 1))];
            case 2: // append bytes
                return [.. file, .. Enumerable.Repeat((byte)b, (int)(a % 16) + 1)];
            case 3 when file.Length >= 8: // lie about the header length
                var lying = (byte[])file.Clone();
                var actual = BinaryPrimitives.ReadUInt64LittleEndian(file);
                ulong[] candidates = [.. Lengths, actual - 1, actual + 1, (ulong)file.Length - 8, (ulong)file.Length - 7, a];
                BinaryPrimitives.WriteUInt64LittleEndian(lying, candidates[b % candidates.Length]);
                return lying;
        }

        if (kind < 4 || !TrySplit(file, out var json, out var data))
        {
            return file;
        }

        var edited = kind switch
        {
            4 => SwapNumbers(json, a, b),
            5 => Replace(json, NumberPattern(), a, Numbers[b % Numbers.Length]),
            6 => Replace(json, DTypePattern(), a, $"\"dtype\":\"{DTypeNames[b % DTypeNames.Length]}\""),
            7 => DuplicateEntry(json, a, renamed: b % 2 == 1),
            8 => json.Remove((int)(a % json.Length), Math.Min((int)(b % 8) + 1, json.Length - (int)(a % json.Length))),
            9 => json.Insert((int)(a % (json.Length + 1)), Insertions[b % Insertions.Length]),
            _ => Replace(json, MetadataValuePattern(), a, b % 2 == 0 ? "1" : "{\"k\":\"v\"}"),
        };
        return Frame(Encoding.UTF8.GetBytes(edited), data);
    }

    private static bool TrySplit(byte[] file, out string json, out byte[] data)
    {
        json = string.Empty;
        data = [];
        if (file.Length < 8)
        {
            return false;
        }

        var length = BinaryPrimitives.ReadUInt64LittleEndian(file);
        if (length == 0 || length > (ulong)(file.Length - 8))
        {
            return false;
        }

        json = Encoding.UTF8.GetString(file, 8, (int)length);
        data = file[(8 + (int)length)..];
        return true;
    }

    private static byte[] Frame(byte[] header, byte[] data)
    {
        var file = new byte[8 + header.Length + data.Length];
        BinaryPrimitives.WriteUInt64LittleEndian(file, (ulong)header.Length);
        header.CopyTo(file, 8);
        data.CopyTo(file, 8 + header.Length);
        return file;
    }

    private static string SwapNumbers(string json, uint a, uint b)
    {
        var numbers = NumberPattern().Matches(json);
        if (numbers.Count < 2)
        {
            return json;
        }

        var (first, second) = (numbers[(int)(a % numbers.Count)], numbers[(int)(b % numbers.Count)]);
        if (first.Index > second.Index)
        {
            (first, second) = (second, first);
        }

        return first.Index == second.Index
            ? json
            : json[..first.Index] + second.Value + json[(first.Index + first.Length)..second.Index] + first.Value + json[(second.Index + second.Length)..];
    }

    private static string Replace(string json, Regex pattern, uint which, string replacement)
    {
        var matches = pattern.Matches(json);
        if (matches.Count == 0)
        {
            return json;
        }

        var match = matches[(int)(which % matches.Count)];
        return string.Concat(json.AsSpan(0, match.Index), replacement, json.AsSpan(match.Index + match.Length));
    }

    /// <summary>Repeats a tensor entry: under the same name (a duplicate key) or another (a second tensor on the same bytes).</summary>
    private static string DuplicateEntry(string json, uint which, bool renamed)
    {
        var entries = EntryPattern().Matches(json);
        if (entries.Count == 0)
        {
            return json;
        }

        var entry = entries[(int)(which % entries.Count)];
        var copy = renamed ? "\"copy" + entry.Value[1..] : entry.Value;
        return json.Insert(entry.Index + entry.Length, "," + copy);
    }

    [GeneratedRegex("^mutated\\.safetensors(, tensor '.*')?(, byte [0-9]+)?: .", RegexOptions.Singleline)]
    private static partial Regex PlacePattern();

    [GeneratedRegex("-?[0-9]+")]
    private static partial Regex NumberPattern();

    [GeneratedRegex("\"dtype\":\"[^\"]*\"")]
    private static partial Regex DTypePattern();

    [GeneratedRegex("\"[^\"]+\":\\{\"dtype\":[^}]*\\}")]
    private static partial Regex EntryPattern();

    [GeneratedRegex("(?<=\"__metadata__\":\\{\"[^\"]*\":)\"[^\"]*\"")]
    private static partial Regex MetadataValuePattern();

    private static string Describe(ConcurrentDictionary<string, int> outcomes) =>
        string.Join(", ", outcomes.OrderBy(pair => pair.Key, StringComparer.Ordinal).Select(pair => $"{pair.Key}: {pair.Value}"));

    private static byte[] FloatFile()
    {
        var writer = new SafetensorsWriter();
        writer.Metadata["format"] = "pt";
        writer.Add("weight", SafetensorsDType.F32, [2, 3], Pattern(24));
        writer.Add("bias", SafetensorsDType.F16, [4], Pattern(8));
        writer.Add("scale", SafetensorsDType.BF16, [], Pattern(2));
        return Write(writer);
    }

    private static byte[] MixedFile()
    {
        var writer = new SafetensorsWriter();
        writer.Add("empty", SafetensorsDType.U8, [0], Array.Empty<byte>());
        writer.Add("ids", SafetensorsDType.I64, [2], Pattern(16));
        writer.Add("packed", SafetensorsDType.F4, [4], Pattern(2));
        writer.Add("mask", SafetensorsDType.BOOL, [3], new byte[] { 0, 1, 1 });
        return Write(writer);
    }

    private static byte[] OneTensorFile()
    {
        var writer = new SafetensorsWriter();
        writer.Metadata["quickfix.tool"] = "QuickFix.Build";
        writer.Metadata["note"] = "naïve ☃";
        writer.Add("w", SafetensorsDType.F64, [1, 1], Pattern(8));
        return Write(writer);
    }

    private static byte[] Pattern(int length) => [.. Enumerable.Range(0, length).Select(i => (byte)((i * 37) + 11))];

    private static byte[] Write(SafetensorsWriter writer)
    {
        using var stream = new MemoryStream();
        writer.WriteTo(stream);
        return stream.ToArray();
    }
}
