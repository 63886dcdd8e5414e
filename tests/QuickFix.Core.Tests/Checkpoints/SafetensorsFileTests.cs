using System.Security.Cryptography;
using QuickFix.Checkpoints;

namespace QuickFix.Tests.Checkpoints;

public sealed class SafetensorsFileTests
{
    private const string OutProj = "text_model.encoder.layers.0.self_attn.out_proj.weight";

    [Fact]
    public void Reads_one_tensor_with_the_bytes_python_sees()
    {
        using var file = SafetensorsFile.Open(SharedData.Reference("clip-text", "text_encoder", "model.safetensors"));

        var bytes = file.ReadBytes(OutProj);

        // Oracle: Python hashlib and struct over the same byte range of the fixture.
        Assert.Equal(128 * 128 * 4, bytes.Length);
        Assert.Equal("4512fc6e96448f53c4c5b3f1e96f756a3d2439d9a8847519468c4dab17482384", Convert.ToHexStringLower(SHA256.HashData(bytes)));
        Assert.Equal(-0.10678233206272125f, BitConverter.ToSingle(bytes, 0));
        Assert.Equal(0.016797902062535286f, BitConverter.ToSingle(bytes, 12));
    }

    [Fact]
    public void The_fixture_w0_is_the_text_encoder_out_proj_byte_for_byte()
    {
        // reference README §2: w0 is a copy of the text encoder's tensor; two files, two offsets, same bytes.
        using var encoder = SafetensorsFile.Open(SharedData.Reference("clip-text", "text_encoder", "model.safetensors"));
        using var edit = SafetensorsFile.Open(SharedData.Reference("diffquickfix", "expected_biasfree.safetensors"));

        Assert.Equal(encoder.ReadBytes(OutProj), edit.ReadBytes("w0"));
        Assert.NotEqual(encoder.ReadBytes(OutProj), edit.ReadBytes(OutProj));
    }

    [Fact]
    public void Ranged_reads_return_the_matching_slice()
    {
        using var file = SafetensorsFile.Open(SharedData.Reference("clip-text", "text_encoder", "model.safetensors"));
        var tensor = file[OutProj];
        var whole = file.ReadBytes(OutProj);
        var slice = new byte[1000];

        file.ReadBytes(tensor, 12_345, slice);

        Assert.Equal(whole.AsSpan(12_345, 1000).ToArray(), slice);
        Assert.Throws<ArgumentOutOfRangeException>(() => file.ReadBytes(tensor, tensor.ByteLength - 999, slice));
    }

    [Fact]
    public void A_tensor_stream_reads_and_seeks_within_the_tensor_only()
    {
        using var file = SafetensorsFile.Open(SharedData.Reference("clip-text", "text_encoder", "model.safetensors"));
        var whole = file.ReadBytes(OutProj);
        using var stream = file.OpenTensorStream(file[OutProj]);
        using var copy = new MemoryStream();

        stream.CopyTo(copy, bufferSize: 4096);
        stream.Seek(-8, SeekOrigin.End);
        var tail = new byte[100];
        var tailRead = stream.Read(tail);

        Assert.Equal(whole, copy.ToArray());
        Assert.Equal(8, tailRead);
        Assert.Equal(whole.AsSpan(whole.Length - 8).ToArray(), tail.AsSpan(0, 8).ToArray());
        Assert.False(stream.CanWrite);
    }

    [Fact]
    public void Refuses_a_tensor_entry_of_another_file()
    {
        using var encoder = SafetensorsFile.Open(SharedData.Reference("clip-text", "text_encoder", "model.safetensors"));
        using var edit = SafetensorsFile.Open(SharedData.Reference("diffquickfix", "expected_biasfree.safetensors"));

        Assert.Throws<ArgumentException>(() => encoder.ReadBytes(edit[OutProj], 0, new byte[4]));
    }

    [Fact]
    public void Reports_the_file_path_of_a_broken_file()
    {
        var path = Path.Combine(Path.GetTempPath(), $"qf-broken-{Guid.NewGuid():N}.safetensors");
        File.WriteAllBytes(path, SafetensorsBytes.Build("{\"a\":{\"dtype\":\"U8\",\"shape\":[1],\"data_offsets\":[0,1]}}", 2));
        try
        {
            var error = Assert.Throws<SafetensorsFormatException>(() => SafetensorsFile.Open(path));

            Assert.Equal(SafetensorsError.TrailingBytes, error.Reason);
            Assert.Equal(path, error.FilePath);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
