using NotebookKit.Optim.Kernels;
using NotebookKit.Optim.Kernels.Reference;
using NotebookKit.Simd;

namespace NotebookKit.Tests.Optim.Kernels;

/// <summary>
/// Every fused operator, on every SIMD path, against its plain-loop twin: bit-identical at every length 0..256,
/// at awkward lengths, and on the multi-threaded path for 1, 2 and 3 threads.
/// </summary>
public sealed class KernelTwinTests
{
    private static readonly int[] AwkwardLengths = [511, 1000, 1023, 4097, UpdateEngine.ParallelThreshold + 17, (3 * UpdateEngine.ParallelThreshold) + 5];

    public static IEnumerable<object[]> Lengths() => Enumerable.Range(0, 257).Concat(AwkwardLengths).Select(n => new object[] { n });

    /// <summary>Every path the machine can run, and Auto.</summary>
    private static IEnumerable<SimdPath> Paths() => [SimdPath.Auto, .. SimdDispatch.Supported];

    private static readonly SgdOperator[] SgdOps =
    [
        new() { NegativeLearningRate = -0.1f, LearningRate = 0.1f },
        new() { HasMomentum = true, FirstStep = true, Momentum = 0.9f, OneMinusDampening = 1f, NegativeLearningRate = -0.05f, Prelude = new() { L2 = 0.01f } },
        new() { HasMomentum = true, Momentum = 0.9f, OneMinusDampening = 0.5f, NegativeLearningRate = -0.05f, Prelude = new() { Maximize = true } },
        new() { HasMomentum = true, Nesterov = true, Momentum = 0.8f, OneMinusDampening = 1f, NegativeLearningRate = -0.05f, Prelude = new() { Decoupled = true, DecayFactor = 0.999f } },
        new() { HasMomentum = true, Keras = true, Nesterov = true, Momentum = 0.9f, LearningRate = 0.05f, NegativeLearningRate = -0.05f },
        new() { HasMomentum = true, Keras = true, Momentum = 0.9f, LearningRate = 0.05f, NegativeLearningRate = -0.05f, Prelude = new() { L2 = 0.1f } },
    ];

    private static readonly AdamOperator[] AdamOps =
    [
        Adam(amsgrad: false, maximize: false, l2: 0f, decoupled: false),
        Adam(amsgrad: true, maximize: true, l2: 0.1f, decoupled: false),
        Adam(amsgrad: false, maximize: false, l2: 0f, decoupled: true),
        Adam(amsgrad: true, maximize: false, l2: 0f, decoupled: true),
    ];

    private static readonly RMSpropOperator[] RMSpropOps =
    [
        new() { Alpha = 0.99f, OneMinusAlpha = 0.01f, Epsilon = 1e-8f, NegativeLearningRate = -0.01f },
        new() { Alpha = 0.9f, OneMinusAlpha = 0.1f, Epsilon = 1e-8f, NegativeLearningRate = -0.01f, Centered = true, HasMomentum = true, Momentum = 0.5f, Prelude = new() { L2 = 0.1f } },
        new() { Alpha = 0.9f, OneMinusAlpha = 0.1f, Epsilon = 1e-6f, NegativeLearningRate = -0.01f, HasMomentum = true, Momentum = 0.9f, Prelude = new() { Maximize = true, Decoupled = true, DecayFactor = 0.99f } },
    ];

    private static readonly AdagradOperator[] AdagradOps =
    [
        new() { Epsilon = 1e-10f, NegativeClr = -0.1f },
        new() { Epsilon = 1e-6f, NegativeClr = -0.05f, Prelude = new() { Maximize = true, L2 = 0.1f } },
    ];

    private static AdamOperator Adam(bool amsgrad, bool maximize, float l2, bool decoupled) => new()
    {
        AmsGrad = amsgrad,
        Prelude = new() { Maximize = maximize, L2 = l2, Decoupled = decoupled, DecayFactor = 0.999f },
        Beta1 = 0.9f,
        OneMinusBeta1 = 0.1f,
        Beta2 = 0.999f,
        OneMinusBeta2 = 0.001f,
        Bc2Sqrt = 0.0632f,
        Epsilon = 1e-8f,
        NegativeStepSize = -0.01f,
    };

    [Theory]
    [MemberData(nameof(Lengths))]
    public void Sgd_paths_equal_the_twin(int n)
    {
        foreach (var op in SgdOps)
        {
            var (p, g, s) = Data(n, seed: n);
            var (rp, _, rs) = Copy(p, g, s);
            ReferenceKernels.Sgd(op, rp, g, rs[0]);
            foreach (SimdPath path in Paths())
            {
                var (tp, _, ts) = Copy(p, g, s);
                UpdateEngine.RunRange(op, tp, g, ts[0], null, null, 0, n, path);
                AssertBits(rp, tp, $"SGD {op} {path}");
                AssertBits(rs[0], ts[0], $"SGD buffer {path}");
            }
        }
    }

    [Theory]
    [MemberData(nameof(Lengths))]
    public void Adam_paths_equal_the_twin(int n)
    {
        foreach (var op in AdamOps)
        {
            var (p, g, s) = Data(n, seed: n + 1);
            var (rp, _, rs) = Copy(p, g, s);
            float[]? max = op.AmsGrad ? rs[2] : null;
            ReferenceKernels.Adam(op, rp, g, rs[0], rs[1], max);
            foreach (SimdPath path in Paths())
            {
                var (tp, _, ts) = Copy(p, g, s);
                UpdateEngine.RunRange(op, tp, g, ts[0], ts[1], op.AmsGrad ? ts[2] : null, 0, n, path);
                AssertBits(rp, tp, $"Adam amsgrad={op.AmsGrad} {path}");
                for (int b = 0; b < 3; b++)
                {
                    AssertBits(rs[b], ts[b], $"Adam buffer {b} {path}");
                }
            }
        }
    }

    [Theory]
    [MemberData(nameof(Lengths))]
    public void RMSprop_paths_equal_the_twin(int n)
    {
        foreach (var op in RMSpropOps)
        {
            var (p, g, s) = Data(n, seed: n + 2);
            var (rp, _, rs) = Copy(p, g, s);
            ReferenceKernels.RMSprop(op, rp, g, rs[0], op.Centered ? rs[1] : null, op.HasMomentum ? rs[2] : null);
            foreach (SimdPath path in Paths())
            {
                var (tp, _, ts) = Copy(p, g, s);
                UpdateEngine.RunRange(op, tp, g, ts[0], op.Centered ? ts[1] : null, op.HasMomentum ? ts[2] : null, 0, n, path);
                AssertBits(rp, tp, $"RMSprop {path}");
                for (int b = 0; b < 3; b++)
                {
                    AssertBits(rs[b], ts[b], $"RMSprop buffer {b} {path}");
                }
            }
        }
    }

    [Theory]
    [MemberData(nameof(Lengths))]
    public void Adagrad_paths_equal_the_twin(int n)
    {
        foreach (var op in AdagradOps)
        {
            var (p, g, s) = Data(n, seed: n + 3);
            var (rp, _, rs) = Copy(p, g, s);
            ReferenceKernels.Adagrad(op, rp, g, rs[0]);
            foreach (SimdPath path in Paths())
            {
                var (tp, _, ts) = Copy(p, g, s);
                UpdateEngine.RunRange(op, tp, g, ts[0], null, null, 0, n, path);
                AssertBits(rp, tp, $"Adagrad {path}");
                AssertBits(rs[0], ts[0], $"Adagrad sum {path}");
            }
        }
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Threaded_partition_equals_the_twin_for_any_thread_count(int threads)
    {
        int n = (3 * UpdateEngine.ParallelThreshold) + 5;
        var op = AdamOps[1];
        var (p, g, s) = Data(n, seed: 7);
        var (rp, _, rs) = Copy(p, g, s);
        ReferenceKernels.Adam(op, rp, g, rs[0], rs[1], rs[2]);
        UpdateEngine.Run(op, p, g, s[0], s[1], s[2], threads);
        AssertBits(rp, p, $"threads={threads}");
        AssertBits(rs[2], s[2], $"threads={threads} max_exp_avg_sq");
    }

    [Fact]
    public void Mismatched_buffer_lengths_are_refused()
    {
        var e = Assert.Throws<ArgumentException>(() => UpdateEngine.Run(AdagradOps[0], new float[4], new float[4], new float[3], null, null, 1));
        Assert.Contains("length 4", e.Message, StringComparison.Ordinal);
    }

    private static (float[] P, float[] G, float[][] S) Data(int n, int seed)
    {
        var rng = new Random(seed);
        float Next(double scale) => (float)((rng.NextDouble() - 0.5) * 2 * scale);
        float[] p = new float[n], g = new float[n];
        var s = new float[3][];
        for (int b = 0; b < 3; b++)
        {
            s[b] = new float[n];
        }

        for (int i = 0; i < n; i++)
        {
            p[i] = Next(2);
            g[i] = Next(1);

            // Second moments and accumulators are non-negative in a real run, and RMSprop's square_avg (s0)
            // is at least grad_avg (s1) squared, so no square root sees a negative number.
            s[1][i] = Math.Abs(Next(0.1));
            s[2][i] = Math.Abs(Next(0.1));
            s[0][i] = Math.Abs(Next(0.5)) + (s[1][i] * s[1][i]);
        }

        return (p, g, s);
    }

    private static (float[] P, float[] G, float[][] S) Copy(float[] p, float[] g, float[][] s) =>
        ((float[])p.Clone(), g, s.Select(b => (float[])b.Clone()).ToArray());

    private static void AssertBits(float[] expected, float[] actual, string what)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
        {
            if (BitConverter.SingleToInt32Bits(expected[i]) != BitConverter.SingleToInt32Bits(actual[i]))
            {
                Assert.Fail($"{what}: element {i} of {expected.Length}: twin {expected[i]:R}, kernel {actual[i]:R}");
            }
        }
    }
}
