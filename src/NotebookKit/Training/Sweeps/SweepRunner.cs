using System.Diagnostics;
using NotebookKit.Data;

namespace NotebookKit.Training.Sweeps;

/// <summary>Runs one shard of a sweep into an output folder, point after point, resuming where an earlier run stopped.</summary>
public static class SweepRunner
{
    /// <summary>
    /// Runs the points of <paramref name="shard"/> that <paramref name="folder"/> does not hold yet: each one is
    /// trained (<see cref="Experiment"/>) and written as <c>ID/results.json</c> + <c>ID/report.html</c> in one rename, or
    /// recorded as <c>ID/error.json</c> when the experiment fails (a non-finite loss; a spec this model cannot take).
    /// </summary>
    /// <remarks>
    /// <para>Finished points are skipped, so a killed or pre-empted shard started again does only what is left. A point
    /// is run under a lock (<c>.locks/ID.lock</c>), so two processes given the same shard by mistake never run it
    /// twice at once; the second one leaves it as <see cref="SweepShardResult.Busy"/>.</para>
    /// <para>Each dataset is loaded once per run and shared by the points that use it. Numbers depend only on each
    /// point's config (its seed and thread count): a point gives the same bits whichever shard runs it.</para>
    /// <para>Errors that are not the experiment's own (a missing dataset, a full disk) stop the run with an exception
    /// and record nothing, so the next run tries those points again.</para>
    /// </remarks>
    /// <param name="plan">The sweep's plan.</param>
    /// <param name="folder">The output folder (created if needed; shards of one sweep may share it).</param>
    /// <param name="shard">Which points to run.</param>
    /// <param name="options">Whether to retry failed points; null for the defaults.</param>
    /// <param name="progress">Receives each point's state and its training progress.</param>
    /// <param name="download">Receives download progress when a dataset has to be fetched.</param>
    /// <param name="cancellationToken">Stops the run between batches; the point being trained is left missing.</param>
    /// <exception cref="InvalidOperationException">The folder holds another sweep.</exception>
    /// <exception cref="IOException">A dataset is missing or damaged, or the folder cannot be written.</exception>
    public static SweepShardResult Run(
        SweepPlan plan,
        SweepFolder folder,
        SweepShard shard,
        SweepRunOptions? options = null,
        IProgress<SweepProgress>? progress = null,
        IProgress<DownloadProgress>? download = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(folder);
        ArgumentNullException.ThrowIfNull(shard);
        options ??= new SweepRunOptions();
        folder.WritePlan(plan);
        var mine = plan.PointsOf(shard);
        List<string> ran = [], skipped = [], busy = [];
        List<SweepPointFailure> failed = [];
        var data = new Dictionary<(string Dataset, string? DataDir), (TrainTestSplit Split, double Seconds)>();
        bool cancelled = false;
        for (int i = 0; i < mine.Count && !cancelled; i++)
        {
            var point = mine[i];
            void Report(SweepPointState state, TrainingProgress? training = null, string? message = null) =>
                progress?.Report(new SweepProgress(i + 1, mine.Count, point, state, training, message));

            if (cancellationToken.IsCancellationRequested)
            {
                cancelled = true;
                break;
            }

            if (Done(folder, point, options, skipped, failed))
            {
                Report(SweepPointState.Skipped);
                continue;
            }

            using var pointLock = folder.TryLock(point.Id);
            if (pointLock is null)
            {
                busy.Add(point.Id);
                Report(SweepPointState.Busy);
                continue;
            }

            // Another process may have finished the point between the first look and the lock.
            if (Done(folder, point, options, skipped, failed))
            {
                Report(SweepPointState.Skipped);
                continue;
            }

            folder.RemoveLeftovers(point.Id);
            Report(SweepPointState.Starting);
            var key = (point.Config.Dataset, point.Config.DataDir);
            if (!data.TryGetValue(key, out var loaded))
            {
                var clock = Stopwatch.StartNew();
                var split = Experiment.LoadData(point.Config, download);
                loaded = (split, clock.Elapsed.TotalSeconds);
                data[key] = loaded;
            }

            try
            {
                var experiment = Experiment.Prepare(point.Config, loaded.Split, loaded.Seconds);
                loaded.Seconds = 0;
                data[key] = loaded;
                var result = experiment.Run(new Relay(p => Report(SweepPointState.Training, p)), cancellationToken);
                folder.WriteFinished(plan, point, result);
                ran.Add(point.Id);
                Report(SweepPointState.Finished);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                cancelled = true;
            }
            catch (Exception e) when (e is NonFiniteLossException or ArgumentException)
            {
                folder.WriteFailed(plan, point, e.Message);
                failed.Add(new SweepPointFailure(point.Id, e.Message));
                Report(SweepPointState.Failed, message: e.Message);
            }
        }

        return new SweepShardResult(shard, folder.Path, [.. mine.Select(p => p.Id)], ran, skipped, failed, busy, cancelled);
    }

    /// <summary>Whether the folder already settles <paramref name="point"/>; records it as skipped (and failed) if so.</summary>
    private static bool Done(SweepFolder folder, SweepPoint point, SweepRunOptions options, List<string> skipped, List<SweepPointFailure> failed)
    {
        switch (folder.StatusOf(point.Id))
        {
            case SweepPointStatus.Finished:
                skipped.Add(point.Id);
                return true;
            case SweepPointStatus.Failed when !options.RetryFailed:
                skipped.Add(point.Id);
                failed.Add(new SweepPointFailure(point.Id, SweepResults.ReadError(folder, point.Id)));
                return true;
            default:
                return false;
        }
    }

    /// <summary>Reports on the caller's thread (unlike <see cref="Progress{T}"/>, which posts to a context).</summary>
    private sealed class Relay(Action<TrainingProgress> report) : IProgress<TrainingProgress>
    {
        public void Report(TrainingProgress value) => report(value);
    }
}
