package jdl.bench;

import java.util.concurrent.TimeUnit;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import jdl.nn.Params;
import jdl.nn.Rng;
import jdl.transformer.EncoderBlock;

/**
 * One pre-LN Transformer encoder block ({@link EncoderBlock}), forward and backward (no optimiser step), float32,
 * at N = 16 sequences × T = 64 tokens = 1,024 tokens, d = 128, 4 heads (d_k = 32), FFN 512, no mask, no dropout;
 * and, in the same run, the gemm peak at the block's own shapes.
 *
 * <p>FLOPs of the block, matrix products only (forward 2·m·n·k each, backward twice the forward):
 * <pre>
 *   QKV projection   2 · 1024 · 128 · 384         100,663,296
 *   scores Q Kᵀ      2 · 16 · 4 · 64 · 64 · 32     16,777,216
 *   P V              the same                        16,777,216
 *   output W^O       2 · 1024 · 128 · 128          33,554,432
 *   FFN, 2 layers    2 · 2 · 1024 · 128 · 512     268,435,456
 *   forward                                        436,207,616
 *   forward + backward (× 3)                     1,308,622,848
 * </pre>
 * Layer norms, softmax, ReLU, residual additions and the head reshapes are not counted (they are the overhead
 * this benchmark is meant to expose). The gemm references: 1024×128 times 128×512 (the first FFN product) and
 * 512³, each into a preallocated C.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class TransformerBench {

    public static final int N = 16;
    public static final int T = 64;
    public static final int D = 128;
    public static final int HEADS = 4;
    public static final int FFN = 512;
    private static final double M = N * T;
    public static final double FLOPS_FORWARD = 2 * M * D * 3 * D + 2 * 2.0 * N * T * T * D + 2 * M * D * D
            + 2 * 2 * M * D * FFN;
    /** Forward + backward. */
    public static final double FLOPS_BLOCK = 3 * FLOPS_FORWARD;
    public static final double FLOPS_GEMM_FFN = 2.0 * 1024 * 128 * 512;
    public static final double FLOPS_GEMM_512 = 2.0 * 512 * 512 * 512;

    private EncoderBlock block;
    private INDArray x;
    private INDArray dy;
    private INDArray a1;
    private INDArray b1;
    private INDArray c1;
    private INDArray a2;
    private INDArray b2;
    private INDArray c2;

    @Setup
    public void setup() {
        Threads.report("transformer");
        Rng rng = new Rng(1);
        Params params = new Params(DataType.FLOAT);
        block = new EncoderBlock(params, "enc", D, HEADS, FFN, 0.0, rng);
        x = rng.normal(DataType.FLOAT, 1.0, N * T, D);
        dy = rng.normal(DataType.FLOAT, 1.0, N * T, D);
        a1 = rng.normal(DataType.FLOAT, 1.0, 1024, 128);
        b1 = rng.normal(DataType.FLOAT, 1.0, 128, 512);
        c1 = Nd4j.create(DataType.FLOAT, 1024, 512);
        a2 = rng.normal(DataType.FLOAT, 1.0, 512, 512);
        b2 = rng.normal(DataType.FLOAT, 1.0, 512, 512);
        c2 = Nd4j.create(DataType.FLOAT, 512, 512);
    }

    @Benchmark
    public INDArray encoderBlock() {
        block.forward(x, N, null);
        return block.backward(dy);
    }

    @Benchmark
    public INDArray gemm1024x128x512() {
        Nd4j.gemm(a1, b1, c1, false, false, 1.0, 0.0);
        return c1;
    }

    @Benchmark
    public INDArray gemm512() {
        Nd4j.gemm(a2, b2, c2, false, false, 1.0, 0.0);
        return c2;
    }
}
