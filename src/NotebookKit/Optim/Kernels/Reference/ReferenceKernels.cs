namespace NotebookKit.Optim.Kernels.Reference;

/// <summary>Plain-loop twins of the fused operators: the oracle the SIMD paths are tested against.</summary>
/// <remarks>
/// Each twin is written out directly from PyTorch 1.13's single-tensor code, one element at a time, in
/// the same operation order as the operator, so results must be bit-identical (llm.c's "CPU reference").
/// </remarks>
internal static class ReferenceKernels
{
    /// <summary>The sign and weight decay, written out here rather than calling <see cref="GradientPrelude.Apply(ref float, ref float)"/> so the oracle stays independent.</summary>
    /// <returns>The parameter after decoupled decay and the gradient after the sign and L2 decay.</returns>
    private static (float X, float D) Prelude(in GradientPrelude k, float p, float g)
    {
        float d = k.Maximize ? -g : g;
        if (k.Decoupled)
        {
            p *= k.DecayFactor;
        }

        if (k.L2 != 0f)
        {
            d += k.L2 * p;
        }

        return (p, d);
    }

    /// <summary>SGD; <paramref name="buf"/> is the momentum buffer (or Keras velocity), null without momentum.</summary>
    public static void Sgd(in SgdOperator o, float[] p, float[] g, float[]? buf)
    {
        for (int i = 0; i < p.Length; i++)
        {
            var (x, d) = Prelude(o.Prelude, p[i], g[i]);

            if (!o.HasMomentum)
            {
                p[i] = x + (o.NegativeLearningRate * d);
            }
            else if (o.Keras)
            {
                buf![i] = (buf[i] * o.Momentum) - (d * o.LearningRate);
                p[i] = o.Nesterov ? x + ((buf[i] * o.Momentum) - (d * o.LearningRate)) : x + buf[i];
            }
            else
            {
                buf![i] = o.FirstStep ? d : (buf[i] * o.Momentum) + (o.OneMinusDampening * d);
                float step = o.Nesterov ? d + (o.Momentum * buf[i]) : buf[i];
                p[i] = x + (o.NegativeLearningRate * step);
            }
        }
    }

    /// <summary>Adam/AdamW; <paramref name="maxExpAvgSq"/> is null without amsgrad.</summary>
    public static void Adam(in AdamOperator o, float[] p, float[] g, float[] expAvg, float[] expAvgSq, float[]? maxExpAvgSq)
    {
        for (int i = 0; i < p.Length; i++)
        {
            var (x, d) = Prelude(o.Prelude, p[i], g[i]);

            expAvg[i] = (expAvg[i] * o.Beta1) + (o.OneMinusBeta1 * d);
            expAvgSq[i] = (expAvgSq[i] * o.Beta2) + ((o.OneMinusBeta2 * d) * d);
            float v = expAvgSq[i];
            if (o.AmsGrad)
            {
                maxExpAvgSq![i] = maxExpAvgSq[i] > v ? maxExpAvgSq[i] : v; // same NaN handling as the vector select
                v = maxExpAvgSq[i];
            }

            float denom = (MathF.Sqrt(v) / o.Bc2Sqrt) + o.Epsilon;
            p[i] = x + ((o.NegativeStepSize * expAvg[i]) / denom);
        }
    }

    /// <summary>RMSprop; <paramref name="gradAvg"/> only when centered, <paramref name="momentumBuffer"/> only with momentum.</summary>
    public static void RMSprop(in RMSpropOperator o, float[] p, float[] g, float[] squareAvg, float[]? gradAvg, float[]? momentumBuffer)
    {
        for (int i = 0; i < p.Length; i++)
        {
            var (x, d) = Prelude(o.Prelude, p[i], g[i]);

            squareAvg[i] = (squareAvg[i] * o.Alpha) + ((o.OneMinusAlpha * d) * d);
            float avg;
            if (o.Centered)
            {
                gradAvg![i] = (gradAvg[i] * o.Alpha) + (o.OneMinusAlpha * d);
                avg = MathF.Sqrt(squareAvg[i] + ((-gradAvg[i]) * gradAvg[i])) + o.Epsilon;
            }
            else
            {
                avg = MathF.Sqrt(squareAvg[i]) + o.Epsilon;
            }

            if (o.HasMomentum)
            {
                momentumBuffer![i] = (momentumBuffer[i] * o.Momentum) + (d / avg);
                p[i] = x + (o.NegativeLearningRate * momentumBuffer[i]);
            }
            else
            {
                p[i] = x + ((o.NegativeLearningRate * d) / avg);
            }
        }
    }

    /// <summary>Adagrad (dense).</summary>
    public static void Adagrad(in AdagradOperator o, float[] p, float[] g, float[] sum)
    {
        for (int i = 0; i < p.Length; i++)
        {
            var (x, d) = Prelude(o.Prelude, p[i], g[i]);

            sum[i] += d * d;
            p[i] = x + ((o.NegativeClr * d) / (MathF.Sqrt(sum[i]) + o.Epsilon));
        }
    }
}
