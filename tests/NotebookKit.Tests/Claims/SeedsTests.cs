using NotebookKit.Claims;

namespace NotebookKit.Tests.Claims;

public class SeedsTests
{
    [Fact]
    public void From_gives_consecutive_seeds()
    {
        Assert.Equal([7, 8, 9], Seeds.From(7, 3));
        Assert.Contains("at least 1", Assert.Throws<ArgumentException>(() => Seeds.From(0, 0)).Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => Seeds.From(int.MaxValue, 2));
        Assert.Throws<ArgumentException>(() => Seeds.From(-1, 2));
    }

    [Fact]
    public void Run_runs_every_seed_in_order_and_reports_progress()
    {
        var reports = new List<SeedProgress>();
        var results = Seeds.Run(Seeds.From(3, 3), seed => seed * 10, new SynchronousProgress(reports.Add));
        Assert.Equal([30, 40, 50], results);
        Assert.Equal([new SeedProgress(1, 3, 3), new SeedProgress(2, 3, 4), new SeedProgress(3, 3, 5)], reports);
        Assert.Equal("seed 4 done (2 of 3)", reports[1].ToString());
    }

    [Fact]
    public void Run_stops_when_cancelled()
    {
        using var cts = new CancellationTokenSource();
        int runs = 0;
        Assert.Throws<OperationCanceledException>(() => Seeds.Run([1, 2, 3], seed =>
        {
            runs++;
            cts.Cancel();
            return seed;
        }, cancellationToken: cts.Token));
        Assert.Equal(1, runs);
    }

    [Fact]
    public void Run_needs_seeds()
    {
        Assert.Throws<ArgumentException>(() => Seeds.Run([], seed => seed));
    }

    private sealed class SynchronousProgress(Action<SeedProgress> report) : IProgress<SeedProgress>
    {
        public void Report(SeedProgress value) => report(value);
    }
}
