using System.CommandLine;
using System.Text.Json.Nodes;
using NotebookKit.Data;

namespace NotebookKit.Cli.Commands;

/// <summary>
/// <c>nbkit data fetch cifar10|fashion-mnist [--data-dir DIR] [--mirror URL]</c>: downloads (size and MD5 checked),
/// extracts and reads back a dataset; progress on stderr, and a JSON summary as the last line of stdout.
/// </summary>
internal sealed class DataFetchCommand : ICliCommand
{
    public IReadOnlyList<string> Path { get; } = ["data", "fetch"];

    public Command Create()
    {
        var dataset = new Argument<string>("dataset") { Description = "cifar10 or fashion-mnist." };
        dataset.AcceptOnlyFromAmong("cifar10", "fashion-mnist");
        var dataDir = new Option<string?>("--data-dir")
        {
            Description = "The data root to download into. Default: the repository's data/ folder.",
        };
        var mirror = new Option<string?>("--mirror")
        {
            Description = "A base URL serving the official files under their official names (checksums are still checked).",
        };
        var command = new Command("fetch", "Download, verify and extract a dataset into the data folder.");
        command.Arguments.Add(dataset);
        command.Options.Add(dataDir);
        command.Options.Add(mirror);
        command.SetAction((parseResult, cancellationToken) => CliApp.GuardAsync(async () =>
        {
            string name = parseResult.GetValue(dataset)!;
            string? dir = parseResult.GetValue(dataDir);
            string? mirrorUrl = parseResult.GetValue(mirror);
            var progress = new StderrProgress();
            string folder;
            TrainTestSplit data;
            if (name == "cifar10")
            {
                var source = WithMirror(Cifar10.OfficialSource, mirrorUrl);
                folder = await Cifar10.FetchAsync(dir, progress, source, cancellationToken).ConfigureAwait(false);
                data = Cifar10.LoadFrom(folder);
            }
            else
            {
                var source = WithMirror(FashionMnist.OfficialSource, mirrorUrl);
                folder = FashionMnist.Locate(dir)
                         ?? await FashionMnist.FetchAsync(dir, progress, source, cancellationToken).ConfigureAwait(false);
                data = FashionMnist.LoadFrom(folder);
            }

            var result = DataInfoCommand.Facts(folder, data);
            result.Insert(0, "dataset", name);
            Console.WriteLine(result.ToJsonString(CliJson.Output));
            return 0;
        }));
        return command;
    }

    private static DownloadSource WithMirror(DownloadSource official, string? mirror)
    {
        if (mirror is null)
        {
            return official;
        }

        if (!Uri.TryCreate(mirror, UriKind.Absolute, out var url) || url.Scheme is not ("http" or "https"))
        {
            throw new ArgumentException($"--mirror must be an absolute http or https URL; got '{mirror}'.");
        }

        return official.WithBaseUrl(url);
    }

    /// <summary>Writes a progress line to stderr at every 5% (or every 10 MiB when the size is unknown).</summary>
    private sealed class StderrProgress : IProgress<DownloadProgress>
    {
        private readonly Lock gate = new();
        private (string File, DownloadStage Stage) current;
        private long lastBucket = -1;

        public void Report(DownloadProgress value)
        {
            lock (gate)
            {
                if (current != (value.FileName, value.Stage))
                {
                    current = (value.FileName, value.Stage);
                    lastBucket = -1;
                }

                long bucket = value.Fraction is double f ? (long)(f * 20) : value.BytesDone / (10 << 20);
                if (bucket != lastBucket)
                {
                    lastBucket = bucket;
                    Console.Error.WriteLine(value.ToString());
                }
            }
        }
    }
}
