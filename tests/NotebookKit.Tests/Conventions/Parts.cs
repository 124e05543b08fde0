namespace NotebookKit.Tests.Conventions;

/// <summary>
/// The kit's parts and the arrows allowed between them: the layering drawn in docs/architecture.md, as data the
/// architecture tests check the compiled code against.
/// </summary>
public static class Parts
{
    /// <summary>Shared contracts every part may use; they use no other part.</summary>
    public static readonly IReadOnlySet<string> Leaves = new HashSet<string>(StringComparer.Ordinal) { "Display", "Files", "Tensors", "Simd", "Specs", "Cancellation" };

    /// <summary>For each part, the non-leaf parts it may use (leaves are always allowed, except from a leaf).</summary>
    public static readonly IReadOnlyDictionary<string, string[]> Allowed = new Dictionary<string, string[]>(StringComparer.Ordinal)
    {
        ["Schedules"] = [],
        ["Nn"] = [],
        ["Data"] = [],
        ["Claims"] = [],
        ["Optim"] = ["Schedules", "Nn"],
        ["Plotting"] = ["Schedules", "Nn"],
        ["Training"] = ["Schedules", "Optim", "Nn", "Data", "Plotting"],
        ["Images"] = ["Plotting"],
        ["Runner"] = ["Plotting", "Images"],
        ["Kernel"] = ["Plotting", "Images", "Runner"],
        ["Cli"] = ["Schedules", "Optim", "Nn", "Data", "Plotting", "Training", "Claims", "Images", "Runner", "Kernel"],
    };

    /// <summary>The never-list of the layering: arrows that must not exist whatever else changes.</summary>
    public static readonly IReadOnlyList<(string From, string To, string Why)> Never =
    [
        ("Schedules", "Optim", "schedules turn a knob that optimizer groups expose; they know no optimizer"),
        ("Schedules", "Nn", "a schedule is a function of the step"),
        ("Schedules", "Training", "a schedule is a function of the step"),
        ("Schedules", "Plotting", "results draw nothing; charts take data"),
        ("Nn", "Training", "layers know no loop"),
        ("Nn", "Plotting", "layers draw nothing"),
        ("Nn", "Data", "layers take tensors, not datasets"),
        ("Optim", "Training", "an optimizer knows no loop"),
        ("Optim", "Plotting", "an optimizer draws nothing"),
        ("Data", "Nn.Layers", "data may use tensors; it knows no layer"),
        ("Data", "Nn.Models", "data may use tensors; it knows no model"),
        ("Data", "Training", "data knows no loop"),
        ("Data", "Plotting", "display contracts are a leaf (NotebookKit.Display)"),
        ("Runner", "Nn", "the runner executes notebooks; lessons, not the runner, train models"),
        ("Runner", "Training", "the runner executes notebooks; lessons, not the runner, train models"),
        ("Kernel", "Nn", "the kernel speaks Jupyter's protocol over the runner's engine"),
        ("Kernel", "Training", "the kernel speaks Jupyter's protocol over the runner's engine"),
    ];

    /// <summary>
    /// The part a namespace belongs to: <c>NotebookKit.X[.…]</c> is part X, the runner is <c>Runner</c>; null outside the kit.
    /// <paramref name="detailed"/> keeps one more level (<c>Nn.Layers</c>) for the never-list's finer arrows.
    /// </summary>
    public static string? Of(string ns, bool detailed = false)
    {
        if (ns != "NotebookKit" && !ns.StartsWith("NotebookKit.", StringComparison.Ordinal))
        {
            return null;
        }

        string[] words = ns.Split('.');
        if (words.Length < 2)
        {
            return "NotebookKit";
        }

        string part = words[1] switch
        {
            "Notebooks" => "Runner",
            "Tests" or "Benchmarks" => "",
            var w => w,
        };
        if (part.Length == 0)
        {
            return null;
        }

        return detailed && words.Length > 2 ? $"{part}.{words[2]}" : part;
    }

    /// <summary>Whether <paramref name="to"/> (detailed or not) is <paramref name="rule"/> or inside it.</summary>
    public static bool Matches(string to, string rule) => to == rule || to.StartsWith(rule + ".", StringComparison.Ordinal);
}
