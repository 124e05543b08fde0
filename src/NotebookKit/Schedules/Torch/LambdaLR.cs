
namespace NotebookKit.Schedules.Torch;

/// <summary>PyTorch <c>LambdaLR</c>: η_t = base · λ(t), one function for all groups or one per group.</summary>
/// <remarks>Not chainable: it overwrites other schedulers' changes (pytorch#82859). Functions are not saved by
/// <see cref="LRScheduler.SaveState"/> (as PyTorch saves <c>None</c> for lambdas): rebuild with the same functions, then load.</remarks>
public sealed class LambdaLR : LRScheduler
{
    private readonly Func<long, double>[] lambdas;

    /// <summary>Creates the scheduler and applies λ(0).</summary>
    /// <param name="optimizer">The optimizer.</param>
    /// <param name="lrLambdas">PyTorch <c>lr_lambda</c>: one function, or one per group.</param>
    public LambdaLR(IScheduledOptimizer optimizer, params Func<long, double>[] lrLambdas)
        : base(optimizer)
    {
        lambdas = Functions(optimizer, lrLambdas);
        InitialStep();
    }

    internal static Func<long, double>[] Functions(IScheduledOptimizer optimizer, Func<long, double>[] lrLambdas)
    {
        ArgumentNullException.ThrowIfNull(lrLambdas);
        if (lrLambdas.Length == 1)
        {
            return Enumerable.Repeat(lrLambdas[0] ?? throw new ArgumentNullException(nameof(lrLambdas)), optimizer.Groups.Count).ToArray();
        }

        if (lrLambdas.Length != optimizer.Groups.Count)
        {
            throw new ArgumentException($"Expected {optimizer.Groups.Count} lr_lambdas, but got {lrLambdas.Length}", nameof(lrLambdas));
        }

        return lrLambdas.Select(f => f ?? throw new ArgumentNullException(nameof(lrLambdas))).ToArray();
    }

    /// <inheritdoc/>
    protected override double[] GetLearningRates() =>
        BaseLearningRates.Select((b, i) => b * lambdas[i](LastEpoch)).ToArray();
}
