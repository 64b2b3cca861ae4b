package jdl.transformer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.bytedeco.javacpp.Pointer;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.learning.config.Adam;

import jdl.nn.Activation;
import jdl.nn.GradCheck;
import jdl.nn.LayerNorm;
import jdl.nn.Mlp;
import jdl.nn.MlpConfig;
import jdl.nn.Optimizer;
import jdl.nn.Param;
import jdl.nn.Params;
import jdl.nn.Rng;
import jdl.nn.SoftmaxCrossEntropy;

/**
 * The FLOAT paths that write into reused buffers (LayerNorm's fused kernel, the attention's one-loop softmax
 * derivative, the blocks' residuals) against the same code in DOUBLE, and the resident memory of their training
 * loops: ND4J frees native memory only when the garbage collector runs, so a step that allocates shows as growth.
 */
class FastBlockTest {

    @Test
    void layerNormKernelMatchesTheReadableLayerNorm() {
        Params pf = new Params(DataType.FLOAT);
        Params pd = new Params(DataType.DOUBLE);
        LayerNorm lf = new LayerNorm(pf, "ln", 16).reuseBuffers();
        LayerNorm ld = new LayerNorm(pd, "ln", 16);
        Rng rng = new Rng(4);
        pf.get("ln.gamma").value().assign(rng.normal(DataType.FLOAT, 1.0, 1, 16));
        pf.get("ln.beta").value().assign(rng.normal(DataType.FLOAT, 1.0, 1, 16));
        pd.copyFrom(pf);
        INDArray x = rng.normal(DataType.FLOAT, 3.0, 2, 5, 16);
        INDArray dy = rng.normal(DataType.FLOAT, 1.0, 2, 5, 16);
        close("y", lf.forward(x), ld.forward(x.castTo(DataType.DOUBLE)), 1e-5);
        close("dx", lf.backward(dy), ld.backward(dy.castTo(DataType.DOUBLE)), 1e-5);
        for (Param p : pf.list()) {
            close("d" + p.name(), p.grad(), pd.get(p.name()).grad(), 1e-5);
        }
    }

    @Test
    void aFloatEncoderAndDecoderBlockMatchTheSameBlockInDouble() {
        for (boolean decoder : new boolean[] {false, true}) {
            Params pf = new Params(DataType.FLOAT);
            Params pd = new Params(DataType.DOUBLE);
            Block f = block(decoder, pf);
            Block d = block(decoder, pd);
            pd.copyFrom(pf);
            Rng rng = new Rng(6);
            INDArray x = rng.normal(DataType.FLOAT, 1.0, 3 * 7, 16);
            INDArray memory = rng.normal(DataType.FLOAT, 1.0, 3 * 5, 16);
            INDArray dy = rng.normal(DataType.FLOAT, 1.0, 3 * 7, 16);
            String label = decoder ? "decoder" : "encoder";
            close(label + " y", f.forward(x, memory).dup(), d.forward(x.castTo(DataType.DOUBLE), memory.castTo(DataType.DOUBLE)), 1e-4);
            close(label + " dx", f.backward(dy).dup(), d.backward(dy.castTo(DataType.DOUBLE)), 1e-4);
            for (Param p : pf.list()) {
                close(label + " d" + p.name(), p.grad(), pd.get(p.name()).grad(), 1e-4);
            }
        }
    }

    private interface Block {
        INDArray forward(INDArray x, INDArray memory);

        INDArray backward(INDArray dy);
    }

    private static Block block(boolean decoder, Params p) {
        if (decoder) {
            DecoderBlock b = new DecoderBlock(p, "dec", 16, 2, 32, 0.0, true, new Rng(2));
            return new Block() {
                public INDArray forward(INDArray x, INDArray memory) {
                    return b.forward(x, 3, memory, null);
                }

                public INDArray backward(INDArray dy) {
                    return b.backward(dy);
                }
            };
        }
        EncoderBlock b = new EncoderBlock(p, "enc", 16, 2, 32, 0.0, new Rng(2));
        return new Block() {
            public INDArray forward(INDArray x, INDArray memory) {
                return b.forward(x, 3, null);
            }

            public INDArray backward(INDArray dy) {
                return b.backward(dy);
            }
        };
    }

    @Test
    void trainingLoopsOfAnEncoderBlockAndAnMlpKeepTheirResidentMemoryFlat() {
        Params p = new Params(DataType.FLOAT);
        EncoderBlock block = new EncoderBlock(p, "enc", 64, 4, 256, 0.0, new Rng(1));
        Optimizer adam = new Optimizer(p, new Adam(1e-3));
        INDArray x = new Rng(2).normal(DataType.FLOAT, 1.0, 8 * 32, 64);
        INDArray dy = new Rng(3).normal(DataType.FLOAT, 1.0, 8 * 32, 64);
        long blockGrowth = residentGrowth(() -> {
            p.zeroGrad();
            block.forward(x, 8, null);
            block.backward(dy);
            adam.step();
        });
        Params q = new Params(DataType.FLOAT);
        Mlp mlp = new Mlp(q, "mlp", new MlpConfig(196, List.of(128, 128), 10, Activation.RELU), new Rng(1));
        Optimizer mlpAdam = new Optimizer(q, new Adam(1e-3));
        SoftmaxCrossEntropy loss = new SoftmaxCrossEntropy();
        INDArray images = new Rng(4).normal(DataType.FLOAT, 1.0, 64, 196);
        int[] labels = new int[64];
        for (int i = 0; i < labels.length; i++) {
            labels[i] = i % 10;
        }
        long mlpGrowth = residentGrowth(() -> {
            q.zeroGrad();
            loss.forward(mlp.forward(images), labels);
            mlp.backward(loss.backward());
            mlpAdam.step();
        });
        System.out.printf("resident memory growth over 100 training steps: encoder block %,d bytes, MLP %,d bytes%n",
                blockGrowth, mlpGrowth);
        assertTrue(blockGrowth <= 32L << 20, "encoder block: resident memory grew by " + blockGrowth + " bytes");
        assertTrue(mlpGrowth <= 32L << 20, "MLP: resident memory grew by " + mlpGrowth + " bytes");
    }

    /** Resident memory growth over 100 steps after 20 warm-up steps (see FastPathAgreementTest for why). */
    private static long residentGrowth(Runnable step) {
        for (int i = 0; i < 20; i++) {
            step.run();
        }
        System.gc();
        long base = Pointer.physicalBytes();
        for (int i = 0; i < 100; i++) {
            step.run();
        }
        return Pointer.physicalBytes() - base;
    }

    private static void close(String what, INDArray fast, INDArray readable, double tolerance) {
        assertArrayEquals(readable.shape(), fast.shape(), what + ": shape");
        double scale = readable.amaxNumber().doubleValue();
        double diff = fast.castTo(DataType.DOUBLE).sub(readable.castTo(DataType.DOUBLE)).amaxNumber().doubleValue();
        assertTrue(diff / Math.max(scale, 1e-30) < tolerance,
                String.format("%s: max |float − double| = %.3g, relative %.3g", what, diff, diff / scale));
    }
}
