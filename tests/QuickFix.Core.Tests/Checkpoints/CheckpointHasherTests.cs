using QuickFix.Checkpoints;

namespace QuickFix.Tests.Checkpoints;

public sealed class CheckpointHasherTests
{
    [Fact]
    public void Hashes_a_safetensors_file_as_sha256sum_and_python_do()
    {
        var hashes = CheckpointHasher.HashFile(SharedData.Reference("clip-text", "text_encoder", "model.safetensors"), dataOffset: 8 + 6464);

        // Oracles: coreutils sha256sum of the file; Python hashlib over the bytes after 8 + N (modelspec.hash_sha256).
        Assert.Equal(27_723_080, hashes.Size);
        Assert.Equal("c021289992e24c1b944d53c54cbe33d80d1a995aa47e3ea68101dbda3234d82e", hashes.Sha256);
        Assert.Equal("3ddaa4b7127dc2edaf3e357b9663506116159abc061160891d9552d66d755792", hashes.TensorBytesSha256);
        Assert.Equal(32, hashes.XxHash128.Length);
    }

    [Fact]
    public void Hashes_other_files_from_offset_zero()
    {
        var hashes = CheckpointHasher.HashFile(SharedData.Reference("clip-text", "prompts.json"), dataOffset: 0);

        Assert.Equal("18309613dd587252c3b4e8733ea53d6b4833165e4dff12091df4a36e4e85191b", hashes.Sha256);
        Assert.Equal(hashes.Sha256, hashes.TensorBytesSha256);
    }

    [Fact]
    public void The_write_stream_hashes_what_it_forwards_as_hash_file_does()
    {
        var path = Path.GetTempFileName();
        try
        {
            FileHashes written;
            using (var file = File.Create(path))
            using (var hashing = new HashingWriteStream(file, dataOffset: 1))
            {
                hashing.Write("abc"u8);
                hashing.Write(new byte[300_000]); // large enough to take the two-core path
                written = hashing.GetHashes();
            }

            Assert.Equal(CheckpointHasher.HashFile(path, dataOffset: 1), written);

            using var small = new HashingWriteStream(Stream.Null, dataOffset: 0);
            small.Write("abc"u8);
            Assert.Equal("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", small.GetHashes().Sha256); // FIPS 180-2 "abc"
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Writes_the_xxh3_128_fingerprint_in_canonical_big_endian_hex()
    {
        var path = Path.GetTempFileName();
        try
        {
            var hashes = CheckpointHasher.HashFile(path, dataOffset: 0);

            // XXH3_128bits("") = { low64 0x6001C324468D497F, high64 0x99AA06D3014798D8 } (xxHash sanity tests).
            Assert.Equal("99aa06d3014798d86001c324468d497f", hashes.XxHash128);
            Assert.Equal("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", hashes.Sha256);
            Assert.Equal(0, hashes.Size);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Hashes_one_tensor_as_python_does()
    {
        using var file = SafetensorsFile.Open(SharedData.Reference("diffquickfix", "expected_biasfree.safetensors"));

        Assert.Equal("7e1202c443b231f8fe7b2a59b4be11620ea27dc3904d13885c7bdc49433203a7", CheckpointHasher.HashTensor(file, file["b0"]));
        Assert.Equal(
            "847df1cfa0f84e77d0a80734ccc7730f8dfc59ee0d3b79ef320035932bbf9f9a",
            CheckpointHasher.HashTensor(file, file["text_model.encoder.layers.0.self_attn.out_proj.weight"]));
    }

    [Fact]
    public void The_tensor_data_hash_ignores_metadata_changes()
    {
        using var source = SafetensorsFile.Open(SharedData.Reference("diffquickfix", "expected_biasfree.safetensors"));
        var directory = Directory.CreateTempSubdirectory("qf-hash-");
        var hashes = new List<FileHashes>();
        try
        {
            foreach (var note in new[] { "one", "a longer note that moves the data offset" })
            {
                var writer = new SafetensorsWriter();
                writer.Metadata["note"] = note;
                foreach (var tensor in source.Tensors)
                {
                    writer.AddFrom(source, tensor);
                }

                hashes.Add(writer.WriteFile(Path.Combine(directory.FullName, $"{hashes.Count}.safetensors")));
            }
        }
        finally
        {
            directory.Delete(recursive: true);
        }

        Assert.Equal(hashes[0].TensorBytesSha256, hashes[1].TensorBytesSha256);
        Assert.NotEqual(hashes[0].Sha256, hashes[1].Sha256);
    }
}
