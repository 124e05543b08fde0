using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Scripting;
using Microsoft.CodeAnalysis.Scripting;

namespace NotebookKit.Notebooks.Tests;

/// <summary>The rewrite that lets a timeout or an interrupt stop code that never awaits.</summary>
public sealed class CancellationWeaverTests
{
    private const string Api = "global::NotebookKit.Notebooks.Execution.CellCancellation.";

    private static readonly ScriptOptions Options = ScriptOptions.Default
        .AddReferences(typeof(CellCancellation).Assembly)
        .WithImports("System", "System.Linq", "System.Linq.Expressions", "System.Threading", "System.Threading.Tasks")
        .WithLanguageVersion(LanguageVersion.Latest);

    /// <summary>Weaves <paramref name="code"/> and checks the result compiles.</summary>
    private static string Weave(string code)
    {
        var script = CSharpScript.Create<object>(code, Options);
        Assert.Empty(script.Compile().Where(d => d.Severity == DiagnosticSeverity.Error));
        string woven = CancellationWeaver.Weave(script.GetCompilation());
        var errors = CSharpScript.Create<object>(woven, Options).Compile().Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
        Assert.True(errors.Count == 0, $"{woven}\n{string.Join("\n", errors)}");
        return woven;
    }

    [Fact]
    public void Every_loop_body_starts_with_a_check_and_no_line_moves()
    {
        string code = "int n = 0;\nwhile (n < 3) n++;\nfor (int i = 0; i < 2; i++) { n += i; }\nforeach (var x in new[] { 1 })\n    n += x;\ndo { n--; } while (n > 100);";

        string woven = Weave(code);

        Assert.Equal(4, woven.Split(Api + "Check();").Length - 1);
        Assert.Equal(code.Split('\n').Length, woven.Split('\n').Length);
        Assert.Contains("while (n < 3) {" + Api + "Check();n++;}", woven, StringComparison.Ordinal);
    }

    [Fact]
    public void Methods_local_functions_and_lambdas_check_on_entry_whatever_their_body()
    {
        string code = """
            int Twice(int x) => x * 2;
            void Say(string s) => Console.WriteLine(s);
            static int Sum(int[] xs) { return xs.Sum(); }
            Func<int, int> square = x => x * x;
            Action hello = () => Console.WriteLine("hi");
            Func<Task> later = async () => await Task.Delay(1);
            Func<Task<int>> value = async () => await Task.FromResult(1);
            Func<int> fail = () => throw new InvalidOperationException();
            Twice(Sum([square(2)]))
            """;

        string woven = Weave(code);

        Assert.Contains("int Twice(int x) => " + Api + "Enter() ? (x * 2) : default;", woven, StringComparison.Ordinal);
        Assert.Contains("void Say(string s) {" + Api + "Enter(); Console.WriteLine(s);}", woven, StringComparison.Ordinal);
        Assert.Contains("static int Sum(int[] xs) {" + Api + "Enter(); return", woven, StringComparison.Ordinal);
        Assert.Contains("x => " + Api + "Enter() ? (x * x) : default", woven, StringComparison.Ordinal);
        Assert.Contains("() => {" + Api + "Enter();Console.WriteLine(\"hi\");}", woven, StringComparison.Ordinal);
        Assert.Contains("async () => {" + Api + "Enter();await " + Api + "Cancellable(" + Api + "Delay(1));}", woven, StringComparison.Ordinal);
        Assert.Contains("() => " + Api + "Enter() ? throw new InvalidOperationException() : default", woven, StringComparison.Ordinal);
    }

    [Fact]
    public void Blocking_sleeps_waits_and_results_become_cancellable()
    {
        string code = "Thread.Sleep(10);\nvar t = Task.Run(() => 1);\nt.Wait();\nt.Wait(5);\nvar r = t.Result;\nawait Task.Delay(1);\nawait t;";

        string woven = Weave(code);

        Assert.Contains(Api + "Sleep(10);", woven, StringComparison.Ordinal);
        Assert.Contains(Api + "Wait(t);", woven, StringComparison.Ordinal);
        Assert.Contains(Api + "Wait(t, 5);", woven, StringComparison.Ordinal);
        Assert.Contains("var r = " + Api + "Result(t);", woven, StringComparison.Ordinal);
        Assert.Contains("await " + Api + "Cancellable(" + Api + "Delay(1));", woven, StringComparison.Ordinal);
        Assert.Contains("await " + Api + "Cancellable(t);", woven, StringComparison.Ordinal);
    }

    [Fact]
    public void Expression_trees_and_code_without_loops_or_calls_stay_as_written()
    {
        Assert.Equal("Expression<Func<int, int>> e = x => x + 1;", Weave("Expression<Func<int, int>> e = x => x + 1;"));
        Assert.Equal("var a = 1 + 2;\na", Weave("var a = 1 + 2;\na"));
    }

    [Fact]
    public void Nested_constructs_close_innermost_first()
    {
        string woven = Weave("Func<int, Func<int, int>> add = a => b => a + b;\nwhile (true) while (false) { }");

        Assert.Contains("a => " + Api + "Enter() ? (b => " + Api + "Enter() ? (a + b) : default) : default;", woven, StringComparison.Ordinal);
        Assert.Contains("while (true) {" + Api + "Check();while (false) {" + Api + "Check(); }}", woven, StringComparison.Ordinal);
    }
}
