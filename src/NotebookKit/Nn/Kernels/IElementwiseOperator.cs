namespace NotebookKit.Nn.Kernels;

/// <summary>One element-wise function of up to three inputs, written once for every register width (<see cref="ILanes{TV}"/>).</summary>
/// <remarks>
/// <see cref="ElementwiseEngine"/> runs it over spans: full registers of the resolved width, then the remainder one
/// float at a time through the same code with <see cref="Lanes1"/>. An operator must not depend on the lane it runs
/// in, so every path gives the same bits.
/// </remarks>
internal interface IElementwiseOperator
{
    /// <summary>The result for inputs <paramref name="x"/>, <paramref name="y"/>, <paramref name="z"/> (unused inputs are ignored).</summary>
    TV Invoke<TL, TV>(TV x, TV y, TV z)
        where TL : struct, ILanes<TV>
        where TV : unmanaged;
}

/// <summary>One reduction step over up to two inputs into two running sums, written once for every register width.</summary>
/// <remarks>
/// Sums are kept per lane and added lane by lane at the end (<see cref="ILanes{TV}.SumLanes"/>), then the remainder is
/// added in order: a fixed order for a given path, so a result never depends on timing or threads. Paths keep
/// different numbers of partial sums, so they agree to float32 rounding, not bit for bit.
/// </remarks>
internal interface IReductionOperator
{
    /// <summary>Adds the contribution of <paramref name="x"/> and <paramref name="y"/> to <paramref name="first"/> and <paramref name="second"/>.</summary>
    void Accumulate<TL, TV>(ref TV first, ref TV second, TV x, TV y)
        where TL : struct, ILanes<TV>
        where TV : unmanaged;
}
