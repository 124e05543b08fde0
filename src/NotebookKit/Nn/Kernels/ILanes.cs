namespace NotebookKit.Nn.Kernels;

/// <summary>One register width's float arithmetic, so a kernel is written once and instantiated per width.</summary>
/// <remarks>
/// <para>The widths are <see cref="Lanes512"/> (16 lanes), <see cref="Lanes256"/> (8) and <see cref="Lanes1"/> (a
/// plain float). A kernel is a generic method over <c>TL : ILanes&lt;TV&gt;</c>; the JIT compiles one copy per
/// width with every call inlined, so the generic code costs nothing at run time.</para>
/// <para>Every operation rounds identically on every width (<see cref="MultiplyAdd"/> is fused on all of them), so an
/// element-wise kernel gives the same bits whatever the width; reductions differ only in how many partial sums
/// they keep.</para>
/// </remarks>
/// <typeparam name="TV">The register type: <c>Vector512&lt;float&gt;</c>, <c>Vector256&lt;float&gt;</c> or <c>float</c>.</typeparam>
internal unsafe interface ILanes<TV>
    where TV : unmanaged
{
    /// <summary>Floats per register.</summary>
    static abstract int Count { get; }

    /// <summary>All lanes zero.</summary>
    static abstract TV Zero { get; }

    /// <summary>All lanes <paramref name="value"/>.</summary>
    static abstract TV Broadcast(float value);

    /// <summary>Loads <see cref="Count"/> floats (any alignment).</summary>
    static abstract TV Load(float* source);

    /// <summary>Stores <see cref="Count"/> floats (any alignment).</summary>
    static abstract void Store(float* destination, TV value);

    /// <summary>a + b.</summary>
    static abstract TV Add(TV a, TV b);

    /// <summary>a − b.</summary>
    static abstract TV Subtract(TV a, TV b);

    /// <summary>a · b.</summary>
    static abstract TV Multiply(TV a, TV b);

    /// <summary>a · b + c with one rounding (fused multiply-add).</summary>
    static abstract TV MultiplyAdd(TV a, TV b, TV c);

    /// <summary>The larger of a and b, lane by lane, as <c>a &gt; b ? a : b</c> (so a NaN in a gives b).</summary>
    static abstract TV Max(TV a, TV b);

    /// <summary><paramref name="value"/> where <paramref name="test"/> &gt; 0, else +0 (ReLU and its backward mask).</summary>
    static abstract TV WherePositive(TV test, TV value);

    /// <summary>The lanes added first to last: a fixed order, so a reduction never depends on timing.</summary>
    static abstract float SumLanes(TV value);
}
