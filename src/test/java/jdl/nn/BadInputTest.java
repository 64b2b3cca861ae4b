package jdl.nn;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Sgd;

import jdl.rnn.CellState;
import jdl.rnn.RecurrentLayer;
import jdl.rnn.RnnCell;

/**
 * Every public entry point rejects bad input with an IllegalArgumentException whose message names the
 * argument and the actual value (and, for shapes, the expected one).
 */
class BadInputTest {

    private final Rng rng = new Rng(1);

    /** Asserts an IllegalArgumentException whose message contains every fragment. */
    static IllegalArgumentException rejects(Executable call, String... fragments) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
        String message = e.getMessage();
        for (String f : fragments) {
            assertTrue(message != null && message.contains(f), "message '" + message + "' should contain '" + f + "'");
        }
        return e;
    }

    private static INDArray doubles(long... shape) {
        return Nd4j.ones(DataType.DOUBLE, shape);
    }

    // ---- parameter store ----

    @Test
    void params() {
        rejects(() -> new Params(DataType.HALF), "dtype", "FLOAT or DOUBLE", "HALF");
        rejects(() -> new Params(DataType.INT), "dtype", "INT");
        rejects(() -> new Params(null), "dtype", "null");
        Params p = new Params(DataType.DOUBLE);
        p.add("w", doubles(2, 2));
        rejects(() -> p.add("w", doubles(1, 1)), "name", "'w'", "already exists");
        rejects(() -> p.add(" ", doubles(1, 1)), "name", "' '");
        rejects(() -> p.add(null, doubles(1, 1)), "name", "null");
        rejects(() -> p.add("v", null), "initial", "null");
        rejects(() -> p.get("nope"), "name", "'nope'", "[w]");
        rejects(() -> p.clipGradNorm(0), "maxNorm", "0.0");
        rejects(() -> p.clipGradNorm(Double.NaN), "maxNorm", "NaN");
        Params q = new Params(DataType.DOUBLE);
        q.add("w", doubles(1, 3));
        rejects(() -> p.copyFrom(q), "other", "{w=4}", "{w=3}");
        Params r = new Params(DataType.DOUBLE);
        r.add("w", doubles(4, 1));
        rejects(() -> p.copyFrom(r), "other", "[4, 1]", "[2, 2]");
        // after packing, new parameters are refused (a state error, not a bad argument)
        p.pack();
        assertThrows(IllegalStateException.class, () -> p.add("late", doubles(1, 1)));
    }

    // ---- layers ----

    @Test
    void linear() {
        Params p = new Params(DataType.DOUBLE);
        rejects(() -> new Linear(p, "fc", 0, 3, Init.XAVIER_UNIFORM, rng), "fc", "in and out", "got 0 and 3");
        Linear fc = new Linear(p, "fc", 5, 3, Init.XAVIER_UNIFORM, rng);
        rejects(() -> fc.forward(null), "x", "null");
        rejects(() -> fc.forward(doubles(5)), "x", "rank 2", "rank 1", "[5]");
        rejects(() -> fc.forward(doubles(4, 6)), "x", "last dimension 5", "[4, 6]");
        rejects(() -> fc.forward(doubles(0, 5)), "x", "non-empty", "[0, 5]");
        rejects(() -> fc.forward(Nd4j.ones(DataType.FLOAT, 4, 5)), "x", "DOUBLE", "FLOAT");
        assertThrows(IllegalStateException.class, () -> new Linear(p, "other", 5, 3, Init.XAVIER_UNIFORM, rng)
                .backward(doubles(4, 3)));
        fc.forward(doubles(4, 5));
        rejects(() -> fc.backward(doubles(4, 2)), "dOut", "[4, 3]", "[4, 2]");
        rejects(() -> fc.backward(Nd4j.ones(DataType.FLOAT, 4, 3)), "dOut", "DOUBLE", "FLOAT");
        rejects(() -> fc.backward(null), "dOut", "null");
    }

    @Test
    void activationsAndDropout() {
        rejects(() -> new LeakyRelu(1.0), "alpha", "[0, 1)", "1.0");
        rejects(() -> new LeakyRelu(-0.1), "alpha", "-0.1");
        rejects(() -> new LeakyRelu(Double.NaN), "alpha", "NaN");
        rejects(() -> new Dropout(1.0, rng), "p", "[0, 1)", "1.0");
        rejects(() -> new Dropout(-0.5, rng), "p", "-0.5");
        rejects(() -> new Dropout(Double.NaN, rng), "p", "NaN");
        rejects(() -> new Dropout(0.5, null), "rng", "null");
        // backward takes ∂L/∂y of the output's shape; a smaller one must not be broadcast silently
        Dropout dropout = new Dropout(0.5, rng);
        for (Layer layer : List.of(new Tanh(), new Sigmoid(), new Relu(), new LeakyRelu(0.1), dropout)) {
            String name = layer.getClass().getSimpleName();
            assertThrows(IllegalStateException.class, () -> layer.backward(doubles(4, 3)), name + " backward before forward");
            layer.forward(doubles(4, 3));
            IllegalArgumentException e = rejects(() -> layer.backward(doubles(1, 3)), "dy", "[4, 3]", "[1, 3]");
            rejects(() -> layer.backward(doubles(4, 1)), "dy", "[4, 3]", "[4, 1]");
            rejects(() -> layer.backward(null), "dy", "null");
            assertTrue(e.getMessage().startsWith("dy: "), name + ": " + e.getMessage());
        }
        dropout.setTraining(false);
        dropout.forward(doubles(2, 2));
        rejects(() -> dropout.backward(doubles(2, 3)), "dy", "[2, 2]", "[2, 3]");
    }

    @Test
    void layerNorm() {
        Params p = new Params(DataType.DOUBLE);
        rejects(() -> new LayerNorm(p, "ln", 0), "ln", "size", "got 0");
        rejects(() -> new LayerNorm(p, "ln", 4, 0.0), "ln", "eps", "0.0");
        rejects(() -> new LayerNorm(p, "ln", 4, Double.NaN), "ln", "eps", "NaN");
        LayerNorm ln = new LayerNorm(p, "ln", 4);
        rejects(() -> ln.forward(doubles(3, 5)), "x", "last dimension 4", "[3, 5]");
        rejects(() -> ln.forward(doubles(4)), "x", "rank 1");
        ln.forward(doubles(3, 4));
        rejects(() -> ln.backward(doubles(4, 3)), "dOut", "[3, 4]", "[4, 3]");
        rejects(() -> ln.backward(Nd4j.ones(DataType.FLOAT, 3, 4)), "dOut", "DOUBLE", "FLOAT");
    }

    @Test
    void embedding() {
        Params p = new Params(DataType.DOUBLE);
        rejects(() -> new Embedding(p, "emb", 0, 4, rng), "emb", "vocabulary and dim", "got 0 and 4");
        Embedding emb = new Embedding(p, "emb", 6, 4, rng);
        rejects(() -> emb.forward(new int[0]), "ids", "none");
        rejects(() -> emb.forward(null), "ids");
        rejects(() -> emb.forward(new int[] {1, 2, 6}), "ids[2]", "0..5", "got 6");
        rejects(() -> emb.forward(new int[] {-1}), "ids[0]", "got -1");
        emb.forward(new int[] {1, 2});
        rejects(() -> emb.backward(doubles(3, 4)), "dOut", "[2, 4]", "[3, 4]");
        rejects(() -> Embedding.oneHot(new int[] {0, 9}, 5, DataType.DOUBLE), "ids[1]", "0..4", "got 9");
    }

    // ---- losses ----

    @Test
    void softmaxCrossEntropy() {
        SoftmaxCrossEntropy ce = new SoftmaxCrossEntropy();
        INDArray logits = doubles(3, 4);
        rejects(() -> ce.forward(logits, new int[] {0, 1}), "targets", "expected 3", "got 2");
        rejects(() -> ce.forward(logits, null), "targets", "null");
        rejects(() -> ce.forward(logits, new int[] {0, 4, 1}), "targets[1]", "0..3", "got 4");
        rejects(() -> ce.forward(logits, new int[] {0, -2, 1}), "targets[1]", "got -2");
        rejects(() -> new SoftmaxCrossEntropy(0).forward(logits, new int[] {0, -1, 1}), "targets[1]",
                "ignore index 0", "got -1");
        rejects(() -> ce.forward(logits, new int[] {0, 1, 2}, doubles(2)), "mask", "3 values", "[2]");
        rejects(() -> ce.forward(doubles(4), new int[] {0}), "logits", "rank 1");
        rejects(() -> ce.forward(doubles(0, 4), new int[0]), "logits", "non-empty");
        rejects(() -> ce.forward(null, new int[] {0}), "logits", "null");
    }

    @Test
    void sigmoidCrossEntropy() {
        SigmoidCrossEntropy bce = new SigmoidCrossEntropy();
        INDArray logits = doubles(2, 3);
        rejects(() -> bce.forward(logits, doubles(3, 2)), "targets", "[2, 3]", "[3, 2]");
        rejects(() -> bce.forward(logits, (INDArray) null), "targets", "null");
        INDArray badTarget = doubles(2, 3);
        badTarget.putScalar(1, 0, 1.5);
        rejects(() -> bce.forward(logits, badTarget), "targets[3]", "[0, 1]", "1.5");
        badTarget.putScalar(1, 0, Double.NaN);
        rejects(() -> bce.forward(logits, badTarget), "targets[3]", "NaN");
        rejects(() -> bce.forward(logits, -0.1), "target", "-0.1");
        rejects(() -> bce.forward(logits, Double.NaN), "target", "NaN");
        INDArray nanLogits = doubles(2, 3);
        nanLogits.putScalar(0, 2, Double.NaN);
        rejects(() -> bce.forward(nanLogits, 1.0), "logits[2]", "NaN");
        INDArray infLogits = doubles(2, 3);
        infLogits.putScalar(1, 1, Double.POSITIVE_INFINITY);
        rejects(() -> bce.forward(infLogits, 1.0), "logits[4]", "Infinity");
        rejects(() -> bce.forward(doubles(3), 1.0), "logits", "rank 1");
    }

    @Test
    void meanSquaredError() {
        MeanSquaredError mse = new MeanSquaredError();
        rejects(() -> mse.forward(doubles(2, 3), doubles(2, 2)), "target", "[2, 3]", "[2, 2]");
        rejects(() -> mse.forward(doubles(2, 3), Nd4j.ones(DataType.FLOAT, 2, 3)), "target", "DOUBLE", "FLOAT");
        rejects(() -> mse.forward(doubles(2, 3), null), "target", "null");
        rejects(() -> mse.forward(doubles(3), doubles(3)), "prediction", "rank 1");
    }

    // ---- configuration ----

    @Test
    void mlpConfig() {
        rejects(() -> new MlpConfig(0, List.of(4), 2, Activation.TANH), "input", "got 0");
        rejects(() -> new MlpConfig(3, null, 2, Activation.TANH), "hidden", "null");
        rejects(() -> new MlpConfig(3, List.of(4, 0), 2, Activation.TANH), "hidden[1]", "got 0");
        rejects(() -> new MlpConfig(3, Arrays.asList(4, null), 2, Activation.TANH), "hidden[1]", "null");
        rejects(() -> new MlpConfig(3, List.of(4), -1, Activation.TANH), "output", "got -1");
        rejects(() -> new MlpConfig(3, List.of(4), 2, null), "activation", "null");
        rejects(() -> new MlpConfig(3, List.of(4), 2, Activation.TANH, 1.0), "dropout", "[0, 1)", "1.0");
        rejects(() -> new MlpConfig(3, List.of(4), 2, Activation.TANH, Double.NaN), "dropout", "NaN");
    }

    @Test
    void schedules() {
        rejects(() -> Schedules.constant(0), "lr", "0.0");
        rejects(() -> Schedules.constant(Double.NaN), "lr", "NaN");
        rejects(() -> Schedules.constant(Double.POSITIVE_INFINITY), "lr", "Infinity");
        rejects(() -> Schedules.step(1e-3, 0, 10), "factor", "(0, 1]", "0.0");
        rejects(() -> Schedules.step(1e-3, 1.5, 10), "factor", "1.5");
        rejects(() -> Schedules.step(1e-3, 0.5, 0), "every", "got 0");
        rejects(() -> Schedules.step(-1, 0.5, 10), "lr", "-1.0");
        rejects(() -> Schedules.warmupCosine(0, 10, 100, 0.1), "peak", "0.0");
        rejects(() -> Schedules.warmupCosine(1, -1, 100, 0.1), "warmup", "got -1 and 100");
        rejects(() -> Schedules.warmupCosine(1, 100, 100, 0.1), "warmup and total", "got 100 and 100");
        rejects(() -> Schedules.warmupCosine(1, 10, 100, 1.5), "finalFraction", "1.5");
        rejects(() -> Schedules.transformer(0, 4000, 1), "dModel", "got 0 and 4000");
        rejects(() -> Schedules.transformer(512, 0, 1), "warmup", "got 512 and 0");
        rejects(() -> Schedules.transformer(512, 4000, 0), "scale", "0.0");
        // the records are public: their constructors check too
        rejects(() -> new Schedules.WarmupCosine(1, 5, 2, 0), "warmup and total");
        rejects(() -> new Schedules.TransformerSchedule(0, 4000, 1), "dModel", "got 0 and 4000");
        rejects(() -> new Schedules.TransformerSchedule(512, 4000, -2), "scale", "-2.0");
    }

    @Test
    void batches() {
        rejects(() -> new Batches(0, 4, rng), "n", "got 0");
        rejects(() -> new Batches(10, 0, rng), "batchSize", "got 0");
        rejects(() -> new Batches(10, -3, null), "batchSize", "got -3");
        rejects(() -> Batches.take(new int[] {1, 2, 3}, new int[] {0, 3}), "index[1]", "0..2", "got 3");
    }

    @Test
    void optimizerAndTrainer() {
        Params p = new Params(DataType.DOUBLE);
        p.add("w", doubles(1, 2));
        rejects(() -> new Optimizer(p, null), "config", "null");
        rejects(() -> new Optimizer(null, new Sgd(0.1)), "params", "null");
        rejects(() -> new Trainer(null), "optimizer", "null");
        Trainer trainer = new Trainer(new Optimizer(p, new Sgd(0.1))).quiet();
        rejects(() -> trainer.clipGradNorm(0), "maxNorm", "0.0");
        rejects(() -> trainer.clipGradNorm(-1), "maxNorm", "-1.0");
        rejects(() -> trainer.evaluateEvery(0, s -> Map.of()), "every", "got 0");
        rejects(() -> trainer.fit("t", 0, s -> 1.0), "steps", "got 0");
    }

    @Test
    void metrics() {
        rejects(() -> Metrics.accuracy(new int[] {1, 2}, new int[] {1}), "labels", "expected 2", "got 1");
        rejects(() -> Metrics.accuracy(new int[0], new int[0]), "labels", "at least 1", "got 0");
        rejects(() -> Metrics.accuracy(doubles(3, 2), new int[] {0, 1}), "labels", "expected 3", "got 2");
        rejects(() -> Metrics.argmax(doubles(4)), "scores", "rank 1");
        rejects(() -> Metrics.confusion(new int[] {0, 1}, new int[] {0}, 2), "labels", "expected 2", "got 1");
        rejects(() -> Metrics.confusion(new int[] {0, 2}, new int[] {0, 1}, 2), "predicted[1]", "0..1", "2");
        rejects(() -> Metrics.confusion(new int[] {0}, new int[] {0}, 0), "classes", "got 0");
        rejects(() -> Metrics.confusion(new int[] {0}, new int[] {0}, -2), "classes", "got -2");
        Params p = new Params(DataType.DOUBLE);
        Linear fc = new Linear(p, "fc", 3, 2, Init.XAVIER_UNIFORM, rng);
        // a batch size of 0 used to loop for ever
        assertTimeoutPreemptively(Duration.ofSeconds(20), () -> {
            rejects(() -> Metrics.predict(fc, doubles(5, 3), 0), "batchSize", "got 0");
            rejects(() -> Metrics.predict(fc, doubles(5, 3), -1), "batchSize", "got -1");
        });
        rejects(() -> Metrics.predict(fc, doubles(0, 3), 2), "x", "non-empty");
        rejects(() -> Metrics.predict(fc, doubles(3), 2), "x", "rank 1");
        rejects(() -> Metrics.predict(fc, doubles(5, 4), 2), "x", "last dimension 3", "[2, 4]");
    }

    @Test
    void gradientChecksNeedDoubles() {
        Params p = new Params(DataType.FLOAT);
        new Linear(p, "fc", 3, 2, Init.XAVIER_UNIFORM, rng);
        rejects(() -> GradCheck.check(p, Map.of(), null, b -> 0.0, 0, rng), "params", "DOUBLE", "FLOAT");
        Params q = new Params(DataType.DOUBLE);
        Linear fd = new Linear(q, "fc", 3, 2, Init.XAVIER_UNIFORM, rng);
        rejects(() -> GradCheck.layer(fd, q, Nd4j.ones(DataType.FLOAT, 2, 3), 0, rng), "x", "DOUBLE", "FLOAT");
        rejects(() -> GradCheck.check(q, Map.of("x", doubles(2, 3)), Map::of, b -> 0.0, 0, rng), "inputGrads", "'x'");
    }

    @Test
    void shapesAndInitialisers() {
        INDArray x = doubles(2, 2);
        x.putScalar(1, 1, Double.NaN);
        rejects(() -> Shapes.requireFinite("activations", x), "activations", "NaN");
        rejects(() -> Shapes.requireSameShape("y", doubles(2, 3), new long[] {3, 2}), "y", "[3, 2]", "[2, 3]");
        rejects(() -> Init.XAVIER_UNIFORM.sample(0, 3, rng, DataType.DOUBLE), "fanIn and fanOut", "got 0 and 3");
        rejects(() -> new History().last("acc"), "name", "'acc'");
        rejects(() -> new History().recentLoss(0), "n", "got 0");
    }

    // ---- recurrent layer ----

    @Test
    void recurrentLayer() {
        Params p = new Params(DataType.DOUBLE);
        rejects(() -> new RnnCell(p, "rnn", 0, 4, rng), "rnn", "input and hidden", "got 0 and 4");
        rejects(() -> new RnnCell(p, "rnn", 3, 4, null, rng), "rnn", "nonlinearity", "null");
        RecurrentLayer<RnnCell.Cache> layer = new RecurrentLayer<>(new RnnCell(p, "rnn", 3, 4, rng));
        rejects(() -> layer.forward(doubles(5, 3)), "x", "rank 3", "[5, 3]");
        rejects(() -> layer.forward(doubles(5, 2, 3, 1)), "x", "rank 3", "[5, 2, 3, 1]");
        rejects(() -> layer.forward(null), "x", "null");
        rejects(() -> layer.forward(doubles(5, 2, 4)), "x", "last dimension 3", "[5, 2, 4]");
        rejects(() -> layer.forward(doubles(5, 0, 3)), "x", "non-empty", "[5, 0, 3]");
        rejects(() -> layer.forward(Nd4j.ones(DataType.FLOAT, 5, 2, 3)), "x", "DOUBLE", "FLOAT");
        rejects(() -> layer.forward(doubles(5, 2, 3), doubles(5, 3), null), "mask", "[5, 2]", "[5, 3]");
        rejects(() -> layer.forward(doubles(5, 2, 3), doubles(2, 5), null), "mask", "[5, 2]", "[2, 5]");
        rejects(() -> layer.forward(doubles(5, 2, 3), Nd4j.ones(DataType.FLOAT, 5, 2), null), "mask", "DOUBLE", "FLOAT");
        rejects(() -> layer.forward(doubles(5, 2, 3), null, CellState.of(doubles(3, 4))), "h0.h", "[2, 4]", "[3, 4]");
        rejects(() -> layer.truncate(-1), "k", "got -1");
        assertThrows(IllegalStateException.class, () -> layer.backward(doubles(5, 2, 4), null));
        layer.forward(doubles(5, 2, 3));
        rejects(() -> layer.backward(doubles(5, 2, 3), null), "dh", "[5, 2, 4]", "[5, 2, 3]");
        rejects(() -> layer.backward(null, null), "dh and dFinal");
    }
}
