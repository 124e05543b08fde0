namespace NotebookKit.Notebooks.Writeups;

/// <summary>Reads the current commit from a .git folder (worktrees and packed refs included) without running git.</summary>
internal static class GitInfo
{
    public static string? Commit(string folder)
    {
        try
        {
            for (var dir = new DirectoryInfo(folder); dir is not null; dir = dir.Parent)
            {
                string dotGit = Path.Combine(dir.FullName, ".git");
                if (Directory.Exists(dotGit))
                {
                    return Resolve(dotGit);
                }

                if (File.Exists(dotGit) && File.ReadAllText(dotGit).Trim() is var pointer && pointer.StartsWith("gitdir:", StringComparison.Ordinal))
                {
                    // A worktree: .git is a file naming its private git dir.
                    return Resolve(Path.GetFullPath(pointer["gitdir:".Length..].Trim(), dir.FullName));
                }
            }
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }

        return null;
    }

    private static string? Resolve(string gitDir)
    {
        string head = File.ReadAllText(Path.Combine(gitDir, "HEAD")).Trim();
        if (!head.StartsWith("ref:", StringComparison.Ordinal))
        {
            return head;
        }

        string name = head["ref:".Length..].Trim();
        string common = File.Exists(Path.Combine(gitDir, "commondir"))
            ? Path.GetFullPath(File.ReadAllText(Path.Combine(gitDir, "commondir")).Trim(), gitDir)
            : gitDir;
        foreach (string root in new[] { gitDir, common })
        {
            string loose = Path.Combine(root, name);
            if (File.Exists(loose))
            {
                return File.ReadAllText(loose).Trim();
            }
        }

        string packed = Path.Combine(common, "packed-refs");
        return File.Exists(packed)
            ? File.ReadLines(packed).Select(l => l.Split(' ')).FirstOrDefault(p => p.Length == 2 && p[1] == name)?[0]
            : null;
    }
}
