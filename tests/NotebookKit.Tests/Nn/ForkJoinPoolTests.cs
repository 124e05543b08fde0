using NotebookKit.Nn;

namespace NotebookKit.Tests.Nn;

/// <summary>The persistent pool behind <see cref="NnThreads.For"/>: every chunk exactly once, in any calling pattern.</summary>
public sealed class ForkJoinPoolTests
{
    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(5)]
    public void Every_chunk_runs_exactly_once_region_after_region(int chunks)
    {
        var pool = new ForkJoinPool();
        for (int region = 0; region < 2000; region++)
        {
            int[] runs = new int[chunks];
            pool.Run(chunks, i => Interlocked.Increment(ref runs[i]));
            Assert.All(runs, r => Assert.Equal(1, r));
        }
    }

    [Fact]
    public void A_region_with_more_chunks_right_after_a_smaller_one_runs_each_chunk_once()
    {
        // A worker that finished the last chunk of a small region loops once more to look for work. If the next,
        // larger region's chunk count became visible before its generation did, that worker could claim a chunk of
        // the old generation and run it with the new body: a chunk twice (or concurrently) and a region returning
        // early. Regions of 1-2 chunks followed by 8, back to back, with 7 workers on a machine with fewer cores
        // (so workers are descheduled between any two reads) give that window many chances.
        var pool = new ForkJoinPool();
        int[] sizes = [2, 8, 1, 8, 2, 7, 3, 8];
        var deadline = System.Diagnostics.Stopwatch.StartNew();
        int regions = 0;
        while (regions < 400_000 && (regions < 20_000 || deadline.ElapsedMilliseconds < 4000))
        {
            int chunks = sizes[regions % sizes.Length];
            int[] runs = new int[chunks];
            int stillRunning = 0;
            pool.Run(chunks, i =>
            {
                Interlocked.Increment(ref stillRunning);
                Interlocked.Increment(ref runs[i]);
                Interlocked.Decrement(ref stillRunning);
            });
            Assert.Equal(0, Volatile.Read(ref stillRunning));
            for (int i = 0; i < chunks; i++)
            {
                Assert.True(runs[i] == 1, $"Region {regions} ({chunks} chunks): chunk {i} ran {runs[i]} times.");
            }

            // Nothing from this region may run after Run returned.
            Thread.SpinWait(20);
            for (int i = 0; i < chunks; i++)
            {
                Assert.True(Volatile.Read(ref runs[i]) == 1, $"Region {regions} ({chunks} chunks): chunk {i} ran again after the region returned.");
            }

            regions++;
        }
    }

    [Fact]
    public void Chunks_run_on_more_than_one_thread_when_a_region_is_long_enough()
    {
        var pool = new ForkJoinPool();
        var threads = new HashSet<int>();
        for (int attempt = 0; attempt < 200 && threads.Count < 2; attempt++)
        {
            pool.Run(2, _ =>
            {
                lock (threads)
                {
                    threads.Add(Environment.CurrentManagedThreadId);
                }

                Thread.Sleep(2);
            });
        }

        Assert.Equal(2, threads.Count);
    }

    [Fact]
    public void A_region_after_the_workers_went_to_sleep_still_completes()
    {
        var pool = new ForkJoinPool();
        for (int region = 0; region < 5; region++)
        {
            Thread.Sleep(20);
            int[] runs = new int[4];
            pool.Run(4, i => Interlocked.Increment(ref runs[i]));
            Assert.All(runs, r => Assert.Equal(1, r));
        }
    }

    [Fact]
    public void A_region_started_inside_a_chunk_runs_inline_and_completes()
    {
        var pool = new ForkJoinPool();
        int[,] runs = new int[3, 4];
        pool.Run(3, outer => pool.Run(4, inner => Interlocked.Increment(ref runs[outer, inner])));
        foreach (int r in runs)
        {
            Assert.Equal(1, r);
        }
    }

    [Fact]
    public void Regions_from_several_threads_at_once_each_run_every_chunk()
    {
        var pool = new ForkJoinPool();
        int[][] runs = [.. Enumerable.Range(0, 4).Select(_ => new int[3 * 500])];
        Thread[] callers = [.. Enumerable.Range(0, 4).Select(c => new Thread(() =>
        {
            for (int region = 0; region < 500; region++)
            {
                pool.Run(3, i => Interlocked.Increment(ref runs[c][(region * 3) + i]));
            }
        }))];
        foreach (Thread t in callers)
        {
            t.Start();
        }

        foreach (Thread t in callers)
        {
            t.Join();
        }

        Assert.All(runs, r => Assert.All(r, count => Assert.Equal(1, count)));
    }

    [Fact]
    public void A_chunk_exception_reaches_the_caller_after_every_chunk_finished_and_the_pool_keeps_working()
    {
        var pool = new ForkJoinPool();
        int finished = 0;
        var thrown = Assert.Throws<InvalidOperationException>(() => pool.Run(4, i =>
        {
            if (i == 1)
            {
                throw new InvalidOperationException("chunk 1 failed");
            }

            Thread.Sleep(5);
            Interlocked.Increment(ref finished);
        }));
        Assert.Equal("chunk 1 failed", thrown.Message);
        Assert.Equal(3, finished);

        int[] runs = new int[4];
        pool.Run(4, i => Interlocked.Increment(ref runs[i]));
        Assert.All(runs, r => Assert.Equal(1, r));
    }

    [Fact]
    public void An_interrupted_caller_still_waits_for_every_chunk_and_the_pool_keeps_working()
    {
        var pool = new ForkJoinPool();
        int finished = 0, seenByCaller = -1;
        var caller = new Thread(() =>
        {
            try
            {
                // Start the worker, then run a region whose chunk 0 (the caller's) is busy for 20 ms, long enough
                // for the worker to claim chunk 1, which is busy for 300 ms: the interrupt lands while the caller
                // waits for it. Busy, not blocked, so the interrupt cannot end a chunk itself.
                pool.Run(2, _ => { });
                pool.Run(2, i =>
                {
                    var busy = System.Diagnostics.Stopwatch.StartNew();
                    while (busy.ElapsedMilliseconds < (i == 1 ? 300 : 20))
                    {
                        Thread.SpinWait(100);
                    }

                    Interlocked.Increment(ref finished);
                });
            }
            catch (ThreadInterruptedException)
            {
            }

            seenByCaller = Volatile.Read(ref finished);
        });
        caller.Start();
        Thread.Sleep(100);
        caller.Interrupt();
        caller.Join();

        Assert.Equal(2, seenByCaller);
        int[] runs = new int[2];
        pool.Run(2, i => Interlocked.Increment(ref runs[i]));
        Assert.All(runs, r => Assert.Equal(1, r));
    }
}
