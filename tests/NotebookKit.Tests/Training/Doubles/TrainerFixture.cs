using NotebookKit.Data;
using NotebookKit.Schedules.Torch;
using NotebookKit.Training;

namespace NotebookKit.Tests.Training.Doubles;

/// <summary>Builds a complete small training setup from scratch, so two calls give identical, independent objects.</summary>
public sealed class TrainerFixture
{
    public TrainerFixture(TrainerOptions? options = null, Func<PlainSgd, IScheduler?>? scheduler = null, float dropout = 0.2f, double lr = 0.5, int trainCount = 45, int batchSize = 8, CrossEntropyLoss? loss = null, bool augment = true)
    {
        var trainData = SyntheticData.Bands(trainCount, channels: 1, size: 6, seed: 1);
        var testData = SyntheticData.Bands(15, channels: 1, size: 6, seed: 2);
        Model = new LinearSoftmaxModel(36, 3, seed: 5, dropout: dropout);
        Optimizer = new PlainSgd(Model.Parameters, lr, momentum: 0.9);
        Scheduler = scheduler?.Invoke(Optimizer);
        Loss = loss ?? new CrossEntropyLoss();
        Train = new DataLoader(trainData, batchSize, new DataLoaderOptions(Shuffle: true, Seed: 3, Augmentation: augment ? new Augmentation(1) : null));
        Test = new DataLoader(testData, 16);
        Trainer = new Trainer(Model, Optimizer, Loss, Train, Test, Scheduler, options);
    }

    public LinearSoftmaxModel Model { get; }

    public PlainSgd Optimizer { get; }

    public IScheduler? Scheduler { get; }

    public CrossEntropyLoss Loss { get; }

    public DataLoader Train { get; }

    public DataLoader Test { get; }

    public Trainer Trainer { get; }
}
