#:project ../src/NotebookKit/NotebookKit.csproj
#:project ../src/NotebookKit.Notebooks/NotebookKit.Notebooks.csproj
#:property PublishAot=false
using static NotebookKit.Notebooks.FileApps.FileAppGlobals;

// %% [markdown]
// # 4. Cyclical learning rates, the range test, 1cycle and warm restarts
//
// Every schedule in notebook 1 only goes down. Leslie Smith (*Cyclical Learning Rates for Training Neural Networks*,
// WACV 2017) proposed letting the rate go **up and down** between two bounds, and reported that this reaches the same
// accuracy in far fewer iterations than a tuned constant rate: on CIFAR-10, 81.4% after 25,000 iterations with CLR,
// where the fixed rate needed 70,000. He also proposed a cheap way to find the bounds, the **learning-rate range
// test**, and later the **1cycle** policy (Smith & Topin, *Super-Convergence*, 2017). Loshchilov & Hutter's **SGDR**
// (*Stochastic Gradient Descent with Warm Restarts*, ICLR 2017) restarts a cosine decay instead.
//
// This notebook:
//
// 1. plots CLR's three policies (`triangular`, `triangular2`, `exp_range`), with the momentum that cycles against them;
// 2. runs the range test on Fashion-MNIST and reads its suggestions;
// 3. trains the same network with a fixed rate, with CLR and with 1cycle, and checks Smith's claim at small scale;
// 4. shows SGDR warm restarts with `T_mult`, on paper and on the network;
// 5. ends with what to pick when.

// %%
using NotebookKit.Data;
using NotebookKit.Nn;
using NotebookKit.Nn.Models;
using NotebookKit.Optim;
using NotebookKit.Plotting;
using NotebookKit.Schedules;
using NotebookKit.Schedules.Torch;
using NotebookKit.Training;
using NotebookKit.Training.RangeTest;

// %% tags=["parameters"]
int Epochs = 10;            // epochs per training run in sections 3 and 4
int TrainPerClass = 500;   // training images per class (0 = all 60,000)
int TestPerClass = 200;    // test images per class (0 = all 10,000)
int RangeTestIterations = 100;
int BatchSize = 64;
int Threads = Environment.ProcessorCount;
int Seed = 0;
string DataDir = "";
#region file-app: parameters from the command line, `dotnet run 04-cyclical-learning-rates.cs -- Epochs=VALUE` (generated; not in the notebook)
Epochs = Parameter(nameof(Epochs), Epochs);
TrainPerClass = Parameter(nameof(TrainPerClass), TrainPerClass);
TestPerClass = Parameter(nameof(TestPerClass), TestPerClass);
RangeTestIterations = Parameter(nameof(RangeTestIterations), RangeTestIterations);
BatchSize = Parameter(nameof(BatchSize), BatchSize);
Threads = Parameter(nameof(Threads), Threads);
Seed = Parameter(nameof(Seed), Seed);
DataDir = Parameter(nameof(DataDir), DataDir);
#endregion

// %% [markdown]
// ## 1. The three CLR policies
//
// With `iteration` counted from 0 and a half-cycle of `step_size` iterations, Smith's triangular window is
//
// $$
// \text{cycle} = \left\lfloor 1 + \frac{\text{iteration}}{2\,\text{step\_size}} \right\rfloor,\qquad
// x = \left| \frac{\text{iteration}}{\text{step\_size}} - 2\,\text{cycle} + 1 \right|,
// $$
//
// $$
// \eta = \eta_{\text{base}} + (\eta_{\max} - \eta_{\text{base}})\,\max(0, 1 - x)\cdot s ,
// $$
//
// with the amplitude scale $s = 1$ for `triangular`, $s = 1/2^{\text{cycle}-1}$ for `triangular2` (the amplitude halves
// every cycle) and $s = \gamma^{\text{iteration}}$ for `exp_range`. PyTorch's `CyclicLR` implements exactly these (and an
// asymmetric variant with `step_size_down`). When the optimizer has momentum, `CyclicLR` also cycles it **inversely**,
// from `max_momentum` at the bottom of the rate to `base_momentum` at the top: a large step combined with heavy momentum
// is what destabilises training.

// %%
var policies = new ScheduleSeries[]
{
    new("triangular", Schedule.Cyclic(0.001, 0.006, stepSizeUp: 200, mode: CyclicMode.Triangular),
        new CyclicSchedule(0.8, 0.9, stepSizeUp: 200, mode: CyclicMode.Triangular, inverted: true)),
    new("triangular2", Schedule.Cyclic(0.001, 0.006, stepSizeUp: 200, mode: CyclicMode.Triangular2)),
    new("exp_range (γ = 0.998)", Schedule.Cyclic(0.001, 0.006, stepSizeUp: 200, mode: CyclicMode.ExpRange, gamma: 0.998)),
};
Charts.Schedules(policies, 1200, title: "CyclicLR(base_lr=0.001, max_lr=0.006, step_size_up=200), with the triangular momentum (dashed)")

// %% [markdown]
// Smith's guidelines: a half-cycle of 2 to 10 epochs' worth of iterations, and stop training at the end of a cycle, when
// the rate is back at `base_lr`.
//
// ## 2. The learning-rate range test
//
// How do you choose `base_lr` and `max_lr`? Train for a short while with the rate increasing from very small to very
// large, and watch the loss. Smith increased the rate linearly and watched accuracy; fastai's `lr_find` (used here)
// increases it **exponentially** from `start_lr` towards `end_lr` over `num_iter` batches and watches a smoothed loss:
//
// $$
// \eta_i = \eta_{\text{start}} \left(\frac{\eta_{\text{end}}}{\eta_{\text{start}}}\right)^{i/n},\qquad
// \bar L_i = \frac{a_i}{1 - \beta^{i+1}},\quad a_i = \beta a_{i-1} + (1-\beta) L_i\quad(\beta = 0.98),
// $$
//
// stopping once the smoothed loss exceeds four times its minimum. The weights and the optimizer state are restored
// afterwards, so the test costs only its iterations. Three common readings of the curve:
//
// * **steep**: the rate where the smoothed loss falls fastest against $\log\eta$;
// * **minimum / 10**: a tenth of the rate at the lowest loss (at the minimum the rate is already too large);
// * **valley**: fastai's default, a point inside the longest stretch over which the loss keeps decreasing.

// %%
NnThreads.Count = Threads;
var data = FashionMnist.Load(DataDir == "" ? null : DataDir);
var train = TrainPerClass > 0 ? data.Train.Stratified(TrainPerClass) : data.Train;
var test = TestPerClass > 0 ? data.Test.Stratified(TestPerClass) : data.Test;
var loss = new SoftmaxCrossEntropyLoss();
IModel NewMlp() => new Mlp([1, 28, 28], [128], 10, (ulong)Seed);
DataLoader TrainLoader() => new(train, BatchSize, new DataLoaderOptions(Shuffle: true, Seed: (ulong)Seed));
int itersPerEpoch = TrainLoader().BatchesPerEpoch;
Console.WriteLine($"{train.Count:N0} training images from {data.Train.Source}: {itersPerEpoch} iterations per epoch of batch {BatchSize}.");

var probe = NewMlp();
var probeOptimizer = new Sgd(probe.Parameters, new SgdOptions(1e-3) { Momentum = 0.9 });
var rangeTest = LearningRateFinder.Run(probe, probeOptimizer, loss, TrainLoader(),
    new RangeTestOptions(new ExponentialSweep(StartLr: 1e-5, EndLr: 10, NumIter: RangeTestIterations)));
display(rangeTest);
rangeTest.Plot("Range test: smoothed loss against the learning rate (SGD, momentum 0.9)")

// %% [markdown]
// Smith's recipe turns the test into CLR bounds: `max_lr` near the largest rate that still lowers the loss quickly, and
// `base_lr` a third to a quarter of it. For 1cycle, `max_lr` is taken at the same place (the cycle starts at
// `max_lr / 25`). The cell derives all three from the test: the valley sits on the steep descent, well below the point
// where the loss turns up, so `max_lr` = 3 × valley and `base_lr` = `max_lr` / 4 (falling back to a valley of 0.1 if the
// test found none). The fixed-rate baseline uses the valley itself, which is what you would pick without any schedule.
// Look at the plot to judge whether 3 × valley is still on the falling part of the curve for your run.

// %%
double valley = rangeTest.Suggestions.Valley ?? 0.1;
double fixedLr = valley;
double maxLr = 3 * valley;
double baseLr = maxLr / 4;
Console.WriteLine($"fixed rate {fixedLr:G3}; CLR between {baseLr:G3} and {maxLr:G3}; 1cycle peak {maxLr:G3}");

// %% [markdown]
// ## 3. Fixed rate vs CLR vs 1cycle
//
// Three runs of the same MLP from the same initial weights and the same batches, with SGD and momentum 0.9:
//
// * **fixed**: the constant rate above;
// * **CLR**: `CyclicLR(base_lr, max_lr, step_size_up, mode="triangular2")` with two full cycles over the run (a half-cycle
//   of `Epochs / 4` epochs, 2.5 by default), so that it ends at `base_lr` as Smith advises; momentum cycled
//   0.9 → 0.8 → 0.9;
// * **1cycle**: `OneCycleLR(max_lr, total_steps)`: a cosine warmup from `max_lr / 25` to `max_lr` over 30% of the run,
//   then a cosine decay to `max_lr / 25 / 10⁴`, with momentum cycled 0.95 → 0.85 → 0.95.
//
// Both cyclic schedulers are stepped after every batch (their `Interval` says so, and the trainer follows it). The test
// set is evaluated after every epoch, and accuracy is plotted against iterations.

// %%
int totalIters = Epochs * itersPerEpoch;
var curves = new Dictionary<string, TrainingHistory>();
TrainingHistory Fit(IModel model, IOptimizer optimizer, IScheduler? scheduler = null, SchedulerInterval? interval = null) =>
    new Trainer(model, optimizer, loss, TrainLoader(), new DataLoader(test, 500), scheduler,
        new TrainerOptions(Epochs: Epochs, SchedulerInterval: interval)).Fit();

var fixedModel = NewMlp();
curves["fixed"] = Fit(fixedModel, new Sgd(fixedModel.Parameters, new SgdOptions(fixedLr) { Momentum = 0.9 }));

var clrModel = NewMlp();
var clrOptimizer = new Sgd(clrModel.Parameters, new SgdOptions(baseLr) { Momentum = 0.9 });
curves["CLR (triangular2)"] = Fit(clrModel, clrOptimizer,
    new CyclicLR(clrOptimizer, [baseLr], [maxLr], stepSizeUp: Math.Max(1, totalIters / 4), mode: CyclicMode.Triangular2,
        baseMomentum: [0.8], maxMomentum: [0.9]));

var oneCycleModel = NewMlp();
var oneCycleOptimizer = new Sgd(oneCycleModel.Parameters, new SgdOptions(maxLr) { Momentum = 0.9 });
curves["1cycle"] = Fit(oneCycleModel, oneCycleOptimizer, new OneCycleLR(oneCycleOptimizer, [maxLr], totalSteps: totalIters));

foreach (var (name, history) in curves)
{
    Console.WriteLine($"{name,-18} final test accuracy {history.Epochs[^1].TestAccuracy:P1}, best {history.Epochs.Max(e => e.TestAccuracy ?? 0):P1}");
}

// %%
double[] evalIters = Enumerable.Range(1, Epochs).Select(e => (double)e * itersPerEpoch).ToArray();
double[] iterAxis = Enumerable.Range(0, totalIters).Select(i => (double)i).ToArray();
display(Charts.Lines(evalIters, curves.Select(kv => new Series(kv.Key, kv.Value.Epochs.Select(e => e.TestAccuracy ?? double.NaN).ToArray())),
    title: "Test accuracy against iterations (after each epoch)", xTitle: "iteration", yTitle: "test accuracy"));
// Between evaluations, the accuracy on the training batches (a moving average over `window` batches) shows
// every iteration: noisier and optimistic, but it follows the schedule step by step.
int window = Math.Max(1, Math.Min(20, itersPerEpoch));
double[] Smoothed(IReadOnlyList<BatchRecord> batches) =>
    batches.Select((b, i) => batches.Skip(Math.Max(0, i - window + 1)).Take(Math.Min(window, i + 1)).Average(r => r.Accuracy)).ToArray();
display(Charts.Lines(iterAxis, curves.Select(kv => new Series(kv.Key, Smoothed(kv.Value.Batches))),
    title: $"Training-batch accuracy, moving average over {window} batches", xTitle: "iteration", yTitle: "accuracy"));
display(Charts.Lines(iterAxis, curves.Select(kv => new Series(kv.Key, kv.Value.Batches.Select(b => b.LearningRate).ToArray())),
    title: "Learning rate at each iteration", xTitle: "iteration", yTitle: "learning rate"));
display(Charts.Lines(iterAxis, curves.Select(kv => new Series(kv.Key, kv.Value.Batches.Select(b => b.Momentum ?? double.NaN).ToArray())),
    title: "Momentum at each iteration", xTitle: "iteration", yTitle: "momentum"));

// %% [markdown]
// ### Smith's claim, checked
//
// Smith's claim is about **iterations to a target accuracy**: CLR reaches the fixed rate's final accuracy sooner. The
// cell finds, for each schedule, the first evaluation at which the test accuracy reaches the fixed-rate run's final
// accuracy.

// %%
double target = curves["fixed"].Epochs[^1].TestAccuracy ?? double.NaN;
Console.WriteLine($"The fixed rate ends at {target:P1} after {totalIters} iterations.");
foreach (var (name, history) in curves.Where(kv => kv.Key != "fixed"))
{
    var reached = history.Epochs.FirstOrDefault(e => e.TestAccuracy >= target);
    Console.WriteLine(reached is null
        ? $"{name,-18} did not reach {target:P1} in {totalIters} iterations"
        : $"{name,-18} reached {target:P1} after {reached.Epoch * itersPerEpoch} iterations, {1 - (double)reached.Epoch / Epochs:P0} fewer than the fixed rate needed");
}
Console.WriteLine("At this scale (a small MLP, a few hundred iterations, one seed) a point or two is within run-to-run noise: change Seed to see how much the ranking moves.");

// %% [markdown]
// ## 4. SGDR: warm restarts with `T_mult`
//
// SGDR decays the rate along a cosine and then **restarts** it at the maximum. Period $i$ lasts
// $T_i = T_0\, T_{\text{mult}}^{\,i}$ epochs:
//
// $$
// \eta_t = \eta_{\min} + \tfrac12(\eta_{\max} - \eta_{\min})\left(1 + \cos\frac{\pi\,T_{\text{cur}}}{T_i}\right),
// $$
//
// where $T_{\text{cur}}$ counts epochs (fractional when stepped per batch) since the last restart. With $T_{\text{mult}} = 2$
// the periods double, 1, 2, 4, 8, … epochs, so restarts become rarer as training goes on. Each restart kicks the
// weights out of the minimum they were settling in; the model at the end of each period (a "snapshot") is a good
// model, and SGDR's best results ensemble such snapshots.

// %%
var sgdrs = new ScheduleSeries[]
{
    new("T_0 = 10, T_mult = 1", Schedule.WarmRestarts(0.1, t0: 10, tMult: 1)),
    new("T_0 = 10, T_mult = 2", Schedule.WarmRestarts(0.1, t0: 10, tMult: 2)),
    new("T_0 = 5, T_mult = 3, eta_min = 0.01", Schedule.WarmRestarts(0.1, t0: 5, tMult: 3, etaMin: 0.01)),
};
Charts.Schedules(sgdrs, 80, stepsPerEpoch: 1, title: "CosineAnnealingWarmRestarts, stepped per epoch")

// %% [markdown]
// On the network: `CosineAnnealingWarmRestarts` stepped after every batch with `T_0` counted in batches (one epoch's
// worth, which is the same as PyTorch's `scheduler.step(epoch + i / iters)` idiom with `T_0 = 1`) and `T_mult = 2`, so
// the periods are 1, 2, 4, … epochs. It starts at the CLR/1cycle peak rate.

// %%
var sgdrModel = NewMlp();
var sgdrOptimizer = new Sgd(sgdrModel.Parameters, new SgdOptions(maxLr) { Momentum = 0.9 });
const string SgdrName = "SGDR (T_0 = 1 epoch, T_mult = 2)";
curves[SgdrName] = Fit(sgdrModel, sgdrOptimizer, new CosineAnnealingWarmRestarts(sgdrOptimizer, t0: itersPerEpoch, tMult: 2), SchedulerInterval.Batch);
display(Charts.Lines(evalIters, curves.Select(kv => new Series(kv.Key, kv.Value.Epochs.Select(e => e.TestAccuracy ?? double.NaN).ToArray())),
    title: "Test accuracy against iterations, with SGDR", xTitle: "iteration", yTitle: "test accuracy"));
var restarts = Enumerable.Range(1, 10).Select(i => itersPerEpoch * ((1 << i) - 1)).Where(s => s < totalIters).ToList();
Console.WriteLine($"SGDR final test accuracy {curves[SgdrName].Epochs[^1].TestAccuracy:P1}; restarts at iterations {(restarts.Count == 0 ? "(none in this run)" : string.Join(", ", restarts))}.");

// %% [markdown]
// ## 5. What to pick when
//
// | situation | pick | why |
// | --- | --- | --- |
// | a new model or dataset, no budget for tuning | range test, then **1cycle** | one short test sets the one hyperparameter; 1cycle is robust and fast |
// | a total budget fixed in advance | **warmup + cosine** or **1cycle** | both end at a tiny rate exactly when the budget ends |
// | an open-ended budget, a good model wanted at any time | **SGDR** (`T_mult = 2`) or **CLR triangular2** | the end of every period or cycle is a usable snapshot |
// | reproducing a paper or a legacy result | its **step decay** (`MultiStepLR`) | the milestones are part of the result |
// | a metric that plateaus unpredictably | **ReduceLROnPlateau** | it reacts to the run instead of following a plan |
// | Adam or AdamW | warmup + cosine (or 1cycle, which cycles β₁) | adaptive methods still benefit from a decaying global rate (notebook 3) |
//
// Rules of thumb that hold across all of them: step cyclic schedules per batch, end training at the bottom of a cycle,
// and cycle momentum inversely to the rate when the optimizer has momentum.
//
// ## Exercises
//
// 1. Run the range test with Adam instead of SGD. How far apart are the suggestions? (Adam's useful rates are typically
//    one or two orders of magnitude smaller.)
// 2. Replace `triangular2` with `triangular` and with `exp_range` (choose $\gamma$ so that the amplitude halves over the
//    run). Which ends higher, and why does ending at `base_lr` matter?
// 3. Turn off momentum cycling in 1cycle (`cycleMomentum: false`). Does the peak rate still train stably?
// 4. Smith's claim is "the same accuracy in fewer iterations". Repeat section 3 with three seeds: is the ratio stable?
// 5. Make `OneCycleLR` three-phase (`threePhase: true`, as in Smith's paper). How does the end of training change?
