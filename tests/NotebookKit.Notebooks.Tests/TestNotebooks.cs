using System.Diagnostics;

namespace NotebookKit.Notebooks.Tests;

/// <summary>Small helpers: notebooks from code, temp folders, the official nbformat validator.</summary>
internal static class TestNotebooks
{
    public static Notebook FromCode(params string[] cells)
    {
        var notebook = Notebook.Create();
        notebook.Cells.AddRange(cells.Select(c => new NotebookCell(CellType.Code, c)));
        return notebook;
    }

    /// <summary>Writes a notebook of C# code cells to <paramref name="folder"/>/<paramref name="name"/>.ipynb; returns its path.</summary>
    public static string WriteCode(string folder, string name, params string[] cells)
    {
        string path = Path.Combine(folder, name + ".ipynb");
        NotebookWriter.Write(FromCode(cells), path);
        return path;
    }

    public static NotebookRunResult Run(Notebook notebook, NotebookRunOptions? options = null) =>
        NotebookRunner.RunAsync(notebook, options).GetAwaiter().GetResult();

    /// <summary>The repository root (the folder holding NotebookKit.sln), found upwards from the test binaries.</summary>
    public static string RepoRoot
    {
        get
        {
            string? root = AppContext.BaseDirectory;
            while (root is not null && !File.Exists(Path.Combine(root, "NotebookKit.sln")))
            {
                root = Path.GetDirectoryName(root);
            }

            return root ?? throw new DirectoryNotFoundException($"No NotebookKit.sln above {AppContext.BaseDirectory}.");
        }
    }

    public static string TempFolder()
    {
        string folder = Path.Combine(Path.GetTempPath(), "nbkit-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        return folder;
    }

    /// <summary>Validates a file with the official nbformat schema (python3-nbformat); returns the validator's error text.</summary>
    public static string? NbformatErrors(string path)
    {
        var start = new ProcessStartInfo("/usr/bin/python3") { RedirectStandardError = true, RedirectStandardOutput = true };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add("import sys, nbformat; nbformat.validate(nbformat.read(sys.argv[1], as_version=4)); print('valid')");
        start.ArgumentList.Add(path);
        using var process = Process.Start(start)!;
        string stdout = process.StandardOutput.ReadToEnd();
        string stderr = process.StandardError.ReadToEnd();
        process.WaitForExit();
        return process.ExitCode == 0 && stdout.Trim() == "valid" ? null : $"exit {process.ExitCode}: {stderr}";
    }
}
