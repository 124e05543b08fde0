using NotebookKit.Schedules.Torch;
using NotebookKit.Tests.Training.Doubles;
using NotebookKit.Training;

namespace NotebookKit.Tests.Training;

public class TrainerTests
{
    [Fact]
    public void History_has_one_record_per_epoch_and_per_step()
    {
        var f = new TrainerFixture(new TrainerOptions(Epochs: 3));
        var history = f.Trainer.Fit();
        int perEpoch = f.Train.BatchesPerEpoch;
        Assert.Equal(6, perEpoch);
        Assert.Equal([1, 2, 3], history.Epochs.Select(e => e.Epoch));
        Assert.Equal(Enumerable.Range(0, 3 * perEpoch).Select(i => (long)i), history.Batches.Select(b => b.Step));
        Assert.Equal(3 * perEpoch, f.Loss.Calls - (3 * f.Test.BatchesPerEpoch));
        Assert.All(history.Epochs, e => Assert.NotNull(e.TestLoss));
        Assert.All(history.Epochs, e => Assert.Equal(0.9, e.Momentum));
        // The epoch's training loss is the size-weighted mean of its batch losses (45 = 5 x 8 + 5).
        var first = history.Batches.Where(b => b.Epoch == 1).Select(b => b.Loss).ToArray();
        double weighted = (first.Take(5).Sum() * 8 + first[5] * 5) / 45;
        Assert.Equal(weighted, history.Epochs[0].TrainLoss, 12);
    }

    [Fact]
    public void Training_learns_the_synthetic_task()
    {
        var f = new TrainerFixture(new TrainerOptions(Epochs: 5), dropout: 0, lr: 0.05, augment: false);
        var history = f.Trainer.Fit();
        Assert.True(history.Epochs[^1].TestAccuracy > 0.9, history.ToString());
        Assert.True(history.Epochs[^1].TrainLoss < history.Epochs[0].TrainLoss, history.ToString());
        var evaluation = f.Trainer.Evaluate(f.Test);
        Assert.Equal(history.Epochs[^1].TestAccuracy, evaluation.Accuracy);
        Assert.Equal(evaluation.Accuracy, evaluation.Labels.Zip(evaluation.Predictions).Count(p => p.First == p.Second) / 15.0);
    }

    [Fact]
    public void Weight_norms_are_recorded_per_parameter_and_in_total()
    {
        var f = new TrainerFixture(new TrainerOptions(Epochs: 1));
        var e = f.Trainer.Fit().Epochs[0];
        double w = Math.Sqrt(f.Model.Parameters[0].Value.Sum(v => (double)v * v));
        double b = Math.Sqrt(f.Model.Parameters[1].Value.Sum(v => (double)v * v));
        Assert.Equal(w, e.WeightNorms["fc.weight"], 10);
        Assert.Equal(b, e.WeightNorms["fc.bias"], 10);
        Assert.Equal(Math.Sqrt((w * w) + (b * b)), e.WeightNorm, 10);
    }

    [Fact]
    public void A_per_batch_scheduler_is_stepped_after_every_optimizer_step()
    {
        StepLrDouble? scheduler = null;
        var f = new TrainerFixture(new TrainerOptions(Epochs: 2), o => scheduler = new StepLrDouble(o, stepSize: 4, gamma: 0.5, SchedulerInterval.Batch));
        var history = f.Trainer.Fit();
        Assert.True(f.Trainer.StepsSchedulerPerBatch);
        Assert.All(history.Batches, b => Assert.Equal(scheduler!.LearningRateAt(b.Step), b.LearningRate));
        Assert.Equal(history.Batches.Count, scheduler!.LastEpoch);
    }

    [Fact]
    public void A_per_epoch_scheduler_is_stepped_after_every_epoch()
    {
        StepLrDouble? scheduler = null;
        var f = new TrainerFixture(new TrainerOptions(Epochs: 4), o => scheduler = new StepLrDouble(o, stepSize: 2, gamma: 0.1));
        var history = f.Trainer.Fit();
        Assert.Equal(4, scheduler!.LastEpoch);
        Assert.All(history.Epochs, e => Assert.Equal(scheduler.LearningRateAt(e.Epoch - 1), e.LearningRate));
        Assert.All(history.Batches, b => Assert.Equal(scheduler.LearningRateAt(b.Epoch - 1), b.LearningRate));
    }

    [Fact]
    public void The_declared_interval_can_be_overridden()
    {
        StepLrDouble? scheduler = null;
        var f = new TrainerFixture(new TrainerOptions(Epochs: 2, SchedulerInterval: SchedulerInterval.Batch), o => scheduler = new StepLrDouble(o, 3, 0.5));
        f.Trainer.Fit();
        Assert.Equal(2 * f.Train.BatchesPerEpoch, scheduler!.LastEpoch);
    }

    [Theory]
    [InlineData("val_loss")]
    [InlineData("val_accuracy")]
    [InlineData("loss")]
    [InlineData("accuracy")]
    public void A_plateau_scheduler_gets_the_monitored_metric_after_every_epoch(string monitor)
    {
        PlateauDouble? plateau = null;
        var f = new TrainerFixture(new TrainerOptions(Epochs: 3, PlateauMetric: monitor), o => plateau = new PlateauDouble(o));
        var history = f.Trainer.Fit();
        var expected = history.Epochs.Select(e => monitor switch
        {
            "val_loss" => e.TestLoss!.Value,
            "val_accuracy" => e.TestAccuracy!.Value,
            "loss" => e.TrainLoss,
            _ => e.TrainAccuracy,
        });
        Assert.Equal(expected, plateau!.Metrics);
        // The learning rate the plateau scheduler set is the one the next epoch used.
        for (int i = 1; i < 3; i++)
        {
            double previous = history.Epochs[i - 1].LearningRate;
            bool improved = plateau.Metrics[i - 1] < plateau.Metrics.Take(i - 1).DefaultIfEmpty(double.PositiveInfinity).Min();
            Assert.Equal(improved ? previous : previous * 0.5, history.Epochs[i].LearningRate);
        }
    }

    [Fact]
    public void A_keras_learning_rate_function_sets_the_rate_at_each_epoch_start()
    {
        var calls = new List<(int Epoch, double Lr)>();
        var f = new TrainerFixture(new TrainerOptions(Epochs: 3, LearningRateFunction: (epoch, lr) =>
        {
            calls.Add((epoch, lr));
            return epoch < 1 ? lr : lr * 0.5;
        }));
        var history = f.Trainer.Fit();
        Assert.Equal([(0, 0.5), (1, 0.5), (2, 0.25)], calls);
        Assert.Equal([0.5, 0.25, 0.125], history.Epochs.Select(e => e.LearningRate));
    }

    [Fact]
    public void A_non_finite_loss_stops_training_naming_epoch_batch_and_learning_rate()
    {
        var loss = new CrossEntropyLoss { NaNOnCall = 6 + 1 + 3 };
        var f = new TrainerFixture(new TrainerOptions(Epochs: 3), loss: loss, lr: 0.25);
        var e = Assert.Throws<NonFiniteLossException>(() => f.Trainer.Fit());
        // Epoch 1: 6 training batches + 1 validation batch; then the 3rd batch of epoch 2.
        Assert.Equal(2, e.Epoch);
        Assert.Equal(3, e.Batch);
        Assert.Contains("NaN at epoch 2, batch 3 (learning rate 0.25)", e.Message);
        Assert.Single(f.Trainer.History.Epochs);
    }

    [Fact]
    public void Gradient_clipping_bounds_the_global_norm_of_each_step()
    {
        // With max_norm tiny every step is clipped, so each update moves the parameters by lr x max_norm at most (no momentum).
        var f = new TrainerFixture(new TrainerOptions(Epochs: 1, MaxGradNorm: 1e-3), dropout: 0);
        f.Optimizer.Groups[0].Momentum = 0;
        var before = f.Model.Parameters.SelectMany(p => p.Value).ToArray();
        f.Trainer.Fit();
        var after = f.Model.Parameters.SelectMany(p => p.Value).ToArray();
        double moved = Math.Sqrt(before.Zip(after).Sum(p => Math.Pow(p.First - p.Second, 2)));
        Assert.True(moved <= 0.5 * 1e-3 * f.Train.BatchesPerEpoch * 1.0001, $"moved {moved}");
        Assert.True(moved > 0.5 * 1e-3 * 0.5, $"moved {moved}");
    }

    [Fact]
    public void Plateau_on_validation_metric_without_validation_data_is_refused()
    {
        var data = SyntheticData.Bands(6);
        var model = new LinearSoftmaxModel(36, 3, 1);
        var sgd = new PlainSgd(model.Parameters, 0.1);
        var e = Assert.Throws<ArgumentException>(() => new Trainer(model, sgd, new CrossEntropyLoss(), new NotebookKit.Data.DataLoader(data, 2), null, new PlateauDouble(sgd)));
        Assert.Contains("val_loss", e.Message);
        Assert.Contains("epochs must be a positive integer", Assert.Throws<ArgumentOutOfRangeException>(() => new TrainerOptions(Epochs: 0)).Message);
        Assert.Contains("monitor 'val_f1'", Assert.Throws<ArgumentException>(() => new TrainerOptions(PlateauMetric: "val_f1")).Message);
    }

    [Fact]
    public void Progress_is_reported_per_batch_and_per_epoch()
    {
        var reports = new List<TrainingProgress>();
        var f = new TrainerFixture(new TrainerOptions(Epochs: 2));
        f.Trainer.Fit(new SyncProgress<TrainingProgress>(reports.Add));
        Assert.Equal(2 * (f.Train.BatchesPerEpoch + 1), reports.Count);
        Assert.Equal(2, reports.Count(r => r.EpochRecord is not null));
        Assert.Same(f.Trainer.History.Epochs[1], reports[^1].EpochRecord);
    }

    [Fact]
    public void History_displays_as_a_table()
    {
        var f = new TrainerFixture(new TrainerOptions(Epochs: 2));
        var history = f.Trainer.Fit();
        Assert.StartsWith("<table", history.ToHtml());
        Assert.Equal(3, history.ToString().Split('\n').Length);
        var json = history.ToJson();
        Assert.Equal(history.Epochs[1].TrainLoss, json[1]!["train_loss"]!.GetValue<double>());
    }

    private sealed class SyncProgress<T>(Action<T> action) : IProgress<T>
    {
        public void Report(T value) => action(value);
    }
}
