using TorchSharp;
using static TorchSharp.torch;

namespace QuickFix.Training;

/// <summary>
/// One stage's model, optimizer (AdamW, weight decay 0.01, constant rate) and step. Steps draw every random number
/// (noise, timesteps, caption dropout) from the generator they are given, which is seeded by the step's index, so that
/// a resumed run repeats an uninterrupted one.
/// </summary>
internal abstract class StageTrainer : IDisposable
{
    private const string ModelFile = "model.dat";
    private const string OptimizerFile = "optimizer.dat";

    private readonly TorchSharp.Modules.AdamW optimizer;

    protected StageTrainer(nn.Module model, StagePlan plan)
    {
        Model = model;
        Plan = plan;

        // Made here, outside any dispose scope: AdamW allocates its moment tensors up front, and a scope would free them.
        optimizer = torch.optim.AdamW(model.parameters().Where(p => p.requires_grad), lr: plan.LearningRate, weight_decay: 0.01);
    }

    /// <summary>The trained module (what is saved as <c>model.dat</c>).</summary>
    public nn.Module Model { get; }

    /// <summary>The stage's plan.</summary>
    public StagePlan Plan { get; }

    /// <summary>One optimizer step on <paramref name="batch"/>; returns the loss before the step.</summary>
    public double Step(DemoBatch batch, StepRandom random)
    {
        using var scope = torch.NewDisposeScope();
        Model.train();
        optimizer.zero_grad();
        var loss = Loss(batch, random);
        loss.backward();
        optimizer.step();
        AfterStep();
        return loss.item<float>();
    }

    /// <summary>Saves the model, optimizer and any extra state into <paramref name="directory"/> (an empty staging folder).</summary>
    public virtual void Save(string directory)
    {
        Model.save(Path.Combine(directory, ModelFile));
        optimizer.save_state_dict(Path.Combine(directory, OptimizerFile));
    }

    /// <summary>Loads what <see cref="Save"/> wrote.</summary>
    public virtual void Load(string directory)
    {
        Model.load(Path.Combine(directory, ModelFile));
        optimizer.load_state_dict(Path.Combine(directory, OptimizerFile));
    }

    /// <summary>Loads only the trained model of a saved state (for later stages and the writer).</summary>
    public static void LoadModel(nn.Module model, string directory) => model.load(Path.Combine(directory, ModelFile));

    /// <inheritdoc/>
    public void Dispose()
    {
        optimizer.Dispose();
        Model.Dispose();
        DisposeExtra();
    }

    /// <summary>The stage's loss on <paramref name="batch"/>, with gradients.</summary>
    protected abstract Tensor Loss(DemoBatch batch, StepRandom random);

    /// <summary>Runs after each optimizer step (the UNet's EMA).</summary>
    protected virtual void AfterStep()
    {
    }

    /// <summary>Disposes extra modules.</summary>
    protected virtual void DisposeExtra()
    {
    }
}
