using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace NotebookKit.Optim.Kernels;

/// <summary>
/// What every optimizer does to the gradient and the parameter before its own update: the sign for
/// <c>maximize</c> and the weight decay, in PyTorch 1.13's order (one copy for every operator and width).
/// </summary>
/// <remarks>
/// <c>g = maximize ? −g : g</c>; decoupled decay (SGDW, AdamW): <c>p = p·DecayFactor</c>; L2 decay: <c>g = g + L2·p</c>.
/// At most one of the two decays is active (<see cref="Optimizer{TOptions}"/> sets L2 to 0 in the decoupled modes).
/// </remarks>
internal readonly struct GradientPrelude
{
    /// <summary>PyTorch <c>maximize</c>: ascend instead of descend.</summary>
    public bool Maximize { get; init; }

    /// <summary>The L2 coefficient added to the gradient (PyTorch <c>weight_decay</c> in L2 mode), else 0.</summary>
    public float L2 { get; init; }

    /// <summary>Whether p is multiplied by <see cref="DecayFactor"/> first (the decoupled modes).</summary>
    public bool Decoupled { get; init; }

    /// <summary>The decoupled decay factor <c>1 − rate·λ</c> for this step.</summary>
    public float DecayFactor { get; init; }

    /// <summary>Scalar form.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Apply(ref float p, ref float g)
    {
        if (Maximize) { g = -g; }
        if (Decoupled) { p *= DecayFactor; }
        if (L2 != 0f) { g += L2 * p; }
    }

    /// <summary>256-bit form (8 lanes).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Apply(ref Vector256<float> p, ref Vector256<float> g)
    {
        if (Maximize) { g = -g; }
        if (Decoupled) { p *= DecayFactor; }
        if (L2 != 0f) { g += L2 * p; }
    }

    /// <summary>512-bit form (16 lanes).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Apply(ref Vector512<float> p, ref Vector512<float> g)
    {
        if (Maximize) { g = -g; }
        if (Decoupled) { p *= DecayFactor; }
        if (L2 != 0f) { g += L2 * p; }
    }
}
