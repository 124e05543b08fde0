namespace NotebookKit.Training.RangeTest;

/// <summary>
/// The pure analysis of a learning-rate range test: loss smoothing, the divergence rule and fastai's suggestions
/// (valley, steepest slope, minimum/10).
/// </summary>
/// <remarks>Source: fastai v2 <c>callback/schedule.py</c> (<c>LRFinder</c>, <c>valley</c>, <c>steep</c>, <c>minimum</c>) and <c>AvgSmoothLoss</c>.</remarks>
public static class RangeTestAnalysis
{
    /// <summary>Exponential moving average with bias correction (fastai <c>AvgSmoothLoss(beta=0.98)</c>).</summary>
    /// <remarks><c>v₀ = 0, vᵢ = β·vᵢ₋₁ + (1 − β)·lossᵢ, smoothedᵢ = vᵢ / (1 − β^i)</c> (i counting from 1).</remarks>
    public static double[] Smooth(ReadOnlySpan<double> losses, double beta = 0.98)
    {
        if (!(beta is >= 0 and < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(beta), $"beta must be in [0, 1), got {beta}.");
        }

        var smoothed = new double[losses.Length];
        double value = 0;
        for (int i = 0; i < losses.Length; i++)
        {
            value = (beta * value) + ((1 - beta) * losses[i]);
            smoothed[i] = value / (1 - Math.Pow(beta, i + 1));
        }

        return smoothed;
    }

    /// <summary>fastai's stop rule: the smoothed loss exceeds four times the best smoothed loss so far.</summary>
    public static bool Diverged(double smoothedLoss, double bestSmoothedLoss) => smoothedLoss > 4 * bestSmoothedLoss || double.IsNaN(smoothedLoss);

    /// <summary>
    /// All three suggestions from the recorded learning rates and smoothed losses, after fastai's trimming: the
    /// first <c>num_iter/10</c> and the last 5 points are dropped, and everything from the first NaN loss on.
    /// </summary>
    /// <param name="lrs">The learning rate of every recorded iteration.</param>
    /// <param name="smoothedLosses">The smoothed loss of every recorded iteration.</param>
    /// <param name="numIter">The planned number of iterations (fastai <c>num_it</c>).</param>
    /// <returns>The suggestions; each is null when fewer than two points remain after trimming.</returns>
    public static RangeTestSuggestions Suggest(IReadOnlyList<double> lrs, IReadOnlyList<double> smoothedLosses, int numIter)
    {
        ArgumentNullException.ThrowIfNull(lrs);
        ArgumentNullException.ThrowIfNull(smoothedLosses);
        if (lrs.Count != smoothedLosses.Count)
        {
            throw new ArgumentException($"{lrs.Count} learning rates but {smoothedLosses.Count} losses.", nameof(smoothedLosses));
        }

        // Python's lrs[num_it//10 : -5].
        int start = Math.Min(numIter / 10, lrs.Count);
        int end = Math.Max(start, lrs.Count - 5);
        var l = lrs.Skip(start).Take(end - start).ToList();
        var s = smoothedLosses.Skip(start).Take(end - start).ToList();
        int nan = s.FindIndex(double.IsNaN);
        if (nan >= 0)
        {
            l.RemoveRange(nan, l.Count - nan);
            s.RemoveRange(nan, s.Count - nan);
        }

        if (l.Count < 2)
        {
            return new RangeTestSuggestions(null, null, null);
        }

        return new RangeTestSuggestions(Valley(l, s).LearningRate, Steep(l, s).LearningRate, Minimum(l, s).LearningRate);
    }

    /// <summary>fastai <c>valley</c>: about halfway into the lower third of the longest strictly decreasing run of losses.</summary>
    /// <remarks>
    /// The longest decreasing subsequence is found with fastai's O(n²) dynamic programme, including its quirk of
    /// updating the best end inside the inner loop; then <c>sections = (end − start)/3</c> and
    /// <c>idx = start + int(sections) + int(sections/2)</c>.
    /// </remarks>
    /// <returns>The suggested learning rate and its index.</returns>
    public static (double LearningRate, int Index) Valley(IReadOnlyList<double> lrs, IReadOnlyList<double> losses)
    {
        Check(lrs, losses);
        int n = losses.Count;
        int maxStart = 0, maxEnd = 0;
        var lds = new int[n];
        Array.Fill(lds, 1);
        for (int i = 1; i < n; i++)
        {
            for (int j = 0; j < i; j++)
            {
                if (losses[i] < losses[j] && lds[i] < lds[j] + 1)
                {
                    lds[i] = lds[j] + 1;
                }

                if (lds[maxEnd] < lds[i])
                {
                    maxEnd = i;
                    maxStart = maxEnd - lds[maxEnd];
                }
            }
        }

        double sections = (maxEnd - maxStart) / 3.0;
        int index = maxStart + (int)sections + (int)(sections / 2);
        // fastai can compute -1 here (a run decreasing from its first point); Python's lrs[-1] is the last one.
        if (index < 0)
        {
            index += n;
        }

        return (lrs[index], index);
    }

    /// <summary>fastai <c>steep</c>: the learning rate where the loss falls fastest against log(lr).</summary>
    /// <remarks><c>argmin over i of (loss[i+1] − loss[i]) / (ln lr[i+1] − ln lr[i])</c>, returning <c>lr[i]</c> (first on ties).</remarks>
    public static (double LearningRate, int Index) Steep(IReadOnlyList<double> lrs, IReadOnlyList<double> losses)
    {
        Check(lrs, losses);
        if (lrs.Count < 2)
        {
            throw new ArgumentException("The steepest slope needs at least two points.", nameof(lrs));
        }

        int best = 0;
        double bestSlope = double.PositiveInfinity;
        for (int i = 0; i + 1 < lrs.Count; i++)
        {
            double slope = (losses[i + 1] - losses[i]) / (Math.Log(lrs[i + 1]) - Math.Log(lrs[i]));
            if (slope < bestSlope)
            {
                bestSlope = slope;
                best = i;
            }
        }

        return (lrs[best], best);
    }

    /// <summary>fastai <c>minimum</c>: one tenth of the learning rate at the lowest loss (first on ties).</summary>
    /// <returns>The suggestion (lr at minimum / 10) and the index of the minimum.</returns>
    public static (double LearningRate, int Index) Minimum(IReadOnlyList<double> lrs, IReadOnlyList<double> losses)
    {
        Check(lrs, losses);
        int best = 0;
        for (int i = 1; i < losses.Count; i++)
        {
            if (losses[i] < losses[best])
            {
                best = i;
            }
        }

        return (lrs[best] / 10, best);
    }

    private static void Check(IReadOnlyList<double> lrs, IReadOnlyList<double> losses)
    {
        ArgumentNullException.ThrowIfNull(lrs);
        ArgumentNullException.ThrowIfNull(losses);
        if (lrs.Count != losses.Count || lrs.Count == 0)
        {
            throw new ArgumentException($"Need equally many learning rates and losses, at least one; got {lrs.Count} and {losses.Count}.", nameof(losses));
        }
    }
}
