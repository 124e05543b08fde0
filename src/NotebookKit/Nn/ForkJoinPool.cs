using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Runtime.ExceptionServices;

namespace NotebookKit.Nn;

/// <summary>
/// A persistent fork-join pool for <see cref="NnThreads.For"/>: dedicated background threads that wait for the
/// next parallel region, so a region costs no allocation and no thread-pool scheduling.
/// </summary>
/// <remarks>
/// <para>A region runs <c>body(0) … body(chunks − 1)</c>. Chunks are claimed one at a time from a shared counter by
/// the calling thread and the workers alike, so which thread runs a chunk depends on timing, but what a chunk
/// computes does not (its bounds come from the sizes only): results are the same whoever runs it. The caller
/// claims first, so a region never waits for a worker that has not woken up yet, only for chunks already running.</para>
/// <para>After a region a worker polls for the next one for about 50 µs (the next region of a training step usually
/// starts within microseconds): a few pauses, then yielding its core, so that on a machine with more runnable threads
/// than cores the wait does not take the core from the thread doing the serial work. Then it blocks on a monitor, so
/// an idle process (a notebook kernel between cells) uses no CPU.
/// <c>Parallel.For</c> instead queued tasks to the thread pool on every call: a few kilobytes of garbage per call,
/// wake-ups through the pool's semaphore, and chunks landing on whichever pool thread was free (each then
/// allocating its own thread-static scratch buffers).</para>
/// <para>Only one region runs at a time. A region started while another is running (a body that calls
/// <see cref="NnThreads.For"/>, or a second thread training another model) runs its chunks in order on its own
/// thread: the same chunks, so the same results.</para>
/// </remarks>
internal sealed class ForkJoinPool
{
    /// <summary>How long a worker keeps polling for the next region before it blocks (50 µs).</summary>
    private static readonly long SpinTicks = Stopwatch.Frequency / 20_000;

    private readonly object growLock = new();
    private readonly ManualResetEventSlim finished = new(false, spinCount: 200);
    private Worker[] workers = [];

    // The low word of a closed generation: no chunk index reaches it.
    private const long Closed = int.MaxValue;

    // 1 while a region runs; a second caller then runs inline.
    private int busy;

    // The current region: its generation in the high 32 bits, the next unclaimed chunk in the low 32. Claiming a
    // chunk is a compare-exchange on the whole word, so a worker that wakes late can never claim a chunk of a
    // later region with the body of an earlier one. Each region takes two generations: one that closes the previous
    // region before the new body and count are written, then the region's own.
    private long state;
    private Action<int>? body;
    private int chunks;
    private int remaining;
    private Exception? error;

    /// <summary>The pool <see cref="NnThreads.For"/> uses (tests make their own).</summary>
    internal static ForkJoinPool Shared { get; } = new();

    /// <summary>Runs <paramref name="body"/>(i) for i in [0, <paramref name="count"/>) on this thread and up to <paramref name="count"/> − 1 workers; rethrows the first exception a chunk threw.</summary>
    internal void Run(int count, Action<int> body)
    {
        if (count <= 1 || Interlocked.CompareExchange(ref busy, 1, 0) != 0)
        {
            for (int i = 0; i < count; i++)
            {
                body(i);
            }

            return;
        }

        try
        {
            EnsureWorkers(count - 1);

            // Close the last region first: a worker that claimed that region's last chunk loops once more and reads
            // its state word and then `chunks`; had it read this region's larger count with the old word, its
            // compare-exchange would claim a chunk of the old generation and run it with this region's body (a chunk
            // twice, and a region that returns early). After this exchange no compare-exchange on an old word
            // succeeds, and a closed generation has no chunk to claim (Closed is above any count).
            long closed = Generation + 1;
            Interlocked.Exchange(ref state, (closed << 32) | Closed);
            this.body = body;
            chunks = count;
            error = null;
            finished.Reset();
            Volatile.Write(ref remaining, count);

            // Publishing the new generation (a full fence) makes body, chunks and remaining visible to every
            // thread that reads it.
            long generation = closed + 1;
            Interlocked.Exchange(ref state, generation << 32);
            Worker[] current = workers;
            for (int w = 0; w < count - 1; w++)
            {
                current[w].Wake();
            }

            RunChunks(generation);

            // Every chunk has been claimed; wait for the ones still running on workers (spinning briefly, then
            // blocking, so that a worker descheduled on a busy machine gets the core back). The wait is not left
            // early even by Thread.Interrupt: the next region must not start while this one's chunks still run.
            bool interrupted = false;
            while (true)
            {
                try
                {
                    finished.Wait();
                    break;
                }
                catch (ThreadInterruptedException)
                {
                    interrupted = true;
                }
            }

            if (interrupted)
            {
                throw new ThreadInterruptedException("The thread was interrupted while a parallel region was running; every chunk of the region finished first.");
            }

            this.body = null;
            if (error is { } e)
            {
                ExceptionDispatchInfo.Capture(e).Throw();
            }
        }
        finally
        {
            Volatile.Write(ref busy, 0);
        }
    }

    /// <summary>The generation of the current (or last) region.</summary>
    private long Generation => Volatile.Read(ref state) >> 32;

    // Claims and runs chunks of region `generation` until none is left (or a later region has started).
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void RunChunks(long generation)
    {
        while (true)
        {
            long s = Volatile.Read(ref state);
            int next = (int)(s & 0xFFFF_FFFF);
            if ((s >> 32) != generation || next >= Volatile.Read(ref chunks))
            {
                return;
            }

            if (Interlocked.CompareExchange(ref state, s + 1, s) != s)
            {
                continue;
            }

            // The claim succeeded, so this region cannot finish (nor the next one start) before this chunk is done:
            // body is this region's.
            try
            {
                body!(next);
            }
            catch (Exception e)
            {
                Interlocked.CompareExchange(ref error, e, null);
            }

            if (Interlocked.Decrement(ref remaining) == 0)
            {
                finished.Set();
            }
        }
    }

    private void EnsureWorkers(int count)
    {
        if (workers.Length >= count)
        {
            return;
        }

        lock (growLock)
        {
            if (workers.Length >= count)
            {
                return;
            }

            var grown = new Worker[count];
            Array.Copy(workers, grown, workers.Length);
            for (int w = workers.Length; w < count; w++)
            {
                grown[w] = new Worker(this, w, Generation);
            }

            workers = grown;
        }
    }

    /// <summary>One dedicated thread: waits for a new generation, helps run its chunks, waits again.</summary>
    private sealed class Worker
    {
        private readonly ForkJoinPool pool;
        private readonly object gate = new();
        private long seen;
        private int sleeping;

        internal Worker(ForkJoinPool pool, int index, long generation)
        {
            this.pool = pool;
            seen = generation;
            var thread = new Thread(Loop)
            {
                IsBackground = true,
                Name = $"NotebookKit.Nn worker {index + 1}",
            };
            thread.Start();
        }

        /// <summary>Called after a new generation was published: unblocks the worker if it stopped spinning.</summary>
        internal void Wake()
        {
            // Pairs with the worker's fence between setting `sleeping` and re-reading the generation: either it sees
            // the new generation, or this sees `sleeping` and pulses under the lock it waits with.
            if (Volatile.Read(ref sleeping) != 0)
            {
                lock (gate)
                {
                    Monitor.Pulse(gate);
                }
            }
        }

        private void Loop()
        {
            while (true)
            {
                long generation = WaitForNext();
                seen = generation;
                pool.RunChunks(generation);
            }
        }

        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        private long WaitForNext()
        {
            long start = Stopwatch.GetTimestamp();
            int polls = 0;
            while (true)
            {
                long generation = pool.Generation;
                if (generation != seen)
                {
                    return generation;
                }

                // A short busy spin first, then yields, so that on a machine with more runnable threads than cores the
                // wait gives the core away instead of taking it from the caller. The clock is read every 16 polls.
                polls++;
                if (polls < 64)
                {
                    Thread.SpinWait(4);
                    continue;
                }

                if ((polls & 15) != 0 || Stopwatch.GetTimestamp() - start < SpinTicks)
                {
                    Thread.Yield();
                    continue;
                }

                lock (gate)
                {
                    Interlocked.Exchange(ref sleeping, 1);
                    if (pool.Generation == seen)
                    {
                        Monitor.Wait(gate);
                    }

                    Volatile.Write(ref sleeping, 0);
                }

                start = Stopwatch.GetTimestamp();
                polls = 0;
            }
        }
    }
}
