using System.Runtime.Intrinsics;

namespace NotebookKit.Optim.Kernels;

/// <summary>SGD update (PyTorch 1.13 <c>_single_tensor_sgd</c>, or the Keras velocity form); s0 is the momentum buffer.</summary>
/// <remarks>
/// PyTorch: <c>d = ±g (+ wd·p)</c>; <c>buf = d</c> on its first step, else <c>buf·μ + (1−dampening)·d</c>;
/// <c>d = nesterov ? d + μ·buf : buf</c>; <c>p = p + (−lr)·d</c>.
/// Keras (<c>keras.optimizers.SGD</c>, lr inside the velocity): <c>v = v·μ − d·lr</c>;
/// <c>p = p + v</c>, or with Nesterov <c>p = p + (v·μ − d·lr)</c>.
/// Decoupled decay multiplies p by <c>DecayFactor</c> first.
/// </remarks>
internal readonly struct SgdOperator : IUpdateOperator
{
    public GradientPrelude Prelude { get; init; }
    public bool HasMomentum { get; init; }
    public bool FirstStep { get; init; }
    public bool Nesterov { get; init; }
    public bool Keras { get; init; }
    public float Momentum { get; init; }
    public float OneMinusDampening { get; init; }
    public float LearningRate { get; init; }
    public float NegativeLearningRate { get; init; }

    public float Update(float p, float g, ref float s0, ref float s1, ref float s2)
    {
        Prelude.Apply(ref p, ref g);
        float d = g;
        if (!HasMomentum) { return p + NegativeLearningRate * d; }
        if (Keras)
        {
            s0 = (s0 * Momentum) - (d * LearningRate);
            return Nesterov ? p + ((s0 * Momentum) - (d * LearningRate)) : p + s0;
        }

        s0 = FirstStep ? d : (s0 * Momentum) + (OneMinusDampening * d);
        d = Nesterov ? d + (Momentum * s0) : s0;
        return p + (NegativeLearningRate * d);
    }

    public Vector256<float> Update(Vector256<float> p, Vector256<float> g, ref Vector256<float> s0, ref Vector256<float> s1, ref Vector256<float> s2)
    {
        Prelude.Apply(ref p, ref g);
        Vector256<float> d = g;
        if (!HasMomentum) { return p + NegativeLearningRate * d; }
        if (Keras)
        {
            s0 = (s0 * Momentum) - (d * LearningRate);
            return Nesterov ? p + ((s0 * Momentum) - (d * LearningRate)) : p + s0;
        }

        s0 = FirstStep ? d : (s0 * Momentum) + (OneMinusDampening * d);
        d = Nesterov ? d + (Momentum * s0) : s0;
        return p + (NegativeLearningRate * d);
    }

    public Vector512<float> Update(Vector512<float> p, Vector512<float> g, ref Vector512<float> s0, ref Vector512<float> s1, ref Vector512<float> s2)
    {
        Prelude.Apply(ref p, ref g);
        Vector512<float> d = g;
        if (!HasMomentum) { return p + NegativeLearningRate * d; }
        if (Keras)
        {
            s0 = (s0 * Momentum) - (d * LearningRate);
            return Nesterov ? p + ((s0 * Momentum) - (d * LearningRate)) : p + s0;
        }

        s0 = FirstStep ? d : (s0 * Momentum) + (OneMinusDampening * d);
        d = Nesterov ? d + (Momentum * s0) : s0;
        return p + (NegativeLearningRate * d);
    }
}
