using System.Runtime.Intrinsics;

namespace NotebookKit.Optim.Kernels;

/// <summary>Adagrad update (PyTorch 1.13 <c>_single_tensor_adagrad</c>, dense gradients); s0 = sum.</summary>
/// <remarks><c>g = ±g</c> (+ wd·p); <c>sum = sum + g·g</c>; <c>p = p + (−clr·g)/(sqrt(sum) + eps)</c>, with <c>clr = lr/(1 + (t−1)·lr_decay)</c>.</remarks>
internal readonly struct AdagradOperator : IUpdateOperator
{
    public GradientPrelude Prelude { get; init; }
    public float Epsilon { get; init; }
    public float NegativeClr { get; init; }

    public float Update(float p, float g, ref float s0, ref float s1, ref float s2)
    {
        Prelude.Apply(ref p, ref g);
        s0 += g * g;
        return p + ((NegativeClr * g) / (MathF.Sqrt(s0) + Epsilon));
    }

    public Vector256<float> Update(Vector256<float> p, Vector256<float> g, ref Vector256<float> s0, ref Vector256<float> s1, ref Vector256<float> s2)
    {
        Prelude.Apply(ref p, ref g);
        s0 += g * g;
        return p + ((NegativeClr * g) / (Vector256.Sqrt(s0) + Vector256.Create(Epsilon)));
    }

    public Vector512<float> Update(Vector512<float> p, Vector512<float> g, ref Vector512<float> s0, ref Vector512<float> s1, ref Vector512<float> s2)
    {
        Prelude.Apply(ref p, ref g);
        s0 += g * g;
        return p + ((NegativeClr * g) / (Vector512.Sqrt(s0) + Vector512.Create(Epsilon)));
    }
}
