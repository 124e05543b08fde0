namespace NotebookKit.Schedules;

/// <summary>A schedule from a function: the escape hatch for notebooks (PyTorch <c>LambdaLR</c>'s lambda).</summary>
/// <remarks>
/// Not serialisable: a function cannot be saved, printed or compared, so configuration files and checkpoints
/// cannot carry it (PyTorch saves <c>None</c> for lambdas). Prefer the records in this namespace.
/// The function must be pure; its result is checked to be finite and non-negative.
/// </remarks>
public sealed record FuncSchedule : ISchedule
{
    /// <summary>Creates the schedule.</summary>
    /// <param name="function">The value as a function of the step.</param>
    /// <param name="name">A name for plots and <see cref="object.ToString"/>.</param>
    public FuncSchedule(Func<long, double> function, string name = "custom")
    {
        ArgumentNullException.ThrowIfNull(function);
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        Function = function;
        Name = name;
    }

    /// <summary>The function.</summary>
    public Func<long, double> Function { get; }

    /// <summary>The name shown in plots.</summary>
    public string Name { get; }

    /// <inheritdoc/>
    public double ValueAt(long step)
    {
        ScheduleChecks.Step(step);
        double v = Function(step);
        if (!double.IsFinite(v) || v < 0)
        {
            throw new InvalidOperationException($"Schedule '{Name}' returned {ScheduleChecks.Format(v)} at step {step}; a schedule must return a finite, non-negative value.");
        }

        return v;
    }

    /// <inheritdoc/>
    public override string ToString() => $"FuncSchedule {{ Name = {Name} }}";
}
