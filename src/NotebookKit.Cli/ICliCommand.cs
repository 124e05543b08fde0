using System.CommandLine;

namespace NotebookKit.Cli;

/// <summary>One leaf command of <c>nbkit</c>, discovered by reflection so each feature owns its own file.</summary>
internal interface ICliCommand
{
    /// <summary>The words that lead to the command, e.g. <c>["schedule", "trace"]</c>.</summary>
    IReadOnlyList<string> Path { get; }

    /// <summary>Builds the leaf command; its name must be the last word of <see cref="Path"/>.</summary>
    Command Create();
}
