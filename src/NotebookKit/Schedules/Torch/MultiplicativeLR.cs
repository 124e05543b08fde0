
namespace NotebookKit.Schedules.Torch;

/// <summary>PyTorch <c>MultiplicativeLR</c>: η_t = η_(t−1) · λ(t) for t &gt; 0 (λ is first called with t = 1).</summary>
/// <remarks>Functions are not saved by <see cref="LRScheduler.SaveState"/>: rebuild with the same functions, then load.</remarks>
public sealed class MultiplicativeLR : LRScheduler
{
    private readonly Func<long, double>[] lambdas;

    /// <summary>Creates the scheduler (the rate is unchanged at epoch 0).</summary>
    /// <param name="optimizer">The optimizer.</param>
    /// <param name="lrLambdas">PyTorch <c>lr_lambda</c>: one function, or one per group.</param>
    public MultiplicativeLR(IScheduledOptimizer optimizer, params Func<long, double>[] lrLambdas)
        : base(optimizer)
    {
        lambdas = LambdaLR.Functions(optimizer, lrLambdas);
        InitialStep();
    }

    /// <inheritdoc/>
    protected override double[] GetLearningRates() => LastEpoch > 0
        ? Optimizer.Groups.Select((g, i) => g.LearningRate * lambdas[i](LastEpoch)).ToArray()
        : GroupRates();
}
