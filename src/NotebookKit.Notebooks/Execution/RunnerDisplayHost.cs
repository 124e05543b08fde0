using NotebookKit.Display;

namespace NotebookKit.Notebooks.Execution;

/// <summary>
/// The runner's <see cref="IDisplayHost"/>: <see cref="LiveDisplay"/> in a cell becomes one display_data output of that
/// cell, and each update replaces it (the executed notebook keeps the last value).
/// </summary>
internal sealed class RunnerDisplayHost : IDisplayHost
{
    public static RunnerDisplayHost Instance { get; } = new();

    public IDisplayHandle Display(object? value) => new Handle(OutputSink.Require().Display(value, []));

    private sealed class Handle(DisplayedValue displayed) : IDisplayHandle
    {
        public void Update(object? value) => displayed.Update(value);
    }
}
