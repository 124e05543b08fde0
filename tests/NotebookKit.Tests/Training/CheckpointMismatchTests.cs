using System.Text.Json.Nodes;
using NotebookKit.Data;
using NotebookKit.Nn;
using NotebookKit.Optim;
using NotebookKit.Schedules.Torch;
using NotebookKit.Tests.Training.Doubles;
using NotebookKit.Training;

namespace NotebookKit.Tests.Training;

/// <summary>
/// A checkpoint that does not fit (another optimizer or scheduler, a missing or short parameter, damaged data) is
/// refused with the mismatch named, and the trainer is left exactly as it was: nothing is assigned before everything
/// has been checked.
/// </summary>
public sealed class CheckpointMismatchTests : IDisposable
{
    private readonly string directory = Directory.CreateTempSubdirectory("nbkit-ckpt-mismatch-").FullName;

    public void Dispose() => Directory.Delete(directory, recursive: true);

    private sealed record Setup(Trainer Trainer, LinearSoftmaxModel Model, Sgd Optimizer, StepLR Scheduler)
    {
        public static Setup Create()
        {
            var model = new LinearSoftmaxModel(36, 3, seed: 5);
            var sgd = new Sgd([new ParameterGroup<SgdOptions>(model.Parameters, new SgdOptions(0.5) { Momentum = 0.9 })]);
            var scheduler = new StepLR(sgd, 1, 0.5);
            var train = new DataLoader(SyntheticData.Bands(45, channels: 1, size: 6, seed: 1), 8, new DataLoaderOptions(Shuffle: true, Seed: 3));
            var test = new DataLoader(SyntheticData.Bands(15, channels: 1, size: 6, seed: 2), 16);
            return new Setup(new Trainer(model, sgd, new CrossEntropyLoss(), train, test, scheduler, new TrainerOptions(Epochs: 1)), model, sgd, scheduler);
        }

        /// <summary>Everything a restore could change, as text.</summary>
        public string Snapshot()
        {
            var state = Optimizer.Save();
            return string.Join("\n",
                string.Join(";", Model.Parameters.Select(p => $"{p.Name}={string.Join(",", p.Value)}")),
                string.Join(",", Model.Buffers["input.running_mean"]),
                string.Join(",", Model.Random.GetState()),
                $"{state.Optimizer} {string.Join(",", state.LearningRates)} {string.Join(",", state.Momenta)} {string.Join(",", state.Steps.Select(kv => $"{kv.Key}:{kv.Value}"))} {string.Join(",", state.Buffers.Select(kv => $"{kv.Key}:{string.Join(",", kv.Value)}"))}",
                Scheduler.SaveState().ToJsonString(),
                string.Join(",", Trainer.Train.ShuffleRandom.GetState()),
                $"{Trainer.CompletedEpochs} {Trainer.Steps} {Trainer.History.Epochs.Count}");
        }
    }

    public static TheoryData<string, string> Mismatches => new()
    {
        { "missing parameter", "The checkpoint has no parameter 'fc.bias'." },
        { "short parameter", "The checkpoint's 'fc.bias' has 2 values; the model's has 3." },
        { "damaged buffer", "The checkpoint is damaged: 'input.running_mean' is missing or unreadable" },
        { "another optimizer", "The checkpoint's optimizer state does not fit this Sgd: Cannot load Adam state into SGD." },
        { "missing optimizer buffer", "The checkpoint's optimizer state does not fit this Sgd:" },
        { "another scheduler", "The checkpoint's scheduler state does not fit this StepLR: Cannot load a 'ExponentialLR' scheduler state into StepLR." },
        { "damaged random state", "The checkpoint is damaged: 'train_loader.shuffle' must be four words, not all zero." },
        { "damaged history", "The checkpoint is damaged: 'history' is missing or unreadable" },
    };

    [Theory]
    [MemberData(nameof(Mismatches))]
    public void A_checkpoint_that_does_not_fit_names_the_mismatch_and_changes_nothing(string mismatch, string message)
    {
        var source = Setup.Create();
        source.Trainer.Fit();
        string path = Path.Combine(directory, "run.json");
        TrainingCheckpoint.Capture(source.Trainer).Write(path);
        var json = JsonNode.Parse(File.ReadAllText(path))!.AsObject();
        Break(json, mismatch);
        File.WriteAllText(path, json.ToJsonString());

        var target = Setup.Create();
        string before = target.Snapshot();
        var e = Assert.Throws<InvalidDataException>(() => target.Trainer.LoadCheckpoint(path));

        Assert.StartsWith(message, e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("(Parameter", e.Message, StringComparison.Ordinal);
        Assert.Equal(before, target.Snapshot());
    }

    [Fact]
    public void An_intact_checkpoint_still_restores_everything()
    {
        var source = Setup.Create();
        source.Trainer.Fit();
        string path = Path.Combine(directory, "run.json");
        TrainingCheckpoint.Capture(source.Trainer).Write(path);

        var target = Setup.Create();
        target.Trainer.LoadCheckpoint(path);

        Assert.Equal(source.Snapshot(), target.Snapshot());
    }

    private static void Break(JsonObject checkpoint, string mismatch)
    {
        var model = checkpoint["model"]!.AsObject();
        var optimizer = checkpoint["optimizer"]!.AsObject();
        switch (mismatch)
        {
            case "missing parameter":
                model["parameters"]!.AsObject().Remove("fc.bias");
                break;
            case "short parameter":
                model["parameters"]!["fc.bias"] = Convert.ToBase64String(new byte[8]);
                break;
            case "damaged buffer":
                model["buffers"]!["input.running_mean"] = "not base64 at all!";
                break;
            case "another optimizer":
                optimizer["type"] = "Adam";
                break;
            case "missing optimizer buffer":
                var buffers = optimizer["buffers"]!.AsObject();
                buffers.Remove(buffers.First().Key);
                optimizer["steps"]!.AsObject().Remove("fc.weight");
                break;
            case "another scheduler":
                checkpoint["scheduler"]!["type"] = "ExponentialLR";
                break;
            case "damaged random state":
                checkpoint["train_loader"]!["shuffle"] = new JsonArray(0, 0, 0, 0);
                break;
            case "damaged history":
                checkpoint["history"]!["epochs"] = 5;
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(mismatch), mismatch, null);
        }
    }
}
