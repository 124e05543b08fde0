using NotebookKit.Schedules;

namespace NotebookKit.Tests.Schedules;

/// <summary>Restart schedules with extreme growth factors compute (no endless loop, no overflow).</summary>
public sealed class RestartBoundsTests
{
    [Theory]
    [InlineData(1e308)]
    [InlineData(double.MaxValue)]
    [InlineData(1e200)]
    public async Task CosineDecayRestarts_with_a_huge_t_mul_computes_every_step(double tMul)
    {
        var schedule = new CosineDecayRestarts(0.1, firstDecaySteps: 10, tMul: tMul);

        // A hang here (the cycle index became infinite) would never return: run it off-thread and bound the wait.
        double[] values = await Task.Run(() => Enumerable.Range(0, 40).Select(step => schedule.ValueAt(step)).ToArray())
            .WaitAsync(TimeSpan.FromMinutes(2));

        Assert.All(values, v => Assert.InRange(v, 0.0, 0.1));
        Assert.Equal(0.05, values[5], 12); // half way through the first cycle
        Assert.Equal(0.1, values[10], 12); // the restart; the second cycle is t_mul times longer
        Assert.Equal(0.1, values[39], 12);
    }

    [Theory]
    [InlineData(1_000_000_000_000_000_000L)]
    [InlineData(long.MaxValue)]
    public void CosineWarmRestarts_with_a_huge_T_mult_does_not_overflow(long tMult)
    {
        var schedule = new CosineWarmRestartsSchedule(0.1, t0: 10, tMult: tMult);

        double[] values = [schedule.ValueAt(5), schedule.ValueAt(10), schedule.ValueAt(11), schedule.ValueAt(long.MaxValue / 2)];

        Assert.Equal(0.05, values[0], 12);
        Assert.Equal(0.1, values[1], 12);
        Assert.All(values, v => Assert.InRange(v, 0.0, 0.1));
    }
}
