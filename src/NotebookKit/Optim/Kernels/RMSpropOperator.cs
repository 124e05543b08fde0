using System.Runtime.Intrinsics;

namespace NotebookKit.Optim.Kernels;

/// <summary>RMSprop update (PyTorch 1.13 <c>_single_tensor_rmsprop</c>); s0 = square_avg, s1 = grad_avg, s2 = momentum_buffer.</summary>
/// <remarks>
/// <c>g = ±g</c> (+ wd·p); <c>sq = sq·α + ((1−α)·g)·g</c>; centered: <c>ga = ga·α + (1−α)·g</c>,
/// <c>avg = sqrt(sq + (−ga)·ga) + eps</c>, else <c>avg = sqrt(sq) + eps</c> (eps outside the root);
/// momentum: <c>buf = buf·μ + g/avg</c>, <c>p = p + (−lr)·buf</c>; else <c>p = p + (−lr·g)/avg</c>.
/// </remarks>
internal readonly struct RMSpropOperator : IUpdateOperator
{
    public GradientPrelude Prelude { get; init; }
    public float Alpha { get; init; }
    public float OneMinusAlpha { get; init; }
    public bool Centered { get; init; }
    public bool HasMomentum { get; init; }
    public float Momentum { get; init; }
    public float Epsilon { get; init; }
    public float NegativeLearningRate { get; init; }

    public float Update(float p, float g, ref float s0, ref float s1, ref float s2)
    {
        Prelude.Apply(ref p, ref g);
        s0 = (s0 * Alpha) + ((OneMinusAlpha * g) * g);
        float avg;
        if (Centered)
        {
            s1 = (s1 * Alpha) + (OneMinusAlpha * g);
            avg = MathF.Sqrt(s0 + ((-s1) * s1)) + Epsilon;
        }
        else
        {
            avg = MathF.Sqrt(s0) + Epsilon;
        }

        if (HasMomentum)
        {
            s2 = (s2 * Momentum) + (g / avg);
            return p + (NegativeLearningRate * s2);
        }

        return p + ((NegativeLearningRate * g) / avg);
    }

    public Vector256<float> Update(Vector256<float> p, Vector256<float> g, ref Vector256<float> s0, ref Vector256<float> s1, ref Vector256<float> s2)
    {
        Prelude.Apply(ref p, ref g);
        s0 = (s0 * Alpha) + ((OneMinusAlpha * g) * g);
        Vector256<float> avg;
        if (Centered)
        {
            s1 = (s1 * Alpha) + (OneMinusAlpha * g);
            avg = Vector256.Sqrt(s0 + ((-s1) * s1)) + Vector256.Create(Epsilon);
        }
        else
        {
            avg = Vector256.Sqrt(s0) + Vector256.Create(Epsilon);
        }

        if (HasMomentum)
        {
            s2 = (s2 * Momentum) + (g / avg);
            return p + (NegativeLearningRate * s2);
        }

        return p + ((NegativeLearningRate * g) / avg);
    }

    public Vector512<float> Update(Vector512<float> p, Vector512<float> g, ref Vector512<float> s0, ref Vector512<float> s1, ref Vector512<float> s2)
    {
        Prelude.Apply(ref p, ref g);
        s0 = (s0 * Alpha) + ((OneMinusAlpha * g) * g);
        Vector512<float> avg;
        if (Centered)
        {
            s1 = (s1 * Alpha) + (OneMinusAlpha * g);
            avg = Vector512.Sqrt(s0 + ((-s1) * s1)) + Vector512.Create(Epsilon);
        }
        else
        {
            avg = Vector512.Sqrt(s0) + Vector512.Create(Epsilon);
        }

        if (HasMomentum)
        {
            s2 = (s2 * Momentum) + (g / avg);
            return p + (NegativeLearningRate * s2);
        }

        return p + ((NegativeLearningRate * g) / avg);
    }
}
