using NotebookKit.Display;
using NotebookKit.Notebooks.Execution;

namespace NotebookKit.Notebooks.FileApps;

/// <summary>
/// The <see cref="IDisplayHost"/> of a lesson run as a file-based app: <see cref="LiveDisplay"/> (progress, status lines)
/// becomes one output of the running cell, updated in place, like in <c>nbkit run</c>.
/// </summary>
internal sealed class FileAppDisplayHost(FileAppSession session) : IDisplayHost
{
    public IDisplayHandle Display(object? value) => new Handle(session.Display(value, []));

    private sealed class Handle(DisplayedValue displayed) : IDisplayHandle
    {
        public void Update(object? value) => displayed.Update(value);
    }
}
