using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using NotebookKit.Simd;

namespace NotebookKit.Cli.Commands;

/// <summary>The machine's multiply-add peak as measured here: an FMA-bound loop on every thread at once.</summary>
/// <remarks>
/// Each thread runs twelve independent chains of fused multiply-adds on registers of the widest supported width
/// (<see cref="SimdDispatch.Best"/>): enough chains to cover the FMA latency on every port, no loads or stores. A
/// multiply-add counts as 2 floating-point operations, as in the training benchmark's GFLOP/s, so the two divide.
/// </remarks>
internal static class FmaPeak
{
    private const int Chains = 12;

    /// <summary>GFLOP/s of <paramref name="threads"/> threads running the loop together: the median of <paramref name="rounds"/> rounds of about 50 ms.</summary>
    public static double Measure(int threads, int rounds = 7)
    {
        SimdPath path = SimdDispatch.Best;
        int lanes = path == SimdPath.Vector512 ? 16 : path == SimdPath.Vector256 ? 8 : 1;
        long iterations = 1 << 16;
        // Calibrate to about 50 ms per round on one thread.
        for (double seconds = 0; seconds < 0.01; iterations *= 2)
        {
            long t0 = Stopwatch.GetTimestamp();
            Run(path, iterations);
            seconds = Stopwatch.GetElapsedTime(t0).TotalSeconds;
            if (seconds >= 0.01)
            {
                iterations = (long)(iterations * 0.05 / seconds);
                break;
            }
        }

        double[] rates = new double[rounds];
        for (int r = 0; r < rounds; r++)
        {
            long t0 = Stopwatch.GetTimestamp();
            Parallel.For(0, threads, new ParallelOptions { MaxDegreeOfParallelism = threads }, _ => Run(path, iterations));
            double seconds = Stopwatch.GetElapsedTime(t0).TotalSeconds;
            rates[r] = 2.0 * Chains * lanes * iterations * threads / seconds / 1e9;
        }

        Array.Sort(rates);
        return rates[rounds / 2];
    }

    private static float Run(SimdPath path, long iterations) => path switch
    {
        SimdPath.Vector512 => Chains512(iterations),
        SimdPath.Vector256 => Chains256(iterations),
        _ => ChainsScalar(iterations),
    };

    // x → x·m + a converges to a/(1 − m): values stay normal and finite however long it runs.
    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    private static float Chains512(long iterations)
    {
        Vector512<float> m = Vector512.Create(0.999f), a = Vector512.Create(0.001f);
        Vector512<float> c0 = Vector512.Create(0.1f), c1 = c0 + m, c2 = c1 + m, c3 = c2 + m, c4 = c3 + m, c5 = c4 + m;
        Vector512<float> c6 = c5 + m, c7 = c6 + m, c8 = c7 + m, c9 = c8 + m, c10 = c9 + m, c11 = c10 + m;
        for (long i = 0; i < iterations; i++)
        {
            c0 = Vector512.FusedMultiplyAdd(c0, m, a);
            c1 = Vector512.FusedMultiplyAdd(c1, m, a);
            c2 = Vector512.FusedMultiplyAdd(c2, m, a);
            c3 = Vector512.FusedMultiplyAdd(c3, m, a);
            c4 = Vector512.FusedMultiplyAdd(c4, m, a);
            c5 = Vector512.FusedMultiplyAdd(c5, m, a);
            c6 = Vector512.FusedMultiplyAdd(c6, m, a);
            c7 = Vector512.FusedMultiplyAdd(c7, m, a);
            c8 = Vector512.FusedMultiplyAdd(c8, m, a);
            c9 = Vector512.FusedMultiplyAdd(c9, m, a);
            c10 = Vector512.FusedMultiplyAdd(c10, m, a);
            c11 = Vector512.FusedMultiplyAdd(c11, m, a);
        }

        return Vector512.Sum(c0 + c1 + c2 + c3 + c4 + c5 + c6 + c7 + c8 + c9 + c10 + c11);
    }

    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    private static float Chains256(long iterations)
    {
        Vector256<float> m = Vector256.Create(0.999f), a = Vector256.Create(0.001f);
        Vector256<float> c0 = Vector256.Create(0.1f), c1 = c0 + m, c2 = c1 + m, c3 = c2 + m, c4 = c3 + m, c5 = c4 + m;
        Vector256<float> c6 = c5 + m, c7 = c6 + m, c8 = c7 + m, c9 = c8 + m, c10 = c9 + m, c11 = c10 + m;
        for (long i = 0; i < iterations; i++)
        {
            c0 = Vector256.FusedMultiplyAdd(c0, m, a);
            c1 = Vector256.FusedMultiplyAdd(c1, m, a);
            c2 = Vector256.FusedMultiplyAdd(c2, m, a);
            c3 = Vector256.FusedMultiplyAdd(c3, m, a);
            c4 = Vector256.FusedMultiplyAdd(c4, m, a);
            c5 = Vector256.FusedMultiplyAdd(c5, m, a);
            c6 = Vector256.FusedMultiplyAdd(c6, m, a);
            c7 = Vector256.FusedMultiplyAdd(c7, m, a);
            c8 = Vector256.FusedMultiplyAdd(c8, m, a);
            c9 = Vector256.FusedMultiplyAdd(c9, m, a);
            c10 = Vector256.FusedMultiplyAdd(c10, m, a);
            c11 = Vector256.FusedMultiplyAdd(c11, m, a);
        }

        return Vector256.Sum(c0 + c1 + c2 + c3 + c4 + c5 + c6 + c7 + c8 + c9 + c10 + c11);
    }

    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    private static float ChainsScalar(long iterations)
    {
        const float m = 0.999f, a = 0.001f;
        float c0 = 0.1f, c1 = 0.2f, c2 = 0.3f, c3 = 0.4f, c4 = 0.5f, c5 = 0.6f, c6 = 0.7f, c7 = 0.8f, c8 = 0.9f, c9 = 1.0f, c10 = 1.1f, c11 = 1.2f;
        for (long i = 0; i < iterations; i++)
        {
            c0 = MathF.FusedMultiplyAdd(c0, m, a);
            c1 = MathF.FusedMultiplyAdd(c1, m, a);
            c2 = MathF.FusedMultiplyAdd(c2, m, a);
            c3 = MathF.FusedMultiplyAdd(c3, m, a);
            c4 = MathF.FusedMultiplyAdd(c4, m, a);
            c5 = MathF.FusedMultiplyAdd(c5, m, a);
            c6 = MathF.FusedMultiplyAdd(c6, m, a);
            c7 = MathF.FusedMultiplyAdd(c7, m, a);
            c8 = MathF.FusedMultiplyAdd(c8, m, a);
            c9 = MathF.FusedMultiplyAdd(c9, m, a);
            c10 = MathF.FusedMultiplyAdd(c10, m, a);
            c11 = MathF.FusedMultiplyAdd(c11, m, a);
        }

        return c0 + c1 + c2 + c3 + c4 + c5 + c6 + c7 + c8 + c9 + c10 + c11;
    }
}
