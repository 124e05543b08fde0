namespace NotebookKit.Cancellation;

/// <summary>
/// A cancellation token that flows with the calling code (an <see cref="AsyncLocal{T}"/>) so a host can stop the
/// library's long operations without every caller passing a token: the notebook engine sets it for the duration of a
/// cell, and training, the range test, multi-seed runs and downloads stop when it is cancelled, exactly as if their own
/// <c>cancellationToken</c> argument had been.
/// </summary>
/// <remarks>
/// Like a <c>KeyboardInterrupt</c> in a Jupyter Python kernel: a student's <c>trainer.Fit()</c> passes no token, and the
/// interrupt still stops it between two batches. The token flows into tasks and threads started by the code that set it
/// (the execution context), not into unrelated code running beside it in the same process.
/// </remarks>
public static class AmbientCancellation
{
    private static readonly AsyncLocal<CancellationToken> Ambient = new();

    /// <summary>The ambient token of the calling code; <see cref="CancellationToken.None"/> when no host set one.</summary>
    public static CancellationToken Token => Ambient.Value;

    /// <summary>Makes <paramref name="token"/> the ambient token of the calling code and of what it starts, until the
    /// returned scope is disposed (then the previous token is back).</summary>
    public static Scope Use(CancellationToken token)
    {
        var previous = Ambient.Value;
        Ambient.Value = token;
        return new Scope(previous);
    }

    /// <summary>Throws <see cref="OperationCanceledException"/> when <paramref name="cancellationToken"/> or the ambient
    /// token is cancelled: the check long loops of the library make between steps.</summary>
    /// <param name="cancellationToken">The operation's own token (may be <see cref="CancellationToken.None"/>).</param>
    public static void ThrowIfCancellationRequested(CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        Ambient.Value.ThrowIfCancellationRequested();
    }

    /// <summary>A token cancelled when either <paramref name="cancellationToken"/> or the ambient token is, for passing on
    /// to asynchronous calls (HTTP, file I/O).</summary>
    /// <remarks>When both can be cancelled the result comes from a linked source whose registrations live as long as the two
    /// tokens' sources; hosts cancel or drop the ambient source after each unit of work, so nothing accumulates.</remarks>
    public static CancellationToken Or(CancellationToken cancellationToken)
    {
        var ambient = Ambient.Value;
        if (!ambient.CanBeCanceled || ambient == cancellationToken)
        {
            return cancellationToken;
        }

        if (!cancellationToken.CanBeCanceled)
        {
            return ambient;
        }

#pragma warning disable CA2000 // The linked source lives as long as the tokens it joins; see remarks.
        return CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, ambient).Token;
#pragma warning restore CA2000
    }

    /// <summary>Restores the previous ambient token when disposed (see <see cref="Use"/>).</summary>
    public readonly struct Scope : IDisposable, IEquatable<Scope>
    {
        private readonly CancellationToken previous;

        internal Scope(CancellationToken previous) => this.previous = previous;

        /// <summary>Puts the previous ambient token back.</summary>
        public void Dispose() => Ambient.Value = previous;

        /// <inheritdoc/>
        public bool Equals(Scope other) => previous == other.previous;

        /// <inheritdoc/>
        public override bool Equals(object? obj) => obj is Scope other && Equals(other);

        /// <inheritdoc/>
        public override int GetHashCode() => previous.GetHashCode();

        /// <summary>True when both scopes restore the same token.</summary>
        public static bool operator ==(Scope left, Scope right) => left.Equals(right);

        /// <summary>True when the scopes restore different tokens.</summary>
        public static bool operator !=(Scope left, Scope right) => !left.Equals(right);
    }
}
