#:project ../src/NotebookKit/NotebookKit.csproj
#:project ../src/NotebookKit.Notebooks/NotebookKit.Notebooks.csproj
#:property PublishAot=false
using static NotebookKit.Notebooks.FileApps.FileAppGlobals;

// %% [markdown]
// # 1. Learning-rate decay
//
// The learning rate is the one hyperparameter you can never leave alone. This notebook shows why, and then walks
// through the ways PyTorch and Keras let you change it during training:
//
// 1. **Why the learning rate matters**: the same small network on Fashion-MNIST, trained with a rate that is too small,
//    one that is about right and one that is too large.
// 2. **Every schedule, plotted without training**: a schedule is a pure function of the step, so we can draw all of
//    PyTorch's schedulers and Keras's schedules directly.
// 3. **PyTorch's own examples**, written in C# with the same loop and the same numbers.
// 4. **Keras time-based decay**, and why `decay = lr / epochs` decays much more than its name suggests.
// 5. **Why decay helps**: stochastic gradients leave a constant rate on a *noise floor*.
// 6. **The schedules trained side by side**: constant, step, exponential, cosine, and warmup then cosine, each over
//    several seeds.
// 7. **Warmup**, and a run it rescues.
// 8. **When to step**: per batch or per epoch, and what it costs to call `scheduler.Step()` before `optimizer.Step()`.
// 9. **ReduceLROnPlateau** on a validation set, against a constant-rate control.
//
// Every statement about a training result is a **claim check**: a line marked ✓ that the code evaluates on *your*
// run's numbers, and that fails its cell if your run does not support it. Comparisons use several seeds and count a
// difference only when it is larger than twice its standard error, so one lucky seed cannot make them pass.

// %% [markdown]
// ## Setup
//
// The first cell loads the NotebookKit library. In VS Code it needs one build first (`dotnet build -c Release` in the
// repository root); the kit's own runner (`nbkit run`) maps this path to the library it has already loaded.

// %%
using NotebookKit.Claims;
using NotebookKit.Data;
using NotebookKit.Display;
using NotebookKit.Nn;
using NotebookKit.Nn.Models;
using NotebookKit.Optim;
using NotebookKit.Plotting;
using NotebookKit.Schedules;
using NotebookKit.Schedules.Torch;
using NotebookKit.Tensors;
using NotebookKit.Training;

// %% [markdown]
// ### Parameters
//
// The defaults give the complete lesson in about a minute on two cores. `SeedCount` runs of every configuration are
// compared (at least 2; more make the comparisons stricter). `TrainPerClass = 0` trains on the whole training set
// (5,800 images per class once the validation images are held out).

// %% tags=["parameters"]
int Epochs = 10;              // epochs of the schedule comparison (section 6); section 1 trains half as long
int PlateauEpochs = 20;       // epochs of the ReduceLROnPlateau runs (section 9)
int TrainPerClass = 500;      // training images per class (0 = all but the validation images)
int ValidationPerClass = 200; // images per class held out of the training set for validation
int SeedCount = 5;            // runs per configuration, seeds Seed, Seed + 1, ...
double LearningRate = 0.1;    // the peak rate of SGD in sections 6 and 9
double Momentum = 0.9;
int BatchSize = 64;
int Threads = Environment.ProcessorCount;
int Seed = 0;
string DataDir = "";          // "" looks in ../data, then /usr/share/datasets, then downloads
#region file-app: parameters from the command line, `dotnet run 01-learning-rate-decay.cs -- Epochs=VALUE` (generated; not in the notebook)
Epochs = Parameter(nameof(Epochs), Epochs);
PlateauEpochs = Parameter(nameof(PlateauEpochs), PlateauEpochs);
TrainPerClass = Parameter(nameof(TrainPerClass), TrainPerClass);
ValidationPerClass = Parameter(nameof(ValidationPerClass), ValidationPerClass);
SeedCount = Parameter(nameof(SeedCount), SeedCount);
LearningRate = Parameter(nameof(LearningRate), LearningRate);
Momentum = Parameter(nameof(Momentum), Momentum);
BatchSize = Parameter(nameof(BatchSize), BatchSize);
Threads = Parameter(nameof(Threads), Threads);
Seed = Parameter(nameof(Seed), Seed);
DataDir = Parameter(nameof(DataDir), DataDir);
#endregion

// %% [markdown]
// The data: Fashion-MNIST, 28×28 grey images of clothes in ten classes. The loader finds it in the repository's `data/`
// folder, in `/usr/share/datasets/fashion-mnist` (Debian's `dataset-fashion-mnist` package), or downloads it.
//
// Every decision in this lesson (which schedule is better, when ReduceLROnPlateau cuts the rate) is taken on a
// **validation set held out of the training set**: the `ValidationPerClass` images of every class that come after the
// training images. The test set is never looked at, so it stays an unbiased judge for the model you finally pick.

// %%
NnThreads.Count = Threads;
var data = FashionMnist.Load(DataDir == "" ? null : DataDir);
// TrainPerClass = 0 trains on every image of a class that is not held out for validation.
int trainShare = TrainPerClass > 0 ? TrainPerClass : data.Train.ClassCounts().Min() - ValidationPerClass;
var (train, validation) = data.Train.StratifiedSplit(trainShare, ValidationPerClass);
display(new TrainTestSplit(train, validation));

// %% [markdown]
// Every training run below uses the same few pieces: a fresh model and a loader that reshuffles the training set every
// epoch, both seeded, so two configurations trained with the same seed start from the same weights and see the same
// batches: they differ only in what we vary. The model is a small multilayer perceptron, 784 → 128 → 10 with a ReLU.
// `Fit` trains one run and keeps a status line up to date.

// %%
var loss = new SoftmaxCrossEntropyLoss();
var seeds = Seeds.From(Seed, SeedCount);
int batchesPerEpoch = (train.Count + BatchSize - 1) / BatchSize;
IModel NewMlp(int seed, int[]? hidden = null) => new Mlp([1, 28, 28], hidden ?? [128], 10, (ulong)seed);
Trainer NewTrainer(IModel model, IOptimizer optimizer, int seed, int epochs, IScheduler? scheduler = null) =>
    new(model, optimizer, loss,
        new DataLoader(train, BatchSize, new DataLoaderOptions(Shuffle: true, Seed: (ulong)seed)),
        new DataLoader(validation, 500),
        scheduler, new TrainerOptions(Epochs: epochs));
// Trains; a run whose loss stops being a finite number keeps the history it has, and Fit returns false.
bool Fit(Trainer trainer, string label, Action<string> status)
{
    try
    {
        trainer.Fit(new ProgressCallback<TrainingProgress>(p => status($"{label}: {p}"), p => p.EpochRecord is not null));
        return true;
    }
    catch (NonFiniteLossException)
    {
        return false;
    }
}
double TrainingSetLoss(IModel model) => Evaluator.Evaluate(model, loss, new DataLoader(train, 500)).Loss;

// %% [markdown]
// ## 1. Why the learning rate matters
//
// Gradient descent moves the weights $\theta$ against the gradient of the loss $L$, scaled by the learning rate $\eta$:
//
// $$
// \theta_{t+1} = \theta_t - \eta\, \nabla L(\theta_t).
// $$
//
// On a one-dimensional quadratic $L(\theta) = \tfrac{\lambda}{2}\theta^2$ the gradient is $\lambda\theta$, so one step
// multiplies the weight by a constant:
//
// $$
// \theta_{t+1} = (1 - \eta\lambda)\,\theta_t \quad\Longrightarrow\quad \theta_t = (1-\eta\lambda)^t\,\theta_0 .
// $$
//
// Three regimes follow from $|1 - \eta\lambda|$:
//
// * $\eta\lambda \ll 1$: the factor is just below 1 and the weight *crawls* towards the minimum;
// * $0 < \eta\lambda < 2$: it converges, fastest at $\eta = 1/\lambda$;
// * $\eta\lambda > 2$: the factor is below $-1$, every step overshoots further and the loss *diverges*.
//
// A neural network's loss is not one quadratic, but near a minimum it looks like many of them, one per direction of the
// Hessian, with curvatures $\lambda_i$ spread over orders of magnitude. A single $\eta$ must stay below $2/\lambda_{\max}$
// for stability while the flat directions (small $\lambda_i$) still want a large step. That tension is why rates are
// tuned, and why they are changed during training.
//
// The cell below iterates the quadratic with $\lambda = 1$ for a few rates.

// %%
double[] quadraticRates = [0.05, 0.5, 1.0, 1.9, 2.1];
double[] quadraticSteps = Enumerable.Range(0, 21).Select(t => (double)t).ToArray();
display(Charts.Lines(quadraticSteps,
    quadraticRates.Select(eta => new Series($"η = {eta}", quadraticSteps.Select(t => Math.Pow(1 - eta, t)).ToArray())),
    title: "Gradient descent on L(θ) = θ²/2 from θ = 1: θ after each step", xTitle: "step", yTitle: "θ"));

// %% [markdown]
// ### The same story on a real network
//
// Now the MLP on Fashion-MNIST, trained with plain SGD (no momentum) at three learning rates, each with every seed.
// `Trainer` runs the usual loop (forward, loss, backward, `optimizer.Step()`) and records the loss of every batch, so we
// can watch the first epochs closely. A network that guesses uniformly among ten classes has the loss
// $\ln 10 \approx 2.30$: that is where every run starts.

// %%
int firstEpochs = Math.Max(1, Epochs / 2);
var rateTrials = new (string Label, double Lr)[] { ("too small", 0.001), ("about right", 0.1), ("too large", 2.0) };
var rateRuns = rateTrials.ToDictionary(r => r.Lr, r => new List<(bool Finite, TrainingHistory History, double TrainLoss, double Peak)>());
var rateStatus = LiveDisplay.Show("starting");
foreach (var (label, lr) in rateTrials)
{
    foreach (int seed in seeds)
    {
        var model = NewMlp(seed);
        var trainer = NewTrainer(model, new Sgd(model.Parameters, new SgdOptions(lr)), seed, firstEpochs);
        bool finite = Fit(trainer, $"lr = {lr}, seed {seed}", s => rateStatus.Update(s));
        var batches = trainer.History.Batches;
        rateRuns[lr].Add((finite, trainer.History, finite ? TrainingSetLoss(model) : double.NaN, batches.Count == 0 ? double.NaN : batches.Max(b => b.Loss)));
    }
}
rateStatus.Update($"{rateTrials.Length} rates x {seeds.Count} seeds trained for {firstEpochs} epochs");

// The first seed's batch losses; a run that stopped early is padded with NaN, which the chart draws as a gap.
int batchesPerRun = firstEpochs * batchesPerEpoch;
display(Charts.Lines(Enumerable.Range(0, batchesPerRun).Select(i => (double)i).ToArray(),
    rateTrials.Select(r => new Series($"lr = {r.Lr} ({r.Label})",
        rateRuns[r.Lr][0].History.Batches.Select(b => b.Loss).Concat(Enumerable.Repeat(double.NaN, batchesPerRun)).Take(batchesPerRun).ToArray())),
    title: $"Training loss of every batch, seed {Seed}", xTitle: "batch", yTitle: "loss", logY: true));

// %%
var tooSmall = Sample.Of("lr = 0.001", rateRuns[0.001].Select(r => r.TrainLoss));
var aboutRight = Sample.Of("lr = 0.1", rateRuns[0.1].Select(r => r.TrainLoss));
display(Sample.Table(tooSmall, aboutRight));
display(Claim.That($"After {firstEpochs} epochs the too-small rate is far behind: its training loss is higher than the good rate's",
    tooSmall.Exceeds(aboutRight, paired: true)));
display(Claim.That($"The too-small rate crawls: after {firstEpochs} epochs its training loss is still within 20% of the starting ln 10 = {Numbers.Format(Math.Log(10))}",
    tooSmall.AllExceed(0.8 * Math.Log(10))));
var tooLarge = rateRuns[2.0];
display(Claim.That("The too-large rate diverges: in every seed the loss jumps above 10 in the first epoch, and the run ends no better than guessing (validation accuracy below 15%, or a loss that is no longer finite)",
    tooLarge.All(r => r.Peak > 10 && (!r.Finite || r.History.Epochs[^1].TestAccuracy < 0.15)),
    "peak batch losses " + string.Join(", ", tooLarge.Select(r => Numbers.Format(r.Peak)))
        + "; final validation accuracies " + string.Join(", ", tooLarge.Select(r => r.Finite ? Numbers.Percent(r.History.Epochs[^1].TestAccuracy!.Value) : "none (diverged)"))));

// %% [markdown]
// A rate that is too small never raises an error: you have to look at the curve. A rate that is too large either blows
// up until the loss is no longer a finite number (the trainer then stops and says at which batch and rate) or throws
// the weights so far that the network is left guessing; the check above accepts either.
//
// The usual cure is **not** to pick one perfect constant, but to start high enough to make fast progress and then
// *decay* the rate. Sections 5 and 6 show why that works; first, the shapes that decay can take.

// %% [markdown]
// ## 2. Every schedule, plotted without training
//
// In NotebookKit a schedule is a pure function of the step, `ISchedule.ValueAt(step)`. That means a schedule can be
// plotted, tabulated and tested without an optimizer and without training anything. Below are the schedules behind
// PyTorch's `torch.optim.lr_scheduler` classes, with a base rate $\eta_0 = 0.1$ and 100 epochs.
//
// | PyTorch scheduler | rate at epoch $t$ | NotebookKit schedule |
// | --- | --- | --- |
// | `StepLR(step_size, gamma)` | $\eta_0\,\gamma^{\lfloor t / s \rfloor}$ | `Schedule.Step` |
// | `MultiStepLR(milestones, gamma)` | $\eta_0\,\gamma^{\#\{m_i \le t\}}$ | `Schedule.MultiStep` |
// | `ConstantLR(factor, total_iters)` | $\eta_0 \cdot \text{factor}$ until total_iters, then $\eta_0$ | a `Schedule.Join` of two constants |
// | `LinearLR(start, end, total_iters)` | $\eta_0\,(s + (e - s)\min(t, T)/T)$ | `Schedule.Linear` |
// | `ExponentialLR(gamma)` | $\eta_0\,\gamma^t$ | `Schedule.Exponential` |
// | `PolynomialLR(total_iters, power)` | $\eta_0\,(1 - \min(t, T)/T)^p$ | `Schedule.Polynomial` |
// | `CosineAnnealingLR(T_max, eta_min)` | $\eta_{\min} + \tfrac12(\eta_0 - \eta_{\min})(1 + \cos(\pi t / T_{\max}))$ | `Schedule.Cosine` |
// | `LambdaLR(f)` / `MultiplicativeLR(f)` | $\eta_0 f(t)$ / $\eta_{t-1} f(t)$ | `Schedule.FromFunc` |
// | `SequentialLR(schedulers, milestones)` | each scheduler in turn, restarted at its own step 0 | `Schedule.Join` |
// | `ChainedScheduler(schedulers)` | the product of the schedulers' factors | `Schedule.Product` |
// | `CyclicLR`, `OneCycleLR`, `CosineAnnealingWarmRestarts` | cycles and restarts (below, and notebook 4) | `Schedule.Cyclic`, `OneCycle`, `WarmRestarts` |
// | `ReduceLROnPlateau` | reacts to a metric, so it has no formula (section 9) | |

// %%
const double BaseLr = 0.1;
var decays = new ScheduleSeries[]
{
    new("StepLR(step_size=30, gamma=0.1)", Schedule.Step(BaseLr, stepSize: 30, gamma: 0.1)),
    new("MultiStepLR([30, 80], gamma=0.1)", Schedule.MultiStep(BaseLr, milestones: [30, 80], gamma: 0.1)),
    new("ConstantLR(factor=1/3, total_iters=20)", Schedule.Join([Schedule.Constant(BaseLr / 3), Schedule.Constant(BaseLr)], [20])),
    new("LinearLR(0.25, 1.0, total_iters=40)", Schedule.Linear(0.25 * BaseLr, BaseLr, transitionSteps: 40)),
    new("ExponentialLR(gamma=0.95)", Schedule.Exponential(BaseLr, gamma: 0.95)),
    new("PolynomialLR(total_iters=100, power=2)", Schedule.Polynomial(BaseLr, 0.0, power: 2, transitionSteps: 100)),
    new("CosineAnnealingLR(T_max=100)", Schedule.Cosine(BaseLr, tMax: 100)),
};
display(Charts.Schedules(decays, 100, stepsPerEpoch: 1, title: "PyTorch decay schedules, base lr 0.1"));

// %% [markdown]
// `ConstantLR` and `LinearLR` are warmups: they *raise* the rate to $\eta_0$. Two composites and two custom functions:

// %%
var composites = new ScheduleSeries[]
{
    new("SequentialLR([LinearLR(0.1, 1, 10), CosineAnnealingLR(90)], [10])",
        Schedule.Join([Schedule.Linear(0.1 * BaseLr, BaseLr, 10), Schedule.Cosine(BaseLr, tMax: 90)], [10])),
    new("ChainedScheduler([ConstantLR(0.5, 20), ExponentialLR(0.97)])",
        Schedule.Product(Schedule.Join([Schedule.Constant(0.5), Schedule.Constant(1.0)], [20]), Schedule.Exponential(BaseLr, 0.97))),
    new("LambdaLR(lambda t: 1 / sqrt(t + 1))", Schedule.FromFunc(t => BaseLr / Math.Sqrt(t + 1), "LambdaLR(1/sqrt(t+1))")),
    // MultiplicativeLR multiplies the previous rate by f(t) (first called with t = 1): η_t = η_0 · f(1) · … · f(t).
    new("MultiplicativeLR(lambda t: 0.9 if t <= 20 else 1.0)", Schedule.FromFunc(t => BaseLr * Math.Pow(0.9, Math.Min(t, 20)), "MultiplicativeLR")),
    new("CosineAnnealingLR(T_max=40), past T_max", Schedule.Cosine(BaseLr, tMax: 40)),
};
display(Charts.Schedules(composites, 100, stepsPerEpoch: 1, title: "Composites, LambdaLR, MultiplicativeLR, and CosineAnnealingLR stepped past T_max"));

// %% [markdown]
// The last line shows a PyTorch detail worth knowing: `CosineAnnealingLR` does not stop at `T_max`. Stepped further,
// the rate climbs back up along the cosine (period $2T_{\max}$). Size `T_max` to the whole run.
//
// The cyclic schedules and warm restarts, over 100 steps (notebook 4 is about them):

// %%
var cycles = new ScheduleSeries[]
{
    new("CyclicLR(0.01, 0.1, step_size_up=10)", Schedule.Cyclic(0.01, 0.1, stepSizeUp: 10)),
    new("OneCycleLR(max_lr=0.1, total_steps=100)", Schedule.OneCycle(0.1, totalSteps: 100)),
    new("CosineAnnealingWarmRestarts(T_0=10, T_mult=2)", Schedule.WarmRestarts(BaseLr, t0: 10, tMult: 2)),
};
display(Charts.Schedules(cycles, 100, title: "PyTorch cyclic schedules, stepped per batch"));

// %% [markdown]
// ### Keras schedules
//
// Keras (`keras.optimizers.schedules`) calls its schedule with the optimizer's iteration count, so the unit is always
// one batch. Its built-in schedules, and the legacy `decay` argument of the Keras 2 optimizers:
//
// | Keras | rate at step $s$ |
// | --- | --- |
// | `ExponentialDecay(η₀, decay_steps d, decay_rate r, staircase)` | $\eta_0\, r^{s/d}$ ($r^{\lfloor s/d \rfloor}$ with staircase) |
// | `PiecewiseConstantDecay(boundaries, values)` | values[i] on $(b_{i-1}, b_i]$ |
// | `PolynomialDecay(η₀, d, end e, power p)` | $(\eta_0 - e)(1 - \min(s, d)/d)^p + e$ |
// | `InverseTimeDecay(η₀, d, r)` | $\eta_0 / (1 + r\, s/d)$ |
// | `CosineDecay(η₀, d, alpha, warmup_target, warmup_steps)` | optional linear warmup, then $\eta\,((1-\alpha)\tfrac12(1+\cos(\pi s/d)) + \alpha)$ |
// | `CosineDecayRestarts(η₀, first_decay_steps, t_mul, m_mul, alpha)` | SGDR, each peak $m_{\text{mul}}$ times the last |
// | legacy `SGD(decay=k)` | $\eta_0 / (1 + k\, s)$ |

// %%
var keras = new ScheduleSeries[]
{
    new("ExponentialDecay(0.1, 20, 0.5)", new ExponentialDecay(0.1, decaySteps: 20, decayRate: 0.5)),
    new("ExponentialDecay(0.1, 20, 0.5, staircase=True)", new ExponentialDecay(0.1, decaySteps: 20, decayRate: 0.5, staircase: true)),
    new("PiecewiseConstantDecay([30, 60], [0.1, 0.05, 0.01])", new PiecewiseConstantDecay([30, 60], [0.1, 0.05, 0.01])),
    new("PolynomialDecay(0.1, 80, end=0.001, power=2)", new PolynomialDecay(0.1, decaySteps: 80, endLearningRate: 0.001, power: 2)),
    new("InverseTimeDecay(0.1, 10, 1.0)", new InverseTimeDecay(0.1, decaySteps: 10, decayRate: 1.0)),
    new("CosineDecay(0, 90, warmup_target=0.1, warmup_steps=10)", new CosineDecay(0.0, decaySteps: 90, warmupTarget: 0.1, warmupSteps: 10)),
    new("CosineDecayRestarts(0.1, 20, t_mul=2, m_mul=0.7)", new CosineDecayRestarts(0.1, firstDecaySteps: 20, tMul: 2, mMul: 0.7)),
    new("SGD(learning_rate=0.1, decay=0.05)", new TimeBasedDecay(0.1, decay: 0.05)),
};
display(Charts.Schedules(keras, 100, title: "Keras schedules (the step is the optimizer's iteration count)"));

// %% [markdown]
// ## 3. PyTorch's own examples, in C#
//
// PyTorch's documentation shows each scheduler inside the same loop, and the C# loop is the same loop:
//
// ```python
// for epoch in range(100):
//     train(...)            # many optimizer.step() calls
//     validate(...)
//     scheduler.step()      # once per epoch, after the optimizer
// ```
//
// The stateful classes in `NotebookKit.Schedules.Torch` carry PyTorch's names and reproduce its numbers (the kit's
// tests compare them with PyTorch 1.13.1 to a relative $10^{-12}$). We do not need a model to watch them: an optimizer
// over one dummy parameter is enough, because a scheduler only reads and writes each parameter group's learning rate.
// The helper below runs the loop for a number of epochs and records the rate each epoch trained with.

// %%
List<double> RatesPerEpoch(IOptimizer optimizer, int epochs, params ILRScheduler[] schedulers)
{
    var rates = new List<double>();
    for (int epoch = 0; epoch < epochs; epoch++)
    {
        rates.Add(optimizer.Groups[0].LearningRate);   // the rate this epoch trains with
        optimizer.Step();                              // stands in for a whole epoch of updates
        foreach (var scheduler in schedulers) scheduler.Step();
    }
    return rates;
}
Parameter Dummy() => new("w", 1);

// %% [markdown]
// **ExponentialLR with gamma 0.9.** The rate in epoch $t$ is $0.05 \cdot 0.9^t$:

// %%
var sgd = new Sgd([Dummy()], new SgdOptions(0.05));
var exponentialRates = RatesPerEpoch(sgd, 20, new ExponentialLR(sgd, gamma: 0.9));
Console.WriteLine("first epochs: " + string.Join(", ", exponentialRates.Take(6).Select(v => Numbers.Format(v, 6))) + ", ...");
display(Claim.That("The recursive scheduler reproduces the closed form 0.05 · 0.9^t (epoch 19 shown)",
    Measure.Of("epoch 19", exponentialRates[19]).IsCloseTo(0.05 * Math.Pow(0.9, 19), 1e-15)));

// %% [markdown]
// **LinearLR as a warmup on Adam.** Adam with lr 0.01 and `LinearLR(start_factor=0.1, total_iters=100)`: the rate
// starts at a tenth of 0.01, rises linearly to 0.01 over 100 epochs, then stays there.

// %%
var adam = new Adam([Dummy()], new AdamOptions(0.01));
var warmupRates = RatesPerEpoch(adam, 150, new LinearLR(adam, startFactor: 0.1, endFactor: 1.0, totalIters: 100));
Console.WriteLine(string.Join(", ", new[] { 0, 50, 100, 149 }.Select(e => $"epoch {e}: {Numbers.Format(warmupRates[e], 6)}")));
display(Charts.Lines(Enumerable.Range(0, 150).Select(e => (double)e).ToArray(), [new Series("learning rate", warmupRates)],
    title: "LinearLR(start_factor=0.1, total_iters=100) on Adam(lr=0.01)", xTitle: "epoch", yTitle: "learning rate"));

// %% [markdown]
// **Two schedulers stepped together.** PyTorch's example steps `ExponentialLR(gamma=0.9)` and
// `MultiStepLR(milestones=[30, 80], gamma=0.1)` one after the other on the same optimizer. Both are *chainable*: each
// multiplies the rate that is currently in the group, so their effects compose. The exponential decay runs all the
// time, and the milestones cut the rate by a further factor of 10 at epochs 30 and 80.

// %%
var both = new Sgd([Dummy()], new SgdOptions(1.0));
var chainedRates = RatesPerEpoch(both, 100, new ExponentialLR(both, gamma: 0.9), new MultiStepLR(both, milestones: [30, 80], gamma: 0.1));
Console.WriteLine($"epoch 29: {Numbers.Format(chainedRates[29], 6)}; epoch 30: {Numbers.Format(chainedRates[30], 6)}");
display(Claim.That("Chained schedulers multiply: at the first milestone the rate is 0.9^30 / 10",
    Measure.Of("epoch 30", chainedRates[30]).IsCloseTo(Math.Pow(0.9, 30) / 10, 1e-15)));
display(Charts.Lines(Enumerable.Range(0, 100).Select(e => (double)e).ToArray(), [new Series("learning rate", chainedRates)],
    title: "ExponentialLR(0.9) and MultiStepLR([30, 80], 0.1) stepped together", xTitle: "epoch", yTitle: "learning rate", logY: true));

// %% [markdown]
// On a log axis the exponential decay is a straight line and the two milestones are two cliffs.
//
// ## 4. Keras time-based decay
//
// Keras 2 optimizers took a `decay` argument and used
//
// $$
// \eta_s = \frac{\eta_0}{1 + k\,s}
// $$
//
// where $s$ counts **iterations** (batches), not epochs. A popular recipe sets `decay = lr / epochs`, for example
// `SGD(lr=0.01, decay=0.01/40)` for 40 epochs, which reads as if the rate fell gently over the 40 epochs. With
// CIFAR-10's 50,000 training images and batch 64 an epoch has 782 iterations, so the decay is applied 31,280 times:

// %%
double lr0 = 0.01, k = 0.01 / 40;
int perEpoch = (50_000 + 63) / 64;
var timeBased = new TimeBasedDecay(lr0, k);
double atEnd = timeBased.ValueAt(40L * perEpoch);
double perEpochEnd = lr0 / (1 + (k * 40));
Console.WriteLine($"{perEpoch} iterations per epoch; after 40 epochs the rate is {Numbers.Format(atEnd)}, {Numbers.Format(lr0 / atEnd)} times smaller than {lr0}.");
Console.WriteLine($"If the decay counted epochs instead, it would end at {Numbers.Format(perEpochEnd, 4)}, only {Numbers.Percent(1 - (perEpochEnd / lr0))} lower.");
double[] epochAxis = Enumerable.Range(0, 41).Select(e => (double)e).ToArray();
display(Charts.Lines(epochAxis,
    [new Series("per iteration (what Keras does)", epochAxis.Select(e => timeBased.ValueAt((long)e * perEpoch)).ToArray()),
     new Series("per epoch (what the recipe suggests)", epochAxis.Select(e => lr0 / (1 + (k * e))).ToArray())],
    title: "Keras SGD(lr=0.01, decay=0.01/40) on CIFAR-10 with batch 64", xTitle: "epoch", yTitle: "learning rate"));
double fallByEpoch5 = (lr0 - timeBased.ValueAt(5L * perEpoch)) / (lr0 - atEnd);
display(Claim.That("Most of the decay happens in the first few epochs: more than half of the whole 40-epoch decrease is done after 5 epochs",
    Measure.Of("share of the decrease done after 5 epochs", fallByEpoch5, Unit.Percent).IsAbove(0.5)));

// %% [markdown]
// The hyperbola $1/(1 + ks)$ falls fastest at the start, which is why the decrease is front-loaded. The same
// formula is PyTorch's `Adagrad(lr_decay=k)` and Keras's `InverseTimeDecay(decay_steps=1, decay_rate=k)`.

// %% [markdown]
// ## 5. Why decay helps: the noise floor
//
// A mini-batch gradient is the true gradient plus noise. Take the quadratic of section 1 again, now with a noisy
// gradient $g_t = \lambda\theta_t + \sigma\xi_t$ where $\xi_t$ is standard normal noise. One SGD step is
//
// $$
// \theta_{t+1} = (1 - \eta\lambda)\,\theta_t - \eta\sigma\,\xi_t .
// $$
//
// The first term shrinks $\theta$ as before; the second kicks it by a random amount proportional to $\eta$. The two
// balance when the variance stops changing, $v = (1-\eta\lambda)^2 v + \eta^2\sigma^2$, so the loss settles, on average,
// on a **noise floor**:
//
// $$
// \mathbb{E}[L] = \frac{\lambda}{2}\,v = \frac{\eta\,\sigma^2}{2\,(2 - \eta\lambda)} \;\approx\; \frac{\eta\,\sigma^2}{4}
// \quad\text{for } \eta\lambda \ll 1 .
// $$
//
// The floor is proportional to the rate. A large rate gets down fast and then *stays* at its high floor; a small rate
// has a low floor but takes $\approx 1/(\eta\lambda)$ steps to get anywhere. Decay takes the best of both: large steps
// while far away, small ones at the end. The cell simulates 2,000 independent copies of this SGD (so the average is
// close to the expectation) with a large rate, a small rate, and the large rate cut to the small one halfway.

// %%
const double Curvature = 1.0, GradientNoise = 1.0, BigRate = 0.2, SmallRate = 0.01;
const int Chains = 2_000, SimulatedSteps = 400, CutAt = 200;
double NoiseFloor(double eta) => eta * GradientNoise * GradientNoise / (2 * (2 - (eta * Curvature)));
// The mean loss over the chains after every step, every chain starting at θ = 10 (loss 50).
double[] SimulateSgd(Func<int, double> rateAt, ulong seed)
{
    var random = new SeededRandom(seed);
    double[] theta = Enumerable.Repeat(10.0, Chains).ToArray();
    double[] meanLoss = new double[SimulatedSteps];
    for (int t = 0; t < SimulatedSteps; t++)
    {
        double eta = rateAt(t), sum = 0;
        for (int c = 0; c < Chains; c++)
        {
            theta[c] -= eta * ((Curvature * theta[c]) + (GradientNoise * random.NextGaussian()));
            sum += 0.5 * Curvature * theta[c] * theta[c];
        }
        meanLoss[t] = sum / Chains;
    }
    return meanLoss;
}
var bigRate = SimulateSgd(_ => BigRate, (ulong)Seed);
var smallRate = SimulateSgd(_ => SmallRate, (ulong)Seed);
var cutRate = SimulateSgd(t => t < CutAt ? BigRate : SmallRate, (ulong)Seed);
double[] simulatedSteps = Enumerable.Range(1, SimulatedSteps).Select(t => (double)t).ToArray();
display(Charts.Lines(simulatedSteps,
    [new Series($"η = {BigRate}", bigRate), new Series($"η = {SmallRate}", smallRate), new Series($"η = {BigRate}, then {SmallRate} from step {CutAt}", cutRate),
     new Series($"floor for η = {BigRate}", simulatedSteps.Select(_ => NoiseFloor(BigRate)).ToArray()),
     new Series($"floor for η = {SmallRate}", simulatedSteps.Select(_ => NoiseFloor(SmallRate)).ToArray())],
    title: "Noisy SGD on L(θ) = θ²/2: the mean loss of 2,000 runs", xTitle: "step", yTitle: "loss", logY: true));

// %%
double bigFloor = bigRate.Skip(100).Take(CutAt - 100).Average();   // steps 100-199, long after the big rate settled
display(Claim.That($"The large rate settles on the predicted noise floor η σ² / (2 (2 - ηλ)) = {Numbers.Format(NoiseFloor(BigRate))} (within 10%)",
    Measure.Of("simulated mean loss, steps 100-199", bigFloor).IsBetween(0.9 * NoiseFloor(BigRate), 1.1 * NoiseFloor(BigRate))));
display(Claim.That($"The small rate alone is slow: at step {CutAt} its loss is still more than 5 times the large rate's floor",
    Measure.Of($"small rate at step {CutAt}", smallRate[CutAt - 1]).IsAtLeastTimes(Measure.Of("large rate's floor", bigFloor), 5)));
display(Claim.That("Cutting the rate halfway ends more than 5 times below the large rate's floor",
    Measure.Of("large rate's floor", bigFloor).IsAtLeastTimes(Measure.Of("after the cut, last 50 steps", cutRate.TakeLast(50).Average()), 5)));

// %% [markdown]
// ## 6. The schedules trained side by side
//
// The same experiment on the network, in the style of *Dive into Deep Learning*'s chapter on learning-rate scheduling:
// SGD with momentum, the same peak rate, the same epochs, and five shapes, each stepped after every batch through
// `ScheduleLR`:
//
// | schedule | rate after $s$ of $S$ batches | PyTorch |
// | --- | --- | --- |
// | constant | $\eta_0$ | no scheduler |
// | step | $\eta_0$, divided by 10 at half and at three quarters of the run | `MultiStepLR(milestones, gamma=0.1)` |
// | exponential | $\eta_0 \cdot 0.01^{s/S}$, ending at 1% of $\eta_0$ | `ExponentialLR(gamma)` |
// | cosine | $\tfrac12 \eta_0 (1 + \cos(\pi s / S))$ | `CosineAnnealingLR(T_max=S)` |
// | warmup + cosine | linear from 0 over the first epoch, then cosine | `SequentialLR([LinearLR, CosineAnnealingLR])` |
//
// With momentum $\mu$ the step is about $\eta/(1-\mu)$, ten times $\eta$ for $\mu = 0.9$, so the peak rate here is a
// large one. Every schedule runs with every seed, and a seed gives the same initial weights and batch order to every
// schedule, so the comparisons below are **paired**: they look at the per-seed differences.

// %%
long totalBatches = (long)Epochs * batchesPerEpoch;
var contenders = new ScheduleSeries[]
{
    new("constant", Schedule.Constant(LearningRate)),
    new("step", Schedule.MultiStep(LearningRate, [(long)(Epochs / 2) * batchesPerEpoch, (long)(Epochs * 3 / 4) * batchesPerEpoch], 0.1)),
    new("exponential", Schedule.Exponential(LearningRate, Math.Pow(0.01, 1.0 / totalBatches))),
    new("cosine", Schedule.Cosine(LearningRate, totalBatches)),
    new("warmup + cosine", Schedule.WarmupCosine(LearningRate, batchesPerEpoch, totalBatches)),
};
display(Charts.Schedules(contenders, totalBatches, stepsPerEpoch: batchesPerEpoch, logY: true,
    title: $"Five schedules over {Epochs} epochs, peak rate {LearningRate}"));

// %%
var scheduleRuns = contenders.ToDictionary(c => c.Name, c => new List<TrainingHistory>());
var scheduleStatus = LiveDisplay.Show("starting");
foreach (var contender in contenders)
{
    foreach (int seed in seeds)
    {
        var model = NewMlp(seed);
        var optimizer = new Sgd(model.Parameters, new SgdOptions(LearningRate) { Momentum = Momentum });
        var trainer = NewTrainer(model, optimizer, seed, Epochs, new ScheduleLR(optimizer, contender.LearningRate));
        if (!Fit(trainer, $"{contender.Name}, seed {seed}", s => scheduleStatus.Update(s)))
        {
            throw new InvalidOperationException($"{contender.Name} diverged with seed {seed}: lower LearningRate.");
        }
        scheduleRuns[contender.Name].Add(trainer.History);
    }
}
scheduleStatus.Update($"{contenders.Length} schedules x {seeds.Count} seeds trained for {Epochs} epochs");

double[] epochNumbers = Enumerable.Range(1, Epochs).Select(e => (double)e).ToArray();
IEnumerable<Series> MeanPerEpoch(Func<EpochRecord, double> pick) => contenders.Select(c => new Series(c.Name,
    epochNumbers.Select((_, e) => scheduleRuns[c.Name].Average(h => pick(h.Epochs[e]))).ToArray()));
display(Charts.Lines(epochNumbers, MeanPerEpoch(e => e.TrainLoss),
    title: $"Training loss per epoch, mean of {seeds.Count} seeds", xTitle: "epoch", yTitle: "training loss", logY: true));
display(Charts.Lines(epochNumbers, MeanPerEpoch(e => e.TestAccuracy!.Value * 100),
    title: $"Validation accuracy per epoch, mean of {seeds.Count} seeds", xTitle: "epoch", yTitle: "validation accuracy (%)"));

// %%
var endTrainLoss = contenders.ToDictionary(c => c.Name, c => Sample.Of(c.Name, scheduleRuns[c.Name].Select(h => h.Epochs[^1].TrainLoss)));
var endAccuracy = contenders.ToDictionary(c => c.Name, c => Sample.Of(c.Name, scheduleRuns[c.Name].Select(h => h.Epochs[^1].TestAccuracy!.Value), Unit.Percent));
var decaying = contenders.Skip(1).Select(c => c.Name).ToArray();
Console.WriteLine("Training loss of the last epoch (the mean over its batches):");
display(Sample.Table([.. endTrainLoss.Values]));
Console.WriteLine("Validation accuracy at the end:");
display(Sample.Table([.. endAccuracy.Values]));
display(Claim.That("Every decaying schedule ends with a lower training loss (last epoch) than the constant rate: its small final steps get below the constant rate's noise floor",
    Evidence.All(decaying.Select(n => endTrainLoss[n].FallsBelow(endTrainLoss["constant"], paired: true)).ToArray())));
display(Claim.That("Every decaying schedule ends with a higher validation accuracy than the constant rate",
    Evidence.All(decaying.Select(n => endAccuracy[n].Exceeds(endAccuracy["constant"], paired: true)).ToArray())));

// %% [markdown]
// The step schedule shows the noise floor most directly. Until its first drop it *is* the constant rate: same seed,
// same weights, same batches, same rate, so the two runs are identical number for number. Then the rate drops tenfold
// and, within one epoch, the training loss falls to a level the constant rate never reaches.

// %%
int firstDrop = Epochs / 2;   // epochs before the step schedule's first drop
double largestGap = seeds.Select((_, i) => Enumerable.Range(0, firstDrop)
    .Max(e => Math.Abs(scheduleRuns["step"][i].Epochs[e].TrainLoss - scheduleRuns["constant"][i].Epochs[e].TrainLoss))).Max();
var afterDrop = Sample.Of($"constant minus step, training loss of epoch {firstDrop + 1}",
    seeds.Select((_, i) => scheduleRuns["constant"][i].Epochs[firstDrop].TrainLoss - scheduleRuns["step"][i].Epochs[firstDrop].TrainLoss));
display(Claim.That($"Step decay and the constant rate are the same run for the first {firstDrop} epochs",
    Measure.Of($"largest difference of their epoch training losses, epochs 1-{firstDrop}, any seed", largestGap).IsAtMost(0)));
display(Claim.That($"In the epoch right after the drop (epoch {firstDrop + 1}), step decay's training loss is lower than the constant rate's",
    afterDrop.MeanExceeds(0)));

// %% [markdown]
// Decay does not make the model better at everything: a lower training loss can also mean a closer fit to the training
// set. What decay buys is the ability to settle, which the training loss shows directly; here the validation accuracy
// gained too. Which decaying shape is best depends on the model, the data and the budget: this lesson checks decay
// against no decay, and makes no claim about the order of the four shapes.
//
// ## 7. Warmup
//
// A **warmup** raises the rate from a small value to its peak over the first updates. The first updates are the
// riskiest: the weights are random, and an adaptive optimizer's statistics are estimated from a handful of
// gradients. Adam shows it in the extreme. Its update is $\eta\,\hat m_t / (\sqrt{\hat v_t} + \epsilon)$, and at the
// first step the bias-corrected moments are $\hat m_1 = g_1$ and $\hat v_1 = g_1^2$, so
//
// $$
// \Delta\theta_1 = -\eta\,\frac{g_1}{|g_1| + \epsilon} \approx -\eta\,\operatorname{sign}(g_1):
// $$
//
// **every weight with a non-zero gradient moves by the full rate**, however small its gradient. On a 784 → 256 → 256 → 10
// MLP at $\eta = 0.03$ that first move is large. The cell checks the first step, then trains every seed for two epochs
// with and without a one-epoch linear warmup.

// %%
const double AdamRate = 0.03;
int[] wideHidden = [256, 256];
// One Adam step on the first batch, from a fresh model: how far did each weight move?
var probe = NewMlp(Seed, wideHidden);
var before = probe.Parameters.Select(p => (float[])p.Value.Clone()).ToList();
var probeOptimizer = new Adam(probe.Parameters, new AdamOptions(AdamRate));
new Trainer(probe, probeOptimizer, loss, new DataLoader(train.Take(BatchSize), BatchSize), options: new TrainerOptions(Epochs: 1)).Fit();
var moves = probe.Parameters.SelectMany((p, k) => p.Value.Select((v, i) => (Move: Math.Abs(v - before[k][i]), Gradient: Math.Abs(p.Grad[i])))).ToList();
var moved = moves.Where(m => m.Gradient > 1e-5).Select(m => m.Move / AdamRate).ToList();
display(Claim.That($"Adam's first update moves every weight whose gradient is not tiny by the full rate {AdamRate} ({Numbers.Percent((double)moved.Count / moves.Count)} of the weights; the others sit on pixels that are black in the whole batch or on units that never fired)",
    Evidence.All(Measure.Of("smallest move / rate", moved.Min()).IsAtLeast(0.99), Measure.Of("largest move / rate", moved.Max()).IsAtMost(1.001))));

// %%
var warmupRuns = new Dictionary<string, List<TrainingHistory>> { ["no warmup"] = [], ["1-epoch warmup"] = [] };
var warmupStatus = LiveDisplay.Show("starting");
foreach (var (name, runs) in warmupRuns)
{
    foreach (int seed in seeds)
    {
        var model = NewMlp(seed, wideHidden);
        var optimizer = new Adam(model.Parameters, new AdamOptions(AdamRate));
        ISchedule rate = name == "no warmup"
            ? Schedule.Constant(AdamRate)
            : Schedule.Join([Schedule.Linear(AdamRate / batchesPerEpoch, AdamRate, batchesPerEpoch), Schedule.Constant(AdamRate)], [batchesPerEpoch]);
        var trainer = NewTrainer(model, optimizer, seed, 2, new ScheduleLR(optimizer, rate));
        Fit(trainer, $"Adam, {name}, seed {seed}", s => warmupStatus.Update(s));
        runs.Add(trainer.History);
    }
}
warmupStatus.Update($"Adam(lr={AdamRate}) with and without warmup, {seeds.Count} seeds");
display(Charts.Lines(Enumerable.Range(0, batchesPerEpoch).Select(i => (double)i).ToArray(),
    warmupRuns.Select(kv => new Series(kv.Key, kv.Value[0].Batches.Take(batchesPerEpoch).Select(b => b.Loss).ToArray())),
    title: $"Adam(lr={AdamRate}) on a 784-256-256-10 MLP: loss of every batch in the first epoch, seed {Seed}", xTitle: "batch", yTitle: "loss", logY: true));
var peakWithout = Sample.Of("no warmup", warmupRuns["no warmup"].Select(h => h.Batches.Take(batchesPerEpoch).Max(b => b.Loss)));
var peakWith = Sample.Of("1-epoch warmup", warmupRuns["1-epoch warmup"].Select(h => h.Batches.Take(batchesPerEpoch).Max(b => b.Loss)));
Console.WriteLine("Highest batch loss in the first epoch:");
display(Sample.Table(peakWithout, peakWith));
display(Claim.That($"Without warmup the loss diverges at the start: in every seed it climbs above four times its starting value ln 10 = {Numbers.Format(Math.Log(10))}",
    peakWithout.AllExceed(4 * Math.Log(10))));
display(Claim.That("With a one-epoch warmup it never climbs to twice its starting value, in any seed",
    peakWith.AllFallBelow(2 * Math.Log(10))));

// %% [markdown]
// The warmup keeps the first steps small while Adam's moment estimates fill in. How much damage an early blow-up does
// later depends on the model, which is why warmup is cheap insurance against it rather than a guarantee of a better
// model.
//
// Warmup is usually joined to a decay, as in the *warmup + cosine* schedule of section 6:
//
// $$
// \eta_s = \begin{cases} \eta_{\max}\, s / W & s < W \\ \tfrac12 \eta_{\max}\bigl(1 + \cos(\pi\,(s - W)/(S - W))\bigr) & W \le s \le S \end{cases}
// $$
//
// In PyTorch that shape is `SequentialLR([LinearLR(...), CosineAnnealingLR(...)], milestones=[W])`, with the subtlety
// that `SequentialLR` restarts the second scheduler at its own step 0 at the milestone. In NotebookKit it is
// `Schedule.WarmupCosine(peak, warmupSteps, totalSteps)`, a record you can print, compare and plot; `ScheduleLR`
// drives an optimizer with it (or with any `ISchedule`).

// %% [markdown]
// ## 8. When to step: per batch or per epoch, and in which order
//
// A schedule only has a unit once you decide when to call `Step()`. A cosine over 10 epochs of 50 batches is smooth if
// stepped after every batch, and a staircase if stepped after every epoch:

// %%
int epochs6 = 10, batches6 = 50;
var optBatch = new Sgd([Dummy()], new SgdOptions(0.1));
var optEpoch = new Sgd([Dummy()], new SgdOptions(0.1));
var cosBatch = new CosineAnnealingLR(optBatch, tMax: epochs6 * batches6);
var cosEpoch = new CosineAnnealingLR(optEpoch, tMax: epochs6);
var perBatchLr = new List<double>();
var perEpochLr = new List<double>();
for (int epoch = 0; epoch < epochs6; epoch++)
{
    for (int batch = 0; batch < batches6; batch++)
    {
        perBatchLr.Add(optBatch.Groups[0].LearningRate);
        perEpochLr.Add(optEpoch.Groups[0].LearningRate);
        optBatch.Step(); cosBatch.Step();    // per batch: T_max counts batches
        optEpoch.Step();
    }
    cosEpoch.Step();                         // per epoch: T_max counts epochs
}
display(Charts.Lines(Enumerable.Range(0, perBatchLr.Count).Select(i => (double)i).ToArray(),
    [new Series("stepped per batch (T_max = 500 batches)", perBatchLr), new Series("stepped per epoch (T_max = 10 epochs)", perEpochLr)],
    title: "CosineAnnealingLR stepped per batch vs per epoch", xTitle: "iteration", yTitle: "learning rate"));

// %% [markdown]
// Schedules designed around iterations (`CyclicLR`, `OneCycleLR`) must be stepped per batch, and the classic epoch-based
// ones (`StepLR`, `MultiStepLR`) per epoch. `ILRScheduler.Interval` says which one a scheduler is meant for, and the
// trainer follows it.
//
// ### Stepping the scheduler before the optimizer
//
// Since PyTorch 1.1 the order is `optimizer.step()` then `scheduler.step()`. The scheduler's constructor has already put
// the rate for step 0 into the optimizer, so update $i$ uses $f(i)$. Reversing the order (the pre-1.1 idiom, still
// common in old code) advances the schedule before the first update: **$f(0)$ is never used**, every update runs one
// step ahead, and the last update of a fixed-length schedule asks for $f(T)$, a value past its end. PyTorch only warns
// about the order. `OneCycleLR` makes the damage easy to see: its warmup starts too high, and $f(T)$ is an
// extrapolation of the final cosine, which rises again.

// %%
const int OneCycleSteps = 20;
List<double> UsedRates(bool schedulerFirst)
{
    var opt = new Sgd([Dummy()], new SgdOptions(0.1) { Momentum = 0.9 });
    var scheduler = new OneCycleLR(opt, [0.1], totalSteps: OneCycleSteps);
    var used = new List<double>();
    for (int i = 0; i < OneCycleSteps; i++)
    {
        if (schedulerFirst) scheduler.Step();
        used.Add(opt.Groups[0].LearningRate);
        opt.Step();
        if (!schedulerFirst) scheduler.Step();
    }
    return used;
}
var right = UsedRates(schedulerFirst: false);
var wrong = UsedRates(schedulerFirst: true);
Console.WriteLine($"optimizer first: update 1 uses f(0) = {Numbers.Format(right[0], 4)}, update {OneCycleSteps} uses f({OneCycleSteps - 1}) = {Numbers.Format(right[^1], 4)}");
Console.WriteLine($"scheduler first: update 1 uses f(1) = {Numbers.Format(wrong[0], 4)}, update {OneCycleSteps} uses f({OneCycleSteps}) = {Numbers.Format(wrong[^1], 4)}, past the end of the schedule");
display(Claim.That("Stepping the scheduler first skips f(0): every update uses the rate meant for the next one, and the last one runs past the end of the schedule, where the rate rises again",
    Evidence.All(
        Evidence.From(right.Skip(1).SequenceEqual(wrong.Take(OneCycleSteps - 1)), "the scheduler-first rates are the optimizer-first rates shifted by one update"),
        Measure.Of($"f({OneCycleSteps}), the last rate used", wrong[^1]).IsAbove(Measure.Of($"f({OneCycleSteps - 1})", right[^1])))));
display(Charts.Lines(Enumerable.Range(1, OneCycleSteps).Select(i => (double)i).ToArray(),
    [new Series("optimizer.Step(); scheduler.Step();", right), new Series("scheduler.Step(); optimizer.Step();", wrong)],
    title: $"OneCycleLR(max_lr=0.1, total_steps={OneCycleSteps}): the rate each update used", xTitle: "update", yTitle: "learning rate", logY: true));

// %% [markdown]
// One more `scheduler.Step()` after that would be refused: `OneCycleLR` has no rate for a step beyond `total_steps`,
// which is the error people meet when `total_steps` does not match the real number of batches.

// %% [markdown]
// ## 9. ReduceLROnPlateau, with a control
//
// All the schedules so far are fixed in advance. `ReduceLROnPlateau` instead watches a metric, here the validation
// loss after each epoch, and multiplies the rate by `factor` once the metric has failed to improve on its best by more
// than `threshold` for more than `patience` epochs in a row; after a cut it waits `cooldown` epochs before counting
// again.
//
// The validation loss of a small network trained with a large rate is noisy from one epoch to the next. With
// `patience=0` every unlucky epoch would cut the rate; the settings below only react to a plateau that lasts: three
// epochs in a row without a 1% improvement (`patience=2`, `threshold=0.01`), and after a cut two epochs of
// `cooldown` so the next decision sees the effect of the last one. Each cut halves the rate.
//
// A scheduler that cuts the rate is only worth something against the same training without it, so every seed also
// trains a **constant-rate control** for the same number of epochs.

// %%
var plateauSettings = new PlateauOptions(mode: PlateauMode.Min, factor: 0.5, patience: 2, threshold: 0.01, cooldown: 2);
var plateauRuns = new Dictionary<string, List<TrainingHistory>> { ["ReduceLROnPlateau"] = [], ["constant (control)"] = [] };
var plateauStatus = LiveDisplay.Show("starting");
foreach (var (name, runs) in plateauRuns)
{
    foreach (int seed in seeds)
    {
        var model = NewMlp(seed);
        var optimizer = new Sgd(model.Parameters, new SgdOptions(LearningRate) { Momentum = Momentum });
        IScheduler? reducer = name == "ReduceLROnPlateau" ? new ReduceLROnPlateau(optimizer, plateauSettings) : null;
        var trainer = NewTrainer(model, optimizer, seed, PlateauEpochs, reducer);
        if (!Fit(trainer, $"{name}, seed {seed}", s => plateauStatus.Update(s)))
        {
            throw new InvalidOperationException($"{name} diverged with seed {seed}: lower LearningRate.");
        }
        runs.Add(trainer.History);
    }
}
plateauStatus.Update($"ReduceLROnPlateau and its control, {seeds.Count} seeds x {PlateauEpochs} epochs");
var plateauExample = plateauRuns["ReduceLROnPlateau"][0];
display(plateauExample.Plot($"SGD with ReduceLROnPlateau(factor=0.5, patience=2, threshold=0.01, cooldown=2), seed {Seed}"));
double[] plateauEpochNumbers = Enumerable.Range(1, PlateauEpochs).Select(e => (double)e).ToArray();
display(Charts.Lines(plateauEpochNumbers,
    plateauRuns.Select(kv => new Series(kv.Key, kv.Value[0].Epochs.Select(e => e.TestLoss!.Value).ToArray())),
    title: $"Validation loss per epoch, seed {Seed}", xTitle: "epoch", yTitle: "validation loss"));

// %%
int CutsIn(TrainingHistory history) => history.Epochs.Zip(history.Epochs.Skip(1)).Count(p => p.Second.LearningRate < p.First.LearningRate);
Console.WriteLine("Cuts per seed: " + string.Join(", ", plateauRuns["ReduceLROnPlateau"].Select((h, i) => $"seed {seeds[i]}: {CutsIn(h)}, final rate {Numbers.Format(h.Epochs[^1].LearningRate)}")));
var plateauLoss = plateauRuns.Select(kv => Sample.Of(kv.Key, kv.Value.Select(h => h.Epochs[^1].TestLoss!.Value))).ToArray();
var plateauAccuracy = plateauRuns.Select(kv => Sample.Of(kv.Key, kv.Value.Select(h => h.Epochs[^1].TestAccuracy!.Value), Unit.Percent)).ToArray();
// How much the validation loss jumps from one epoch to the next over the second half of the run.
double Jitter(TrainingHistory history) => history.Epochs.Skip(PlateauEpochs / 2).Zip(history.Epochs.Skip((PlateauEpochs / 2) + 1))
    .Average(p => Math.Abs(p.Second.TestLoss!.Value - p.First.TestLoss!.Value));
var plateauJitter = plateauRuns.Select(kv => Sample.Of(kv.Key, kv.Value.Select(Jitter))).ToArray();
Console.WriteLine("Validation loss at the end:");
display(Sample.Table(plateauLoss));
Console.WriteLine("Validation accuracy at the end:");
display(Sample.Table(plateauAccuracy));
display(Claim.That("The validation loss gave ReduceLROnPlateau a lasting plateau to react to: it cut the rate at least once in every seed",
    Measure.Of("fewest cuts in a seed", plateauRuns["ReduceLROnPlateau"].Min(CutsIn)).IsAtLeast(1)));
display(Claim.That("ReduceLROnPlateau ends with a lower validation loss than the constant-rate control",
    plateauLoss[0].FallsBelow(plateauLoss[1], paired: true)));
display(Claim.That("ReduceLROnPlateau ends with a higher validation accuracy than the constant-rate control",
    plateauAccuracy[0].Exceeds(plateauAccuracy[1], paired: true)));
display(Claim.That("After the cuts the validation loss is steadier: over the second half of the run it changes less from epoch to epoch than the control's (the noise floor again)",
    plateauJitter[0].FallsBelow(plateauJitter[1], paired: true)));

// %% [markdown]
// Two PyTorch details matter when you compare with Keras: PyTorch reduces on the `(patience + 1)`-th bad epoch in a row
// (Keras on the `patience`-th; `PlateauOptions(semantics: PlateauSemantics.Keras)` switches), and in `min` mode with
// the default relative threshold an improvement must beat `best * (1 - threshold)`.
//
// ### Weight decay is not learning-rate decay
//
// The names are close and the two are often confused. **Learning-rate decay** (this lesson) changes the *step size*
// over time: $\theta_{t+1} = \theta_t - \eta_t\, g_t$ with a shrinking $\eta_t$. **Weight decay** changes the
// *objective* (or, decoupled, adds a shrinking step): every update also pulls each weight towards zero,
// $\theta_{t+1} = (1 - \eta_t\lambda)\,\theta_t - \eta_t\, g_t$. It is a regulariser that keeps weights small, and it
// works the same whether the rate is constant or decays. Notebook 3 is about it.
//
// ## Summary
//
// * The learning rate sets the step size against the curvature of the loss: too small crawls, too large diverges.
// * A schedule is a function of the step. Plot it before you train with it.
// * With stochastic gradients a constant rate stalls on a noise floor proportional to the rate; decaying the rate gets
//   below it.
// * Warmup keeps the riskiest, first updates small (with Adam, the first update moves every weight by the full rate).
// * PyTorch's schedulers are stepped after the optimizer, per epoch or per batch as they were designed.
// * Keras's `decay` counts iterations, so `decay = lr / epochs` is far stronger than it reads.
// * ReduceLROnPlateau adapts to the run; give it a validation set, patience longer than the noise, and a control.
// * A claim about training is a comparison over seeds with a margin, not one run.
//
// ## Exercises
//
// 1. Find the largest learning rate for which the MLP of section 1 still trains (try 0.5, 1 and 2). Does the boundary
//    move if you add momentum 0.9? (Hint: momentum multiplies the effective step by about $1/(1-\mu)$.)
// 2. In section 5, halve `GradientNoise`. By how much does the floor move, and does the formula still predict it?
// 3. Run section 6 with `LearningRate = 0.02`. Does the constant rate still lose to the decaying schedules, and by how
//    much? What does that say about the noise floor?
// 4. Redo section 4 with batch size 256. How much weaker is the same `decay` then, and why?
// 5. Set `patience` to 0 in section 9. How many cuts happen, and do the claims still hold? Try `SeedCount = 10`.
