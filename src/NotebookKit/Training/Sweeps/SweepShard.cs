using System.Globalization;

namespace NotebookKit.Training.Sweeps;

/// <summary>
/// Which share of a sweep's points one process runs: shard <see cref="Index"/> of <see cref="Count"/> takes the points
/// whose plan index <c>k</c> has <c>k mod Count = Index</c>. Shards of one count never share a point, and together
/// they cover every point.
/// </summary>
/// <param name="Index">This shard, 0-based.</param>
/// <param name="Count">How many shards the sweep is split into.</param>
public sealed record SweepShard(int Index, int Count)
{
    /// <summary>This shard, 0-based (less than <see cref="Count"/>).</summary>
    public int Index { get; } = Count >= 1 && Index >= 0 && Index < Count
        ? Index
        : throw new ArgumentOutOfRangeException(nameof(Index), Index, $"A shard is i of n with 0 <= i < n and n >= 1; got {Index} of {Count}.");

    /// <summary>Slurm's array index of this task (<c>sbatch --array</c>).</summary>
    public const string SlurmTaskId = "SLURM_ARRAY_TASK_ID";

    /// <summary>Slurm's number of tasks in the array.</summary>
    public const string SlurmTaskCount = "SLURM_ARRAY_TASK_COUNT";

    /// <summary>Slurm's lowest index of the array.</summary>
    public const string SlurmTaskMin = "SLURM_ARRAY_TASK_MIN";

    /// <summary>Slurm's index step of the array (<c>--array=0-15:4</c>).</summary>
    public const string SlurmTaskStep = "SLURM_ARRAY_TASK_STEP";

    /// <summary>The completion index Kubernetes gives each pod of an indexed Job (<c>completionMode: Indexed</c>).</summary>
    public const string KubernetesCompletionIndex = "JOB_COMPLETION_INDEX";

    /// <summary>The whole sweep in one process (shard 0 of 1).</summary>
    public static SweepShard All { get; } = new(0, 1);

    /// <summary>Whether this shard runs the point at plan index <paramref name="pointIndex"/>.</summary>
    public bool Owns(int pointIndex) => pointIndex % Count == Index;

    /// <summary>Parses <c>i/n</c> (<c>--shard 2/8</c>).</summary>
    /// <exception cref="FormatException">Not <c>i/n</c> with 0 &lt;= i &lt; n.</exception>
    public static SweepShard Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        string[] parts = text.Split('/');
        if (parts.Length == 2 && TryInt(parts[0], out int index) && TryInt(parts[1], out int count) && count >= 1 && index < count)
        {
            return new SweepShard(index, count);
        }

        throw new FormatException($"--shard must be i/n with 0 <= i < n (shard i of n, counted from 0), such as 0/4; got \"{text}\".");
    }

    /// <summary>
    /// The shard this process runs: <paramref name="shard"/> (<c>--shard i/n</c>) when given; otherwise the index from
    /// <c>SLURM_ARRAY_TASK_ID</c> or <c>JOB_COMPLETION_INDEX</c> with <paramref name="shards"/> (<c>--shards n</c>); otherwise
    /// Slurm's array (index relative to <c>SLURM_ARRAY_TASK_MIN</c> and <c>SLURM_ARRAY_TASK_STEP</c>, count
    /// <c>SLURM_ARRAY_TASK_COUNT</c>); otherwise the whole sweep.
    /// </summary>
    /// <param name="shard">The <c>--shard</c> text, or null.</param>
    /// <param name="shards">The <c>--shards</c> count, or null.</param>
    /// <param name="environment">Reads an environment variable (null when unset).</param>
    /// <exception cref="FormatException">The options or variables are missing, malformed or contradict each other; the message says which.</exception>
    public static SweepShard Resolve(string? shard, int? shards, Func<string, string?> environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        if (shard is not null)
        {
            return shards is null
                ? Parse(shard)
                : throw new FormatException("Give --shard i/n, or --shards n with the index from SLURM_ARRAY_TASK_ID or JOB_COMPLETION_INDEX, not both.");
        }

        string? slurm = environment(SlurmTaskId);
        string? kubernetes = environment(KubernetesCompletionIndex);
        if (shards is { } count)
        {
            if (count < 1)
            {
                throw new FormatException($"--shards must be at least 1, got {count}.");
            }

            if (slurm is not null && kubernetes is not null)
            {
                throw new FormatException($"Both {SlurmTaskId} ({slurm}) and {KubernetesCompletionIndex} ({kubernetes}) are set; give --shard i/n to say which shard this is.");
            }

            string variable = slurm is not null ? SlurmTaskId : KubernetesCompletionIndex;
            string value = slurm ?? kubernetes
                ?? throw new FormatException($"--shards {count} takes this process's shard index from {SlurmTaskId} (a Slurm array task) or {KubernetesCompletionIndex} (a Kubernetes indexed Job), and neither is set; give --shard i/{count} instead.");
            return TryInt(value, out int index) && index < count
                ? new SweepShard(index, count)
                : throw new FormatException($"{variable} is \"{value}\" but --shards is {count}: the index must be an integer from 0 to {count - 1}.");
        }

        if (slurm is not null)
        {
            return FromSlurmArray(slurm, environment);
        }

        return kubernetes is not null
            ? throw new FormatException($"{KubernetesCompletionIndex} is set ({kubernetes}) but Kubernetes does not tell a pod how many completions its Job has; give --shards n with n = the Job's spec.completions.")
            : All;
    }

    /// <inheritdoc/>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Index}/{Count}");

    private static SweepShard FromSlurmArray(string id, Func<string, string?> environment)
    {
        string count = environment(SlurmTaskCount)
            ?? throw new FormatException($"{SlurmTaskId} is set ({id}) but {SlurmTaskCount} is not; give --shards n (the array's size) or --shard i/n.");
        string min = environment(SlurmTaskMin) ?? "0";
        string step = environment(SlurmTaskStep) ?? "1";
        if (!TryInt(id, out int task) || !TryInt(count, out int n) || n < 1 || !TryInt(min, out int first) || !TryInt(step, out int stride) || stride < 1)
        {
            throw new FormatException($"Slurm's array variables are not whole numbers ({SlurmTaskId}={id}, {SlurmTaskCount}={count}, {SlurmTaskMin}={min}, {SlurmTaskStep}={step}).");
        }

        int offset = task - first;
        if (offset < 0 || offset % stride != 0 || offset / stride >= n)
        {
            // An array such as --array=0,3,7 or a resubmitted subset (--array=2) has no regular index -> shard mapping.
            throw new FormatException($"{SlurmTaskId}={task} is not task {offset / Math.Max(stride, 1)} of a regular array {first}-{first + ((n - 1) * stride)}:{stride} ({SlurmTaskCount}={n}); submit --array=0-{n - 1}, or give --shards n so the array index is the shard index (as when resubmitting one task).");
        }

        return new SweepShard(offset / stride, n);
    }

    private static bool TryInt(string text, out int value) =>
        int.TryParse(text.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out value);
}
