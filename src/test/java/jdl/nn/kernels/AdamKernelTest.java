package jdl.nn.kernels;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.GradientUpdater;
import org.nd4j.linalg.learning.config.Adam;

import jdl.nn.Optimizer;
import jdl.nn.Params;
import jdl.nn.Rng;
import jdl.nn.Schedules;

/** The fused Adam loop against ND4J's own Adam updater: 30 steps of random gradients, same values to 1e-5 relative. */
class AdamKernelTest {

    @Test
    void matchesNd4jsAdamUpdaterStepByStep() {
        Rng rng = new Rng(5);
        INDArray start = rng.normal(DataType.FLOAT, 1.0, 3, 17);
        Params p = new Params(DataType.FLOAT);
        p.add("w", start);
        Adam config = new Adam(Schedules.step(3e-2, 0.5, 10));
        Optimizer fused = new Optimizer(p, config);

        INDArray reference = start.dup().reshape(1, 51);
        GradientUpdater<?> nd4j = config.clone().instantiate(Nd4j.zeros(DataType.FLOAT, 1, config.stateSize(51)), true);
        double worst = 0;
        for (int step = 0; step < 30; step++) {
            INDArray g = rng.normal(DataType.FLOAT, step < 15 ? 1.0 : 1e-3, 1, 51);
            p.flatGrads().assign(g);
            fused.step();
            INDArray update = g.dup();
            nd4j.applyUpdater(update, step, 0);
            reference.subi(update);
            double diff = p.flatValues().sub(reference).amaxNumber().doubleValue();
            worst = Math.max(worst, diff / reference.amaxNumber().doubleValue());
        }
        System.out.printf("fused Adam vs ND4J's updater, 30 steps: max relative difference %.3g%n", worst);
        assertTrue(worst < 1e-5, "relative difference " + worst);
    }

    @Test
    void refusesAnotherDataType() {
        AdamKernel k = new AdamKernel(4, 0.9, 0.999, 1e-8);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> k.step(Nd4j.zeros(DataType.DOUBLE, 1, 4), Nd4j.zeros(DataType.DOUBLE, 1, 4), 1e-3, 0));
        assertTrue(e.getMessage().contains("FLOAT"), e.getMessage());
    }
}
