using NotebookKit.Training;

namespace NotebookKit.Notebooks.Tests;

/// <summary>The library's LiveDisplay and LiveProgress in the runner: one output per display, updated in place.</summary>
public sealed class LiveDisplayTests
{
    [Fact]
    public void Live_displays_and_training_progress_are_one_output_each_holding_the_last_value()
    {
        var result = TestNotebooks.Run(TestNotebooks.FromCode(
            """
            #r "nuget: NotebookKit"
            using NotebookKit.Display;
            using NotebookKit.Training;
            """,
            """
            var status = LiveDisplay.Show("starting");
            Console.WriteLine("between");
            for (int i = 1; i <= 3; i++) { status.Update($"step {i} of 3"); }
            var progress = LiveProgress.ForTraining("F = 0.5");
            for (int b = 1; b <= 50; b++) { progress.Report(new TrainingProgress(1, 1, b, 50, 1.0 / b, 0.01)); }
            status
            """));

        Assert.True(result.Succeeded, result.Error);
        var outputs = result.Executed.Cells[1].Outputs;
        Assert.Equal([OutputType.DisplayData, OutputType.Stream, OutputType.DisplayData], outputs.Select(o => o.OutputType));
        Assert.Equal("step 3 of 3", outputs[0].TextOf(MimeTypes.Text));
        string bar = outputs[2].TextOf(MimeTypes.Html)!;
        Assert.Contains("class=\"nbkit-progress\"", bar, StringComparison.Ordinal);
        Assert.Contains("aria-valuenow=\"100\"", bar, StringComparison.Ordinal);
        Assert.StartsWith("F = 0.5 [####################] 100% epoch 1/1, batch 50/50", outputs[2].TextOf(MimeTypes.Text), StringComparison.Ordinal);
    }
}
