using System.Runtime.CompilerServices;
using NotebookKit.Optim;

namespace NotebookKit.Schedules.Torch;

/// <summary>
/// PyTorch's <c>group['initial_lr']</c>, kept beside the optimizer instead of inside its groups: the first scheduler
/// built on an optimizer records each group's rate, later schedulers reuse it (<c>setdefault</c>), OneCycleLR
/// overwrites it. SequentialLR and ChainedScheduler depend on this to reproduce PyTorch's numbers.
/// </summary>
internal static class InitialLearningRates
{
    private static readonly ConditionalWeakTable<IOptimizer, double[]> Table = [];

    /// <summary>PyTorch <c>group.setdefault('initial_lr', group['lr'])</c> for every group; returns a copy.</summary>
    public static double[] SetDefault(IOptimizer optimizer)
    {
        double[] values = Table.GetValue(optimizer, o => o.Groups.Select(g => g.LearningRate).ToArray());
        if (values.Length != optimizer.Groups.Count)
        {
            // Groups were added after the first scheduler: PyTorch's setdefault fills only the new ones.
            values = [.. values.Take(optimizer.Groups.Count), .. optimizer.Groups.Skip(values.Length).Select(g => g.LearningRate)];
            Table.AddOrUpdate(optimizer, values);
        }

        return (double[])values.Clone();
    }

    /// <summary>PyTorch <c>group['initial_lr'] = value</c> (OneCycleLR).</summary>
    public static void Set(IOptimizer optimizer, double[] values) => Table.AddOrUpdate(optimizer, (double[])values.Clone());

    /// <summary>The recorded values, if any scheduler was built on <paramref name="optimizer"/>.</summary>
    public static double[] Get(IOptimizer optimizer) => Table.TryGetValue(optimizer, out var v) ? (double[])v.Clone() : SetDefault(optimizer);
}
