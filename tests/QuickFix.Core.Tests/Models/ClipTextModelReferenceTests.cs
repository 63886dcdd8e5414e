using QuickFix.Checkpoints;
using QuickFix.Checkpoints.Layouts;
using QuickFix.Models.Clip;
using TorchSharp;
using static TorchSharp.torch;

namespace QuickFix.Tests.Models;

/// <summary>The text encoder against OpenAI CLIP's own outputs on the same weights (fixture README §1).</summary>
public sealed class ClipTextModelReferenceTests
{
    // Float32 on another machine and another op order (separate q/k/v vs. fused in_proj) agree to ~1e-6 relative;
    // the bar is 1e-4.
    private const double Tolerance = 1e-4;

    public static TheoryData<int> PromptIndices() => [.. Enumerable.Range(0, 12)];

    [Theory]
    [MemberData(nameof(PromptIndices))]
    public void Hidden_states_final_output_and_layer0_attention_context_match_OpenAI_CLIP(int prompt)
    {
        using var checkpoint = Checkpoint.Open(ClipReferenceFixture.Folder);
        using var expected = SafetensorsFile.Open(ClipReferenceFixture.ExpectedPath);
        var encoder = checkpoint.TextEncoders.Single();
        using var model = encoder.LoadModel();
        using var scope = torch.NewDisposeScope();
        using var inference = torch.inference_mode();

        var ids = ClipReferenceFixture.ExpectedLongs(expected, $"prompt.{prompt}.input_ids");
        var output = model.Run(
            torch.tensor(ids, [1, 77]),
            new ClipRunOptions(LayersToRun: 3, ApplyFinalLayerNorm: true, KeepHiddenStates: true, KeepAttentionContextOfLayer: 0));

        AssertClose(torch.stack(output.HiddenStates.Select(h => h[0]).ToArray()), expected, $"prompt.{prompt}.hidden_states");
        AssertClose(output.Conditioning[0], expected, $"prompt.{prompt}.last_hidden_state");
        AssertClose(output.AttentionContext![0], expected, $"prompt.{prompt}.layer0_out_proj_input");
    }

    [Fact]
    public void The_conditioner_tokenizes_pads_and_encodes_every_reference_prompt()
    {
        using var checkpoint = Checkpoint.Open(ClipReferenceFixture.Folder);
        using var expected = SafetensorsFile.Open(ClipReferenceFixture.ExpectedPath);
        using var conditioner = TextConditioner.Load(checkpoint);

        Assert.Equal(ModelFamily.SD15, checkpoint.Family);
        var encoded = conditioner.Encode(ClipReferenceFixture.Prompts());

        Assert.Equal(12, encoded.Count);
        for (var i = 0; i < encoded.Count; i++)
        {
            Assert.Equal(ClipReferenceFixture.ExpectedLongs(expected, $"prompt.{i}.input_ids"), encoded[i].InputIds.Single());
            var error = ClipReferenceFixture.RelativeMaxError(
                encoded[i].Conditioning, ClipReferenceFixture.ExpectedFloats(expected, $"prompt.{i}.last_hidden_state"));
            Assert.InRange(error, 0, Tolerance);
        }
    }

    private static void AssertClose(Tensor actual, SafetensorsFile expected, string name)
    {
        var reference = ClipReferenceFixture.ExpectedFloats(expected, name);
        var values = actual.contiguous().data<float>().ToArray();
        var error = ClipReferenceFixture.RelativeMaxError(values, reference);
        Assert.True(error <= Tolerance, $"{name}: max|diff|/max|ref| = {error:E2} exceeds {Tolerance:E0}");
    }
}
