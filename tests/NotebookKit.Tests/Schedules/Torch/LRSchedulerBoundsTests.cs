using NotebookKit.Nn;
using NotebookKit.Optim;
using NotebookKit.Schedules.Torch;

namespace NotebookKit.Tests.Schedules.Torch;

/// <summary>A scheduler that drives the learning rate out of range says which scheduler, group and step.</summary>
public sealed class LRSchedulerBoundsTests
{
    private static Sgd Optimizer(double lr) =>
        new([new ParameterGroup<SgdOptions>([new Parameter("w", 1)], new SgdOptions(lr))]);

    [Theory]
    [InlineData("StepLR", 2)]
    [InlineData("ExponentialLR", 2)]
    [InlineData("MultiplicativeLR", 2)]
    public void A_factor_that_drives_the_rate_to_infinity_names_the_scheduler_and_the_step(string type, int failingStep)
    {
        var optimizer = Optimizer(0.1);
        LRScheduler scheduler = type switch
        {
            "StepLR" => new StepLR(optimizer, 1, gamma: 1e308),
            "ExponentialLR" => new ExponentialLR(optimizer, 1e308),
            _ => new MultiplicativeLR(optimizer, _ => 1e308),
        };

        scheduler.Step(); // 0.1 * 1e308: still finite
        var e = Assert.Throws<InvalidOperationException>(scheduler.Step);

        Assert.Equal($"{type} drove the learning rate of parameter group 0 to Infinity at step {failingStep}; a learning rate must be a finite, non-negative number (check the scheduler's factors, e.g. gamma).", e.Message);
        Assert.Equal(1e307, optimizer.Groups[0].LearningRate, 1e293);
    }
}
