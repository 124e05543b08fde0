using System.Globalization;

namespace NotebookKit.Notebooks.Execution;

/// <summary>
/// Shortens a failed cell's stack trace for a reader: a recursion leaves the same frame (or the same short cycle of
/// frames, as in mutual recursion) hundreds of times in a row, which says nothing more the second time. Such a run is
/// shown once, followed by <c>... the line above repeated 497 more times</c> (the form Python's traceback uses), and a
/// trace still longer than <see cref="MaxShownFrames"/> frames keeps its first and last frames with a line saying how
/// many were left out between them.
/// </summary>
internal static class StackTraceFolding
{
    /// <summary>At most this many frames are shown, counting a repeated run's frames once.</summary>
    public const int MaxShownFrames = 40;

    /// <summary>Frames kept from the end of a trace cut by <see cref="MaxShownFrames"/>: the cell's own outermost calls.</summary>
    public const int ShownLastFrames = 5;

    /// <summary>The longest cycle of frames folded: a recursion through two or three methods.</summary>
    public const int LongestCycle = 3;

    /// <summary>Stack-trace lines with repeated runs folded and the total cut to <paramref name="maxShownFrames"/> frames.</summary>
    /// <param name="lines">The trace, one frame (or separator) a line, innermost first.</param>
    /// <param name="maxShownFrames">The most frames to show; at least <see cref="ShownLastFrames"/> + 1.</param>
    public static IReadOnlyList<string> Fold(IReadOnlyList<string> lines, int maxShownFrames = MaxShownFrames) =>
        Fold(lines, line => line, StringComparer.Ordinal, maxShownFrames);

    /// <summary>
    /// Frames with repeated runs folded and the total cut to <paramref name="maxShownFrames"/> frames; only the frames
    /// shown are formatted, so a trace of a hundred thousand frames costs a comparison each.
    /// </summary>
    /// <typeparam name="T">A frame, compared with <paramref name="comparer"/>.</typeparam>
    /// <param name="frames">The frames, innermost first.</param>
    /// <param name="format">One frame's line.</param>
    /// <param name="comparer">When two frames are the same call.</param>
    /// <param name="maxShownFrames">The most frames to show; at least <see cref="ShownLastFrames"/> + 1.</param>
    public static IReadOnlyList<string> Fold<T>(IReadOnlyList<T> frames, Func<T, string> format, IEqualityComparer<T> comparer, int maxShownFrames = MaxShownFrames)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(maxShownFrames, ShownLastFrames);
        var runs = Runs(frames, comparer);
        int shown = runs.Sum(r => r.Length);
        if (shown <= maxShownFrames)
        {
            return [.. runs.SelectMany(r => Lines(frames, r, format))];
        }

        // Keep whole runs from the start and from the end; the runs between are counted, not shown.
        int head = 0, headFrames = 0;
        while (headFrames + runs[head].Length <= maxShownFrames - ShownLastFrames)
        {
            headFrames += runs[head++].Length;
        }

        int tail = runs.Count, tailFrames = 0;
        while (tail - 1 > head && tailFrames + runs[tail - 1].Length <= ShownLastFrames)
        {
            tailFrames += runs[--tail].Length;
        }

        int leftOut = runs.Skip(head).Take(tail - head).Sum(r => r.Length * r.Times);
        string gap = string.Create(CultureInfo.InvariantCulture, $"   ... {leftOut} more frame{(leftOut == 1 ? "" : "s")} not shown ...");
        return [.. runs.Take(head).SelectMany(r => Lines(frames, r, format)), gap, .. runs.Skip(tail).SelectMany(r => Lines(frames, r, format))];
    }

    /// <summary>
    /// The trace as runs: at each frame, the cycle of 1 to <see cref="LongestCycle"/> frames that repeats back to back
    /// over the most frames (the shortest on a tie), when folding it saves lines; otherwise the frame alone.
    /// </summary>
    private static List<Run> Runs<T>(IReadOnlyList<T> frames, IEqualityComparer<T> comparer)
    {
        var runs = new List<Run>();
        int i = 0;
        while (i < frames.Count)
        {
            var best = new Run(i, 1, 1);
            for (int length = 1; length <= LongestCycle && i + 2 * length <= frames.Count; length++)
            {
                int times = 1;
                while (i + (times + 1) * length <= frames.Count && SameCycle(frames, i, i + times * length, length, comparer))
                {
                    times++;
                }

                // Folding n copies of a cycle shows it once plus one line: worth it only when that is shorter.
                if (length * (times - 1) > 1 && length * times > best.Length * best.Times)
                {
                    best = new Run(i, length, times);
                }
            }

            runs.Add(best);
            i += best.Length * best.Times;
        }

        return runs;
    }

    private static bool SameCycle<T>(IReadOnlyList<T> frames, int first, int second, int length, IEqualityComparer<T> comparer)
    {
        for (int k = 0; k < length; k++)
        {
            if (!comparer.Equals(frames[first + k], frames[second + k]))
            {
                return false;
            }
        }

        return true;
    }

    private static IEnumerable<string> Lines<T>(IReadOnlyList<T> frames, Run run, Func<T, string> format)
    {
        for (int k = 0; k < run.Length; k++)
        {
            yield return format(frames[run.Start + k]);
        }

        if (run.Times > 1)
        {
            int more = run.Times - 1;
            string above = run.Length == 1 ? "the line above" : string.Create(CultureInfo.InvariantCulture, $"the {run.Length} lines above");
            yield return string.Create(CultureInfo.InvariantCulture, $"   ... {above} repeated {more} more time{(more == 1 ? "" : "s")}");
        }
    }

    /// <summary><paramref name="Length"/> frames from <paramref name="Start"/>, back to back <paramref name="Times"/> times.</summary>
    private readonly record struct Run(int Start, int Length, int Times);
}
