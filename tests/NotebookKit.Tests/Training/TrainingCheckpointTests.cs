using NotebookKit.Schedules.Torch;
using NotebookKit.Tests.Training.Doubles;
using NotebookKit.Training;

namespace NotebookKit.Tests.Training;

public sealed class TrainingCheckpointTests : IDisposable
{
    private readonly string directory = Directory.CreateTempSubdirectory("nbkit-ckpt-").FullName;

    public void Dispose() => Directory.Delete(directory, recursive: true);

    public static TheoryData<string> Schedulers => ["step", "plateau", "batch"];

    private static IScheduler Scheduler(string kind, PlainSgd o) => kind switch
    {
        "step" => new StepLrDouble(o, 2, 0.5),
        "plateau" => new PlateauDouble(o),
        _ => new StepLrDouble(o, 5, 0.7, SchedulerInterval.Batch),
    };

    [Theory]
    [MemberData(nameof(Schedulers))]
    public void Resuming_from_a_checkpoint_is_bit_identical_to_an_uninterrupted_run(string kind)
    {
        string path = Path.Combine(directory, $"{kind}.ckpt.json");
        var uninterrupted = new TrainerFixture(new TrainerOptions(Epochs: 4), o => Scheduler(kind, o));
        uninterrupted.Trainer.Fit();

        var interrupted = new TrainerFixture(new TrainerOptions(Epochs: 2, CheckpointPath: path), o => Scheduler(kind, o));
        interrupted.Trainer.Fit();
        var resumed = new TrainerFixture(new TrainerOptions(Epochs: 4), o => Scheduler(kind, o));
        resumed.Trainer.LoadCheckpoint(path);
        Assert.Equal(2, resumed.Trainer.CompletedEpochs);
        resumed.Trainer.Fit();

        for (int i = 0; i < uninterrupted.Model.Parameters.Count; i++)
        {
            Assert.Equal(uninterrupted.Model.Parameters[i].Value, resumed.Model.Parameters[i].Value);
        }

        Assert.Equal(uninterrupted.Model.Buffers["input.running_mean"], resumed.Model.Buffers["input.running_mean"]);
        Assert.Equal(uninterrupted.Trainer.History.Batches, resumed.Trainer.History.Batches);
        Assert.Equal(
            uninterrupted.Trainer.History.Epochs.Select(e => (e.Epoch, e.LearningRate, e.TrainLoss, e.TrainAccuracy, e.TestLoss, e.TestAccuracy, e.WeightNorm)),
            resumed.Trainer.History.Epochs.Select(e => (e.Epoch, e.LearningRate, e.TrainLoss, e.TrainAccuracy, e.TestLoss, e.TestAccuracy, e.WeightNorm)));
        Assert.Equal(uninterrupted.Optimizer.Groups[0].LearningRate, resumed.Optimizer.Groups[0].LearningRate);
    }

    [Fact]
    public void A_checkpoint_is_written_without_leaving_temporary_files()
    {
        string path = Path.Combine(directory, "sub", "run.json");
        var f = new TrainerFixture(new TrainerOptions(Epochs: 2, CheckpointPath: path));
        f.Trainer.Fit();
        Assert.Equal(["run.json"], Directory.GetFiles(Path.GetDirectoryName(path)!).Select(Path.GetFileName));
        Assert.Equal(2, TrainingCheckpoint.Read(path).Epoch);
    }

    [Fact]
    public void A_file_that_is_not_a_checkpoint_is_refused_by_name()
    {
        string path = Path.Combine(directory, "other.json");
        File.WriteAllText(path, "{\"hello\": 1}");
        var e = Assert.Throws<InvalidDataException>(() => new TrainerFixture().Trainer.LoadCheckpoint(path));
        Assert.Contains("other.json", e.Message);
        File.WriteAllText(path, "{\"format\": ");
        Assert.Contains("not valid JSON", Assert.Throws<InvalidDataException>(() => TrainingCheckpoint.Read(path)).Message);
    }
}
