using NotebookKit.Schedules;
using NotebookKit.Schedules.Torch;

namespace NotebookKit.Tests.Schedules.Torch;

/// <summary>The end of a OneCycleLR run in the usual loop <c>optimizer.Step(); scheduler.Step();</c>, as in PyTorch 1.13.1.</summary>
public sealed class OneCycleLREndTests
{
    [Fact]
    public void The_step_after_the_last_update_extrapolates_and_the_next_one_throws()
    {
        // PyTorch 1.13.1, OneCycleLR(max_lr=1.0, total_steps=10), cos (reference Appendix A): the 10th scheduler.step()
        // gives 0.04951936798652623 (t = 10, the final cosine extrapolated); the 11th raises.
        var opt = new GroupsOptimizer(1.0);
        var scheduler = new OneCycleLR(opt, [1.0], totalSteps: 10);
        for (int i = 0; i < 10; i++)
        {
            opt.Step();
            scheduler.Step();
        }

        Assert.Equal(10, scheduler.LastEpoch);
        Assert.Equal(0.04951936798652623, opt.Groups[0].LearningRate, 15);
        opt.Step();
        var e = Assert.Throws<InvalidOperationException>(scheduler.Step);
        Assert.Contains("total_steps=10", e.Message, StringComparison.Ordinal);
    }
}

public sealed class OneCycleLRLinearEndTests
{
    [Fact]
    public void A_negative_linear_extrapolation_after_the_last_update_holds_the_final_rate()
    {
        // Linear annealing, total_steps=10: PyTorch 1.13 extrapolates the last phase below zero at step 10.
        var opt = new GroupsOptimizer(1.0);
        var scheduler = new OneCycleLR(opt, [1.0], totalSteps: 10, annealStrategy: OneCycleAnnealStrategy.Linear);
        var schedule = scheduler.GroupSchedules[0];
        Assert.True(schedule.Evaluate(10).Lr < 0, "the case must exercise a negative extrapolation");
        for (int i = 0; i < 10; i++)
        {
            opt.Step();
            scheduler.Step();
        }

        Assert.Equal(schedule.Evaluate(9).Lr, opt.Groups[0].LearningRate);
        Assert.Equal(schedule.Evaluate(9).Momentum, opt.Groups[0].Momentum);
        opt.Step();
        Assert.Throws<InvalidOperationException>(scheduler.Step);
    }
}
