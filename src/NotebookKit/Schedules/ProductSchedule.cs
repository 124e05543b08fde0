namespace NotebookKit.Schedules;

/// <summary>The product of two schedules at the same step (PyTorch <c>ChainedScheduler</c>'s multiplying, without state).</summary>
public sealed record ProductSchedule : ISchedule
{
    /// <summary>Creates the schedule.</summary>
    /// <param name="left">The first factor.</param>
    /// <param name="right">The second factor.</param>
    public ProductSchedule(ISchedule left, ISchedule right)
    {
        ArgumentNullException.ThrowIfNull(left);
        ArgumentNullException.ThrowIfNull(right);
        Left = left;
        Right = right;
    }

    /// <summary>The first factor.</summary>
    public ISchedule Left { get; }

    /// <summary>The second factor.</summary>
    public ISchedule Right { get; }

    /// <inheritdoc/>
    public double ValueAt(long step) => Left.ValueAt(step) * Right.ValueAt(step);
}
