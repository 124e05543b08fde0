using Microsoft.DotNet.Interactive.Formatting;
using NotebookKit.Display;
using NotebookKit.Training;

namespace NotebookKit.Tests.Display;

/// <summary>
/// In-place updates in the .NET Interactive kernel, replayed on a stand-in with the kernel's event shape
/// (<see cref="KernelDisplay"/>): the kernel's own display(x).Update(y) lands in a second output; LiveDisplay and
/// LiveProgress update the one output they created.
/// </summary>
/// <remarks>The display host and the stand-in's event are process-wide, so this class runs alone.</remarks>
[Collection(nameof(LiveDisplayTests))]
public sealed class LiveDisplayTests : IDisposable
{
    private readonly FrontEnd frontEnd = new();

    public LiveDisplayTests()
    {
        DisplayHost.Current = null;
        DisplayHost.ForgetDetected();
    }

    public void Dispose()
    {
        frontEnd.Dispose();
        DisplayHost.ForgetDetected();
    }

    [Fact]
    public void The_kernels_own_display_handle_updates_a_second_output()
    {
        // The bug this works around, as the kernel publishes it.
        var handle = KernelDisplay.Display("epoch 1/3");
        handle.Update("epoch 2/3");
        handle.Update("epoch 3/3");

        Assert.Equal(["produced", "updated", "updated"], frontEnd.Events.Select(e => e.Kind));
        Assert.NotEqual(frontEnd.Events[0].Id, frontEnd.Events[1].Id);
        Assert.Equal(["epoch 1/3", "epoch 3/3"], frontEnd.Outputs.Select(o => o.Text));
    }

    [Fact]
    public void LiveDisplay_updates_the_output_it_created()
    {
        var status = LiveDisplay.Show("epoch 1/3");
        status.Update("epoch 2/3");
        status.Update("epoch 3/3");

        Assert.True(status.IsShown);
        Assert.Equal(["produced", "updated", "updated"], frontEnd.Events.Select(e => e.Kind));
        Assert.Single(frontEnd.Events.Select(e => e.Id).Distinct());
        var output = Assert.Single(frontEnd.Outputs);
        Assert.Equal("epoch 3/3", output.Text);
    }

    [Fact]
    public void Training_progress_shows_one_bar_that_moves_in_place()
    {
        IProgress<TrainingProgress> progress = LiveProgress.ForTraining("F = 0.25");
        const int epochs = 2, batches = 400;
        for (int epoch = 1; epoch <= epochs; epoch++)
        {
            for (int batch = 1; batch <= batches; batch++)
            {
                progress.Report(new TrainingProgress(epoch, epochs, batch, batches, 1.0 / batch, 0.1));
            }

            progress.Report(new TrainingProgress(epoch, epochs, batches, batches, 0.5, 0.1, new EpochRecord(epoch, 0.1, null, 0.5, 0.5, 0.6, 0.5, 1, new Dictionary<string, double>(), 1)));
        }

        var output = Assert.Single(frontEnd.Outputs);
        Assert.Single(frontEnd.Events.Select(e => e.Id).Distinct());
        // Redrawn once per percent and at epoch ends, not once per batch.
        Assert.InRange(frontEnd.Events.Count, 100, 110);
        Assert.Contains("aria-valuenow=\"100\"", output.Html, StringComparison.Ordinal);
        Assert.Contains("F = 0.25", output.Html, StringComparison.Ordinal);
        Assert.Contains("test accuracy 50.0", output.Html, StringComparison.Ordinal);
        Assert.StartsWith("F = 0.25 [####################] 100% epoch 2/2", output.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Without_a_front_end_nothing_is_shown_and_the_last_value_is_kept()
    {
        frontEnd.Dispose();
        DisplayHost.Current = new NoHost();
        var status = LiveDisplay.Show("a");
        status.Update("b");
        Assert.Equal("b", status.Value);
        Assert.Empty(frontEnd.Events);
        DisplayHost.Current = null;
    }

    [Fact]
    public void Training_progress_renders_as_a_compact_bar()
    {
        var report = new TrainingProgress(2, 4, 50, 100, 0.41234, 0.01);
        Assert.Equal(0.375, report.Fraction);
        string html = report.ToHtml();
        Assert.Contains("role=\"progressbar\"", html, StringComparison.Ordinal);
        Assert.Contains("width:37.5%", html, StringComparison.Ordinal);
        Assert.Contains("epoch 2/4, batch 50/100: loss 0.4123, lr 0.01", html, StringComparison.Ordinal);
        Assert.Equal("x [##########..........] 50% d", new ProgressBar("x", 0.5, "d").ToString());
        Assert.Contains("width:0%", new ProgressBar("x", double.NaN, "").ToHtml(), StringComparison.Ordinal);
    }

    /// <summary>A front end on the stand-in's event: outputs keyed by display id; an update for an unknown id adds an output.</summary>
    private sealed class FrontEnd : IDisposable
    {
        private readonly IDisposable subscription;

        public FrontEnd() => subscription = Formatter.SubscribeToDisplayedValues(OnEvent);

        public List<(string Kind, string Id)> Events { get; } = [];

        public List<Output> Outputs { get; } = [];

        public void Dispose() => subscription.Dispose();

        private void OnEvent(DisplayedValue value)
        {
            Events.Add((value.IsUpdated ? "updated" : "produced", value.DisplayId));
            string Text(string mime) => value.FormattedValues.FirstOrDefault(f => f.MimeType == mime)?.Value ?? "";
            var output = new Output(value.DisplayId, Text("text/plain"), Text("text/html"));
            int existing = Outputs.FindIndex(o => o.Id == value.DisplayId);
            if (value.IsUpdated && existing >= 0)
            {
                Outputs[existing] = output;
            }
            else
            {
                Outputs.Add(output);
            }
        }
    }

    private sealed record Output(string Id, string Text, string Html);

    private sealed class NoHost : IDisplayHost
    {
        public IDisplayHandle Display(object? value) => new Nothing();

        private sealed class Nothing : IDisplayHandle
        {
            public void Update(object? value)
            {
            }
        }
    }
}

/// <summary>Runs <see cref="LiveDisplayTests"/> alone.</summary>
[CollectionDefinition(nameof(LiveDisplayTests), DisableParallelization = true)]
public sealed class LiveDisplayCollection;
