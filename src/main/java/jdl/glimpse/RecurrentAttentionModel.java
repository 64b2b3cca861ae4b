package jdl.glimpse;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import jdl.nn.kernels.HostArrays;
import jdl.nn.Init;
import jdl.nn.Linear;
import jdl.nn.MeanSquaredError;
import jdl.nn.Metrics;
import jdl.nn.Params;
import jdl.nn.Rng;
import jdl.nn.SoftmaxCrossEntropy;
import jdl.rnn.CellState;
import jdl.rnn.RecurrentCell;

/**
 * The recurrent attention model (RAM) of Mnih, Heess, Graves and Kavukcuoglu (2014), "Recurrent Models of Visual
 * Attention". It never sees the whole image: at each of T steps it takes one glimpse and decides where to look next.
 * <pre>
 *   g_t     = f_g(ρ(x, l_t), l_t)                 glimpse network (what and where)
 *   h_t     = f_h(h_{t−1}, g_t)                   core network, a recurrent cell
 *   l_{t+1} ~ N(tanh(κ (h_t W_l + b_l)), σ² I)    location network (a Gaussian policy)
 *   b_t     = h_t W_b + b_b                       baseline network (expected reward)
 *   ŷ       = softmax(h_T W_c + b_c)              classifier on the final state
 * </pre>
 * The first glimpse is at the canvas centre, l_1 = (0, 0).
 *
 * <p><b>Training</b> (the paper's hybrid loss): the classifier, the core and the glimpse network learn by
 * backpropagation of the cross-entropy (BPTT through the core, with the locations fixed); the location network
 * cannot, because the sensor is not differentiable in l, so it learns by REINFORCE with reward R = 1 for a correct
 * classification: ∇J ≈ (1/B) Σ_i Σ_t ∇ log π(l_{t+1}^i | h_t^i) (R^i − b_t^i). The baseline learns by the mean
 * squared error (b_t − R)², and R − b_t enters the policy term as a constant. The location and baseline networks
 * read h_t detached: their gradients do not flow into the core.
 */
public final class RecurrentAttentionModel {

    /** How the next location is chosen. */
    public enum Locations {
        /** l ~ N(μ, σ²), the training policy */
        SAMPLE,
        /** l = μ, the deterministic policy used for evaluation */
        MEAN,
        /** l uniform in [−1, 1]², the policy ignored (a control) */
        RANDOM
    }

    /** Everything one pass over a batch produced. */
    public record Rollout(int n, double[][] locations, double[][] sampled, List<INDArray> glimpses,
                          List<INDArray> g, List<RecurrentCell.Step> steps, List<INDArray> h, INDArray logits) {

        /** The predicted class per image. */
        public int[] predictions() {
            return Metrics.argmax(logits);
        }
    }

    /** One training step's numbers. */
    public record StepResult(double loss, double crossEntropy, double reinforce, double baselineLoss, double reward,
                             double baseline) {
    }

    private final RamConfig config;
    private final Params params;
    private final GlimpseSensor sensor;
    private final GlimpseNetwork glimpse;
    private final RecurrentCell<RecurrentCell.Step> core;
    private final LocationPolicy location;
    private final Linear baseline;
    private final Linear classifier;
    private final SoftmaxCrossEntropy crossEntropy = new SoftmaxCrossEntropy();
    private final MeanSquaredError baselineLoss = new MeanSquaredError();
    private final int classes;

    @SuppressWarnings("unchecked")
    public RecurrentAttentionModel(RamConfig config, int classes, Params params) {
        if (config == null || params == null) {
            throw new IllegalArgumentException("config, params: expected a RamConfig and a parameter store, got "
                    + config + " and " + params);
        }
        if (classes < 2) {
            throw new IllegalArgumentException("classes: expected at least 2, got " + classes);
        }
        this.config = config;
        this.params = params;
        this.classes = classes;
        Rng rng = new Rng(config.seed());
        this.sensor = new GlimpseSensor(config.side(), config.patch(), config.scales());
        this.glimpse = new GlimpseNetwork(params, "glimpse", sensor.size(), config.glimpseHidden(), config.glimpseSize(),
                rng);
        this.core = (RecurrentCell<RecurrentCell.Step>) (RecurrentCell<?>) config.cell().create(params, "core",
                config.glimpseSize(), config.hidden(), rng);
        this.location = new LocationPolicy(params, "location", config.hidden(), config.std(), config.policyScale(), rng);
        this.baseline = new Linear(params, "baseline", config.hidden(), 1, Init.XAVIER_UNIFORM, rng);
        this.classifier = new Linear(params, "classifier", config.hidden(), classes, Init.XAVIER_UNIFORM, rng);
    }

    /**
     * Runs the model on n canvases ({@code pixels}: n·side² values) for T glimpses, choosing each next location by
     * {@code how} ({@code rng} draws samples or random locations). With {@code fixed} non-null, the locations are
     * taken from it instead ({@code fixed[t]}: 2n coordinates for glimpse t), e.g. to replay a rollout.
     */
    public Rollout rollout(float[] pixels, int n, Locations how, double[][] fixed, Rng rng) {
        int T = config.glimpses();
        if (pixels.length != n * config.side() * config.side()) {
            throw new IllegalArgumentException("pixels: expected " + n + " canvases of " + config.side() + "x"
                    + config.side() + " = " + n * config.side() * config.side() + " values, got " + pixels.length);
        }
        if (fixed != null && (fixed.length != T || Arrays.stream(fixed).anyMatch(f -> f.length != 2 * n))) {
            throw new IllegalArgumentException("fixed: expected " + T + " arrays of " + 2 * n + " coordinates");
        }
        DataType type = params.dataType();
        double[][] locations = new double[T][];
        double[][] sampled = new double[T][];
        List<INDArray> glimpses = new ArrayList<>();
        List<INDArray> gs = new ArrayList<>();
        List<RecurrentCell.Step> steps = new ArrayList<>();
        List<INDArray> hs = new ArrayList<>();
        double[] l = fixed != null ? fixed[0] : new double[2 * n];        // l_1 = the centre
        CellState state = core.zeroState(n);
        for (int t = 0; t < T; t++) {
            locations[t] = l;
            INDArray lt = HostArrays.matrix(l, n, 2, type);
            INDArray rho = HostArrays.matrix(sensor.read(pixels, l), n, sensor.size(), type);   // ρ(x, l_t)
            INDArray g = glimpse.forward(rho, lt);                                             // g_t
            INDArray xw = g.mmul(core.inputWeight().value()).addiRowVector(core.bias().value());
            RecurrentCell.Step step = core.stepForward(xw, state);                             // h_t = f_h(h_{t−1}, g_t)
            state = step.next();
            glimpses.add(rho);
            gs.add(g);
            steps.add(step);
            hs.add(state.h());
            if (t + 1 < T) {
                double[] next;
                if (fixed != null) {
                    next = fixed[t + 1];
                    sampled[t + 1] = next;
                } else if (how == Locations.RANDOM) {
                    next = new double[2 * n];
                    for (int k = 0; k < next.length; k++) {
                        next[k] = 2 * rng.uniform() - 1;
                    }
                    sampled[t + 1] = next;
                } else {
                    double[] mu = HostArrays.doubles(location.forward(state.h()));              // μ_t
                    double[] raw = mu.clone();
                    next = mu;
                    if (how == Locations.SAMPLE) {
                        for (int k = 0; k < raw.length; k++) {
                            raw[k] = mu[k] + config.std() * rng.gaussian();                    // l ~ N(μ, σ²)
                            next[k] = Math.max(-1, Math.min(1, raw[k]));
                        }
                    }
                    sampled[t + 1] = raw;
                }
                l = next;
            }
        }
        INDArray logits = classifier.forward(state.h());
        return new Rollout(n, locations, sampled, glimpses, gs, steps, hs, logits);
    }

    /**
     * The cross-entropy of the classifier after a rollout, and its backward pass through the classifier, the
     * unrolled core (BPTT, from the last glimpse to the first) and the glimpse network; the locations are constants.
     */
    public double classificationLoss(Rollout r, int[] labels, boolean backward) {
        if (labels.length != r.n()) {
            throw new IllegalArgumentException("labels: expected " + r.n() + " (one per image), got " + labels.length);
        }
        double loss = crossEntropy.forward(r.logits(), labels);
        if (!backward) {
            return loss;
        }
        int T = config.glimpses();
        INDArray dh = classifier.backward(crossEntropy.backward());                    // ∂L/∂h_T
        CellState dState = new CellState(dh, r.steps().get(T - 1).next().c() == null ? null
                : Nd4j.zeros(dh.dataType(), dh.shape()));
        INDArray[] dXw = new INDArray[T];
        for (int t = T - 1; t >= 0; t--) {                                             // BPTT
            RecurrentCell.StepGrad grad = core.stepBackward(r.steps().get(t), dState);
            dXw[t] = grad.dXw();
            dState = grad.dPrevious();
        }
        INDArray allXw = Nd4j.concat(0, dXw);                                          // [T·n, gates]
        INDArray allG = Nd4j.concat(0, r.g().toArray(new INDArray[0]));                // [T·n, glimpseSize]
        core.inputWeight().grad().addi(allG.transpose().mmul(allXw));                  // dW_x += Σ_t g_tᵀ dxw_t
        core.bias().grad().addi(allXw.sum(true, 0));                                   // db += Σ dxw_t
        INDArray dg = allXw.mmul(core.inputWeight().value().transpose());              // ∂L/∂g_t
        double[] allLocations = new double[2 * r.n() * T];
        for (int t = 0; t < T; t++) {
            System.arraycopy(r.locations()[t], 0, allLocations, 2 * r.n() * t, 2 * r.n());
        }
        glimpse.forward(Nd4j.concat(0, r.glimpses().toArray(new INDArray[0])),        // the glimpse network has no
                HostArrays.matrix(allLocations, (long) T * r.n(), 2, params.dataType()));  // memory: all steps at once
        glimpse.backward(dg);
        return loss;
    }

    /**
     * One training step's loss and gradients on a batch: a sampled rollout, the cross-entropy (backpropagated),
     * the reward R = 1 for a correct class, the baseline's squared error and the REINFORCE term.
     */
    public StepResult trainStep(float[] pixels, int[] labels, Rng rng) {
        int n = labels.length;
        Rollout r = rollout(pixels, n, Locations.SAMPLE, null, rng);
        double ce = classificationLoss(r, labels, true);
        int[] predicted = r.predictions();
        int decisions = config.glimpses() - 1;
        double rewardMean = 0;
        double[] reward = new double[n];
        for (int i = 0; i < n; i++) {
            reward[i] = predicted[i] == labels[i] ? 1 : 0;                          // R = 1 if correct
            rewardMean += reward[i] / n;
        }
        if (decisions == 0) {
            return new StepResult(ce, ce, 0, 0, rewardMean, Double.NaN);
        }
        // the states h_1 … h_{T−1} that chose l_2 … l_T, stacked (detached: nothing flows back into the core)
        INDArray h = Nd4j.concat(0, r.h().subList(0, decisions).toArray(new INDArray[0]));
        double[] R = new double[decisions * n];
        double[] l = new double[2 * decisions * n];
        for (int t = 0; t < decisions; t++) {
            System.arraycopy(reward, 0, R, t * n, n);
            System.arraycopy(r.sampled()[t + 1], 0, l, 2 * n * t, 2 * n);
        }
        INDArray b = baseline.forward(h);                                             // b_t
        double[] bv = HostArrays.doubles(b);
        double bLoss = baselineLoss.forward(b, HostArrays.matrix(R, R.length, 1, params.dataType()));
        baseline.backward(baselineLoss.backward());                                   // MSE(b_t, R)
        double[] advantage = new double[R.length];
        double bMean = 0;
        for (int k = 0; k < R.length; k++) {
            advantage[k] = R[k] - bv[k];                                              // R − b_t, a constant
            bMean += bv[k] / R.length;
        }
        location.forward(h);
        double rl = location.reinforce(HostArrays.matrix(l, R.length, 2, params.dataType()), advantage, n).loss();
        return new StepResult(ce + rl + bLoss, ce, rl, bLoss, rewardMean, bMean);
    }

    /**
     * The baseline network's predictions b_t ≈ E[R | h_t] for the states h_1 … h_{T−1} that chose l_2 … l_T of a
     * rollout: [T−1][n] (an empty array for T = 1). Evaluation only: nothing is backpropagated.
     */
    public double[][] baselines(Rollout r) {
        int decisions = r.h().size() - 1;
        double[][] out = new double[Math.max(0, decisions)][];
        for (int t = 0; t < decisions; t++) {
            out[t] = HostArrays.doubles(baseline.forward(r.h().get(t)));
        }
        return out;
    }

    /** The classifier applied to the state after each glimpse: predictions [T][n] (the model trained to answer after T). */
    public int[][] predictionsPerGlimpse(Rollout r) {
        int[][] out = new int[r.h().size()][];
        for (int t = 0; t < r.h().size(); t++) {
            out[t] = Metrics.argmax(classifier.forward(r.h().get(t)));
        }
        return out;
    }

    public RamConfig config() {
        return config;
    }

    public Params params() {
        return params;
    }

    public GlimpseSensor sensor() {
        return sensor;
    }

    public GlimpseNetwork glimpseNetwork() {
        return glimpse;
    }

    public LocationPolicy locationPolicy() {
        return location;
    }

    public int classes() {
        return classes;
    }
}
