using System.Text.Json.Nodes;
using Microsoft.CodeAnalysis.CSharp.Scripting;
using Microsoft.CodeAnalysis.Scripting;

namespace NotebookKit.Kernel.Sessions;

// TEMPORARY DEV-ONLY (never to be landed): a crude in-process session to smoke-test the protocol until the engine lands.
internal sealed class EngineSession : ICellSession
{
    private ScriptState<object>? state;

    public static ICellSession Start(string directory, Action<string> log) => new EngineSession();

    public async Task<CellOutcome> ExecuteAsync(string code, int executionCount, ICellOutputs outputs, CancellationToken interrupt)
    {
        var saved = Console.Out;
        var savedErr = Console.Error;
        Console.SetOut(new Forward(outputs, "stdout"));
        Console.SetError(new Forward(outputs, "stderr"));
        try
        {
            var options = ScriptOptions.Default.WithImports("System", "System.Linq", "System.Collections.Generic", "System.Threading.Tasks");
            state = state is null ? await CSharpScript.RunAsync(code, options, cancellationToken: interrupt) : await state.ContinueWithAsync(code, options, cancellationToken: interrupt);
            if (state.ReturnValue is { } v)
            {
                outputs.Result(new JsonObject { ["text/plain"] = v.ToString() }, []);
            }
            return CellOutcome.Success(code);
        }
        catch (Exception e)
        {
            outputs.Error(e.GetType().Name, e.Message, [e.ToString()]);
            return new CellOutcome(e.GetType().Name, e.Message, [e.ToString()], null);
        }
        finally
        {
            Console.SetOut(saved);
            Console.SetError(savedErr);
        }
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    private sealed class Forward(ICellOutputs outputs, string name) : TextWriter
    {
        public override System.Text.Encoding Encoding => System.Text.Encoding.UTF8;
        public override void Write(char value) => outputs.Stream(name, value.ToString());
        public override void Write(string? value) => outputs.Stream(name, value ?? "");
    }
}
