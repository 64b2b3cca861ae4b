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

import jdl.nn.Rng;

/**
 * The machine's reference peak: one float32 {@code Nd4j.gemm} C = A B with A, B, C all 256×256, written into
 * a preallocated C (no allocation, no elementwise work).
 *
 * <p>FLOPs per call: 2·m·n·k = 2·256³ = 33,554,432.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class GemmBench {

    public static final int SIZE = 256;
    /** 2·m·n·k. */
    public static final double FLOPS = 2.0 * SIZE * SIZE * SIZE;

    private INDArray a;
    private INDArray b;
    private INDArray c;

    @Setup
    public void setup() {
        Threads.report("gemm");
        Rng rng = new Rng(1);
        a = rng.normal(DataType.FLOAT, 1.0, SIZE, SIZE);
        b = rng.normal(DataType.FLOAT, 1.0, SIZE, SIZE);
        c = Nd4j.create(DataType.FLOAT, SIZE, SIZE);
    }

    @Benchmark
    public INDArray gemm256() {
        Nd4j.gemm(a, b, c, false, false, 1.0, 0.0);
        return c;
    }
}
