using QuickFix.Checkpoints.Synthesis;
using QuickFix.Demo;
using QuickFix.Text;

namespace QuickFix.Training;

/// <summary>The folders of one training run and its saved states.</summary>
internal sealed class TrainingRun(string root, TrainingPlan plan)
{
    public string Root { get; } = root;

    public TrainingPlan Plan { get; } = plan;

    public string TokenizerDirectory => Path.Combine(Root, "tokenizer");

    public string ModelDirectory => Path.Combine(Root, "model");

    public string ScorerDirectory => Evaluation.ConceptScorer.DirectoryBeside(ModelDirectory);

    public string ManifestPath => Path.Combine(Root, "training.json");

    public string StateDirectory(TrainingStage stage) => Path.Combine(Root, "state", DemoTrainer.Name(stage));

    /// <summary>The demo tokenizer, written on the first run (it is the same for every run).</summary>
    public ClipTokenizer Tokenizer()
    {
        if (!File.Exists(Path.Combine(TokenizerDirectory, ClipVocabularyFiles.MergesFileName)))
        {
            DemoVocabulary.Write(TokenizerDirectory);
        }

        return ClipTokenizer.FromDirectory(TokenizerDirectory);
    }

    public StageState? ReadState(TrainingStage stage) => StageState.Read(StateDirectory(stage));

    /// <summary>The finished state of <paramref name="stage"/>, which <paramref name="needer"/> builds on.</summary>
    /// <exception cref="TrainingException">QF1503: it has not finished (or was trained for another architecture).</exception>
    public StageState RequireFinished(TrainingStage stage, TrainingStage needer)
    {
        var state = ReadState(stage);
        var path = Path.Combine(StateDirectory(stage), StageState.FileName);
        if (state is null || !state.Finished || state.ModelFingerprint != StageState.Fingerprint(Plan.Model)
            || (stage == TrainingStage.Vae && state.VaeScalingFactor is null))
        {
            var found = state is null ? "no saved state" : $"a state at step {state.Step} of {state.Steps}";
            throw new TrainingException(TrainingException.MissingStageCode,
                $"{path}: the {DemoTrainer.Name(needer)} stage needs the finished {DemoTrainer.Name(stage)} stage of this architecture, found {found}; " +
                $"run --stage {DemoTrainer.Name(stage)} first",
                path);
        }

        return state;
    }

    /// <summary>Saves <paramref name="trainer"/>'s state with <paramref name="state"/>, replacing the previous save whole.</summary>
    public void SaveState(StageTrainer trainer, StageState state)
    {
        var target = StateDirectory(state.Stage);
        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        var staging = OutputStaging.CreateSibling(target);
        try
        {
            trainer.Save(staging);
            state.Write(staging);
            OutputStaging.Replace(staging, target);
        }
        finally
        {
            OutputStaging.DeleteIfPresent(staging);
        }
    }
}
