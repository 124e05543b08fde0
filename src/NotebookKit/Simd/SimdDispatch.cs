using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace NotebookKit.Simd;

/// <summary>The one rule that turns a requested <see cref="SimdPath"/> into the path a kernel runs.</summary>
/// <remarks>
/// <para>A path is supported when the JIT accelerates vectors of its width and the x86 instructions the hand-written
/// microkernels use are present: <see cref="SimdPath.Vector512"/> needs <c>Vector512.IsHardwareAccelerated</c> and
/// AVX-512F; <see cref="SimdPath.Vector256"/> needs <c>Vector256.IsHardwareAccelerated</c>, AVX2 and FMA. The two
/// checks together keep generic <c>Vector512&lt;T&gt;</c> code and <c>Avx512F</c> intrinsics on the same side of the
/// line (the runtime reports 512-bit vectors as unaccelerated on processors that slow down when using them).</para>
/// <para>Every kernel, in Nn and in Optim, calls <see cref="Resolve"/>: a laptop with only AVX2 runs the same
/// 256-bit path everywhere, and a forced path the processor lacks fails loudly instead of silently running another.</para>
/// </remarks>
public static class SimdDispatch
{
    /// <summary>Whether the processor runs <see cref="SimdPath.Vector512"/>.</summary>
    public static bool HasVector512 { get; } = Vector512.IsHardwareAccelerated && Avx512F.IsSupported && HasVector256Core();

    /// <summary>Whether the processor runs <see cref="SimdPath.Vector256"/>.</summary>
    public static bool HasVector256 { get; } = HasVector256Core();

    /// <summary>The widest supported path: what <see cref="SimdPath.Auto"/> resolves to.</summary>
    public static SimdPath Best { get; } = HasVector512 ? SimdPath.Vector512 : HasVector256 ? SimdPath.Vector256 : SimdPath.Scalar;

    /// <summary>Every path this processor runs, <see cref="SimdPath.Scalar"/> first (for tests that compare each with the scalar twin).</summary>
    public static IReadOnlyList<SimdPath> Supported { get; } =
        [SimdPath.Scalar, .. HasVector256 ? [SimdPath.Vector256] : Array.Empty<SimdPath>(), .. HasVector512 ? [SimdPath.Vector512] : Array.Empty<SimdPath>()];

    /// <summary>Whether <paramref name="path"/> runs here (<see cref="SimdPath.Auto"/> and <see cref="SimdPath.Scalar"/> always do).</summary>
    public static bool IsSupported(SimdPath path) => path switch
    {
        SimdPath.Auto or SimdPath.Scalar => true,
        SimdPath.Vector256 => HasVector256,
        SimdPath.Vector512 => HasVector512,
        _ => false,
    };

    /// <summary>The path to run for a request: <see cref="SimdPath.Auto"/> becomes <see cref="Best"/>; a forced path is kept.</summary>
    /// <exception cref="PlatformNotSupportedException">A forced path the processor does not support.</exception>
    /// <exception cref="ArgumentOutOfRangeException">Not a <see cref="SimdPath"/> value.</exception>
    public static SimdPath Resolve(SimdPath path) => path switch
    {
        SimdPath.Auto => Best,
        SimdPath.Scalar => SimdPath.Scalar,
        SimdPath.Vector256 => HasVector256 ? path : throw new PlatformNotSupportedException("The Vector256 path needs 256-bit vectors with AVX2 and FMA, which this processor lacks."),
        SimdPath.Vector512 => HasVector512 ? path : throw new PlatformNotSupportedException("The Vector512 path needs accelerated 512-bit vectors with AVX-512F, which this processor lacks."),
        _ => throw new ArgumentOutOfRangeException(nameof(path), path, "Not a SIMD path."),
    };

    private static bool HasVector256Core() => Vector256.IsHardwareAccelerated && Avx2.IsSupported && Fma.IsSupported;
}
