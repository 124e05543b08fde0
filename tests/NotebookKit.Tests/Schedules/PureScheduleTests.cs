using NotebookKit.Schedules;

namespace NotebookKit.Tests.Schedules;

/// <summary>Pure schedules against reference values ([formula]: the libraries' formulas run in float64 Python) and PyTorch 1.13.1's.</summary>
public sealed class PureScheduleTests
{
    private static void Close(double[] expected, double[] actual, double tol = 1e-12)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
        {
            Assert.True(Math.Abs(expected[i] - actual[i]) <= tol * Math.Max(1, Math.Abs(expected[i])), $"[{i}] {actual[i]:R} vs {expected[i]:R}");
        }
    }

    [Fact]
    public void Step_and_multistep_match_pytorch_closed_forms() =>
        Close([1, 1, 1, 0.5, 0.5, 0.5, 0.25, 0.25, 0.25, 0.125], Schedule.Step(1, 3, 0.5).Sample(0, 10));

    [Fact]
    public void Multistep_counts_duplicate_milestones() =>
        Close([1, 1, 0.1, 0.1, 0.1, 0.0010000000000000002], Schedule.MultiStep(1, [5, 2, 5]).Sample(0, 6));

    [Fact]
    public void Cosine_rises_after_t_max_unless_held()
    {
        Close([1, 0.8535533905932737, 0.5, 0.14644660940672627, 0, 0.1464466094067262], Schedule.Cosine(1, 4).Sample(0, 6), 1e-14);
        Assert.Equal(0.0, Schedule.Cosine(1, 4, holdAfterTMax: true).ValueAt(7));
    }

    [Fact]
    public void Keras_exponential_decay() =>
        Close([1, 0.8408964152537145, 0.7071067811865476, 0.5946035575013605, 0.5], new ExponentialDecay(1, 4, 0.5).Sample(0, 5));

    [Fact]
    public void Keras_exponential_decay_staircase() =>
        Close([1, 1, 1, 1, 0.5], new ExponentialDecay(1, 4, 0.5, staircase: true).Sample(0, 5));

    [Fact]
    public void Keras_piecewise_boundary_belongs_to_earlier_interval() =>
        Close([1, 1, 1, 1, 0.5, 0.5, 0.5, 0.1], new PiecewiseConstantDecay([3, 6], [1, .5, .1]).Sample(0, 8));

    [Fact]
    public void Keras_polynomial_decay_and_cycle()
    {
        Close([1, 0.60625, 0.325, 0.15625, 0.1, 0.1], new PolynomialDecay(1, 4, 0.1, 2).Sample(0, 6));
        Close([0.1, 0.2265625, 0.15625, 0.11406250000000001, 0.1, 0.15625], new PolynomialDecay(1, 4, 0.1, 2, cycle: true).Sample(4, 10));
    }

    [Fact]
    public void Keras_inverse_time_decay() =>
        Close([1, 1, 2.0 / 3, 2.0 / 3, 0.5], new InverseTimeDecay(1, 2, 0.5, staircase: true).Sample(0, 5));

    [Fact]
    public void Keras_cosine_decay_with_alpha_and_warmup()
    {
        var a = new CosineDecay(1, 8, alpha: 0.1);
        Close([1, 0.9657457896300791, 0.8681980515339464], a.Sample(0, 3));
        Assert.Equal(0.55, a.ValueAt(4), 12);
        Assert.Equal(0.1, a.ValueAt(100), 12);
        var w = new CosineDecay(0, 8, warmupTarget: 1, warmupSteps: 4);
        Close([0, 0.25, 0.5, 0.75, 1.0, 0.9619397662556434], w.Sample(0, 6));
        Assert.Equal(0.0, w.ValueAt(12), 12);
    }

    [Fact]
    public void Keras_cosine_decay_restarts()
    {
        var s = new CosineDecayRestarts(1, 4, 2, 0.5, 0.1);
        Close([1.0, 0.55, 0.55, 0.48409902576697317, 0.325, 0.16590097423302683, 0.325], [s.ValueAt(0), s.ValueAt(2), s.ValueAt(4), s.ValueAt(6), s.ValueAt(8), s.ValueAt(10), s.ValueAt(12)]);
        Assert.Equal(0.2125, s.ValueAt(28), 12);
    }

    [Fact]
    public void Legacy_time_based_decay() =>
        Close([1, 0.6666666666666666, 0.5, 0.4], new TimeBasedDecay(1, 0.5).Sample(0, 4));

    [Fact]
    public void Optax_warmup_cosine_preset() =>
        Close([0, .25, .5, .75, 1, 0.9657457896300791], Schedule.WarmupCosine(1, 4, 12, endValue: 0.1).Sample(0, 6));

    [Fact]
    public void Optax_linear_with_begin() =>
        Close([1, 1, 1, 0.75, 0.5, 0.25, 0, 0], Schedule.Linear(1, 0, 4, 2).Sample(0, 8));

    [Fact]
    public void Join_rebases_each_part() =>
        Close([0.1, 0.4, 0.7, 1.0, 0.5, 0.25], Schedule.Linear(0.1, 1.0, 3).Then(Schedule.Exponential(1.0, 0.5), 3).Sample(0, 6), 1e-15);

    [Fact]
    public void Warm_restarts_use_exact_cycle_index()
    {
        var s = Schedule.WarmRestarts(1, 1, 10);
        Assert.Equal(1.0, s.ValueAtEpoch(111));
        var f = Schedule.WarmRestarts(1, 3, 2);
        Close([0.9330127018922194, 0.5, 1.0, 0.8535533905932737, 1.0, 1.0], [f.ValueAtEpoch(0.5), f.ValueAtEpoch(1.5), f.ValueAtEpoch(3.0), f.ValueAtEpoch(4.5), f.ValueAtEpoch(9.0), f.ValueAtEpoch(21.0)]);
        Assert.Equal(0.0006852326227130834, f.ValueAtEpoch(8.9), 14);
    }

    [Fact]
    public void Keras_step_decay_for_notebook_02() =>
        Close([0.01, 0.01, 0.01, 0.01, 0.0025, 0.0025], Schedule.KerasStepDecay(0.01, 0.25, 5).Sample(0, 6));

    [Fact]
    public void One_cycle_refuses_steps_past_the_end_and_zero_length_warmup()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Schedule.OneCycle(1, 10).ValueAt(10));
        var e = Assert.Throws<ArgumentException>(() => Schedule.OneCycle(1, 10, 0.1));
        Assert.Contains("pct_start", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Bad_arguments_name_the_rule()
    {
        Assert.Contains("step_size", Assert.Throws<ArgumentOutOfRangeException>(() => Schedule.Step(1, 0)).Message, StringComparison.Ordinal);
        Assert.Contains("T_max", Assert.Throws<ArgumentOutOfRangeException>(() => Schedule.Cosine(1, 0)).Message, StringComparison.Ordinal);
        Assert.Contains("non-negative", Assert.Throws<ArgumentOutOfRangeException>(() => Schedule.Constant(-1)).Message, StringComparison.Ordinal);
        Assert.Contains("decay_steps", Assert.Throws<ArgumentOutOfRangeException>(() => new ExponentialDecay(1, 0, 0.5)).Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => new PiecewiseConstantDecay([1, 2], [1]));
        Assert.Throws<ArgumentOutOfRangeException>(() => Schedule.Constant(1).ValueAt(-1));
        Assert.Throws<InvalidOperationException>(() => Schedule.FromFunc(t => -t).ValueAt(3));
    }

    [Fact]
    public void Plateau_scaled_schedule_composes_with_warmup_cosine()
    {
        var p = new PlateauScaledSchedule(Schedule.WarmupCosine(1, 2, 20), new PlateauOptions(factor: 0.5, patience: 0));
        Assert.False(p.Report(1.0, 5));
        Assert.True(p.Report(1.0, 6));
        Assert.Equal(Schedule.WarmupCosine(1, 2, 20).ValueAt(7) * 0.5, p.ValueAt(7), 15);
        var keras = new PlateauTracker(new PlateauOptions(patience: 2, threshold: 0, semantics: PlateauSemantics.Keras));
        int reductions = 0;
        foreach (double m in new[] { 1.0, 1.0, 1.0 })
        {
            keras.Observe(m, () => { reductions++; return true; });
        }

        Assert.Equal(1, reductions); // Keras: after patience (2) bad epochs; PyTorch would need 3.
    }

    [Fact]
    public void Schedules_have_value_equality()
    {
        Assert.Equal(Schedule.OneCycle(1, 10), Schedule.OneCycle(1, 10));
        Assert.NotEqual(Schedule.OneCycle(1, 10), Schedule.OneCycle(1, 11));
        Assert.Equal(Schedule.MultiStep(1, [5, 2]), Schedule.MultiStep(1, [2, 5]));
        Assert.Equal(Schedule.WarmupCosine(1, 2, 10), Schedule.WarmupCosine(1, 2, 10));
        Assert.Equal(new PiecewiseConstantDecay([3], [1, 0.5]), new PiecewiseConstantDecay([3], [1, 0.5]));
        Assert.Equal(Schedule.WarmupCosine(1, 2, 10).GetHashCode(), Schedule.WarmupCosine(1, 2, 10).GetHashCode());
    }
}
