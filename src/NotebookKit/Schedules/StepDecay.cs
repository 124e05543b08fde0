namespace NotebookKit.Schedules;

/// <summary>The classic Keras <c>LearningRateScheduler</c> step decay: init · factor^⌊(1 + epoch)/drop_every⌋.</summary>
/// <remarks>
/// The function most Keras tutorials pass to <c>LearningRateScheduler</c> (Rosebrock's CIFAR-10 step decay, used by
/// notebook 02). The step is the 0-based epoch; note the <c>1 +</c>: the first drop comes after drop_every − 1 epochs.
/// </remarks>
public sealed record StepDecay : ISchedule
{
    /// <summary>Creates the schedule.</summary>
    /// <param name="initialLearningRate">The rate at epoch 0 (<c>initAlpha</c>).</param>
    /// <param name="factor">The drop factor (<c>factor</c>); in [0, 1].</param>
    /// <param name="dropEvery">Epochs between drops (<c>dropEvery</c>); positive.</param>
    public StepDecay(double initialLearningRate, double factor = 0.25, long dropEvery = 5)
    {
        InitialLearningRate = ScheduleChecks.NonNegative(initialLearningRate, "initial_learning_rate");
        Factor = ScheduleChecks.Between(factor, 0, 1, "factor");
        DropEvery = ScheduleChecks.Positive(dropEvery, "drop_every");
    }

    /// <summary>The rate at epoch 0.</summary>
    public double InitialLearningRate { get; }

    /// <summary>The drop factor.</summary>
    public double Factor { get; }

    /// <summary>Epochs between drops.</summary>
    public long DropEvery { get; }

    /// <inheritdoc/>
    public double ValueAt(long step)
    {
        ScheduleChecks.Step(step);
        return InitialLearningRate * Math.Pow(Factor, Math.Floor((1.0 + step) / DropEvery));
    }
}
