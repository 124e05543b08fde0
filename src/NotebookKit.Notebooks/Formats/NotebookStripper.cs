using NotebookKit.Files;
using NotebookKit.Notebooks.Execution;

namespace NotebookKit.Notebooks.Formats;

/// <summary>
/// Removes what a run adds (nbdev_clean style): outputs, execution counts, run timings, injected-parameters cells.
/// Committed notebooks stay small and merge without conflicts.
/// </summary>
public static class NotebookStripper
{
    private static readonly string[] RunCellKeys = ["execution", "nbkit", "papermill", "ExecuteTime"];
    private static readonly string[] RunNotebookKeys = ["nbkit", "papermill"];

    /// <summary>Strips <paramref name="notebook"/> in place.</summary>
    public static void Strip(Notebook notebook)
    {
        ArgumentNullException.ThrowIfNull(notebook);
        notebook.Cells.RemoveAll(c => c.HasTag(ParameterInjector.InjectedTag));
        foreach (var cell in notebook.Cells)
        {
            cell.Outputs.Clear();
            cell.ExecutionCount = null;
            foreach (string key in RunCellKeys)
            {
                cell.Metadata.Remove(key);
            }
        }

        foreach (string key in RunNotebookKeys)
        {
            notebook.Metadata.Remove(key);
        }
    }

    /// <summary>True when the notebook has no outputs, execution counts, run metadata or injected cells.</summary>
    public static bool IsClean(Notebook notebook)
    {
        ArgumentNullException.ThrowIfNull(notebook);
        return !notebook.Cells.Any(c => c.Outputs.Count > 0 || c.ExecutionCount is not null || c.HasTag(ParameterInjector.InjectedTag)
                                        || RunCellKeys.Any(c.Metadata.ContainsKey))
               && !RunNotebookKeys.Any(notebook.Metadata.ContainsKey);
    }

    /// <summary>Strips the .ipynb file at <paramref name="path"/> in place (temp file + rename).</summary>
    /// <returns>True when the file changed.</returns>
    public static bool StripFile(string path)
    {
        var notebook = Notebook.Load(path);
        if (!path.EndsWith(".ipynb", StringComparison.OrdinalIgnoreCase))
        {
            throw new ArgumentException($"'{path}' is not an .ipynb file; only .ipynb notebooks carry outputs to strip.");
        }

        string before = File.ReadAllText(path);
        Strip(notebook);
        string after = NotebookWriter.ToJson(notebook);
        if (before == after)
        {
            return false;
        }

        AtomicFile.WriteAllText(path, after);
        return true;
    }
}
