#:project ../src/NotebookKit/NotebookKit.csproj
#:project ../src/NotebookKit.Notebooks/NotebookKit.Notebooks.csproj
#:property PublishAot=false
using static NotebookKit.Notebooks.FileApps.FileAppGlobals;

// %% [markdown]
// # 3. Weight decay, L2 regularisation and AdamW
//
// "Weight decay" names two different ideas that happen to coincide for plain SGD:
//
// 1. **L2 regularisation** changes the *loss*: add $\tfrac{\lambda}{2}\lVert\theta\rVert^2$ and let the optimizer
//    minimise the sum. The gradient gains a term $\lambda\theta$.
// 2. **Weight decay** changes the *update*: after (or before) each step, shrink every weight by a constant factor,
//    $\theta \leftarrow (1 - \eta\lambda)\,\theta$.
//
// Loshchilov & Hutter (*Decoupled Weight Decay Regularization*, ICLR 2019) showed that the two differ for momentum
// and, fundamentally, for adaptive optimizers like Adam, and that the second (AdamW) is the one that works. This
// notebook derives the difference, checks it numerically on the library's optimizers, and then measures it on a real
// network:
//
// * the update equations, and what a decay factor does over many steps;
// * SGD with L2 equals SGDW; with momentum they drift apart; Adam + L2 is not AdamW;
// * SGD, SGD + L2, Adam + L2 and AdamW trained on Fashion-MNIST: accuracy, weight norms, weight histograms;
// * a learning-rate × weight-decay grid for Adam + L2 and AdamW (the AdamW paper's Figure 2, at small scale);
// * whether decaying the learning rate still helps Adam.

// %%
using NotebookKit.Data;
using NotebookKit.Nn;
using NotebookKit.Nn.Models;
using NotebookKit.Optim;
using NotebookKit.Plotting;
using NotebookKit.Schedules;
using NotebookKit.Schedules.Torch;
using NotebookKit.Tensors;
using NotebookKit.Training;

// %% tags=["parameters"]
int Epochs = 30;           // epochs for the four-optimizer comparison and the schedule comparison
int TrainPerClass = 100;   // training images per class (0 = all 60,000); small sets make regularisation matter
int TestPerClass = 100;    // test images per class (0 = all 10,000)
int GridSize = 5;          // the grid has GridSize learning rates x GridSize weight decays per optimizer
int GridEpochs = 20;        // epochs per grid cell
int BatchSize = 64;
int Threads = Environment.ProcessorCount;
int Seed = 0;
string DataDir = "";
#region file-app: parameters from the command line, `dotnet run 03-weight-decay-l2-adamw.cs -- Epochs=VALUE` (generated; not in the notebook)
Epochs = Parameter(nameof(Epochs), Epochs);
TrainPerClass = Parameter(nameof(TrainPerClass), TrainPerClass);
TestPerClass = Parameter(nameof(TestPerClass), TestPerClass);
GridSize = Parameter(nameof(GridSize), GridSize);
GridEpochs = Parameter(nameof(GridEpochs), GridEpochs);
BatchSize = Parameter(nameof(BatchSize), BatchSize);
Threads = Parameter(nameof(Threads), Threads);
Seed = Parameter(nameof(Seed), Seed);
DataDir = Parameter(nameof(DataDir), DataDir);
#endregion

// %% [markdown]
// ## The update equations
//
// Write $g_t = \nabla L(\theta_{t-1})$ for the gradient of the data loss, $\eta$ for the learning rate and $\lambda$ for
// the decay coefficient. PyTorch's optimizers compute, step by step:
//
// | optimizer | update |
// | --- | --- |
// | SGD + L2 (`SGD(weight_decay=λ)`) | $\theta_t = \theta_{t-1} - \eta\,(g_t + \lambda\theta_{t-1})$ |
// | SGDW (decoupled) | $\theta_t = (1 - \eta\lambda)\,\theta_{t-1} - \eta\, g_t$ |
// | SGD + momentum + L2 | $b_t = \mu b_{t-1} + g_t + \lambda\theta_{t-1}$, $\;\theta_t = \theta_{t-1} - \eta\, b_t$ |
// | SGDW + momentum | $b_t = \mu b_{t-1} + g_t$, $\;\theta_t = (1 - \eta\lambda)\,\theta_{t-1} - \eta\, b_t$ |
// | Adam + L2 (`Adam(weight_decay=λ)`) | $\tilde g_t = g_t + \lambda\theta_{t-1}$ enters $m_t, v_t$; $\;\theta_t = \theta_{t-1} - \eta\,\hat m_t / (\sqrt{\hat v_t} + \epsilon)$ |
// | AdamW (`AdamW(weight_decay=λ)`) | $\theta_t = (1 - \eta\lambda)\,\theta_{t-1} - \eta\,\hat m_t / (\sqrt{\hat v_t} + \epsilon)$, with $m_t, v_t$ from $g_t$ only |
//
// For plain SGD the first two rows are the same expression rearranged. With momentum, the L2 term is accumulated in the
// buffer, so its effect is amplified by roughly $1/(1-\mu)$ and delayed. With Adam, the L2 term is *divided by*
// $\sqrt{\hat v_t}$: a weight whose gradients have been large is decayed **less**, a weight with small gradients
// **more**, which is not what a regulariser that penalises large weights should do. AdamW applies the same relative
// shrinkage $\eta\lambda$ to every weight, whatever its gradient history.
//
// ### What a decay factor does over many steps
//
// Decoupled decay multiplies every weight by $(1 - \eta\lambda)$ per step. Without gradients, after $T$ steps a weight
// is left with $(1-\eta\lambda)^T \approx e^{-\eta\lambda T}$ of its value:

// %%
double factor = 0.99;
Console.WriteLine($"A decay of {factor} per step leaves {Math.Pow(factor, 100):F3} of a weight after 100 steps (e^-1 = {Math.Exp(-1):F3}).");
Console.WriteLine($"After 1,000 steps: {Math.Pow(factor, 1000):E2}. With η = 0.1 and λ = 5e-4 (η·λ = 5e-5 per step), 100 steps leave {Math.Pow(1 - 5e-5, 100):F4}, 100,000 steps {Math.Pow(1 - 5e-5, 100_000):F4}.");
double[] decaySteps = Enumerable.Range(0, 301).Select(t => (double)t).ToArray();
Charts.Lines(decaySteps, [new Series("0.99^t", decaySteps.Select(t => Math.Pow(factor, t)).ToArray())],
    title: "Fraction of a weight left after t steps of decay 0.99", xTitle: "step", yTitle: "fraction")

// %% [markdown]
// The product $\eta\lambda T$ is the decay "budget" of a run. It is why the AdamW paper proposes *normalised* weight
// decay, $\lambda = \lambda_{\text{norm}}\sqrt{b/(BT)}$ (batch size $b$, $B$ training points, $T$ epochs): a longer run
// needs a smaller $\lambda$ for the same total shrinkage. It is also why the short runs below use larger $\lambda$
// values than the usual ones for runs of hundreds of epochs.
//
// ## Checking the algebra on the library's optimizers
//
// Take one parameter tensor of 1,000 weights and a fixed sequence of 200 random gradients (the same sequence for every
// optimizer), and run each pair of optimizers side by side. The plot shows the largest absolute difference between the
// two weight vectors after each step.

// %%
const int N = 1000, Steps = 200;
var rng = new SeededRandom((ulong)Seed);
float[] initial = Enumerable.Range(0, N).Select(_ => (float)rng.NextGaussian()).ToArray();
float[][] gradients = Enumerable.Range(0, Steps).Select(_ => Enumerable.Range(0, N).Select(_ => (float)(0.1 * rng.NextGaussian())).ToArray()).ToArray();

// Runs two optimizers on two copies of the same weights, feeding both the same gradients.
double[] MaxDifference(Func<Parameter, IOptimizer> makeA, Func<Parameter, IOptimizer> makeB)
{
    var a = new Parameter("w", (float[])initial.Clone(), N);
    var b = new Parameter("w", (float[])initial.Clone(), N);
    var (optA, optB) = (makeA(a), makeB(b));
    var diff = new double[Steps];
    for (int t = 0; t < Steps; t++)
    {
        gradients[t].CopyTo(a.Grad, 0); optA.Step();
        gradients[t].CopyTo(b.Grad, 0); optB.Step();
        diff[t] = a.Value.Zip(b.Value, (x, y) => Math.Abs((double)x - y)).Max();
    }
    return diff;
}

const double Lr = 0.1, Wd = 0.01;
var sgdVsSgdw = MaxDifference(
    p => new Sgd([p], new SgdOptions(Lr) { WeightDecay = Wd }),
    p => new Sgd([p], new SgdOptions(Lr) { WeightDecay = Wd, WeightDecayMode = WeightDecayMode.Decoupled }));
var momentumL2VsW = MaxDifference(
    p => new Sgd([p], new SgdOptions(Lr) { Momentum = 0.9, WeightDecay = Wd }),
    p => new Sgd([p], new SgdOptions(Lr) { Momentum = 0.9, WeightDecay = Wd, WeightDecayMode = WeightDecayMode.Decoupled }));
var adamL2VsAdamW = MaxDifference(
    p => new Adam([p], new AdamOptions(0.01) { WeightDecay = Wd }),
    p => new AdamW([p], new AdamWOptions(0.01) { WeightDecay = Wd }));

Console.WriteLine($"SGD + L2 vs SGDW, no momentum: largest difference after {Steps} steps {sgdVsSgdw[^1]:E2}");
Console.WriteLine($"SGD + L2 vs SGDW, momentum 0.9: {momentumL2VsW[^1]:E2}");
Console.WriteLine($"Adam + L2 vs AdamW:             {adamL2VsAdamW[^1]:E2}");
double[] stepAxis = Enumerable.Range(1, Steps).Select(i => (double)i).ToArray();
// A log axis cannot show an exact 0: plot 1e-12 for "identical".
Charts.Lines(stepAxis,
    [new Series("SGD + L2 vs SGDW", sgdVsSgdw.Select(d => Math.Max(d, 1e-12)).ToArray()),
     new Series("SGD + momentum + L2 vs SGDW + momentum", momentumL2VsW.Select(d => Math.Max(d, 1e-12)).ToArray()),
     new Series("Adam + L2 vs AdamW", adamL2VsAdamW.Select(d => Math.Max(d, 1e-12)).ToArray())],
    title: "Largest weight difference within each pair of optimizers", xTitle: "step", yTitle: "max |θ_A − θ_B|", logY: true)

// %% [markdown]
// Without momentum the two SGD variants compute the same update written in two orders, so they differ only by float32
// rounding, which accumulates slowly. With momentum they drift apart by orders of magnitude more: the L2 term sits in the
// momentum buffer, which sums it up to $1/(1-\mu) = 10$ times, so SGD + momentum + L2 decays ten times harder than
// SGDW with the same $\lambda$. Adam + L2 and AdamW are different algorithms from the first step on.
//
// The next cell isolates the Adam effect. Two weights start at 1. The data gradient is a pure oscillation with no
// net pull, $\pm 1$ for the first weight and $\pm 0.001$ for the second, so without weight decay neither weight would
// drift anywhere. Whatever shrinkage we see comes from the decay.

// %%
float[] AfterSteps(Func<Parameter, IOptimizer> make, int steps = 500)
{
    var p = new Parameter("w", [1f, 1f], 2);
    var opt = make(p);
    for (int t = 0; t < steps; t++)
    {
        float sign = t % 2 == 0 ? 1f : -1f;   // zero-mean: the data pulls neither way on average
        p.Grad[0] = sign * 1f;                // a weight with large gradients
        p.Grad[1] = sign * 0.001f;            // a weight with small gradients
        opt.Step();
    }
    return p.Value;
}
var coupled = AfterSteps(p => new Adam([p], new AdamOptions(0.001) { WeightDecay = 0.1 }));
var decoupled = AfterSteps(p => new AdamW([p], new AdamWOptions(0.001) { WeightDecay = 0.1 }));
Console.WriteLine($"Adam + L2, after 500 steps: weight with large gradients {coupled[0]:F3}, weight with small gradients {coupled[1]:F3}");
Console.WriteLine($"AdamW,     after 500 steps: weight with large gradients {decoupled[0]:F3}, weight with small gradients {decoupled[1]:F3}");
Console.WriteLine($"Pure decay by (1 - η·λ)^500 = (1 - 0.001·0.1)^500 = {Math.Pow(1 - 1e-4, 500):F3}");

// %% [markdown]
// With AdamW both weights lose the same fraction, $(1-\eta\lambda)^{500}$. With Adam + L2 the weight with large
// gradients also keeps about that much, because its decay term $\lambda\theta$ is divided by the large $\sqrt{\hat v}$;
// but for the weight with small gradients the decay term *is* the gradient, Adam normalises it to a full step of size
// $\eta$ per update, and the weight is pulled towards zero many times faster. Adam + L2 regularises the weights the data
// cares least about the most.

// %% [markdown]
// ## Four optimizers on Fashion-MNIST
//
// Now a real comparison: the same MLP (784 → 128 → 10), same initial weights, same batches, trained with
//
// * **SGD** with momentum 0.9, no regularisation;
// * **SGD + L2**: the same with `weight_decay` in the gradient;
// * **Adam + L2**: `Adam(weight_decay=λ)`, PyTorch's coupled version;
// * **AdamW**: decoupled decay.
//
// A small training set makes overfitting, and therefore regularisation, visible within a few dozen epochs. The trainer
// records the norm of every weight tensor after each epoch.

// %%
NnThreads.Count = Threads;
var data = FashionMnist.Load(DataDir == "" ? null : DataDir);
var train = TrainPerClass > 0 ? data.Train.Stratified(TrainPerClass) : data.Train;
var test = TestPerClass > 0 ? data.Test.Stratified(TestPerClass) : data.Test;
Console.WriteLine($"{train.Count:N0} training and {test.Count:N0} test images from {data.Train.Source}");

var loss = new SoftmaxCrossEntropyLoss();
IModel NewMlp() => new Mlp([1, 28, 28], [128], 10, (ulong)Seed);
TrainingHistory Fit(IModel model, IOptimizer optimizer, int epochs, IScheduler? scheduler = null) =>
    new Trainer(model, optimizer, loss,
        new DataLoader(train, BatchSize, new DataLoaderOptions(Shuffle: true, Seed: (ulong)Seed)),
        new DataLoader(test, 500), scheduler, new TrainerOptions(Epochs: epochs)).Fit();

var setups = new (string Name, Func<IReadOnlyList<Parameter>, IOptimizer> Make)[]
{
    ("SGD", ps => new Sgd(ps, new SgdOptions(0.05) { Momentum = 0.9 })),
    ("SGD + L2", ps => new Sgd(ps, new SgdOptions(0.05) { Momentum = 0.9, WeightDecay = 5e-3 })),
    ("Adam + L2", ps => new Adam(ps, new AdamOptions(1e-3) { WeightDecay = 5e-3 })),
    ("AdamW", ps => new AdamW(ps, new AdamWOptions(1e-3) { WeightDecay = 0.5 })),
};
var runs = new Dictionary<string, (IModel Model, TrainingHistory History)>();
foreach (var (name, make) in setups)
{
    var model = NewMlp();
    var history = Fit(model, make(model.Parameters), Epochs);
    runs[name] = (model, history);
    var last = history.Epochs[^1];
    Console.WriteLine($"{name,-10} train accuracy {last.TrainAccuracy:P1}, test accuracy {last.TestAccuracy:P1}, weight norm {last.WeightNorm:F2}");
}

// %%
double[] epochAxis = runs["SGD"].History.Epochs.Select(e => (double)e.Epoch).ToArray();
display(Charts.Lines(epochAxis, setups.Select(s => new Series(s.Name, runs[s.Name].History.Epochs.Select(e => e.TestAccuracy ?? double.NaN).ToArray())),
    title: "Test accuracy", xTitle: "epoch", yTitle: "accuracy"));
display(Charts.WeightNorms(epochAxis, setups.Select(s => new Series(s.Name, runs[s.Name].History.Epochs.Select(e => e.WeightNorm).ToArray())),
    title: "Norm of all weights ‖θ‖₂ after each epoch"));

// %%
Charts.WeightHistograms(setups.Select(s => new Series(s.Name, runs[s.Name].Model.Parameters[0].Value.Select(v => (double)v).ToArray())),
    title: "First-layer weights after training")

// %%
double TestAcc(string name) => runs[name].History.Epochs[^1].TestAccuracy ?? double.NaN;
double Norm(string name) => runs[name].History.Epochs[^1].WeightNorm;
string best = setups.Select(s => s.Name).OrderByDescending(TestAcc).First();
string smallest = setups.Select(s => s.Name).OrderBy(Norm).First();
Console.WriteLine($"Best test accuracy: {best} ({TestAcc(best):P1}); smallest weights: {smallest} (norm {Norm(smallest):F2}, against {Norm("SGD"):F2} for plain SGD).");
Console.WriteLine($"L2 changed SGD's test accuracy by {(TestAcc("SGD + L2") - TestAcc("SGD")) * 100:+0.0;-0.0} points; AdamW against Adam + L2: {(TestAcc("AdamW") - TestAcc("Adam + L2")) * 100:+0.0;-0.0} points.");
long steps = Epochs * ((train.Count + BatchSize - 1) / BatchSize);
Console.WriteLine($"AdamW's decay budget in this run: (1 - η·λ)^T = (1 - 0.001 · 0.5)^{steps} = {Math.Pow(1 - 0.001 * 0.5, steps):F2}.");

// %% [markdown]
// Look at the weight norms first: they show what each kind of decay *does*. Without regularisation the weights grow as
// the network fits the training set, and each decay holds them down by its own rule. For AdamW the rule is simple: with
// no gradient, a weight keeps $(1-\eta\lambda)^T$ of itself after $T$ steps, whatever its gradient history; the cell
// above printed that budget for this run. For the two L2 variants the pull depends on the optimizer: momentum amplifies
// it, Adam divides it by each weight's gradient scale. The histograms show where the weights end up. Whether smaller
// weights turn into better test accuracy depends on how much the model overfits (compare training and test accuracy
// above), which is what the grid below explores.

// %% [markdown]
// ## The learning-rate × weight-decay grid
//
// The AdamW paper's Figure 2 trains a ResNet on CIFAR-10 for every pair of learning rate and weight decay and shades
// the final test error. For Adam + L2 the good region is a **diagonal band**: change the learning rate and the best
// $\lambda$ moves with it, because the L2 gradient is rescaled by Adam's normalisation. For AdamW it is closer to a
// **rectangle**: the two hyperparameters can be tuned separately. Here is the same experiment at a tiny scale.

// %%
// n values evenly spaced on a log axis, from `from` to `to`.
double[] LogSpace(double from, double to, int n) =>
    n == 1 ? [from] : Enumerable.Range(0, n).Select(i => from * Math.Pow(to / from, i / (double)(n - 1))).ToArray();
double[] gridLrs = LogSpace(1e-4, 1e-2, GridSize);
double[] gridWds = LogSpace(1e-4, 1.0, GridSize);
double[][] GridAccuracy(Func<IReadOnlyList<Parameter>, double, double, IOptimizer> make) =>
    gridWds.Select(wd => gridLrs.Select(lr =>
    {
        var model = NewMlp();
        return Fit(model, make(model.Parameters, lr, wd), GridEpochs).Epochs[^1].TestAccuracy ?? double.NaN;
    }).ToArray()).ToArray();
var adamGrid = GridAccuracy((ps, lr, wd) => new Adam(ps, new AdamOptions(lr) { WeightDecay = wd }));
var adamWGrid = GridAccuracy((ps, lr, wd) => new AdamW(ps, new AdamWOptions(lr) { WeightDecay = wd }));
display(Charts.LearningRateWeightDecayHeatmap(gridLrs, gridWds, adamGrid, "test accuracy", "Adam + L2 (weight decay in the gradient)"));
display(Charts.LearningRateWeightDecayHeatmap(gridLrs, gridWds, adamWGrid, "test accuracy", "AdamW (decoupled weight decay)"));

// %%
(double Lr, double Wd, double Acc) BestCell(double[][] grid) =>
    (from i in Enumerable.Range(0, gridWds.Length)
     from j in Enumerable.Range(0, gridLrs.Length)
     orderby grid[i][j] descending
     select (gridLrs[j], gridWds[i], grid[i][j])).First();
int NearBest(double[][] grid, double best) => grid.SelectMany(row => row).Count(a => a >= best - 0.01);
var (aLr, aWd, aAcc) = BestCell(adamGrid);
var (wLr, wWd, wAcc) = BestCell(adamWGrid);
Console.WriteLine($"Adam + L2: best {aAcc:P1} at lr {aLr:G2}, λ {aWd:G2}; {NearBest(adamGrid, aAcc)} of {GridSize * GridSize} cells within 1 point of it.");
Console.WriteLine($"AdamW:     best {wAcc:P1} at lr {wLr:G2}, λ {wWd:G2}; {NearBest(adamWGrid, wAcc)} of {GridSize * GridSize} cells within 1 point of it.");
// For each learning rate (column), the weight decay (row) with the best accuracy.
string BestWdPerLr(double[][] grid) => string.Join(", ", Enumerable.Range(0, gridLrs.Length)
    .Select(j => gridWds[Enumerable.Range(0, gridWds.Length).OrderByDescending(i => grid[i][j]).First()].ToString("G2")));
Console.WriteLine($"Best λ for each learning rate {string.Join(", ", gridLrs.Select(v => v.ToString("G2")))}:");
Console.WriteLine($"  Adam + L2: {BestWdPerLr(adamGrid)}");
Console.WriteLine($"  AdamW:     {BestWdPerLr(adamWGrid)}");

// %% [markdown]
// Read each heatmap column by column (one learning rate per column). Decoupling shows up as a best $\lambda$ that stays
// put as the learning rate changes; coupling, as a best $\lambda$ that moves with it (the diagonal band of the paper's
// Figure 2). For AdamW the decay per step is $\eta\lambda$, so it still depends on the learning rate, but through a
// simple product that does not interact with Adam's per-weight normalisation. At this scale (a small MLP, a thousand images,
// one seed) the pattern is noisier than in the paper; try `GridSize = 7`, `GridEpochs = 40` and a larger `TrainPerClass`
// for a clearer picture.
//
// ## Does learning-rate decay still help Adam?
//
// Adam adapts a step size per weight, so it is tempting to think it needs no schedule. But the adaptation is relative:
// the *global* step $\eta$ still sets how much noise the updates carry at the end of training. The AdamW paper found
// that cosine annealing improves AdamW as it improves SGD. Check it here: AdamW with a constant rate against the same
// run with cosine decay to zero, stepped per batch.

// %%
var constantModel = NewMlp();
var constantRun = Fit(constantModel, new AdamW(constantModel.Parameters, new AdamWOptions(1e-3) { WeightDecay = 0.5 }), Epochs);
var cosineModel = NewMlp();
var cosineOptimizer = new AdamW(cosineModel.Parameters, new AdamWOptions(1e-3) { WeightDecay = 0.5 });
long stepsPerEpoch = (train.Count + BatchSize - 1) / BatchSize;
var cosine = new ScheduleLR(cosineOptimizer, Schedule.Cosine(1e-3, tMax: Epochs * stepsPerEpoch), SchedulerInterval.Batch);
var cosineRun = Fit(cosineModel, cosineOptimizer, Epochs, cosine);
double constantAcc = constantRun.Epochs[^1].TestAccuracy ?? double.NaN, cosineAcc = cosineRun.Epochs[^1].TestAccuracy ?? double.NaN;
Console.WriteLine($"AdamW, constant lr: test accuracy {constantAcc:P1}; with cosine decay: {cosineAcc:P1} ({(cosineAcc - constantAcc) * 100:+0.0;-0.0} points).");
Console.WriteLine($"Final training loss: constant {constantRun.Epochs[^1].TrainLoss:F3}, cosine {cosineRun.Epochs[^1].TrainLoss:F3}.");
Console.WriteLine(cosineAcc > constantAcc
    ? "Here the decay helped: the last epochs, at small rates, settle the weights instead of bouncing around."
    : $"Here it did not help: in a run of {Epochs} epochs the cosine spends much of its budget at small rates, so it fits less (compare the training losses). The paper's runs are hundreds of epochs long; try more epochs or the full training set.");
Charts.Lines(epochAxis,
    [new Series("constant lr", constantRun.Epochs.Select(e => e.TestAccuracy ?? double.NaN).ToArray()),
     new Series("cosine decay", cosineRun.Epochs.Select(e => e.TestAccuracy ?? double.NaN).ToArray())],
    title: "AdamW: constant learning rate vs cosine decay", xTitle: "epoch", yTitle: "test accuracy")

// %% [markdown]
// Note one consequence of PyTorch's AdamW formula: the decay is $\eta_t\lambda$, so a schedule that lowers $\eta_t$ lowers
// the weight decay with it. That is what the paper intends (its $\eta_t$ is the schedule multiplier), and one more
// reason to state the schedule together with $\lambda$ when you report results.
//
// ## Summary
//
// * L2 regularisation adds $\lambda\theta$ to the gradient; weight decay multiplies $\theta$ by $1-\eta\lambda$.
// * They are the same for plain SGD, slightly different with momentum, and different in kind for Adam, where the L2
//   term is normalised away for weights with large gradients.
// * AdamW decays every weight at the same relative rate; the paper finds that this decouples the best $\lambda$ from
//   the best $\eta$ and improves Adam's generalisation. The grid above is a small-scale check of the first claim.
// * The decay budget $\eta\lambda T$ depends on the length of the run: short runs need larger $\lambda$.
// * A decaying learning rate is still worth trying with Adam and AdamW (the paper's runs use cosine annealing).
//
// ## Exercises
//
// 1. Derive the SGDW coefficient that makes SGD + momentum + L2 and SGDW + momentum shrink the weights by the same
//    amount per step in steady state (hint: the L2 term in the buffer sums to $\lambda\theta/(1-\mu)$).
// 2. PyTorch's `Adam(weight_decay=λ)` is L2, but Keras 3's `Adam(weight_decay=λ)` is decoupled (AdamW). Which row of the
//    update table does each correspond to?
// 3. Put biases into a parameter group with weight decay 0 (a common practice:
//    `new AdamW(ParameterGroups.NoDecayForOneDimensional(model.Parameters, options))`). Does it change the grid?
// 4. Repeat the grid with SGD + L2 and SGDW. Is the SGD picture closer to Adam's or to AdamW's?
// 5. Use the normalised weight decay $\lambda = \lambda_{\text{norm}}\sqrt{b/(BT)}$ with $\lambda_{\text{norm}} = 0.05$:
//    what $\lambda$ does it give for these runs, and for `Epochs = 100` on the full training set?
