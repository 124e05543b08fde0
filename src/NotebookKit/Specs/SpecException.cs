namespace NotebookKit.Specs;

/// <summary>A JSON spec or config broke a rule; <see cref="KeyPath"/> says where, the message says which rule.</summary>
/// <remarks>
/// The message is <c>KEY.PATH: rule</c>, in the names the user wrote (PyTorch/Keras argument names, config keys), e.g.
/// <c>scheduler.schedulers[1].step_size: must be an integer, got 2.5</c>. It derives from
/// <see cref="ArgumentException"/> so callers that validate arguments catch it too, but it never carries .NET's
/// <c>(Parameter '…')</c> suffix.
/// </remarks>
public sealed class SpecException : ArgumentException
{
    /// <summary>Creates the exception for the value at <paramref name="keyPath"/>.</summary>
    /// <param name="keyPath">Where the broken value is, e.g. <c>optimizer.betas[1]</c>; empty for the whole document.</param>
    /// <param name="rule">The rule it broke, e.g. <c>must be in [0, 1), got 1.2</c>.</param>
    /// <param name="innerException">The library error the rule came from, if any.</param>
    public SpecException(string keyPath, string rule, Exception? innerException = null)
        : base(keyPath.Length == 0 ? rule : $"{keyPath}: {rule}", innerException)
    {
        KeyPath = keyPath;
        Rule = rule;
    }

    /// <summary>Where the broken value is: keys joined by dots, list items as <c>[i]</c>.</summary>
    public string KeyPath { get; }

    /// <summary>The rule that broke, without the key path.</summary>
    public string Rule { get; }
}
