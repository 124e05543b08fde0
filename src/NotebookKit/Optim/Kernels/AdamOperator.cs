using System.Runtime.Intrinsics;

namespace NotebookKit.Optim.Kernels;

/// <summary>Adam/AdamW update (PyTorch 1.13 <c>_single_tensor_adam</c>/<c>_single_tensor_adamw</c>); s0 = exp_avg, s1 = exp_avg_sq, s2 = max_exp_avg_sq.</summary>
/// <remarks>
/// <c>g = ±g</c>; decoupled: <c>p = p·(1 − lr·wd)</c>; L2: <c>g = g + wd·p</c>;
/// <c>m = m·β1 + (1−β1)·g</c>; <c>v = v·β2 + ((1−β2)·g)·g</c>; amsgrad: <c>vmax = max(vmax, v)</c>;
/// <c>denom = sqrt(v or vmax)/sqrt(bc2) + eps</c>; <c>p = p + (−lr/bc1·m)/denom</c>.
/// The Keras epsilon placement passes <c>Bc2Sqrt = 1</c> and folds <c>sqrt(bc2)</c> into the step size.
/// </remarks>
internal readonly struct AdamOperator : IUpdateOperator
{
    public GradientPrelude Prelude { get; init; }
    public float Beta1 { get; init; }
    public float OneMinusBeta1 { get; init; }
    public float Beta2 { get; init; }
    public float OneMinusBeta2 { get; init; }
    public float Bc2Sqrt { get; init; }
    public float Epsilon { get; init; }
    public float NegativeStepSize { get; init; }
    public bool AmsGrad { get; init; }

    public float Update(float p, float g, ref float s0, ref float s1, ref float s2)
    {
        Prelude.Apply(ref p, ref g);
        s0 = (s0 * Beta1) + (OneMinusBeta1 * g);
        s1 = (s1 * Beta2) + ((OneMinusBeta2 * g) * g);
        float v = s1;
        if (AmsGrad)
        {
            s2 = s2 > v ? s2 : v;
            v = s2;
        }

        float denom = (MathF.Sqrt(v) / Bc2Sqrt) + Epsilon;
        return p + ((NegativeStepSize * s0) / denom);
    }

    public Vector256<float> Update(Vector256<float> p, Vector256<float> g, ref Vector256<float> s0, ref Vector256<float> s1, ref Vector256<float> s2)
    {
        Prelude.Apply(ref p, ref g);
        s0 = (s0 * Beta1) + (OneMinusBeta1 * g);
        s1 = (s1 * Beta2) + ((OneMinusBeta2 * g) * g);
        Vector256<float> v = s1;
        if (AmsGrad)
        {
            s2 = Vector256.ConditionalSelect(Vector256.GreaterThan(s2, v), s2, v);
            v = s2;
        }

        Vector256<float> denom = (Vector256.Sqrt(v) / Bc2Sqrt) + Vector256.Create(Epsilon);
        return p + ((NegativeStepSize * s0) / denom);
    }

    public Vector512<float> Update(Vector512<float> p, Vector512<float> g, ref Vector512<float> s0, ref Vector512<float> s1, ref Vector512<float> s2)
    {
        Prelude.Apply(ref p, ref g);
        s0 = (s0 * Beta1) + (OneMinusBeta1 * g);
        s1 = (s1 * Beta2) + ((OneMinusBeta2 * g) * g);
        Vector512<float> v = s1;
        if (AmsGrad)
        {
            s2 = Vector512.ConditionalSelect(Vector512.GreaterThan(s2, v), s2, v);
            v = s2;
        }

        Vector512<float> denom = (Vector512.Sqrt(v) / Bc2Sqrt) + Vector512.Create(Epsilon);
        return p + ((NegativeStepSize * s0) / denom);
    }
}
