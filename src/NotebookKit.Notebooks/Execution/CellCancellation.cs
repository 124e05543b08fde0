using System.ComponentModel;
using System.Runtime.CompilerServices;
using NotebookKit.Cancellation;

namespace NotebookKit.Notebooks.Execution;

/// <summary>
/// The checks the engine weaves into a cell's code so a timeout or an interrupt stops it even when it never awaits: one
/// at the top of every loop body and of every method, local function and lambda; blocking sleeps, waits and awaits are
/// routed through the cancellable versions here. Not meant to be called by hand.
/// </summary>
/// <remarks>One cell runs at a time in a worker process, so the token of the running cell is process-wide: code the cell
/// started on other threads stops with it.</remarks>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class CellCancellation
{
    private static CancellationTokenSource? current;

    /// <summary>The running cell's token (<see cref="CancellationToken.None"/> outside a cell).</summary>
    public static CancellationToken Token => Volatile.Read(ref current)?.Token ?? CancellationToken.None;

    /// <summary>Woven at the top of loop bodies: throws when the cell was asked to stop.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Check()
    {
        if (Volatile.Read(ref current) is { IsCancellationRequested: true } source)
        {
            source.Token.ThrowIfCancellationRequested();
        }
    }

    /// <summary>Woven at method, local function and lambda entry: throws when the cell was asked to stop, and turns runaway
    /// recursion into an <see cref="InsufficientExecutionStackException"/> the cell can report instead of a stack overflow
    /// that would end the process.</summary>
    /// <returns>Always true (so it can guard an expression body: <c>Enter() ? body : default</c>).</returns>
    public static bool Enter()
    {
        Check();
        RuntimeHelpers.EnsureSufficientExecutionStack();
        return true;
    }

    /// <summary><see cref="Thread.Sleep(int)"/> that wakes up when the cell is stopped.</summary>
    public static void Sleep(int millisecondsTimeout)
    {
        if (Token.WaitHandle.WaitOne(millisecondsTimeout))
        {
            Check();
        }
    }

    /// <summary><see cref="Thread.Sleep(TimeSpan)"/> that wakes up when the cell is stopped.</summary>
    public static void Sleep(TimeSpan timeout) => Sleep(checked((int)timeout.TotalMilliseconds));

    /// <summary><see cref="Task.Delay(int)"/> cancelled with the cell.</summary>
    public static Task Delay(int millisecondsDelay) => Task.Delay(millisecondsDelay, Token);

    /// <summary><see cref="Task.Delay(TimeSpan)"/> cancelled with the cell.</summary>
    public static Task Delay(TimeSpan delay) => Task.Delay(delay, Token);

    /// <summary><see cref="Task.Wait()"/> that gives up when the cell is stopped.</summary>
    public static void Wait(Task task)
    {
        ArgumentNullException.ThrowIfNull(task);
        task.Wait(Token);
    }

    /// <summary><see cref="Task.Wait(int)"/> that gives up when the cell is stopped.</summary>
    public static bool Wait(Task task, int millisecondsTimeout)
    {
        ArgumentNullException.ThrowIfNull(task);
        return task.Wait(millisecondsTimeout, Token);
    }

    /// <summary><see cref="Task.Wait(TimeSpan)"/> that gives up when the cell is stopped.</summary>
    public static bool Wait(Task task, TimeSpan timeout)
    {
        ArgumentNullException.ThrowIfNull(task);
        return task.Wait(checked((int)timeout.TotalMilliseconds), Token);
    }

    /// <summary><see cref="Task{TResult}.Result"/> that gives up when the cell is stopped.</summary>
    public static T Result<T>(Task<T> task)
    {
        ArgumentNullException.ThrowIfNull(task);
        task.Wait(Token);
        return task.Result;
    }

    /// <summary>Woven around an awaited task: the await ends when the cell is stopped, even if the task does not.</summary>
    public static Task Cancellable(Task task) => task is null || task.IsCompleted || !Token.CanBeCanceled ? task! : task.WaitAsync(Token);

    /// <summary>Woven around an awaited task: the await ends when the cell is stopped, even if the task does not.</summary>
    public static Task<T> Cancellable<T>(Task<T> task) => task is null || task.IsCompleted || !Token.CanBeCanceled ? task! : task.WaitAsync(Token);

    /// <summary>Woven around an awaited value task: the await ends when the cell is stopped, even if the task does not.</summary>
    public static ValueTask Cancellable(ValueTask task) =>
        task.IsCompleted || !Token.CanBeCanceled ? task : new ValueTask(task.AsTask().WaitAsync(Token));

    /// <summary>Woven around an awaited value task: the await ends when the cell is stopped, even if the task does not.</summary>
    public static ValueTask<T> Cancellable<T>(ValueTask<T> task) =>
        task.IsCompleted || !Token.CanBeCanceled ? task : new ValueTask<T>(task.AsTask().WaitAsync(Token));

    /// <summary>Starts a cell: its token becomes the cells' and the library's ambient token until the scope ends.</summary>
    internal static CellScope Begin(CancellationTokenSource source)
    {
        Volatile.Write(ref current, source);
        return new CellScope(AmbientCancellation.Use(source.Token));
    }

    /// <summary>Ends the cell started by <see cref="Begin"/>.</summary>
    /// <remarks>The cell's source stays current until the next cell begins, so threads an interrupted cell started keep
    /// seeing its cancellation and stop too.</remarks>
    internal readonly struct CellScope(AmbientCancellation.Scope ambient) : IDisposable
    {
        public void Dispose() => ambient.Dispose();
    }
}
