package jdl.nn;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.GradientUpdater;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.IUpdater;

import jdl.nn.kernels.AdamKernel;

/**
 * Applies one of ND4J's updaters ({@code new Adam(1e-3)}, {@code new Sgd(0.1)},
 * {@code new Nesterovs(0.01, 0.9)}, {@code new RmsProp(1e-3)}, each optionally with a learning-rate
 * schedule from {@link Schedules}) to a whole parameter store: one update for all parameters at once,
 * θ ← θ − update(∇θ), on the store's flat arrays. For {@code Adam} on a FLOAT store the same update runs as one
 * fused loop from the engine room ({@link AdamKernel}, tested against ND4J's updater).
 */
public final class Optimizer {

    private final Params params;
    private final IUpdater config;
    private final GradientUpdater<?> updater;
    private final AdamKernel adam;          // the fused path, or null
    private int iteration;

    public Optimizer(Params params, IUpdater config) {
        if (params == null) {
            throw new IllegalArgumentException("params: expected the model's parameter store, got null");
        }
        if (config == null) {
            throw new IllegalArgumentException("config: expected an ND4J updater such as new Adam(1e-3), got null");
        }
        this.params = params;
        this.config = config.clone();
        params.pack();
        if (this.config.getClass() == Adam.class && params.dataType() == DataType.FLOAT) {
            Adam a = (Adam) this.config;
            this.adam = new AdamKernel(params.count(), a.getBeta1(), a.getBeta2(), a.getEpsilon());
            this.updater = null;
            return;
        }
        this.adam = null;
        long stateSize = this.config.stateSize(params.count());
        INDArray state = stateSize == 0 ? null : Nd4j.zeros(params.dataType(), 1, stateSize);
        this.updater = this.config.instantiate(state, true);
    }

    /** θ ← θ − update(∇θ), then counts the step. The gradients are consumed (may be overwritten). */
    public void step() {
        if (adam != null) {
            adam.step(params.flatValues(), params.flatGrads(), config.getLearningRate(iteration, 0), iteration);
            iteration++;
            return;
        }
        INDArray g = params.flatGrads();
        updater.applyUpdater(g, iteration, 0);    // g now holds the update (learning rate, moments applied)
        params.flatValues().subi(g);
        iteration++;
    }

    /** Number of steps taken. */
    public int iteration() {
        return iteration;
    }

    /** The learning rate the next step will use. */
    public double learningRate() {
        return config.getLearningRate(iteration, 0);
    }

    public IUpdater config() {
        return config;
    }

    public Params params() {
        return params;
    }
}
