#:project ../src/NotebookKit/NotebookKit.csproj
#:project ../src/NotebookKit.Notebooks/NotebookKit.Notebooks.csproj
#:property PublishAot=false
using static NotebookKit.Notebooks.FileApps.FileAppGlobals;

// %% [markdown]
// # 1. Learning-rate decay
//
// The learning rate is the one hyperparameter you can never leave alone. This notebook shows why, and then walks
// through every way PyTorch and Keras let you change it during training:
//
// 1. **Why the learning rate matters**: the same tiny network on Fashion-MNIST, trained with a rate that is too small,
//    one that is about right and one that is too large.
// 2. **Every schedule, plotted without training**: a schedule is a pure function of the step, so we can draw all of
//    PyTorch's schedulers and Keras's schedules directly.
// 3. **PyTorch's own examples**, written in C# with the same loop and the same numbers.
// 4. **Keras time-based decay**, and why `decay = lr / epochs` decays much more than its name suggests.
// 5. **Warmup, then cosine**: the modern default.
// 6. **When to step**: per batch or per epoch, and what it costs to call `scheduler.Step()` before `optimizer.Step()`.
// 7. **ReduceLROnPlateau** reacting to a real validation curve.
//
// Everything here runs on a laptop CPU in a few minutes with the default parameters. The numbers quoted in the text are
// printed by the code cells, so they are the numbers of *your* run.

// %% [markdown]
// ## Setup
//
// The first cell loads the NotebookKit library. In VS Code it needs one build first (`dotnet build -c Release` in the
// repository root); the kit's own runner (`nbkit run`) maps this path to the library it has already loaded.

// %%
using NotebookKit.Data;
using NotebookKit.Nn;
using NotebookKit.Nn.Models;
using NotebookKit.Optim;
using NotebookKit.Plotting;
using NotebookKit.Schedules;
using NotebookKit.Schedules.Torch;
using NotebookKit.Training;

// %% [markdown]
// ### Parameters
//
// The defaults give the complete lesson in a few minutes. Raise them for a fuller picture: `TrainPerClass = 0` means the
// whole training set (6,000 images per class), and more epochs make the differences between rates sharper.

// %% tags=["parameters"]
int Epochs = 5;            // epochs for the learning-rate comparison in section 1
int TrainPerClass = 500;   // training images per class (0 = all 60,000)
int TestPerClass = 200;    // test images per class (0 = all 10,000)
int PlateauEpochs = 20;    // epochs for the ReduceLROnPlateau run in section 7
int BatchSize = 64;
int Threads = Environment.ProcessorCount;
int Seed = 0;
string DataDir = "";       // "" looks in ../data, then /usr/share/datasets, then downloads
#region file-app: parameters from the command line, `dotnet run 01-learning-rate-decay.cs -- Epochs=VALUE` (generated; not in the notebook)
Epochs = Parameter(nameof(Epochs), Epochs);
TrainPerClass = Parameter(nameof(TrainPerClass), TrainPerClass);
TestPerClass = Parameter(nameof(TestPerClass), TestPerClass);
PlateauEpochs = Parameter(nameof(PlateauEpochs), PlateauEpochs);
BatchSize = Parameter(nameof(BatchSize), BatchSize);
Threads = Parameter(nameof(Threads), Threads);
Seed = Parameter(nameof(Seed), Seed);
DataDir = Parameter(nameof(DataDir), DataDir);
#endregion

// %% [markdown]
// The data: Fashion-MNIST, 28×28 grey images of clothes in ten classes. The loader finds it in the repository's `data/`
// folder, in `/usr/share/datasets/fashion-mnist` (Debian's `dataset-fashion-mnist` package), or downloads it. A
// stratified subset keeps the first `TrainPerClass` images of every class, so the classes stay balanced.

// %%
NnThreads.Count = Threads;
var data = FashionMnist.Load(DataDir == "" ? null : DataDir);
var train = TrainPerClass > 0 ? data.Train.Stratified(TrainPerClass) : data.Train;
var test = TestPerClass > 0 ? data.Test.Stratified(TestPerClass) : data.Test;
display(new TrainTestSplit(train, test));

// %% [markdown]
// Every training run below uses the same few pieces: a fresh model from the same seed (so runs differ only in what we
// vary), a loader that reshuffles the training set every epoch from the same seed, and the trainer. The model is a
// small multilayer perceptron, 784 → 128 → 10 with a ReLU.

// %%
var loss = new SoftmaxCrossEntropyLoss();
IModel NewMlp() => new Mlp([1, 28, 28], [128], 10, (ulong)Seed);
Trainer NewTrainer(IModel model, IOptimizer optimizer, int epochs, IScheduler? scheduler = null) =>
    new(model, optimizer, loss,
        new DataLoader(train, BatchSize, new DataLoaderOptions(Shuffle: true, Seed: (ulong)Seed)),
        new DataLoader(test, 500),
        scheduler, new TrainerOptions(Epochs: epochs));

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
double[] rates = [0.05, 0.5, 1.0, 1.9, 2.1];
double[] steps = Enumerable.Range(0, 21).Select(t => (double)t).ToArray();
Charts.Lines(steps,
    rates.Select(eta => new Series($"η = {eta}", steps.Select(t => Math.Pow(1 - eta, t)).ToArray())),
    title: "Gradient descent on L(θ) = θ²/2 from θ = 1: θ after each step", xTitle: "step", yTitle: "θ")

// %% [markdown]
// ### The same story on a real network
//
// Now a real model: a small multilayer perceptron (784 → 128 → 10, ReLU) on Fashion-MNIST, trained with plain SGD at
// three learning rates. `Trainer` runs the usual loop (forward, loss, backward, `optimizer.Step()`) and records the loss
// of every batch, so we can watch the first epochs closely.

// %%
var rateTrials = new (string Label, double Lr)[] { ("too small", 0.001), ("about right", 0.1), ("too large", 2.0) };
var trialLosses = new List<Series>();
int batchesPerRun = Epochs * ((train.Count + BatchSize - 1) / BatchSize);
foreach (var (label, lr) in rateTrials)
{
    var model = NewMlp();
    var trainer = NewTrainer(model, new Sgd(model.Parameters, new SgdOptions(lr)), Epochs);
    try
    {
        var last = trainer.Fit().Epochs[^1];
        Console.WriteLine($"lr = {lr} ({label}): final training loss {last.TrainLoss:F3}, test accuracy {last.TestAccuracy:P1}");
    }
    catch (NonFiniteLossException e)
    {
        Console.WriteLine($"lr = {lr} ({label}): diverged. {e.Message}");
    }

    // A diverged run stops early: pad it with NaN, which the chart draws as a gap.
    var losses = trainer.History.Batches.Select(b => b.Loss).ToList();
    losses.AddRange(Enumerable.Repeat(double.NaN, batchesPerRun - losses.Count));
    trialLosses.Add(new Series($"lr = {lr} ({label})", losses));
}
Charts.Lines(Enumerable.Range(0, batchesPerRun).Select(i => (double)i).ToArray(), trialLosses,
    title: "Training loss of every batch for three learning rates", xTitle: "batch", yTitle: "loss", logY: true)

// %% [markdown]
// The too-small rate is still far from where the good rate got to when training ends; the too-large rate either
// bounces around the loss of random guessing ($\ln 10 \approx 2.30$ for ten classes) or blows up until the loss is no
// longer a finite number, at which point the trainer stops and says at which batch and rate it happened. A rate that is
// too small never raises an error: you have to look at the curve.
//
// The usual cure is **not** to pick one perfect constant, but to start high enough to make fast progress and then
// *decay* the rate so that the final epochs can settle into a minimum that a large rate keeps jumping over.
// The rest of this notebook is about the shapes that decay can take.

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
// | `ReduceLROnPlateau` | reacts to a metric, so it has no formula (section 7) | |

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
Charts.Schedules(decays, 100, stepsPerEpoch: 1, title: "PyTorch decay schedules, base lr 0.1")

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
Charts.Schedules(composites, 100, stepsPerEpoch: 1, title: "Composites, LambdaLR, MultiplicativeLR, and CosineAnnealingLR stepped past T_max")

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
Charts.Schedules(cycles, 100, title: "PyTorch cyclic schedules, stepped per batch")

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
Charts.Schedules(keras, 100, title: "Keras schedules (the step is the optimizer's iteration count)")

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
Console.WriteLine("first epochs: " + string.Join(", ", exponentialRates.Take(6).Select(v => v.ToString("G6"))) + ", ...");
Console.WriteLine($"epoch 19: {exponentialRates[19]:G6} = 0.05 * 0.9^19 = {0.05 * Math.Pow(0.9, 19):G6}");

// %% [markdown]
// **LinearLR as a warmup on Adam.** Adam with lr 0.01 and `LinearLR(start_factor=0.1, total_iters=100)`: the rate
// starts at a tenth of 0.01, rises linearly to 0.01 over 100 epochs, then stays there.

// %%
var adam = new Adam([Dummy()], new AdamOptions(0.01));
var warmupRates = RatesPerEpoch(adam, 150, new LinearLR(adam, startFactor: 0.1, endFactor: 1.0, totalIters: 100));
Console.WriteLine($"epoch 0: {warmupRates[0]:G6}, epoch 50: {warmupRates[50]:G6}, epoch 100: {warmupRates[100]:G6}, epoch 149: {warmupRates[149]:G6}");
Charts.Lines(Enumerable.Range(0, 150).Select(e => (double)e).ToArray(), [new Series("learning rate", warmupRates)],
    title: "LinearLR(start_factor=0.1, total_iters=100) on Adam(lr=0.01)", xTitle: "epoch", yTitle: "learning rate")

// %% [markdown]
// **Two schedulers stepped together.** PyTorch's example steps `ExponentialLR(gamma=0.9)` and
// `MultiStepLR(milestones=[30, 80], gamma=0.1)` one after the other on the same optimizer. Both are *chainable*: each
// multiplies the rate that is currently in the group, so their effects compose. The exponential decay runs all the
// time, and the milestones cut the rate by a further factor of 10 at epochs 30 and 80.

// %%
var both = new Sgd([Dummy()], new SgdOptions(1.0));
var chainedRates = RatesPerEpoch(both, 100, new ExponentialLR(both, gamma: 0.9), new MultiStepLR(both, milestones: [30, 80], gamma: 0.1));
Console.WriteLine($"epoch 29: {chainedRates[29]:G6}; epoch 30: {chainedRates[30]:G6} = 0.9^30 / 10 = {Math.Pow(0.9, 30) / 10:G6}");
Charts.Lines(Enumerable.Range(0, 100).Select(e => (double)e).ToArray(), [new Series("learning rate", chainedRates)],
    title: "ExponentialLR(0.9) and MultiStepLR([30, 80], 0.1) stepped together", xTitle: "epoch", yTitle: "learning rate", logY: true)

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
Console.WriteLine($"{perEpoch} iterations per epoch; after 40 epochs the rate is {atEnd:G3}, {lr0 / atEnd:F1} times smaller than {lr0}.");
Console.WriteLine($"If the decay counted epochs instead, it would end at {lr0 / (1 + k * 40):G4}, only {1 - 1 / (1 + k * 40):P1} lower.");
double[] epochAxis = Enumerable.Range(0, 41).Select(e => (double)e).ToArray();
Charts.Lines(epochAxis,
    [new Series("per iteration (what Keras does)", epochAxis.Select(e => timeBased.ValueAt((long)e * perEpoch)).ToArray()),
     new Series("per epoch (what the recipe suggests)", epochAxis.Select(e => lr0 / (1 + k * e)).ToArray())],
    title: "Keras SGD(lr=0.01, decay=0.01/40) on CIFAR-10 with batch 64", xTitle: "epoch", yTitle: "learning rate")

// %% [markdown]
// Most of the decay happens in the first few epochs: the hyperbola $1/(1 + ks)$ falls fastest at the start. The same
// formula is PyTorch's `Adagrad(lr_decay=k)` and Keras's `InverseTimeDecay(decay_steps=1, decay_rate=k)`.
//
// ## 5. Warmup, then cosine
//
// Large models are usually trained with a short linear **warmup** (the first updates, made with random weights and
// poorly estimated optimizer statistics, are the riskiest), followed by a **cosine decay** to zero
// (Loshchilov & Hutter, *SGDR*, 2017). It is a join of two schedules:
//
// $$
// \eta_s = \begin{cases} \eta_{\max}\, s / W & s < W \\ \tfrac12 \eta_{\max}\bigl(1 + \cos(\pi\,(s - W)/(T - W))\bigr) & W \le s \le T \end{cases}
// $$

// %%
long totalSteps = 1000, warmupSteps = 100;
var warmupCosine = Schedule.WarmupCosine(peakValue: 0.1, warmupSteps: warmupSteps, totalSteps: totalSteps);
Console.WriteLine(string.Join(", ", new long[] { 0, 50, 100, 550, 999 }.Select(s => $"step {s}: {warmupCosine.ValueAt(s):G4}")));
Charts.Schedule(warmupCosine, totalSteps, name: "warmup + cosine", title: "Linear warmup over 100 steps, then cosine decay")

// %% [markdown]
// In PyTorch the same shape needs `SequentialLR([LinearLR(...), CosineAnnealingLR(...)], milestones=[100])`, with the
// subtlety that `SequentialLR` restarts the second scheduler at its own step 0 at the milestone. Here it is a record
// you can print, compare and plot. To drive an optimizer with any `ISchedule`, wrap it in `ScheduleLR`.
//
// ## 6. When to step: per batch or per epoch, and in which order
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
Charts.Lines(Enumerable.Range(0, perBatchLr.Count).Select(i => (double)i).ToArray(),
    [new Series("stepped per batch (T_max = 500 batches)", perBatchLr), new Series("stepped per epoch (T_max = 10 epochs)", perEpochLr)],
    title: "CosineAnnealingLR stepped per batch vs per epoch", xTitle: "iteration", yTitle: "learning rate")

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
Console.WriteLine($"optimizer first: update 1 uses f(0) = {right[0]:G4}, update {OneCycleSteps} uses f({OneCycleSteps - 1}) = {right[^1]:G4}");
Console.WriteLine($"scheduler first: update 1 uses f(1) = {wrong[0]:G4}, update {OneCycleSteps} uses f({OneCycleSteps}) = {wrong[^1]:G4}, past the end of the schedule");
Charts.Lines(Enumerable.Range(1, OneCycleSteps).Select(i => (double)i).ToArray(),
    [new Series("optimizer.Step(); scheduler.Step();", right), new Series("scheduler.Step(); optimizer.Step();", wrong)],
    title: $"OneCycleLR(max_lr=0.1, total_steps={OneCycleSteps}): the rate each update used", xTitle: "update", yTitle: "learning rate", logY: true)

// %% [markdown]
// One more `scheduler.Step()` after that would be refused: `OneCycleLR` has no rate for a step beyond `total_steps`,
// which is the error people meet when `total_steps` does not match the real number of batches.

// %% [markdown]
// ## 7. ReduceLROnPlateau on a real validation curve
//
// All the schedules so far are fixed in advance. `ReduceLROnPlateau` instead watches a metric, here the test loss after
// each epoch, and multiplies the rate by `factor` once the metric has failed to improve (by more than `threshold`) for
// more than `patience` epochs in a row. On a small training set the MLP starts to overfit after a few epochs, the test
// loss stops falling, and the scheduler reacts. (The test set stands in for a validation set here, to keep the lesson short. In a real
// project, hold out a validation set: every decision taken on the test set leaks it into training.)

// %%
var plateauModel = NewMlp();
var plateauOptimizer = new Sgd(plateauModel.Parameters, new SgdOptions(0.1) { Momentum = 0.9 });
var plateau = new ReduceLROnPlateau(plateauOptimizer, new PlateauOptions(mode: PlateauMode.Min, factor: 0.5, patience: 1));
var plateauHistory = NewTrainer(plateauModel, plateauOptimizer, PlateauEpochs, plateau).Fit();
display(plateauHistory);
display(plateauHistory.Plot("SGD with ReduceLROnPlateau(factor=0.5, patience=1) on the test loss"));

// %%
var cuts = plateauHistory.Epochs.Skip(1).Where((e, i) => e.LearningRate < plateauHistory.Epochs[i].LearningRate).Select(e => e.Epoch - 1).ToList();
var lastEpoch = plateauHistory.Epochs[^1];
Console.WriteLine(cuts.Count == 0
    ? $"No reduction in {PlateauEpochs} epochs: the test loss kept improving. Try more epochs or a smaller training set."
    : $"The rate was halved after epoch{(cuts.Count > 1 ? "s" : "")} {string.Join(", ", cuts)} and ended at {lastEpoch.LearningRate:G3}; final test loss {lastEpoch.TestLoss:F3}, test accuracy {lastEpoch.TestAccuracy:P1}.");

// %% [markdown]
// Two PyTorch details matter when you compare with Keras: PyTorch reduces on the `(patience + 1)`-th bad epoch in a row
// (Keras on the `patience`-th; `PlateauOptions(semantics: PlateauSemantics.Keras)` switches), and in `min` mode with
// the default relative threshold an improvement must beat `best * (1 - threshold)`.
//
// ## Summary
//
// * The learning rate sets the step size against the curvature of the loss: too small crawls, too large diverges.
// * A schedule is a function of the step. Plot it before you train with it.
// * PyTorch's schedulers are stepped after the optimizer, per epoch or per batch as they were designed.
// * Keras's `decay` counts iterations, so `decay = lr / epochs` is far stronger than it reads.
// * Warmup then cosine decay is a robust default; `ReduceLROnPlateau` adapts to the run instead.
//
// ## Exercises
//
// 1. Find the largest learning rate for which the MLP of section 1 still trains (try 0.5, 1 and 2). Does the boundary
//    move if you add momentum 0.9? (Hint: momentum multiplies the effective step by about $1/(1-\mu)$.)
// 2. Plot `StepLR(step_size=30, gamma=0.1)` together with the `ExponentialLR(gamma)` that reaches the same rate at
//    epoch 90. Which one spends more epochs at a high rate?
// 3. Redo section 4 with batch size 256. How much weaker is the same `decay` then, and why?
// 4. Train the MLP for 10 epochs with `Schedule.WarmupCosine` wrapped in `ScheduleLR` and stepped per batch, and compare
//    its test accuracy with the best constant rate of section 1.
// 5. Set `patience` to 0 and to 3 in section 7. How many reductions happen, and does the final accuracy change?
