using NotebookKit.Nn;

namespace NotebookKit.Training;

/// <summary>Gradient clipping by global norm (PyTorch <c>torch.nn.utils.clip_grad_norm_</c>).</summary>
public static class GradientClipping
{
    /// <summary>Scales all gradients together so that their global L2 norm is at most <paramref name="maxNorm"/>.</summary>
    /// <remarks>
    /// PyTorch 1.13.1: <c>total = ‖(‖g₁‖, …, ‖gₙ‖)‖₂</c>, <c>coef = max_norm / (total + 1e-6)</c>, and every
    /// gradient is multiplied by <c>min(coef, 1)</c>. Norms are accumulated in double here (PyTorch uses
    /// float32), so the total can differ from PyTorch's in the last float bits.
    /// </remarks>
    /// <param name="parameters">The parameters whose gradients are clipped.</param>
    /// <param name="maxNorm">PyTorch <c>max_norm</c>: positive and finite.</param>
    /// <returns>The global norm before clipping (what PyTorch returns).</returns>
    public static double ClipByGlobalNorm(IEnumerable<Parameter> parameters, double maxNorm)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        if (!(maxNorm > 0) || !double.IsFinite(maxNorm))
        {
            throw new ArgumentOutOfRangeException(nameof(maxNorm), $"clip_grad_norm_ max_norm must be positive and finite, got {maxNorm}.");
        }

        var list = parameters as IReadOnlyList<Parameter> ?? parameters.ToList();
        double total = GlobalNorm(list);
        double coefficient = maxNorm / (total + 1e-6);
        if (coefficient < 1)
        {
            float scale = (float)coefficient;
            foreach (var p in list)
            {
                var grad = p.Grad;
                for (int i = 0; i < grad.Length; i++)
                {
                    grad[i] *= scale;
                }
            }
        }

        return total;
    }

    /// <summary>The global L2 norm of all gradients: the norm of the per-parameter norms.</summary>
    public static double GlobalNorm(IEnumerable<Parameter> parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        double sum = 0;
        foreach (var p in parameters)
        {
            double norm = Norm(p.Grad);
            sum += norm * norm;
        }

        return Math.Sqrt(sum);
    }

    /// <summary>The L2 norm of a vector, accumulated in double.</summary>
    public static double Norm(ReadOnlySpan<float> values)
    {
        double sum = 0;
        foreach (float v in values)
        {
            sum += (double)v * v;
        }

        return Math.Sqrt(sum);
    }
}
