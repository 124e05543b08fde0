#:project ../src/NotebookKit/NotebookKit.csproj
#:project ../src/NotebookKit.Notebooks/NotebookKit.Notebooks.csproj
#:property PublishAot=false
using static NotebookKit.Notebooks.FileApps.FileAppGlobals;

// %% [markdown]
// # 2. Step decay on CIFAR-10
//
// A classic experiment from the Keras world: train **MiniVGGNet** on **CIFAR-10** with SGD and a **step-based
// learning-rate decay**, once with a drop factor of $F = 0.25$ and once with $F = 0.5$, and compare.
//
// The recipe (as published in a well-known Keras tutorial on learning-rate schedules):
//
// * model: MiniVGGNet, two blocks of `conv3×3 → ReLU → BatchNorm` ×2, max-pool and dropout, then a dense layer of 512;
// * optimizer: SGD, learning rate 0.01, momentum 0.9, Nesterov, batch size 64, 40 epochs;
// * schedule, applied at the start of every epoch $e$ (counted from 0):
//
// $$
// \alpha_e = \alpha_0 \cdot F^{\left\lfloor \frac{1 + e}{D} \right\rfloor}, \qquad \alpha_0 = 0.01,\; D = 5 .
// $$
//
// The published runs reached roughly **75% test accuracy with $F = 0.25$** and **78% with $F = 0.5$** after 40 epochs.
//
// The default parameters below train on a stratified subset for a few epochs so that the whole lesson takes minutes on
// a laptop CPU; `Epochs = 40` with `TrainPerClass = 0` and `TestPerClass = 0` reproduces the full experiment (expect
// tens of minutes to hours, depending on your CPU).

// %%
using NotebookKit.Data;
using NotebookKit.Display;
using NotebookKit.Nn;
using NotebookKit.Nn.Models;
using NotebookKit.Optim;
using NotebookKit.Plotting;
using NotebookKit.Schedules;
using NotebookKit.Training;

// %% tags=["parameters"]
int Epochs = 10;           // 40 reproduces the published experiment
int TrainPerClass = 200;   // training images per class (0 = all 50,000)
int TestPerClass = 100;    // test images per class (0 = all 10,000)
int DropEvery = 5;         // D in the formula: the rate drops every D epochs
int BatchSize = 64;
int Threads = Environment.ProcessorCount;
int Seed = 0;
string DataDir = "";       // "" looks in the repository's data/ (and downloads CIFAR-10 there if it is missing)
bool Augment = false;      // random crops and flips; the published run used none
#region file-app: parameters from the command line, `dotnet run 02-step-decay-cifar10.cs -- Epochs=VALUE` (generated; not in the notebook)
Epochs = Parameter(nameof(Epochs), Epochs);
TrainPerClass = Parameter(nameof(TrainPerClass), TrainPerClass);
TestPerClass = Parameter(nameof(TestPerClass), TestPerClass);
DropEvery = Parameter(nameof(DropEvery), DropEvery);
BatchSize = Parameter(nameof(BatchSize), BatchSize);
Threads = Parameter(nameof(Threads), Threads);
Seed = Parameter(nameof(Seed), Seed);
DataDir = Parameter(nameof(DataDir), DataDir);
Augment = Parameter(nameof(Augment), Augment);
#endregion

// %% [markdown]
// ## The data
//
// CIFAR-10 has 60,000 colour images of 32×32 pixels in ten classes, 50,000 for training and 10,000 for testing. The
// loader reads the official binary version; when it is missing it downloads it (170 MB, checksum verified) into the
// data folder. The cell prints where the data came from, so a run on a substitute folder (for example the small
// synthetic set the kit's tests write in CIFAR-10's exact layout) is never mistaken for the real thing. Pixels are
// scaled to $[0, 1]$, as in the Keras original. The first run without the data downloads 170 MB before the cell
// finishes; to see a progress bar instead, fetch it once from a terminal with `nbkit data fetch cifar10`.

// %%
NnThreads.Count = Threads;
var data = Cifar10.Load(DataDir == "" ? null : DataDir);
var train = TrainPerClass > 0 ? data.Train.Stratified(TrainPerClass) : data.Train;
var test = TestPerClass > 0 ? data.Test.Stratified(TestPerClass) : data.Test;
Console.WriteLine($"Data source: {data.Train.Source}");
Console.WriteLine($"Training on {train.Count:N0} of {data.Train.Count:N0} images, testing on {test.Count:N0} of {data.Test.Count:N0}.");
display(train);

// %% [markdown]
// ## The two schedules
//
// Step decay keeps the rate constant for $D$ epochs and then multiplies it by $F$. With $F = 0.5$ the rate halves every
// five epochs; with $F = 0.25$ it quarters, so by the last of 40 epochs it is $0.25^8 \approx 1.5\cdot10^{-5}$ of the
// start, against $0.5^8 \approx 3.9\cdot10^{-3}$. The $+1$ in the exponent makes the first drop come one epoch early:
// the fifth epoch (index 4) already trains with the lower rate, exactly as in the original Keras callback.

// %%
double[] factors = [0.25, 0.5];
var stepDecays = factors.ToDictionary(f => f, f => Schedule.KerasStepDecay(0.01, factor: f, dropEvery: DropEvery));
foreach (var (f, schedule) in stepDecays)
{
    Console.WriteLine($"F = {f}: " + string.Join(", ", Enumerable.Range(0, 12).Select(e => schedule.ValueAt(e).ToString("G3"))) + ", ...");
}
Charts.Schedules(stepDecays.Select(kv => new ScheduleSeries($"F = {kv.Key}", kv.Value)), Math.Max(Epochs, 40), stepsPerEpoch: 1, logY: true,
    title: "Step decay α = 0.01 · F^floor((1 + epoch) / D)")

// %% [markdown]
// ## Training
//
// Both runs start from the same initial weights (same seed) and see the same batches in the same order, so the
// schedule is the only difference. The trainer sets the rate from the step-decay function at the start of every
// epoch, the way Keras's `LearningRateScheduler` callback does. SGD with momentum 0.9 and Nesterov is PyTorch's
// formulation here (the optimizer also has Keras's, `KerasMomentum = true`): the two take the same steps while the rate
// is constant, and differ a little for a few steps after each drop, because Keras's velocity still carries the old rate.

// %%
var results = new Dictionary<double, (IModel Model, TrainingHistory History)>();
foreach (double f in factors)
{
    var model = new MiniVGGNet(3, 32, 32, 10, (ulong)Seed);
    var optimizer = new Sgd(model.Parameters, new SgdOptions(0.01) { Momentum = 0.9, Nesterov = true });
    var loaderOptions = new DataLoaderOptions(Shuffle: true, Seed: (ulong)Seed, Augmentation: Augment ? Augmentation.Cifar : null);
    var schedule = stepDecays[f];
    var trainer = new Trainer(model, optimizer, new SoftmaxCrossEntropyLoss(),
        new DataLoader(train, BatchSize, loaderOptions), new DataLoader(test, 500), null,
        new TrainerOptions(Epochs: Epochs, LearningRateFunction: (epoch, _) => schedule.ValueAt(epoch)));
    // One progress bar per run, updated in place while it trains (in every front end, the .NET kernel included).
    var history = trainer.Fit(LiveProgress.ForTraining($"F = {f}"));
    results[f] = (model, history);
    Console.WriteLine($"F = {f}: {history.Epochs.Sum(e => e.Seconds):F0} s, final test accuracy {history.Epochs[^1].TestAccuracy:P1}");
    display(history);
}

// %%
foreach (double f in factors)
{
    display(results[f].History.Plot($"MiniVGGNet on CIFAR-10, step decay F = {f}"));
}

// %% [markdown]
// ## Learning rate, loss and accuracy side by side

// %%
double[] epochs = results[0.5].History.Epochs.Select(e => (double)e.Epoch).ToArray();
IEnumerable<Series> Both(string what, Func<EpochRecord, double?> pick) =>
    factors.Select(f => new Series($"{what}, F = {f}", results[f].History.Epochs.Select(e => pick(e) ?? double.NaN).ToArray()));
display(Charts.Lines(epochs, Both("lr", e => e.LearningRate),
    title: "Learning rate per epoch", xTitle: "epoch", yTitle: "learning rate", logY: true));
display(Charts.Lines(epochs, Both("train", e => e.TrainLoss).Concat(Both("test", e => e.TestLoss)),
    title: "Training and test loss", xTitle: "epoch", yTitle: "loss"));
display(Charts.Lines(epochs, Both("train", e => e.TrainAccuracy).Concat(Both("test", e => e.TestAccuracy)),
    title: "Training and test accuracy", xTitle: "epoch", yTitle: "accuracy"));

// %% [markdown]
// ## Classification reports and a confusion matrix
//
// Accuracy is one number; the per-class report shows where the errors are: precision, recall and F1 for each class,
// laid out as scikit-learn's `classification_report` prints them.

// %%
var evaluations = factors.ToDictionary(f => f, f => Evaluator.Evaluate(results[f].Model, new SoftmaxCrossEntropyLoss(), new DataLoader(test, 500)));
foreach (double f in factors)
{
    Console.WriteLine($"Step decay, F = {f}");
    Console.WriteLine(evaluations[f].ClassificationReport());
    Console.WriteLine();
}

// %%
double best = factors.OrderByDescending(f => evaluations[f].Accuracy).First();
var matrix = evaluations[best].ConfusionMatrix();
display(matrix.Plot(title: $"Confusion matrix of the better run, F = {best} (test set)"));
var confusions = (from a in Enumerable.Range(0, matrix.Classes)
                  from p in Enumerable.Range(0, matrix.Classes)
                  where a != p && matrix[a, p] > 0
                  orderby matrix[a, p] descending
                  select $"{matrix.ClassNames[a]} taken for {matrix.ClassNames[p]} ({matrix[a, p]}x)").Take(3).ToList();
Console.WriteLine(confusions.Count == 0 ? "No confusions: every test image was classified correctly." : "Most frequent confusions: " + string.Join("; ", confusions));

// %% [markdown]
// ## What the curves say

// %%
var q = results[0.25].History.Epochs[^1];
var h = results[0.5].History.Epochs[^1];
Console.WriteLine($"After {Epochs} epochs: F = 0.25 reached {evaluations[0.25].Accuracy:P1} test accuracy with a final rate of {q.LearningRate:G3}; F = 0.5 reached {evaluations[0.5].Accuracy:P1} with a final rate of {h.LearningRate:G3}.");
Console.WriteLine($"Training minus test accuracy: F = 0.25: {(q.TrainAccuracy - q.TestAccuracy!.Value) * 100:+0.0;-0.0} points, F = 0.5: {(h.TrainAccuracy - h.TestAccuracy!.Value) * 100:+0.0;-0.0} points.");
Console.WriteLine(
    data.Train.Count != 50_000
        ? $"The training split read from {data.Train.Source} has {data.Train.Count:N0} images, not CIFAR-10's 50,000: it is a substitute (such as the synthetic set the kit's tests write), so these accuracies say nothing about the published ones."
    : train.Count == 50_000 && Epochs >= 40
        ? "This is the full experiment: compare with the published 75% (F = 0.25) and 78% (F = 0.5)."
        : $"This run used {train.Count:N0} training images and {Epochs} epochs, not 50,000 and 40: expect lower accuracy than the published 75% and 78%, and read the shapes of the curves rather than their levels.");

// %% [markdown]
// How to read the plots (with the default quick run, look for the shapes; with the full run, the levels too):
//
// * **Each drop of the rate shows as a kink in the loss.** Right after a drop the training loss falls faster for a
//   while: with a smaller step the optimizer can settle into narrower parts of the valley that the larger step kept
//   jumping across.
// * **$F = 0.25$ decays aggressively.** By epoch 20 its rate is $0.01 \cdot 0.25^4 \approx 4\cdot10^{-5}$, so in a 40-epoch
//   run the second half barely changes the weights and the curves go flat: the model stops learning, not because it
//   has converged but because it can no longer move. That is the usual reading of its lower published accuracy.
// * **$F = 0.5$ keeps learning longer**, and in the published runs ends higher, at the price of a larger gap between
//   training and test accuracy (the model has more time to fit the training set).
// * A decay schedule is a budget: it decides how many epochs are spent at each step size. A schedule that spends its
//   budget too early wastes the remaining epochs.
//
// ## Exercises
//
// 1. Add $F = 0.75$ to `factors`. Where does it land between "too fast" and "no decay"?
// 2. Replace the step decay with `Schedule.Cosine(0.01, tMax: Epochs)` evaluated per epoch (it is an `ISchedule` too, so
//    the same `LearningRateFunction` works). Does a smooth decay beat the staircase?
// 3. Set `Augment = true`. Which curve changes more, training or test accuracy, and why?
// 4. PyTorch's `StepLR(step_size=5, gamma=F)` is almost the same schedule as the Keras function. At which epochs do the
//    two differ? (Hint: the $+1$.)
// 5. With `TrainPerClass = 0`, how many images per second does your CPU train MiniVGGNet at? Change `Threads` and compare
//    (results are bit-identical for a fixed thread count, and change slightly with it).
