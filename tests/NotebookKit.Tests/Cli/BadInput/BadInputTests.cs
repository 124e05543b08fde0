using System.Text.RegularExpressions;
using NotebookKit.Data;
using NotebookKit.Tests.Data;

namespace NotebookKit.Tests.Cli.BadInput;

/// <summary>
/// Every <c>nbkit</c> command, run as a process with malformed, missing, out-of-range, hostile and huge inputs: each
/// ends with the exit code in the table and one <c>error: ...</c> line (or a JSON <c>"error"</c> for a batch entry)
/// that contains the expected words, and never a stack trace, a .NET type name or a <c>(Parameter 'x')</c> suffix.
/// </summary>
/// <remarks>Arguments and file contents may use <c>{dir}</c>, a fresh folder per case.</remarks>
public sealed partial class BadInputTests
{
    private sealed record Case(string[] Args, string Expected, int Exit = 1, IReadOnlyDictionary<string, string>? Files = null, bool InStdout = false, bool SmallMemory = false);

    /// <summary>A 1 GiB heap limit for the "huge" cases, so what counts as too much does not depend on the test machine.</summary>
    private static readonly Dictionary<string, string> OneGibibyte = new() { ["DOTNET_GCHeapHardLimit"] = "0x40000000" };

    private static Dictionary<string, string> File(string name, string text) => new() { [name] = text };

    private const string StepLR = """{"type": "StepLR", "step_size": 1}""";
    private const string Tiny = "\"dataset\": \"fashion-mnist\", \"model\": \"mlp\", \"optimizer\": {\"type\": \"SGD\", \"lr\": 0.1}, \"epochs\": 1, \"train_limit\": 64, \"test_limit\": 16";

    private static readonly Dictionary<string, Case> Cases = new()
    {
        // Command-line mistakes, for every command: one error line and a pointer to --help.
        ["version: extra argument"] = new(["version", "extra"], "Unrecognized command or argument 'extra'"),
        ["unknown command"] = new(["trian"], "Unrecognized command or argument 'trian'"),
        ["schedule trace: unknown option"] = new(["schedule", "trace", "{dir}/s.json", "--steps", "3"], "Unrecognized command or argument '--steps'"),
        ["optim trace: no file"] = new(["optim", "trace"], "Required argument missing for command: 'trace'"),
        ["bench train: threads not a number"] = new(["bench", "train", "--threads", "two"], "--threads: 'two' is not a whole number"),
        ["bench optim: params overflow int"] = new(["bench", "optim", "--params", "99999999999"], "--params: '99999999999' is not a whole number"),
        ["run: timeout not a number"] = new(["run", "{dir}/x.ipynb", "--timeout", "1h"], "--timeout: '1h' is not a number"),
        ["convert: format not allowed"] = new(["convert", "{dir}/x.ipynb", "--to", "pdf"], "'pdf' is not a notebook format"),
        ["data fetch: dataset not allowed"] = new(["data", "fetch", "mnist"], "Argument 'mnist' not recognized. Must be one of: 'cifar10', 'fashion-mnist'"),
        ["data info: option without value"] = new(["data", "info", "--data-dir"], "Required argument missing for option: '--data-dir'"),
        ["train: --out without value"] = new(["train", "{dir}/c.json", "--out"], "Required argument missing for option: '--out'"),
        ["lr-find: two configs"] = new(["lr-find", "{dir}/a.json", "{dir}/b.json"], "Unrecognized command or argument"),

        // Missing, unreadable and malformed files.
        ["schedule trace: missing file"] = new(["schedule", "trace", "{dir}/nope.json"], "nope.json: file not found"),
        ["schedule trace: empty file"] = new(["schedule", "trace", "{dir}/s.json"], "s.json: not valid JSON", Files: File("s.json", "")),
        ["schedule trace: truncated JSON"] = new(["schedule", "trace", "{dir}/s.json"], "s.json: not valid JSON", Files: File("s.json", "[{\"steps\": ")),
        ["optim trace: missing file"] = new(["optim", "trace", "{dir}/nope.json"], "nope.json"),
        ["optim trace: a list instead of an object"] = new(["optim", "trace", "{dir}/o.json"], "must be an object such as", Files: File("o.json", "[1, 2]")),
        ["train: missing config"] = new(["train", "{dir}/nope.json"], "nope.json: file not found"),
        ["train: config is a folder"] = new(["train", "{dir}"], "is a folder, not a config file"),
        ["train: config is null"] = new(["train", "{dir}/c.json"], "a config is a JSON object", Files: File("c.json", "null")),
        ["lr-find: truncated config"] = new(["lr-find", "{dir}/c.json"], "c.json", Files: File("c.json", "{\"model\": ")),
        ["run: missing notebook"] = new(["run", "{dir}/nope.ipynb"], "does not exist"),
        ["run: notebook is not JSON"] = new(["run", "{dir}/x.ipynb", "--out", "{dir}/out"], "is not valid notebook JSON", Files: File("x.ipynb", "{\"cells\": ")),
        ["run: parameter without a value"] = new(["run", "{dir}/x.ipynb", "-p", "Epochs"], "-p expects Name=value", Files: File("x.ipynb", """{"cells": [], "metadata": {}, "nbformat": 4, "nbformat_minor": 5}""")),
        ["convert: missing notebook"] = new(["convert", "{dir}/nope.ipynb", "--to", "cs"], "does not exist"),
        ["convert: notebook is not JSON"] = new(["convert", "{dir}/x.ipynb", "--to", "cs"], "is not valid notebook JSON", Files: File("x.ipynb", "\u00ff\u00fe garbage")),

        // Out of range and hostile values.
        ["schedule trace: negative steps"] = new(["schedule", "trace", "{dir}/s.json"], "non-negative integer", 0, File("s.json", $$"""{"scheduler": {{StepLR}}, "steps": -1}"""), InStdout: true),
        ["schedule trace: steps beyond double"] = new(["schedule", "trace", "{dir}/s.json"], "steps", 0, File("s.json", $$"""{"scheduler": {{StepLR}}, "steps": 1e400}"""), InStdout: true),
        ["schedule trace: lr is text"] = new(["schedule", "trace", "{dir}/s.json"], "must be a number", 0, File("s.json", $$"""{"lr": "abc", "scheduler": {{StepLR}}, "steps": 3}"""), InStdout: true),
        ["schedule trace: scheduler is null"] = new(["schedule", "trace", "{dir}/s.json"], "scheduler", 0, File("s.json", """{"scheduler": null, "steps": 3}"""), InStdout: true),
        ["schedule trace: gamma drives lr to infinity"] = new(["schedule", "trace", "{dir}/s.json"], "StepLR drove the learning rate of parameter group 0 to Infinity at step 2", 0, File("s.json", """{"scheduler": {"type": "StepLR", "step_size": 1, "gamma": 1e308}, "steps": 5}"""), InStdout: true),
        ["optim trace: negative lr"] = new(["optim", "trace", "{dir}/o.json"], "-0.1", Files: File("o.json", """{"optimizer": {"type": "SGD", "lr": -0.1}, "params": [[1]], "grads": [[[1]]]}""")),
        ["train: data_dir does not exist"] = new(["train", "{dir}/c.json", "--out", "{dir}/out"], "The data folder (data_dir) {dir}/typo does not exist", Files: File("c.json", $$"""{{{Tiny}}, "data_dir": "{dir}/typo"}""")),
        ["train: data_dir with a damaged file"] = new(["train", "{dir}/c.json", "--out", "{dir}/out"], "{dir}/d/train-images-idx3-ubyte is truncated", Files: new Dictionary<string, string>
        {
            ["c.json"] = $$"""{{{Tiny}}, "data_dir": "{dir}/d"}""",
            ["d/train-images-idx3-ubyte"] = "", ["d/train-labels-idx1-ubyte"] = "", ["d/t10k-images-idx3-ubyte"] = "", ["d/t10k-labels-idx1-ubyte"] = "",
        }),
        ["train: --out is a file"] = new(["train", "{dir}/c.json", "--out", "{dir}/c.json"], "is a file, not a folder", Files: File("c.json", $$"""{{{Tiny}}}""")),
        ["lr-find: --out holds other files"] = new(["lr-find", "{dir}/c.json", "--out", "{dir}"], "already holds files nbkit did not write (c.json)", Files: File("c.json", $$"""{{{Tiny}}}""")),
        ["bench train: input shape with zero"] = new(["bench", "train", "--input", "0x1x1"], "--input must look like 3x32x32"),
        ["bench optim: zero steps"] = new(["bench", "optim", "--steps", "0"], "--steps must be at least 1"),
        ["data fetch: mirror is not a URL"] = new(["data", "fetch", "cifar10", "--mirror", "file:///etc/passwd", "--data-dir", "{dir}"], "--mirror must be an absolute http or https URL"),

        ["schedule trace: a key written twice"] = new(["schedule", "trace", "{dir}/s.json"], "scheduler.step_size: the key", 0, InStdout: true, Files: File("s.json", """{"scheduler": {"type": "StepLR", "step_size": 1, "step_size": 2}, "steps": 3}""")),
        ["optim trace: a parameter beyond float32"] = new(["optim", "trace", "{dir}/o.json"], "params[0][1]: is 1E+39, beyond the float32 range", Files: File("o.json", """{"optimizer": {"type": "SGD", "lr": 0.1}, "params": [[1, 1e39]], "grads": [[[1, 1]]]}""")),
        ["optim trace: a gradient beyond float32"] = new(["optim", "trace", "{dir}/o.json"], "grads[0][0][0]: is -1E+40, beyond the float32 range", Files: File("o.json", """{"optimizer": {"type": "SGD", "lr": 0.1}, "params": [[1]], "grads": [[[-1e40]]]}""")),
        ["schedule trace: CosineDecayRestarts t_mul 1e308 computes"] = new(["schedule", "trace", "{dir}/s.json"], "{\"lr\":[0.1,", 0, File("s.json", """{"scheduler": {"type": "CosineDecayRestarts", "initial_learning_rate": 0.1, "first_decay_steps": 10, "t_mul": 1e308}, "steps": 40}"""), InStdout: true),
        ["schedule trace: CosineAnnealingWarmRestarts T_mult 10^15 computes"] = new(["schedule", "trace", "{dir}/s.json"], "{\"lr\":[0.1,", 0, File("s.json", """{"scheduler": {"type": "CosineAnnealingWarmRestarts", "T_0": 10, "T_mult": 1000000000000000}, "steps": 40}"""), InStdout: true),
        ["schedule trace: T_mult 10^18 is beyond an exact integer"] = new(["schedule", "trace", "{dir}/s.json"], "scheduler.T_mult: must be an integer between -9e15 and 9e15, got 1000000000000000000", 0, File("s.json", """{"scheduler": {"type": "CosineAnnealingWarmRestarts", "T_0": 10, "T_mult": 1000000000000000000}, "steps": 40}"""), InStdout: true),

        // The Jupyter kernel: connection files and kernelspec folders.
        ["kernel start: missing connection file"] = new(["kernel", "start", "{dir}/nope.json"], "The connection file {dir}/nope.json does not exist"),
        ["kernel start: truncated connection file"] = new(["kernel", "start", "{dir}/k.json"], "The connection file {dir}/k.json is not valid JSON", Files: File("k.json", "{\"shell_port\": ")),
        ["kernel start: connection file is not JSON"] = new(["kernel", "start", "{dir}/k.json"], "The connection file {dir}/k.json is not valid JSON", Files: File("k.json", "hello")),
        ["kernel start: connection file without ports"] = new(["kernel", "start", "{dir}/k.json"], "The connection file {dir}/k.json lacks \"shell_port\"", Files: File("k.json", """{"transport": "tcp", "ip": "127.0.0.1"}""")),
        ["kernel install: --prefix is a file"] = new(["kernel", "install", "--prefix", "{dir}/f"], "--prefix {dir}/f is a file, not a folder", Files: File("f", "mine")),
        ["kernel install: --prefix under a file"] = new(["kernel", "install", "--prefix", "{dir}/f/sub"], "--prefix {dir}/f/sub lies under {dir}/f, which is a file, not a folder", Files: File("f", "mine")),
        ["kernel uninstall: a name not installed"] = new(["kernel", "uninstall", "--prefix", "{dir}", "--name", "nosuch"], "No kernelspec named \"nosuch\" is installed at {dir}/share/jupyter/kernels/nosuch"),

        // Sweeps: sweep files, shards, merging.
        ["sweep: missing file"] = new(["sweep", "{dir}/nope.json", "--out", "{dir}/out"], "{dir}/nope.json: file not found"),
        ["sweep: truncated JSON"] = new(["sweep", "{dir}/s.json", "--out", "{dir}/out"], "{dir}/s.json: not valid JSON", Files: File("s.json", "{\"base\": ")),
        ["sweep: an unknown key"] = new(["sweep", "{dir}/s.json", "--out", "{dir}/out"], "colour: is not a sweep key; accepted: base, grid, name, points", Files: File("s.json", $$"""{"base": {{{Tiny}}}, "grid": {"seed": [0]}, "colour": 1}""")),
        ["sweep: --shard 3/2"] = new(["sweep", "{dir}/s.json", "--out", "{dir}/out", "--shard", "3/2"], "--shard must be i/n with 0 <= i < n", Files: File("s.json", $$"""{"base": {{{Tiny}}}, "grid": {"seed": [0, 1]} }""")),
        ["sweep: --shard 0/0"] = new(["sweep", "{dir}/s.json", "--out", "{dir}/out", "--shard", "0/0"], "--shard must be i/n with 0 <= i < n", Files: File("s.json", $$"""{"base": {{{Tiny}}}, "grid": {"seed": [0, 1]} }""")),
        ["sweep merge: a folder with no results"] = new(["sweep", "merge", "{dir}/empty", "--out", "{dir}/report"], "{dir}/empty: not a sweep output folder (no sweep-plan.json)", Files: File("empty/.keep", "")),
        ["sweep merge: a missing folder"] = new(["sweep", "merge", "{dir}/nope", "--out", "{dir}/report"], "{dir}/nope: folder not found"),

        // The range test's length: refused before any data is loaded.
        ["lr-find: num_iter 1e9"] = new(["lr-find", "{dir}/c.json", "--out", "{dir}/out"], "num_iter: must be at most 100000 (each iteration trains one batch", Files: File("c.json", $$"""{{{Tiny}}, "num_iter": 1e9}""")),

        // Huge: refused up front, naming the setting and the limit.
        ["schedule trace: 1,000 groups x 10^7 steps"] = new(["schedule", "trace", "{dir}/s.json"], "the document asks for 10000001000 learning-rate values (\"steps\" + 1, times the parameter groups in \"lr\", summed over 1 spec), more than the 10000001", Files: File("s.json", $$"""{"lr": [{{string.Join(", ", Enumerable.Repeat("0.1", 1000))}}], "scheduler": {{StepLR}}, "steps": 10000000}""")),
        ["schedule trace: 30 specs x 10^7 steps"] = new(["schedule", "trace", "{dir}/s.json"], "summed over 30 specs), more than the 10000001", Files: File("s.json", "[" + string.Join(", ", Enumerable.Repeat($$"""{"scheduler": {{StepLR}}, "steps": 10000000}""", 30)) + "]")),
        ["bench train: a batch larger than any array"] = new(["bench", "train", "--batch", "100000000"], "--batch 100000000 of 3x32x32 images is 3.072e11 values, more than one array holds"),
        ["bench train: a batch larger than memory"] = new(["bench", "train", "--batch", "100000"], "--batch 100000 (minivggnet on 3x32x32 images", SmallMemory: true),
        ["bench optim: parameters larger than memory"] = new(["bench", "optim", "--params", "200000000"], "--params 200000000 (7 float32 arrays of that length) needs about 5.2 GiB of memory, more than the", SmallMemory: true),
        ["train: batch_size whose step exceeds memory"] = new(["train", "{dir}/c.json", "--out", "{dir}/out"], "config 'batch_size' 1000000000 (20000 images of the training split per step", Files: File("c.json", $$"""{"dataset": "fashion-mnist", "data_dir": "{{FashionMnist.SystemFolder}}", "model": "minivggnet", "optimizer": {"type": "SGD", "lr": 0.1}, "epochs": 1, "batch_size": 1000000000, "train_limit": 20000, "test_limit": 10}"""), SmallMemory: true),
        ["train: a huge batch_size on a small split just trains"] = new(["train", "{dir}/c.json", "--out", "{dir}/out"], "\"batch_size\":1000000000", 0, File("c.json", $$"""{{{Tiny}}, "data_dir": "{{FashionMnist.SystemFolder}}", "batch_size": 1000000000}"""), InStdout: true, SmallMemory: true),
    };

    public static TheoryData<string> Names => [.. Cases.Keys];

    [Theory]
    [MemberData(nameof(Names))]
    public void A_bad_input_is_refused_in_one_clear_line(string name)
    {
        var c = Cases[name];
        using var dir = new TempFolder();
        foreach (var (file, text) in c.Files ?? new Dictionary<string, string>())
        {
            string path = Path.Combine(dir.Path, file);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            System.IO.File.WriteAllText(path, text.Replace("{dir}", dir.Path, StringComparison.Ordinal));
        }

        var run = Nbkit.Run(c.Args.Select(a => a.Replace("{dir}", dir.Path, StringComparison.Ordinal)), dir.Path, TimeSpan.FromMinutes(3), c.SmallMemory ? OneGibibyte : null);

        string expected = c.Expected.Replace("{dir}", dir.Path, StringComparison.Ordinal);
        Assert.True(c.Exit == run.ExitCode, $"exit {run.ExitCode}, expected {c.Exit}\nstdout: {run.Stdout}\nstderr: {run.Stderr}");
        Assert.Contains(expected, c.InStdout ? run.Stdout : run.Stderr, StringComparison.Ordinal);
        foreach (string output in new[] { run.Stdout, run.Stderr })
        {
            Assert.DoesNotMatch(DotnetLeak(), output);
        }

        if (c.Exit != 0)
        {
            string[] errors = run.Stderr.Split('\n').Where(l => l.StartsWith("error:", StringComparison.Ordinal)).ToArray();
            Assert.Single(errors);
            Assert.DoesNotContain("Usage:", run.Stderr, StringComparison.Ordinal);
        }
    }

    /// <summary>What must never reach a user: stack frames, .NET type names, the "(Parameter 'x')" suffix.</summary>
    [GeneratedRegex(@"^\s+at |System\.[A-Z]|\(Parameter '|Exception:|Unhandled exception", RegexOptions.Multiline)]
    private static partial Regex DotnetLeak();
}
