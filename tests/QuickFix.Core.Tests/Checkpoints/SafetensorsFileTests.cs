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

        var bytes = file.ReadTensorBytes(OutProj);

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

        Assert.Equal(encoder.ReadTensorBytes(OutProj), edit.ReadTensorBytes("w0"));
        Assert.NotEqual(encoder.ReadTensorBytes(OutProj), edit.ReadTensorBytes(OutProj));
    }

    [Fact]
    public void Ranged_reads_return_the_matching_slice()
    {
        using var file = SafetensorsFile.Open(SharedData.Reference("clip-text", "text_encoder", "model.safetensors"));
        var tensor = file.GetTensor(OutProj);
        var whole = file.ReadTensorBytes(OutProj);
        var slice = new byte[1000];

        file.ReadTensorBytes(tensor, 12_345, slice);

        Assert.Equal(whole.AsSpan(12_345, 1000).ToArray(), slice);
        Assert.Throws<ArgumentOutOfRangeException>(() => file.ReadTensorBytes(tensor, tensor.ByteLength - 999, slice));
    }

    [Fact]
    public void Refuses_a_tensor_entry_of_another_file()
    {
        using var encoder = SafetensorsFile.Open(SharedData.Reference("clip-text", "text_encoder", "model.safetensors"));
        using var edit = SafetensorsFile.Open(SharedData.Reference("diffquickfix", "expected_biasfree.safetensors"));

        Assert.Throws<ArgumentException>(() => encoder.ReadTensorBytes(edit.GetTensor(OutProj), 0, new byte[4]));
    }

    [Fact]
    public void Reports_the_file_path_of_a_broken_file()
    {
        var path = Path.Combine(Path.GetTempPath(), $"qf-broken-{Guid.NewGuid():N}.safetensors");
        File.WriteAllBytes(path, SafetensorsBytes.Build("{\"a\":{\"dtype\":\"U8\",\"shape\":[1],\"data_offsets\":[0,1]}}", 2));
        try
        {
            var error = Assert.Throws<SafetensorsFormatException>(() => SafetensorsFile.Open(path));

            Assert.Equal(SafetensorsErrorReason.MetadataIncompleteBuffer, error.Reason);
            Assert.Equal(path, error.FilePath);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
