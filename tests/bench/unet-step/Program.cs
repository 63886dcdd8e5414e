// Times one UNet forward of a CFG batch (2 x 4 x 64 x 64 latents, 2 x 77 x 768 context) on the CPU, in inference
// mode, with the UNet of the checkpoint given (e.g. a synthesized full-size SD 1.5: `quickfix synth --family sd15
// --size full --layout diffusers --dtype f16 --out /tmp/sd15`). Peer: tests/bench/unet_step_pytorch.py.
// Usage: dotnet run -c Release --project tests/bench/unet-step -- CHECKPOINT [repeats]
using System.Diagnostics;
using QuickFix.Checkpoints;
using QuickFix.Models.Unet;
using TorchSharp;

var repeats = args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 3;
var clock = Stopwatch.StartNew();
using var checkpoint = Checkpoint.Open(args[0]);
var components = StableDiffusionComponents.Resolve(checkpoint);
using var unet = components.LoadUNet();
Console.WriteLine($"threads {torch.get_num_threads()}, load {clock.Elapsed.TotalSeconds:F1} s");
using var inference = torch.inference_mode();
var generator = new torch.Generator(0);
var sample = torch.randn([2, 4, 64, 64], generator: generator);
var context = torch.randn([2, 77, components.UNetConfig.CrossAttentionDim], generator: generator);
var timesteps = torch.tensor(new long[] { 999, 999 });
for (var i = 0; i < repeats; i++)
{
    clock.Restart();
    using var output = unet.Forward(sample, timesteps, context);
    Console.WriteLine($"step {i}: {clock.Elapsed.TotalSeconds:F2} s");
}
