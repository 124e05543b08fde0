namespace NotebookKit.Claims;

/// <summary>How the values of a <see cref="Sample"/> or a <see cref="Measure"/> are shown.</summary>
public enum Unit
{
    /// <summary>A plain number (a loss, a learning rate, a norm), shown with a few significant digits.</summary>
    Plain,

    /// <summary>
    /// A fraction such as an accuracy, stored as 0.823 and shown as <c>82.3%</c>; differences between two such values are
    /// shown in percentage points (<c>+2.1 points</c>).
    /// </summary>
    Percent,
}
