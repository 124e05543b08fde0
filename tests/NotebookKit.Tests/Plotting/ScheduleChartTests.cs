using NotebookKit.Plotting;
using NotebookKit.Schedules;

namespace NotebookKit.Tests.Plotting;

/// <summary>The schedule chart against the library's own schedules: every plotted value is the schedule's ValueAt.</summary>
public class ScheduleChartTests
{
    [Fact]
    public void One_cycle_learning_rate_and_momentum_are_plotted_exactly()
    {
        OneCycleSchedule oneCycle = Schedule.OneCycle(maxValue: 0.1, totalSteps: 50);
        Figure figure = Charts.Schedule(oneCycle, 50, "one-cycle", Schedule.FromFunc(oneCycle.MomentumAt, "momentum"), stepsPerEpoch: 10);

        var lr = (ScatterTrace)figure.Data[0];
        var momentum = (ScatterTrace)figure.Data[1];
        Assert.Equal("y2", momentum.YAxis);
        Assert.Equal("y", figure.Layout.GetAxis("yaxis2")!.Overlaying);
        for (int step = 0; step < 50; step++)
        {
            Assert.Equal(step / 10.0, lr.X!.Numbers[step]);
            Assert.Equal(oneCycle.ValueAt(step), lr.Y!.Numbers[step]);
            Assert.Equal(oneCycle.MomentumAt(step), momentum.Y!.Numbers[step]);
        }
    }

    [Fact]
    public void Multi_step_milestones_can_be_marked()
    {
        MultiStepSchedule multiStep = Schedule.MultiStep(0.1, [30, 80]);
        Figure figure = Charts.Schedule(multiStep, 100, marks: [new VerticalMark("x0.1", 30), new VerticalMark("x0.01", 80)]);
        Assert.Equal([30.0, 80.0], figure.Layout.Shapes!.Select(s => s.X0));
        Assert.Equal(multiStep.ValueAt(99), ((ScatterTrace)figure.Data[0]).Y!.Numbers[^1]);
        Assert.Empty(RemovedAttributes.Find(figure.ToJson()));
    }
}
