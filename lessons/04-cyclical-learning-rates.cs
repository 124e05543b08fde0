#:project ../src/NotebookKit/NotebookKit.csproj
#:project ../src/NotebookKit.Notebooks/NotebookKit.Notebooks.csproj
#:property PublishAot=false
using static NotebookKit.Notebooks.FileApps.FileAppGlobals;

// %% [markdown]
// # 4. Cyclical learning rates, the range test, 1cycle and warm restarts
//
// Every schedule in lesson 1 only goes down. Leslie Smith (*Cyclical Learning Rates for Training Neural Networks*,
// WACV 2017) proposed letting the rate go **up and down** between two bounds, and reported that this reaches the same
// accuracy in far fewer iterations than a fixed rate: on CIFAR-10, 81.4% after 25,000 iterations with CLR, where the
// fixed rate needed 70,000. He also proposed a cheap way to find the bounds, the **learning-rate range test**, and later
// the **1cycle** policy (Smith & Topin, *Super-Convergence*, 2017). Loshchilov & Hutter's **SGDR** (*Stochastic Gradient
// Descent with Warm Restarts*, ICLR 2017) restarts a cosine decay instead.
//
// This lesson:
//
// 1. plots CLR's three policies (`triangular`, `triangular2`, `exp_range`), with the momentum that cycles against them;
// 2. runs the range test on Fashion-MNIST, reads its suggestions, and turns them into bounds with named rules;
// 3. trains the same network with a **tuned** constant rate, with CLR, with 1cycle, and with 1cycle at the rate a careless
//    reading of the range test would pick, over several seeds, and checks Smith's claims at small scale;
// 4. runs SGDR with `T_mult = 2` and stops it at the bottom of a cycle;
// 5. ends with what to pick when.
//
// Every statement below that depends on a run is a **claim**: the cell checks it on the run's numbers and fails when
// the run does not support it.

// %%
using NotebookKit.Claims;
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
int Epochs = 7;               // epochs of every training run; 7 = 1 + 2 + 4 epochs, three full SGDR cycles
int TrainPerClass = 500;      // training images per class
int ValidationPerClass = 100; // validation images per class, held out of the training split (tuning, curves)
int TestPerClass = 0;         // test images per class (0 = all 10,000): the final comparison
int RangeTestIterations = 100;
int SeedCount = 8;            // seeds per schedule (Seed, Seed + 1, ...)
int BatchSize = 64;
int Threads = Environment.ProcessorCount;
int Seed = 0;
string DataDir = "";
#region file-app: parameters from the command line, `dotnet run 04-cyclical-learning-rates.cs -- Epochs=VALUE` (generated; not in the notebook)
Epochs = Parameter(nameof(Epochs), Epochs);
TrainPerClass = Parameter(nameof(TrainPerClass), TrainPerClass);
ValidationPerClass = Parameter(nameof(ValidationPerClass), ValidationPerClass);
TestPerClass = Parameter(nameof(TestPerClass), TestPerClass);
RangeTestIterations = Parameter(nameof(RangeTestIterations), RangeTestIterations);
SeedCount = Parameter(nameof(SeedCount), SeedCount);
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
display(Charts.Schedules(policies, 1200, title: "CyclicLR(base_lr=0.001, max_lr=0.006, step_size_up=200), with the triangular momentum (dashed)"));

// %% [markdown]
// Smith's guidelines: a half-cycle of 2 to 10 epochs' worth of iterations, and stop training at the end of a cycle, when
// the rate is back at `base_lr`.
//
// ## 2. The learning-rate range test
//
// How do you choose `base_lr` and `max_lr`? Train for a short while with the rate increasing from very small to very
// large, and watch what happens. Smith increased the rate linearly and watched accuracy; fastai's `lr_find` (used here)
// increases it **exponentially** from `start_lr` towards `end_lr` over `num_it` batches and watches a smoothed loss:
//
// $$
// \eta_i = \eta_{\text{start}} \left(\frac{\eta_{\text{end}}}{\eta_{\text{start}}}\right)^{i/n},
// $$
//
// $$
// \bar L_i = \frac{a_i}{1 - \beta^{i+1}},\qquad a_i = \beta a_{i-1} + (1-\beta) L_i\quad(\beta = 0.98),
// $$
//
// stopping once the smoothed loss exceeds four times its minimum. The weights and the optimizer state are restored
// afterwards, so the test costs only its iterations. fastai computes three suggestions from the smoothed curve (after
// dropping the first tenth and the last five points):
//
// * **valley** (fastai's default): find the longest stretch over which the loss keeps falling, and take the point
//   halfway along it;
// * **steep**: the rate where the smoothed loss falls fastest against $\log\eta$;
// * **minimum**: "a learning rate one-tenth the minimum before divergence", i.e. the rate at the lowest loss divided by
//   10 (fastai's `minimum` suggestion).
//
// The chart shows the raw batch losses (light) behind the smoothed curve, every one of them up to the loss minimum and
// the suggestions, where the choice is made; past the minimum the loss only gets worse, and its tail may leave the chart.

// %%
NnThreads.Count = Threads;
var data = FashionMnist.Load(DataDir == "" ? null : DataDir);
var (train, validation) = data.Train.StratifiedSplit(TrainPerClass, ValidationPerClass);
var test = TestPerClass > 0 ? data.Test.Stratified(TestPerClass) : data.Test;
var loss = new SoftmaxCrossEntropyLoss();
IModel NewMlp(int seed) => new Mlp([1, 28, 28], [128], 10, (ulong)seed);
DataLoader TrainLoader(int seed) => new(train, BatchSize, new DataLoaderOptions(Shuffle: true, Seed: (ulong)seed));
var validationLoader = new DataLoader(validation, 1000);
var testLoader = new DataLoader(test, 2000);
int itersPerEpoch = TrainLoader(Seed).BatchesPerEpoch;
Console.WriteLine($"{train.Count:N0} training, {validation.Count:N0} validation and {test.Count:N0} test images from {data.Train.Source}: {itersPerEpoch} iterations per epoch of batch {BatchSize}.");

var probe = NewMlp(Seed);
var rangeTest = LearningRateFinder.Run(probe, new Sgd(probe.Parameters, new SgdOptions(1e-3) { Momentum = 0.9 }), loss, TrainLoader(Seed),
    new RangeTestOptions(new ExponentialSweep(StartLr: 1e-5, EndLr: 10, NumIter: RangeTestIterations)));
display(rangeTest);
display(rangeTest.Plot("Range test: loss against the learning rate (SGD, momentum 0.9)"));

// %%
double valley = rangeTest.Suggestions.Valley ?? double.NaN;
double minimumOver10 = rangeTest.Suggestions.Minimum ?? double.NaN;
double lrAtMinimum = 10 * minimumOver10;   // where fastai's trimmed, smoothed curve is lowest
Console.WriteLine($"valley {Numbers.Format(valley)}, steep {Numbers.Format(rangeTest.Suggestions.Steep ?? double.NaN)}, minimum/10 {Numbers.Format(minimumOver10)}; the smoothed loss is lowest at {Numbers.Format(lrAtMinimum)}");
display(Claim.That("The valley comes before minimum/10, at a smaller rate",
    Measure.Of("valley", valley).IsBelow(Measure.Of("minimum/10", minimumOver10))));

// %% [markdown]
// ### From the curve to the bounds
//
// Two rules, each as its author states it:
//
// * **`max_lr` = fastai's `minimum` suggestion**, one tenth of the rate at the loss minimum. At the minimum itself the
//   rate is already too large: the loss is about to turn up, and the smoothed curve (an average over roughly the last 50
//   batches) lags behind the raw loss. Section 3 trains at the minimum too, to show what it does.
// * **`base_lr` = `max_lr` / 4**: Smith (2017, section 3.3) reads `base_lr` where the accuracy starts to rise and `max_lr`
//   where it stops rising, "alternatively, one can use the rule of thumb that the optimum learning rate is usually within
//   a factor of two of the largest one that converges and set `base_lr` to 1/3 or 1/4 of `max_lr`".
//
// 1cycle starts at `max_lr / 25` (PyTorch's `div_factor`), rises to `max_lr` and anneals far below the start.

// %%
double maxLr = minimumOver10;
double baseLr = maxLr / 4;
Console.WriteLine($"max_lr = minimum/10 = {Numbers.Format(maxLr)}; base_lr = max_lr/4 = {Numbers.Format(baseLr)}; the rate at the loss minimum is {Numbers.Format(lrAtMinimum)}");

// %% [markdown]
// ## 3. A tuned constant rate vs CLR vs 1cycle
//
// A fair baseline is a **tuned** constant rate: the constant rates below, a factor $\sqrt{10}$ apart, each train once on
// the training set and are scored on the validation set; the best one is the baseline. Then every schedule trains the
// same MLP with SGD (momentum 0.9) over `SeedCount` seeds (same initial weights and batches for a given seed), and is
// scored on the full test set:
//
// * **constant**: the tuned rate;
// * **CLR**: `CyclicLR(base_lr, max_lr, step_size_up, mode="triangular2")` with two full cycles over the run, so it ends
//   at `base_lr` as Smith advises; momentum cycled 0.9 → 0.8 → 0.9;
// * **1cycle**: `OneCycleLR(max_lr, total_steps)`: a cosine warmup from `max_lr / 25` to `max_lr` over 30% of the run,
//   then a cosine decay to `max_lr / 25 / 10⁴`, with momentum cycled 0.95 → 0.85 → 0.95;
// * **1cycle at the loss minimum**: the same with `max_lr` = the rate at the loss minimum, the careless reading.
//
// Both cyclic schedulers step after every batch. The validation set is evaluated after every epoch for the curves.

// %%
int totalIters = Epochs * itersPerEpoch;
// Trains a fresh MLP with SGD (momentum 0.9) starting at lr, under the scheduler `schedule` makes for the optimizer,
// stepped after every batch.
(IModel Model, TrainingHistory History) TrainMlp(int seed, double lr, Func<IOptimizer, IScheduler?> schedule, int epochs)
{
    var model = NewMlp(seed);
    var optimizer = new Sgd(model.Parameters, new SgdOptions(lr) { Momentum = 0.9 });
    var history = new Trainer(model, optimizer, loss, TrainLoader(seed), validationLoader, schedule(optimizer),
        new TrainerOptions(Epochs: epochs, SchedulerInterval: SchedulerInterval.Batch)).Fit();
    return (model, history);
}

double[] constantLadder = [3.162e-3, 1e-2, 3.162e-2, 1e-1, 3.162e-1];
var ladderAccuracy = constantLadder.Select(lr => TrainMlp(Seed, lr, _ => null, Epochs).History.Epochs[^1].TestAccuracy ?? 0).ToArray();
double tunedLr = constantLadder[Array.IndexOf(ladderAccuracy, ladderAccuracy.Max())];
Console.WriteLine("constant rates on validation: " + string.Join(", ", constantLadder.Select((lr, i) => $"{Numbers.Format(lr)}: {Numbers.Percent(ladderAccuracy[i])}")) + $"; tuned rate {Numbers.Format(tunedLr)}");

var seeds = Seeds.From(Seed, SeedCount);
int stepSizeUp = Math.Max(1, totalIters / 4);
var schedules = new (string Name, double Lr, Func<IOptimizer, IScheduler?> Make)[]
{
    ("constant (tuned)", tunedLr, _ => null),
    ("CLR (triangular2)", baseLr, o => new CyclicLR(o, [baseLr], [maxLr], stepSizeUp: stepSizeUp, mode: CyclicMode.Triangular2, baseMomentum: [0.8], maxMomentum: [0.9])),
    ("1cycle", maxLr, o => new OneCycleLR(o, [maxLr], totalSteps: totalIters)),
    ("1cycle at the loss minimum", lrAtMinimum, o => new OneCycleLR(o, [lrAtMinimum], totalSteps: totalIters)),
};
var runs = schedules.ToDictionary(s => s.Name, s => Seeds.Run(seeds, seed => TrainMlp(seed, s.Lr, s.Make, Epochs)));
var testAccuracy = schedules.ToDictionary(s => s.Name, s => Sample.Of(s.Name, runs[s.Name].Select(r => Evaluator.Evaluate(r.Model, loss, testLoader).Accuracy), Unit.Percent));
display(Sample.Table([.. schedules.Select(s => testAccuracy[s.Name])]));

// %%
double[] evalIters = Enumerable.Range(1, Epochs).Select(e => (double)e * itersPerEpoch).ToArray();
double[] iterAxis = Enumerable.Range(0, totalIters).Select(i => (double)i).ToArray();
// The validation curve of a schedule, averaged over its seeds.
double[] MeanCurve(string name) => Enumerable.Range(0, Epochs).Select(e => runs[name].Average(r => r.History.Epochs[e].TestAccuracy ?? double.NaN)).ToArray();
display(Charts.Lines(evalIters, schedules.Select(s => new Series(s.Name, MeanCurve(s.Name))),
    title: $"Validation accuracy against iterations (mean of {SeedCount} seeds)", xTitle: "iteration", yTitle: "validation accuracy"));
display(Charts.Lines(iterAxis, schedules.Select(s => new Series(s.Name, runs[s.Name][0].History.Batches.Select(b => b.LearningRate).ToArray())),
    title: "Learning rate at each iteration", xTitle: "iteration", yTitle: "learning rate", logY: true));
display(Charts.Lines(iterAxis, schedules.Take(3).Select(s => new Series(s.Name, runs[s.Name][0].History.Batches.Select(b => b.Momentum ?? double.NaN).ToArray())),
    title: "Momentum at each iteration", xTitle: "iteration", yTitle: "momentum"));

// %% [markdown]
// ### What the runs say
//
// First, the careless reading of the range test. Then 1cycle against the tuned constant rate, on the mean and on the
// spread between seeds. The constant rate needed five training runs to tune; 1cycle took one range test and two fixed
// rules. The first comparison asks whether it gives anything up for that (a *non-inferiority* check: the difference,
// less two standard errors, must stay above a small tolerance). The second compares the spreads: a schedule that ends
// at a tiny rate lets every seed settle, where a constant rate stops wherever its last noisy steps left it. With the
// default 8 seeds, a ratio of standard deviations of 2 (variances 4) is beyond what chance gives 95% of the time for
// equally noisy schedules (the 5% point of Fisher's $F$ with 7 and 7 degrees of freedom is 3.79).

// %%
display(Claim.That("Taking the rate at the loss minimum as 1cycle's max_lr costs test accuracy: it ends below 1cycle with max_lr = minimum/10 by more than two standard errors",
    testAccuracy["1cycle at the loss minimum"].FallsBelow(testAccuracy["1cycle"], standardErrors: 2, paired: true)));
var oneCycleVsConstant = testAccuracy["1cycle"].Minus(testAccuracy["constant (tuned)"], paired: true);
display(Claim.That("1cycle, with max_lr from one range test, does at least as well as the constant rate tuned over five runs: it is not worse by half a point or more (the difference minus two standard errors is above -0.5 points)",
    Measure.Of("1cycle − constant, minus two standard errors, in points", (oneCycleVsConstant.Estimate - (2 * oneCycleVsConstant.StandardError)) * 100).IsAbove(-0.5)));
display(Claim.That("1cycle's runs agree more closely: its standard deviation over seeds is less than half the constant rate's",
    Measure.Of("constant: sd over seeds, in points", testAccuracy["constant (tuned)"].StandardDeviation * 100)
        .IsAtLeastTimes(Measure.Of("1cycle: sd over seeds, in points", testAccuracy["1cycle"].StandardDeviation * 100), 2)));
int oneCycleWins = Enumerable.Range(0, SeedCount).Count(i => testAccuracy["1cycle"].Values[i] > testAccuracy["constant (tuned)"].Values[i]);
Console.WriteLine($"1cycle − constant: {oneCycleVsConstant}; 1cycle is higher on {oneCycleWins} of {SeedCount} seeds.");

// %% [markdown]
// ### Smith's claims, checked
//
// Smith's CLR advice is to stop at the end of a cycle, when the rate is back at `base_lr`: the first claim checks the
// rate of the last update. His headline claim is about **iterations to a target accuracy**: CLR reaches the fixed rate's
// final accuracy sooner. The second line evaluates that on this run's mean validation curves; whether a small MLP over a
// few epochs reproduces a CIFAR-10 result is exactly what it tests, so it is shown with a check mark or a cross as the
// run decides, and the cell does not stop on a cross.

// %%
var clrLast = runs["CLR (triangular2)"][0].History.Batches[^1];
display(Claim.That("CLR's last update uses base_lr: two full cycles end at the bottom",
    Measure.Of("last rate", clrLast.LearningRate).IsCloseTo(baseLr, 0.01 * (maxLr - baseLr))));
double constantFinal = MeanCurve("constant (tuned)")[^1];
int clrEpochs = Array.FindIndex(MeanCurve("CLR (triangular2)"), a => a >= constantFinal) + 1;
display(Claim.Evaluate("Smith: CLR reaches the constant rate's final validation accuracy in fewer iterations",
    Evidence.From(clrEpochs > 0 && clrEpochs < Epochs,
        $"constant rate ends at {Numbers.Percent(constantFinal)} after {totalIters:N0} iterations; CLR's mean curve " +
        (clrEpochs > 0 ? $"reaches it after {clrEpochs * itersPerEpoch:N0}" : "does not reach it") + "; needs fewer")));
display(Sample.Table(testAccuracy["CLR (triangular2)"], testAccuracy["constant (tuned)"]));
var clrVsConstant = testAccuracy["CLR (triangular2)"].Minus(testAccuracy["constant (tuned)"], paired: true);
Console.WriteLine($"CLR − constant on the test set: {clrVsConstant}: {(Math.Abs(clrVsConstant.StandardErrors) > 2 ? "clears two standard errors" : "within two standard errors: not distinguishable with these seeds")}");

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
// the periods double, 1, 2, 4, … epochs, so restarts become rarer as training goes on. Each restart kicks the weights out
// of the minimum they were settling in; the model at the end of each period (a "snapshot") is a good model, and SGDR's
// best results ensemble such snapshots. Like CLR, a run should stop at the **end** of a period, at the bottom of the
// cosine: stopping mid-period leaves the weights at a large rate.

// %%
var sgdrs = new ScheduleSeries[]
{
    new("T_0 = 10, T_mult = 1", Schedule.WarmRestarts(0.1, t0: 10, tMult: 1)),
    new("T_0 = 10, T_mult = 2", Schedule.WarmRestarts(0.1, t0: 10, tMult: 2)),
    new("T_0 = 5, T_mult = 3, eta_min = 0.01", Schedule.WarmRestarts(0.1, t0: 5, tMult: 3, etaMin: 0.01)),
};
display(Charts.Schedules(sgdrs, 80, stepsPerEpoch: 1, title: "CosineAnnealingWarmRestarts, stepped per epoch"));

// %% [markdown]
// On the network: `CosineAnnealingWarmRestarts` stepped after every batch with `T_0` = one epoch of batches (the same
// as PyTorch's `scheduler.step(epoch + i / iters)` idiom with `T_0 = 1`) and `T_mult = 2`, starting at `max_lr`. The run
// lasts $1 + 2 + 4 + \dots$ epochs, the longest such sum that fits in `Epochs`, so it ends at the bottom of its last
// period.

// %%
int sgdrEpochs = 1, sgdrCycles = 1;
while ((2 * sgdrEpochs) + 1 <= Epochs)
{
    sgdrEpochs = (2 * sgdrEpochs) + 1;
    sgdrCycles++;
}
const string SgdrName = "SGDR (T_0 = 1 epoch, T_mult = 2)";
runs[SgdrName] = Seeds.Run(seeds, seed => TrainMlp(seed, maxLr, o => new CosineAnnealingWarmRestarts(o, t0: itersPerEpoch, tMult: 2), sgdrEpochs));
testAccuracy[SgdrName] = Sample.Of(SgdrName, runs[SgdrName].Select(r => Evaluator.Evaluate(r.Model, loss, testLoader).Accuracy), Unit.Percent);
var sgdrBatches = runs[SgdrName][0].History.Batches;
display(Charts.Lines(Enumerable.Range(0, sgdrBatches.Count).Select(i => (double)i).ToArray(), [new Series(SgdrName, sgdrBatches.Select(b => b.LearningRate).ToArray())],
    title: $"SGDR's learning rate: {sgdrCycles} periods in {sgdrEpochs} epochs", xTitle: "iteration", yTitle: "learning rate"));
display(Claim.That($"SGDR stops at the bottom of its period {sgdrCycles}: the last update's rate is below 1% of the peak",
    Measure.Of("last rate / peak", sgdrBatches[^1].LearningRate / maxLr).IsBelow(0.01)));
display(Sample.Table(testAccuracy[SgdrName], testAccuracy["constant (tuned)"], testAccuracy["1cycle"]));

// %% [markdown]
// ## 5. What to pick when
//
// | situation | pick | why |
// | --- | --- | --- |
// | a new model or dataset, no budget for tuning | range test, then **1cycle** | one short test sets the one hyperparameter; 1cycle anneals to a tiny rate at the end |
// | a total budget fixed in advance | **warmup + cosine** or **1cycle** | both end at a tiny rate exactly when the budget ends |
// | an open-ended budget, a good model wanted at any time | **SGDR** (`T_mult = 2`) or **CLR triangular2** | the end of every period or cycle is a usable snapshot |
// | reproducing a paper or a legacy result | its **step decay** (`MultiStepLR`) | the milestones are part of the result |
// | a metric that plateaus unpredictably | **ReduceLROnPlateau** | it reacts to the run instead of following a plan |
// | Adam or AdamW | warmup + cosine (or 1cycle, which cycles β₁) | lesson 3: AdamW with cosine annealing beat the same AdamW at a constant rate |
//
// Rules of thumb that hold across all of them: step cyclic schedules per batch, end training at the bottom of a cycle,
// cycle momentum inversely to the rate when the optimizer has momentum, and compare against a tuned constant rate over
// several seeds before believing a schedule helps.
//
// ## Exercises
//
// 1. Run the range test with Adam instead of SGD. How far apart are the suggestions? (Adam's useful rates are typically
//    one or two orders of magnitude smaller.)
// 2. Set `RangeTestIterations = 300`. The smoothing window (about 50 batches) now covers a smaller part of the sweep:
//    how do the suggestions move?
// 3. Replace `triangular2` with `triangular` and with `exp_range` (choose $\gamma$ so that the amplitude halves over the
//    run). Which ends higher, and why does ending at `base_lr` matter?
// 4. Turn off momentum cycling in 1cycle (`cycleMomentum: false`). Does the peak rate still train stably?
// 5. Set `Epochs = 15` (four SGDR periods) and `SeedCount = 8`. Does Smith's iterations claim hold now?
