namespace NotebookKit.Claims;

/// <summary>
/// Thrown by <see cref="Claim.That(string, Evidence)"/> when the run does not support the claim. The message states
/// the claim and the numbers, so the failing cell says what the run showed instead.
/// </summary>
public sealed class ClaimNotSupportedException : Exception
{
    /// <summary>Creates the exception for a claim that does not hold.</summary>
    public ClaimNotSupportedException(Claim claim)
        : base(MessageFor(claim)) => Claim = claim;

    /// <summary>Creates the exception with a message (for serializers and tests).</summary>
    public ClaimNotSupportedException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and a cause.</summary>
    public ClaimNotSupportedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the exception with the default message.</summary>
    public ClaimNotSupportedException()
        : base("The run does not support the claim.")
    {
    }

    /// <summary>The claim that did not hold; null when created from a message.</summary>
    public Claim? Claim { get; }

    private static string MessageFor(Claim claim)
    {
        ArgumentNullException.ThrowIfNull(claim);
        return $"This run does not support the claim \"{claim.Statement}\": {claim.Evidence.Numbers}.";
    }
}
