using System.Runtime.Intrinsics;

namespace NotebookKit.Optim.Kernels;

/// <summary>One fused element-wise optimizer update, written once per register width.</summary>
/// <remarks>
/// An operator updates a parameter value from its gradient and up to three state buffers
/// (<c>s0</c>, <c>s1</c>, <c>s2</c>; which ones exist depends on the optimizer's options). The three
/// overloads must perform the same IEEE operations in the same order, with no fused multiply-add, so
/// that every path gives bit-identical results (tests check this against the reference twins).
/// </remarks>
internal interface IUpdateOperator
{
    /// <summary>Scalar update: returns the new parameter value.</summary>
    float Update(float p, float g, ref float s0, ref float s1, ref float s2);

    /// <summary>256-bit update (8 lanes): returns the new parameter values.</summary>
    Vector256<float> Update(Vector256<float> p, Vector256<float> g, ref Vector256<float> s0, ref Vector256<float> s1, ref Vector256<float> s2);

    /// <summary>512-bit update (16 lanes): returns the new parameter values.</summary>
    Vector512<float> Update(Vector512<float> p, Vector512<float> g, ref Vector512<float> s0, ref Vector512<float> s1, ref Vector512<float> s2);
}
