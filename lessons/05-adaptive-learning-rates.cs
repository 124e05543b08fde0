#:project ../src/NotebookKit/NotebookKit.csproj
#:project ../src/NotebookKit.Notebooks/NotebookKit.Notebooks.csproj
#:property PublishAot=false
using static NotebookKit.Notebooks.FileApps.FileAppGlobals;

// %% [markdown]
// # 5. Adaptive learning rates
//
// SGD moves every weight with the same learning rate. Yet the weights of one network see gradients of very different
// sizes: a weight on a pixel that is black in almost every image gets a gradient now and then, a weight of the last
// layer gets one at every step. **Adaptive** optimizers give every weight its own rate, by dividing its step by a
// running measure of its own gradient size. This lesson builds them up one at a time and looks at the rates they give:
//
// 1. **How different the gradients are**, on the network we train throughout.
// 2. **AdaGrad**: divide by the root of the *sum* of all squared gradients so far; an implicit $1/\sqrt{t}$ decay.
// 3. **RMSprop**: divide by the root of a *moving average* instead, so the rates stop shrinking.
// 4. **Adam**: RMSprop plus momentum, with bias correction; the effective step of every weight.
// 5. **All four trained side by side** with SGD on the same model and the same seeds, with the per-weight rates plotted.
// 6. **A global schedule on top**: how a learning-rate schedule composes with the per-weight rates.
//
// As in the other lessons, every statement about a result is a **claim check** (✓) evaluated on your run, and
// comparisons use several seeds with a margin of two standard errors.

// %% [markdown]
// ## Setup

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
using NotebookKit.Training;

// %% [markdown]
// ### Parameters
//
// Each optimizer gets a rate in its usual range for this model (SGD with momentum 0.9; the others with PyTorch's
// algorithms and default betas, alpha and epsilon). `SeedCount` runs of every configuration are compared (at least 2).

// %% tags=["parameters"]
int Epochs = 10;              // epochs of every training run
int TrainPerClass = 500;      // training images per class (0 = all but the validation images)
int ValidationPerClass = 200; // images per class held out of the training set for validation
int SeedCount = 5;            // runs per configuration, seeds Seed, Seed + 1, ...
double SgdRate = 0.05;        // SGD, momentum 0.9
double AdagradRate = 0.03;
double RmspropRate = 0.001;
double AdamRate = 0.001;
double LargeAdamRate = 0.01;  // section 6: a rate ten times larger, with and without decay
int BatchSize = 64;
int Threads = Environment.ProcessorCount;
int Seed = 0;
string DataDir = "";          // "" looks in ../data, then /usr/share/datasets, then downloads
#region file-app: parameters from the command line, `dotnet run 05-adaptive-learning-rates.cs -- Epochs=VALUE` (generated; not in the notebook)
Epochs = Parameter(nameof(Epochs), Epochs);
TrainPerClass = Parameter(nameof(TrainPerClass), TrainPerClass);
ValidationPerClass = Parameter(nameof(ValidationPerClass), ValidationPerClass);
SeedCount = Parameter(nameof(SeedCount), SeedCount);
SgdRate = Parameter(nameof(SgdRate), SgdRate);
AdagradRate = Parameter(nameof(AdagradRate), AdagradRate);
RmspropRate = Parameter(nameof(RmspropRate), RmspropRate);
AdamRate = Parameter(nameof(AdamRate), AdamRate);
LargeAdamRate = Parameter(nameof(LargeAdamRate), LargeAdamRate);
BatchSize = Parameter(nameof(BatchSize), BatchSize);
Threads = Parameter(nameof(Threads), Threads);
Seed = Parameter(nameof(Seed), Seed);
DataDir = Parameter(nameof(DataDir), DataDir);
#endregion

// %% [markdown]
// The data and the model are those of lesson 1: Fashion-MNIST, a validation set held out of the training set, and an
// MLP 784 → 128 → 10 with a ReLU. The same seed gives every optimizer the same initial weights and the same batches.

// %%
NnThreads.Count = Threads;
var data = FashionMnist.Load(DataDir == "" ? null : DataDir);
// TrainPerClass = 0 trains on every image of a class that is not held out for validation.
int trainShare = TrainPerClass > 0 ? TrainPerClass : data.Train.ClassCounts().Min() - ValidationPerClass;
var (train, validation) = data.Train.StratifiedSplit(trainShare, ValidationPerClass);
display(new TrainTestSplit(train, validation));
var loss = new SoftmaxCrossEntropyLoss();
var seeds = Seeds.From(Seed, SeedCount);
int batchesPerEpoch = (train.Count + BatchSize - 1) / BatchSize;
IModel NewMlp(int seed) => new Mlp([1, 28, 28], [128], 10, (ulong)seed);
Trainer NewTrainer(IModel model, IOptimizer optimizer, int seed, IScheduler? scheduler = null) =>
    new(model, optimizer, loss,
        new DataLoader(train, BatchSize, new DataLoaderOptions(Shuffle: true, Seed: (ulong)seed)),
        new DataLoader(validation, 500), scheduler, new TrainerOptions(Epochs: Epochs));
double Percentile(IReadOnlyList<double> sorted, double p) => sorted[(int)Math.Round(p * (sorted.Count - 1))];

// %% [markdown]
// ## 1. How different the gradients are
//
// One batch through a fresh network, and the size of every weight's gradient. Weights whose gradient is exactly zero
// (the first-layer weights of pixels that are black in every image of the batch, and the weights of hidden units that
// never fired) are left out.

// %%
var probe = NewMlp(Seed);
var probeOptimizer = new Sgd(probe.Parameters, new SgdOptions(0.0));   // a rate of 0: we only want the gradients
new Trainer(probe, probeOptimizer, loss, new DataLoader(train.Take(BatchSize), BatchSize), options: new TrainerOptions(Epochs: 1)).Fit();
var gradientSizes = probe.Parameters.SelectMany(p => p.Grad.Select(g => (double)Math.Abs(g))).Where(g => g > 0).Order().ToArray();
Console.WriteLine($"{gradientSizes.Length:N0} non-zero gradients; median {Numbers.Format(Percentile(gradientSizes, 0.5))}, "
    + $"10th percentile {Numbers.Format(Percentile(gradientSizes, 0.1))}, 90th percentile {Numbers.Format(Percentile(gradientSizes, 0.9))}, largest {Numbers.Format(gradientSizes[^1])}");
display(Charts.WeightHistograms([new Series("log10 |gradient|", gradientSizes.Select(Math.Log10).ToArray())], title: "Gradient sizes of one batch, on a log scale")
    .WithAxis("xaxis", new Axis { Title = "log10 of |gradient|" }));
display(Claim.That("With one learning rate for all, the steps of different weights would differ by more than an order of magnitude: the 90th percentile of the gradient sizes is more than 10 times the 10th",
    Measure.Of("90th / 10th percentile", Percentile(gradientSizes, 0.9) / Percentile(gradientSizes, 0.1)).IsAbove(10)));

// %% [markdown]
// A single rate small enough for the large gradients barely moves the weights with small ones. Adaptive methods
// rescale each weight's step by its own gradient history.
//
// ## 2. AdaGrad: an implicit 1/√t decay
//
// AdaGrad (Duchi, Hazan & Singer, 2011) keeps, for every weight, the sum of its squared gradients and divides the step
// by its square root (PyTorch's `Adagrad`, buffer `sum`):
//
// $$
// G_t = G_{t-1} + g_t^2, \qquad \theta_{t+1} = \theta_t - \frac{\eta}{\sqrt{G_t} + \epsilon}\, g_t .
// $$
//
// The factor $\eta / (\sqrt{G_t} + \epsilon)$ is the weight's **effective learning rate**. Two consequences:
//
// * A weight whose gradients are rare (a pixel that is usually black) keeps a small $G_t$ and so a **large** rate: when
//   its feature does show up, it learns from it.
// * If a weight's gradients keep a typical size $\bar g$, then $G_t \approx t\,\bar g^2$ and its rate is
//   $\eta / (\bar g \sqrt{t})$: a **built-in $1/\sqrt{t}$ decay**, whether you want one or not. Gradients usually
//   shrink as training progresses, so in practice the sum grows more slowly and the decay is gentler.
//
// The function below reads every weight's effective rate out of an optimizer's state, with PyTorch's formulas and
// buffer names; weights that never had a gradient are left out. For Adam it is the factor that multiplies the smoothed
// gradient $\hat m$ (section 4).

// %%
// Every weight's effective rate η / (sqrt(accumulated squared gradient) + ε), read from a saved optimizer state, in
// the state's order; NaN for a weight that has never had a gradient.
double[] RatesOf(OptimizerState state)
{
    double lr = state.LearningRates[0];
    var rates = new List<double>();
    foreach (var (key, buffer) in state.Buffers)
    {
        int slash = key.LastIndexOf('/');
        string parameter = key[..slash], kind = key[(slash + 1)..];
        double bc2 = 1 - Math.Pow(0.999, state.Steps[parameter]);   // Adam's bias correction of v
        Func<double, double>? rate = kind switch
        {
            "sum" => g2 => lr / (Math.Sqrt(g2) + 1e-10),                   // AdaGrad
            "square_avg" => v => lr / (Math.Sqrt(v) + 1e-8),               // RMSprop
            "exp_avg_sq" => v => lr / (Math.Sqrt(v / bc2) + 1e-8),         // Adam: η / (sqrt(v̂) + ε)
            _ => null,
        };
        if (rate is not null)
        {
            rates.AddRange(buffer.Select(v => v > 0 ? rate(v) : double.NaN));
        }
    }
    return [.. rates];
}
// The rates of the weights that have had a gradient, sorted (for percentiles).
double[] EffectiveRates(IOptimizer optimizer) => [.. RatesOf(optimizer.Save()).Where(r => !double.IsNaN(r)).Order()];

// %% [markdown]
// ## 3. RMSprop: a moving average instead of a sum
//
// RMSprop (Hinton's lecture notes, 2012) replaces the sum by an exponential moving average with decay $\alpha$
// (PyTorch's default 0.99, buffer `square_avg`), so the denominator follows the *recent* gradient size instead of
// growing forever:
//
// $$
// v_t = \alpha\, v_{t-1} + (1 - \alpha)\, g_t^2, \qquad \theta_{t+1} = \theta_t - \frac{\eta}{\sqrt{v_t} + \epsilon}\, g_t .
// $$
//
// With $\alpha = 0.99$ the average remembers about the last $1/(1-\alpha) = 100$ steps. The rates adapt to each weight
// but do not decay by themselves. (PyTorch puts $\epsilon$ outside the square root; TensorFlow and Keras inside.)
//
// ## 4. Adam: momentum, RMSprop and bias correction
//
// Adam (Kingma & Ba, 2015) keeps a moving average of the gradient as well (momentum, decay $\beta_1 = 0.9$) and one of
// its square (decay $\beta_2 = 0.999$), both started at zero:
//
// $$
// m_t = \beta_1 m_{t-1} + (1-\beta_1)\, g_t, \qquad v_t = \beta_2 v_{t-1} + (1-\beta_2)\, g_t^2 .
// $$
//
// Started at zero, both averages are too small at first: after one step $m_1 = (1-\beta_1)\,g_1$. **Bias correction**
// divides that out, $\hat m_t = m_t / (1-\beta_1^t)$ and $\hat v_t = v_t / (1-\beta_2^t)$, and the update is
//
// $$
// \theta_{t+1} = \theta_t - \frac{\eta}{\sqrt{\hat v_t} + \epsilon}\; \hat m_t .
// $$
//
// Each weight's **effective step** is $\eta\,\hat m_t / (\sqrt{\hat v_t} + \epsilon)$: the effective rate
// $\eta / (\sqrt{\hat v_t} + \epsilon)$ times the smoothed gradient. Without the correction the first step would be
// $\eta\,(1-\beta_1) g_1 / \sqrt{(1-\beta_2)\, g_1^2} = \eta\,(1-\beta_1)/\sqrt{1-\beta_2}$ in size, about $3.16\,\eta$
// for the default betas, and the raw $m_t/\sqrt{v_t}$ only settles to the corrected one as $\beta_2^t$ fades, over
// thousands of steps. The cell runs three Adam steps on the probe network and checks the update against the formula,
// computed from the optimizer's own state.

// %%
var adamProbe = NewMlp(Seed);
var adamProbeOptimizer = new Adam(adamProbe.Parameters, new AdamOptions(AdamRate));
var probeTrainer = new Trainer(adamProbe, adamProbeOptimizer, loss, new DataLoader(train.Take(3 * BatchSize), BatchSize), options: new TrainerOptions(Epochs: 1));
// Snapshot the weights and the state before the third step, then compare the third step with the formula.
float[]? weightsBefore = null;
OptimizerState? stateBefore = null;
probeTrainer.Fit(new ProgressCallback<TrainingProgress>(p =>
{
    if (p.Batch == 2 && p.EpochRecord is null)
    {
        weightsBefore = adamProbe.Parameters[0].Value.ToArray();
        stateBefore = adamProbeOptimizer.Save();
    }
}));
string firstWeight = adamProbe.Parameters[0].Name;
var stateAfter = adamProbeOptimizer.Save();
float[] m = stateAfter.Buffers[firstWeight + "/exp_avg"], v = stateAfter.Buffers[firstWeight + "/exp_avg_sq"];
double worst = 0;
int compared = 0;
for (int i = 0; i < m.Length; i++)
{
    if (v[i] == 0)
    {
        continue;   // this weight has never had a gradient
    }
    double predicted = AdamRate / (1 - Math.Pow(0.9, 3)) * m[i] / (Math.Sqrt(v[i] / (1 - Math.Pow(0.999, 3))) + 1e-8);
    double actual = weightsBefore![i] - adamProbe.Parameters[0].Value[i];
    worst = Math.Max(worst, Math.Abs(actual - predicted) / AdamRate);
    compared++;
}
display(Claim.That($"Adam's third update of {firstWeight} is η·m̂/(sqrt(v̂) + ε) computed from its state (checked on {compared:N0} weights)",
    Measure.Of("largest difference, in units of η", worst).IsBelow(1e-3)));
double[] correctionSteps = [1, 2, 5, 10, 100, 1000, 5000];
Console.WriteLine("Size of the uncorrected step relative to the corrected one, (1-β1^t)/sqrt(1-β2^t) for a steady gradient: "
    + string.Join(", ", correctionSteps.Select(t => $"t = {t}: {Numbers.Format((1 - Math.Pow(0.9, t)) / Math.Sqrt(1 - Math.Pow(0.999, t)))}")));
display(Claim.That("Without bias correction the first step would be (1 - β1)/sqrt(1 - β2) ≈ 3.16 times the corrected one",
    Measure.Of("(1 - β1) / sqrt(1 - β2)", 0.1 / Math.Sqrt(0.001)).IsCloseTo(3.16, 0.01)));

// %% [markdown]
// The factor is above 1 for hundreds of steps: without the correction Adam's early steps would be several times its
// nominal rate, exactly when the estimates are worst.
//
// ## 5. All four trained side by side
//
// Every optimizer trains the same MLP with every seed for `Epochs` epochs. For the first seed, the cell also records
// the distribution of the effective rates four times per epoch (SGD's is the single rate $\eta$).

// %%
var optimizers = new (string Name, Func<IModel, IOptimizer> Create)[]
{
    ($"SGD (lr {SgdRate}, momentum 0.9)", model => new Sgd(model.Parameters, new SgdOptions(SgdRate) { Momentum = 0.9 })),
    ($"AdaGrad (lr {AdagradRate})", model => new Adagrad(model.Parameters, new AdagradOptions(AdagradRate))),
    ($"RMSprop (lr {RmspropRate})", model => new RMSprop(model.Parameters, new RMSpropOptions(RmspropRate))),
    ($"Adam (lr {AdamRate})", model => new Adam(model.Parameters, new AdamOptions(AdamRate))),
};
var runs = optimizers.ToDictionary(o => o.Name, o => new List<(TrainingHistory History, OptimizerState AfterEpoch1, OptimizerState AtEnd, double TrainLoss)>());
var rateTraces = new Dictionary<string, List<(double Epoch, double Median)>>();
var finalOptimizers = new Dictionary<string, IOptimizer>();
var sideBySideStatus = LiveDisplay.Show("starting");
foreach (var (name, create) in optimizers)
{
    foreach (int seed in seeds)
    {
        var model = NewMlp(seed);
        var optimizer = create(model);
        var trainer = NewTrainer(model, optimizer, seed);
        var trace = new List<(double, double)>();
        OptimizerState? afterEpoch1 = null;
        trainer.Fit(new ProgressCallback<TrainingProgress>(p =>
        {
            if (p.EpochRecord is not null)
            {
                sideBySideStatus.Update($"{name}, seed {seed}: {p}");
            }
            bool quarter = p.EpochRecord is null && p.Batch % Math.Max(1, batchesPerEpoch / 4) == 0;
            if (quarter && seed == Seed && optimizer is not Sgd)
            {
                double[] rates = EffectiveRates(optimizer);
                trace.Add((p.Epoch - 1 + ((double)p.Batch / batchesPerEpoch), Percentile(rates, 0.5)));
            }
            if (p.Epoch == 1 && p.EpochRecord is not null)
            {
                afterEpoch1 = optimizer.Save();
            }
        }, p => true));
        runs[name].Add((trainer.History, afterEpoch1!, optimizer.Save(), Evaluator.Evaluate(model, loss, new DataLoader(train, 500)).Loss));
        if (seed == Seed)
        {
            rateTraces[name] = trace;
            finalOptimizers[name] = optimizer;
        }
    }
}
sideBySideStatus.Update($"{optimizers.Length} optimizers x {seeds.Count} seeds trained for {Epochs} epochs");

// %%
double[] epochNumbers = Enumerable.Range(1, Epochs).Select(e => (double)e).ToArray();
display(Charts.Lines(epochNumbers, optimizers.Select(o => new Series(o.Name, epochNumbers.Select((_, e) => runs[o.Name].Average(r => r.History.Epochs[e].TrainLoss)).ToArray())),
    title: $"Training loss per epoch, mean of {seeds.Count} seeds", xTitle: "epoch", yTitle: "training loss", logY: true));
var trainLosses = optimizers.Select(o => Sample.Of(o.Name, runs[o.Name].Select(r => r.TrainLoss))).ToArray();
var accuracies = optimizers.Select(o => Sample.Of(o.Name, runs[o.Name].Select(r => r.History.Epochs[^1].TestAccuracy!.Value), Unit.Percent)).ToArray();
Console.WriteLine("Training loss at the end (whole training set):");
display(Sample.Table(trainLosses));
Console.WriteLine("Validation accuracy at the end:");
display(Sample.Table(accuracies));

// %% [markdown]
// Each optimizer ran with one rate from its usual range, not a tuned one, so these tables are no ranking of the
// algorithms: with other rates the order could change. What the algorithms really differ in is *how* each one
// distributes its steps over the weights, which the effective rates show: first the median over all weights during
// training (log scale), then every weight's rate at the end.

// %%
var adaptive = optimizers.Skip(1).Select(o => o.Name).ToArray();
display(Charts.Lines(rateTraces[adaptive[0]].Select(r => r.Epoch).ToArray(),
    adaptive.Select(name => new Series(name, rateTraces[name].Select(r => r.Median).ToArray())),
    title: $"Median effective learning rate over all weights during training, seed {Seed}", xTitle: "epoch", yTitle: "median effective rate", logY: true));
display(Charts.WeightHistograms(adaptive.Select(n => new Series(n, EffectiveRates(finalOptimizers[n]).Select(Math.Log10).ToArray())),
    title: $"Effective rates of every weight at the end, seed {Seed}").WithAxis("xaxis", new Axis { Title = "log10 of the effective rate" }));

// %%
double[] SortedRates(OptimizerState state) => [.. RatesOf(state).Where(r => !double.IsNaN(r)).Order()];
double SpreadOf(double[] sorted) => Percentile(sorted, 0.9) / Percentile(sorted, 0.1);
var spread = adaptive.Select(n => Sample.Of(n, runs[n].Select(r => SpreadOf(SortedRates(r.AtEnd))))).ToArray();
Console.WriteLine("90th / 10th percentile of the effective rates at the end:");
display(Sample.Table(spread));
display(Claim.That("Every adaptive optimizer spreads its weights' rates over more than an order of magnitude: the 90th percentile is more than 10 times the 10th, in every seed",
    Evidence.All(spread.Select(s => s.AllExceed(10)).ToArray())));

// %% [markdown]
// How the rates move during training is where the sum and the moving average part ways. For every weight, compare its
// rate at the end with its rate after the first epoch. AdaGrad's sum can only grow, so its rates can only fall;
// RMSprop's average forgets, so a weight whose gradients became smaller gets a *larger* rate again.

// %%
// The share of weights (with a gradient at both times) whose rate at the end is higher than after epoch 1.
double ShareThatRose(OptimizerState early, OptimizerState late) =>
    RatesOf(early).Zip(RatesOf(late)).Where(p => !double.IsNaN(p.First) && !double.IsNaN(p.Second)).Average(p => p.Second > p.First ? 1.0 : 0.0);
var adagradRose = Sample.Of("AdaGrad", runs[adaptive[0]].Select(r => ShareThatRose(r.AfterEpoch1, r.AtEnd)), Unit.Percent);
var rmspropRose = Sample.Of("RMSprop", runs[adaptive[1]].Select(r => ShareThatRose(r.AfterEpoch1, r.AtEnd)), Unit.Percent);
Console.WriteLine($"Share of the weights whose effective rate is higher at the end of epoch {Epochs} than after epoch 1:");
display(Sample.Table(adagradRose, rmspropRose));
display(Claim.That("AdaGrad's rates only ever fall: no weight has a higher rate at the end than after the first epoch, in any seed",
    Measure.Of("largest share of weights whose rate rose, any seed", adagradRose.Max, Unit.Percent).IsAtMost(0)));
display(Claim.That("RMSprop's rates go both ways: more than 5% of its weights have a higher rate at the end than after the first epoch, in every seed",
    rmspropRose.AllExceed(0.05)));
var adagradDecay = Sample.Of("AdaGrad", runs[adaptive[0]].Select(r => Percentile(SortedRates(r.AfterEpoch1), 0.5) / Percentile(SortedRates(r.AtEnd), 0.5)));
Console.WriteLine($"AdaGrad: median effective rate after epoch 1 divided by the median at the end of epoch {Epochs}:");
display(adagradDecay);
display(Claim.That($"AdaGrad's median rate falls, but by less than the 1/sqrt(t) of steady gradients ({Numbers.Format(Math.Sqrt(Epochs))} from epoch 1 to {Epochs}): the gradients shrink as the loss falls, so the sum grows more slowly than the step count",
    Evidence.All(adagradDecay.AllExceed(1), adagradDecay.AllFallBelow(Math.Sqrt(Epochs)))));

// %% [markdown]
// ### Rare features get large rates
//
// The first layer has one weight per pixel and hidden unit. The median of AdaGrad's effective rate over the hidden
// units gives one rate per pixel: the map below. Pixels near the border are black in most images, so their weights get
// few and small gradients, a small sum, and a large rate. The claim compares the typical pixel of each group, their
// medians: a few rare pixels, lit in only a handful of images, have almost empty sums and enormous rates, which pull
// the rare pixels' mean several times above their median (the cell prints both).

// %%
var adagradFinal = finalOptimizers[adaptive[0]];
var firstLayer = adagradFinal.Save();
string firstLayerName = NewMlp(Seed).Parameters[0].Name;
float[] sums = firstLayer.Buffers[firstLayerName + "/sum"];
int hiddenUnits = sums.Length / 784;
double[] pixelRate = new double[784];
for (int pixel = 0; pixel < 784; pixel++)
{
    var rates = Enumerable.Range(0, hiddenUnits).Select(h => sums[(h * 784) + pixel]).Where(s => s > 0)
        .Select(s => AdagradRate / (Math.Sqrt(s) + 1e-10)).Order().ToArray();
    pixelRate[pixel] = rates.Length == 0 ? double.NaN : Percentile(rates, 0.5);
}
display(Charts.ImageMap(
    Enumerable.Range(0, 28).Select(y => (IReadOnlyList<double>)Enumerable.Range(0, 28).Select(x => Math.Log10(pixelRate[(y * 28) + x])).ToArray()).ToArray(),
    title: $"AdaGrad: median effective rate of each pixel's first-layer weights, seed {Seed}", colorTitle: "log10 rate"));
// How often each pixel is not black in the training set.
double[] litShare = new double[784];
for (int i = 0; i < train.Count; i++)
{
    var image = train.ImageAt(i);
    for (int pixel = 0; pixel < 784; pixel++)
    {
        litShare[pixel] += image[pixel] > 0 ? 1.0 / train.Count : 0;
    }
}
var rarePixels = Enumerable.Range(0, 784).Where(p => litShare[p] < 0.2 && !double.IsNaN(pixelRate[p])).ToList();
var commonPixels = Enumerable.Range(0, 784).Where(p => litShare[p] > 0.8).ToList();
double MedianOf(IEnumerable<double> values) => Percentile(values.Order().ToArray(), 0.5);
Console.WriteLine($"Per-pixel rates: rare pixels median {Numbers.Format(MedianOf(rarePixels.Select(p => pixelRate[p])))} (mean {Numbers.Format(rarePixels.Average(p => pixelRate[p]))}), "
    + $"common pixels median {Numbers.Format(MedianOf(commonPixels.Select(p => pixelRate[p])))} (mean {Numbers.Format(commonPixels.Average(p => pixelRate[p]))})");
display(Claim.That($"Pixels lit in fewer than 20% of the training images ({rarePixels.Count}) get larger AdaGrad rates than pixels lit in more than 80% ({commonPixels.Count}): the typical rare pixel's rate is at least ten times the typical common pixel's",
    Measure.Of("median rate, rare pixels", MedianOf(rarePixels.Select(p => pixelRate[p]))).IsAtLeastTimes(Measure.Of("median rate, common pixels", MedianOf(commonPixels.Select(p => pixelRate[p]))), 10)));

// %% [markdown]
// ## 6. A global schedule on top
//
// The adaptive denominators set the rates *relative to each other*; the learning rate $\eta$ still multiplies all of
// them. A schedule therefore composes with an adaptive optimizer by scaling every weight's effective rate by the same
// factor at each step:
//
// $$
// \text{rate}_i(t) = \underbrace{\eta(t)}_{\text{schedule}} \cdot \underbrace{\frac{1}{\sqrt{\hat v_{i,t}} + \epsilon}}_{\text{per weight}} .
// $$
//
// Does Adam, which adapts, still gain from a decaying schedule? The noise-floor argument of lesson 1 says it depends
// on where the run is. The adaptive factor normalises the gradient's *size*, not its *noise*, so a rate large enough
// to make fast progress still leaves the weights jittering on a floor at the end, and decay gets below it; a rate that
// is still far from its floor when training ends only loses progress when it is decayed. The cell trains Adam with a
// cosine decay of $\eta$ over the run at the rate of section 5, and both constant and cosine at a ten times larger rate,
// with the same seeds.

// %%
var adamVariants = new (string Name, double Rate, bool Cosine)[]
{
    ($"Adam, cosine from {AdamRate}", AdamRate, true),
    ($"Adam, constant {LargeAdamRate}", LargeAdamRate, false),
    ($"Adam, cosine from {LargeAdamRate}", LargeAdamRate, true),
};
var variantRuns = adamVariants.ToDictionary(v => v.Name, v => new List<(TrainingHistory History, double TrainLoss)>());
var variantStatus = LiveDisplay.Show("starting");
var cosineTrace = new List<(double Epoch, double Median)>();
foreach (var variant in adamVariants)
{
    foreach (int seed in seeds)
    {
        var model = NewMlp(seed);
        var optimizer = new Adam(model.Parameters, new AdamOptions(variant.Rate));
        ISchedule rate = variant.Cosine ? Schedule.Cosine(variant.Rate, (long)Epochs * batchesPerEpoch) : Schedule.Constant(variant.Rate);
        var trainer = NewTrainer(model, optimizer, seed, new ScheduleLR(optimizer, rate));
        bool traced = seed == Seed && variant.Rate == AdamRate;
        trainer.Fit(new ProgressCallback<TrainingProgress>(p =>
        {
            if (p.EpochRecord is not null)
            {
                variantStatus.Update($"{variant.Name}, seed {seed}: {p}");
            }
            else if (traced && p.Batch % Math.Max(1, batchesPerEpoch / 4) == 0)
            {
                cosineTrace.Add((p.Epoch - 1 + ((double)p.Batch / batchesPerEpoch), Percentile(EffectiveRates(optimizer), 0.5)));
            }
        }, p => true));
        variantRuns[variant.Name].Add((trainer.History, Evaluator.Evaluate(model, loss, new DataLoader(train, 500)).Loss));
    }
}
variantStatus.Update($"Adam with and without cosine decay, {seeds.Count} seeds");
string adamName = adaptive[2];
display(Charts.Lines(cosineTrace.Select(r => r.Epoch).ToArray(),
    [new Series($"Adam {AdamRate}, constant", rateTraces[adamName].Take(cosineTrace.Count).Select(r => r.Median).ToArray()),
     new Series($"Adam {AdamRate}, cosine", cosineTrace.Select(r => r.Median).ToArray())],
    title: $"Adam's median effective rate, constant vs cosine-decayed η, seed {Seed}", xTitle: "epoch", yTitle: "median effective rate", logY: true));

// %%
Sample LossOf(string name, IEnumerable<double> values) => Sample.Of(name, values);
Sample AccuracyOf(string name, IEnumerable<TrainingHistory> histories) => Sample.Of(name, histories.Select(h => h.Epochs[^1].TestAccuracy!.Value), Unit.Percent);
var smallConstantLoss = LossOf($"Adam, constant {AdamRate}", runs[adamName].Select(r => r.TrainLoss));
var adamLosses = adamVariants.Select(v => LossOf(v.Name, variantRuns[v.Name].Select(r => r.TrainLoss))).ToArray();
var adamAccuracies = adamVariants.Select(v => AccuracyOf(v.Name, variantRuns[v.Name].Select(r => r.History))).ToArray();
Console.WriteLine("Training loss at the end (whole training set):");
display(Sample.Table([smallConstantLoss, .. adamLosses]));
Console.WriteLine("Validation accuracy at the end:");
display(Sample.Table([AccuracyOf($"Adam, constant {AdamRate}", runs[adamName].Select(r => r.History)), .. adamAccuracies]));
display(Claim.That($"A schedule is not free: at {AdamRate}, where Adam is still far from its floor after {Epochs} epochs, the cosine decay ends with a higher training loss than the constant rate",
    adamLosses[0].Exceeds(smallConstantLoss, paired: true)));
display(Claim.That($"Adaptive rates do not remove the noise floor: at {LargeAdamRate}, the cosine decay ends with a lower training loss than the constant rate",
    adamLosses[2].FallsBelow(adamLosses[1], paired: true)));
display(Claim.That($"At {LargeAdamRate}, the cosine decay also ends with a higher validation accuracy than the constant rate",
    adamAccuracies[2].Exceeds(adamAccuracies[1], paired: true)));

// %% [markdown]
// ### Three decays that are not learning-rate decay
//
// The word *decay* appears three more times around these optimizers, and none of them is a learning-rate schedule:
//
// * RMSprop's $\alpha$ and Adam's $\beta_1, \beta_2$ are the **decay rates of moving averages**: how fast old gradients
//   are forgotten. They change what the denominator measures, not the rate over time.
// * **Weight decay** pulls every weight towards zero at each step (an L2 penalty, or decoupled as in AdamW); it is a
//   regulariser, and lesson 3 is about it.
// * Only $\eta(t)$, the schedule, is learning-rate decay. AdaGrad is the one optimizer whose rates also decay on their
//   own, through its ever-growing sum.
//
// ## Summary
//
// * Gradients of different weights differ by orders of magnitude; adaptive optimizers divide each weight's step by its
//   own running gradient size, so each weight gets its own effective rate.
// * AdaGrad divides by the root of the *sum* of squared gradients: rare features get large rates, and every rate
//   decays by itself, roughly like $1/\sqrt{t}$.
// * RMSprop divides by the root of a *moving average*: rates adapt without decaying forever.
// * Adam adds momentum and bias correction; its effective step is $\eta\,\hat m / (\sqrt{\hat v} + \epsilon)$, about
//   $\eta$ in size at the first step.
// * A global schedule multiplies every per-weight rate. Decaying it helps Adam where a constant rate sits on its noise
//   floor, and only slows a run that is still far from it.
//
// ## Exercises
//
// 1. Train AdaGrad for `Epochs = 30`. Does its training loss keep falling as fast as Adam's? Relate it to the decay of
//    its effective rates.
// 2. Set RMSprop's `Alpha` to 0.9 (`new RMSpropOptions(lr) { Alpha = 0.9 }`). How does the spread of its effective
//    rates change, and why?
// 3. Use `AdagradOptions { InitialAccumulatorValue = 0.1 }`. What happens to the rates of the rare pixels?
// 4. Give Adam a ten times larger `AdamRate` with and without a one-epoch warmup (lesson 1, section 7).
// 5. Replace the cosine of section 6 by `Schedule.Step(LargeAdamRate, 5 * batchesPerEpoch, 0.1)`. Do the claims still
//    hold?
