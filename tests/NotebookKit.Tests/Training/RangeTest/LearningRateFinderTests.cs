using NotebookKit.Training.RangeTest;
using NotebookKit.Tests.Training.Doubles;
using NotebookKit.Training;

namespace NotebookKit.Tests.Training.RangeTest;

public class LearningRateFinderTests
{
    [Fact]
    public void The_sweep_follows_the_exponential_schedule_and_everything_is_restored()
    {
        var f = new TrainerFixture(trainCount: 90);
        var parameters = f.Model.Parameters.Select(p => p.Value.ToArray()).ToArray();
        var random = f.Model.Random.GetState();
        var shuffle = f.Train.ShuffleRandom.GetState();
        double lr = f.Optimizer.Groups[0].LearningRate;
        var sweep = new ExponentialSweep(1e-4, 1, 30);
        var result = LearningRateFinder.Run(f.Model, f.Optimizer, f.Loss, f.Train, new RangeTestOptions(sweep, StopDiv: false));

        Assert.Equal(30, result.LearningRates.Count);
        Assert.False(result.Diverged);
        Assert.Equal(sweep.LearningRates(), result.LearningRates);
        Assert.Equal(RangeTestAnalysis.Smooth(result.Losses.ToArray()), result.SmoothedLosses);
        Assert.Equal(RangeTestAnalysis.Suggest(result.LearningRates, result.SmoothedLosses, 30), result.Suggestions);
        for (int i = 0; i < parameters.Length; i++)
        {
            Assert.Equal(parameters[i], f.Model.Parameters[i].Value);
        }

        Assert.Equal(random, f.Model.Random.GetState());
        Assert.Equal(shuffle, f.Train.ShuffleRandom.GetState());
        Assert.Equal(lr, f.Optimizer.Groups[0].LearningRate);
        // The loss falls while the rate is small enough to learn.
        Assert.True(result.SmoothedLosses.Min() < result.SmoothedLosses[0]);
    }

    [Fact]
    public void A_huge_end_rate_diverges_and_stops_early()
    {
        var f = new TrainerFixture(trainCount: 90);
        var result = LearningRateFinder.Run(f.Model, f.Optimizer, f.Loss, f.Train, new RangeTestOptions(new ExponentialSweep(1e-3, 1e6, 100)));
        Assert.True(result.Diverged);
        Assert.True(result.LearningRates.Count < 100);
        double best = result.SmoothedLosses.Take(result.SmoothedLosses.Count - 1).Min();
        Assert.True(result.SmoothedLosses[^1] > 4 * best || double.IsNaN(result.SmoothedLosses[^1]));
        Assert.Contains("diverged", result.ToString());
    }
}
