namespace NotebookKit.Schedules;

/// <summary>A hyperparameter (usually the learning rate) as a pure function of the optimizer step.</summary>
/// <remarks>
/// <para><c>step</c> counts completed optimizer updates, starting at 0 for the first update
/// (optax's <c>count</c>, Keras's <c>iterations</c>). Same step, same value, in any call order:
/// a schedule can be plotted, tabulated and resumed without replaying it.</para>
/// <para>Implementations are immutable sealed records; they validate their arguments on construction.</para>
/// </remarks>
public interface ISchedule
{
    /// <summary>Returns the value at <paramref name="step"/> (0-based, optimizer updates completed).</summary>
    /// <param name="step">Optimizer updates completed; must be non-negative.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="step"/> is negative.</exception>
    double ValueAt(long step);
}
