package jdl.nn.kernels;

import java.util.Arrays;

import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.openblas.global.openblas_nolapack;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Matrix products straight into an array the caller owns, C ← α·op(A)·op(B) + β·C, through OpenBLAS's
 * {@code cblas_?gemm} on the arrays' memory: no op objects, no native allocation, a few microseconds less per call
 * than {@code Nd4j.gemm}, which matters at 150 small products per recurrent training step. Checked where the
 * operands meet native code: one data type (FLOAT or DOUBLE) for all three, shapes that agree, and each operand a
 * contiguous row-major block of the stated size; anything else is refused with the argument's name, never read.
 */
public final class Blas {

    private Blas() {
    }

    /** C ← α·op(A)·op(B) + β·C for rank-2 arrays (non-contiguous views go through {@code Nd4j.gemm}). */
    public static void gemm(INDArray a, INDArray b, INDArray c, boolean transA, boolean transB, double alpha, double beta) {
        for (INDArray m : new INDArray[] {a, b, c}) {
            if (m.rank() != 2) {
                throw new IllegalArgumentException("gemm: expected matrices, got shapes " + Arrays.toString(a.shape())
                        + ", " + Arrays.toString(b.shape()) + " and " + Arrays.toString(c.shape()));
            }
        }
        if (contiguous(a) && contiguous(b) && contiguous(c)) {
            gemm(a, a.size(0), a.size(1), b, b.size(0), b.size(1), c, c.size(0), c.size(1), transA, transB, alpha, beta);
            return;
        }
        requireSameType(a, b, c);
        requireAgree(transA ? a.size(1) : a.size(0), transA ? a.size(0) : a.size(1),
                transB ? b.size(1) : b.size(0), transB ? b.size(0) : b.size(1), c.size(0), c.size(1));
        Nd4j.gemm(a, b, c, transA, transB, alpha, beta);
    }

    /**
     * The same with each operand read as a contiguous row-major block of rows × cols values (a [T, N, D] input read
     * as [T·N, D], for instance), without making a reshaped view.
     */
    public static void gemm(INDArray a, long aRows, long aCols, INDArray b, long bRows, long bCols,
                            INDArray c, long cRows, long cCols, boolean transA, boolean transB, double alpha, double beta) {
        requireSameType(a, b, c);
        requireBlock("A", a, aRows, aCols);
        requireBlock("B", b, bRows, bCols);
        requireBlock("C", c, cRows, cCols);
        long m = transA ? aCols : aRows;
        long k = transA ? aRows : aCols;
        long kb = transB ? bCols : bRows;
        long n = transB ? bRows : bCols;
        requireAgree(m, k, kb, n, cRows, cCols);
        int ta = transA ? openblas_nolapack.CblasTrans : openblas_nolapack.CblasNoTrans;
        int tb = transB ? openblas_nolapack.CblasTrans : openblas_nolapack.CblasNoTrans;
        if (c.dataType() == DataType.FLOAT) {
            openblas_nolapack.cblas_sgemm(openblas_nolapack.CblasRowMajor, ta, tb, (int) m, (int) n, (int) k, (float) alpha,
                    new FloatPointer(a.data().addressPointer()), (int) aCols,
                    new FloatPointer(b.data().addressPointer()), (int) bCols, (float) beta,
                    new FloatPointer(c.data().addressPointer()), (int) cCols);
        } else {
            openblas_nolapack.cblas_dgemm(openblas_nolapack.CblasRowMajor, ta, tb, (int) m, (int) n, (int) k, alpha,
                    new DoublePointer(a.data().addressPointer()), (int) aCols,
                    new DoublePointer(b.data().addressPointer()), (int) bCols, beta,
                    new DoublePointer(c.data().addressPointer()), (int) cCols);
        }
    }

    /**
     * Batched products of rank-3 arrays, C[i] ← α·op(A[i])·op(B[i]) for every i (β = 0): the attention scores
     * and their gradients, one gemm per sequence and head. A and B may be contiguous views (one head-split part of a
     * larger array) and are copied only if they are not contiguous; C must be dense.
     */
    public static void batchedGemm(INDArray a, INDArray b, INDArray c, boolean transA, boolean transB, double alpha) {
        requireSameType(a, b, c);
        if (a.rank() != 3 || b.rank() != 3 || c.rank() != 3 || a.size(0) != c.size(0) || b.size(0) != c.size(0)) {
            throw new IllegalArgumentException("batchedGemm: expected rank-3 arrays with one batch size, got shapes "
                    + Arrays.toString(a.shape()) + ", " + Arrays.toString(b.shape()) + " and " + Arrays.toString(c.shape()));
        }
        if (!HostArrays.isDense(c)) {
            throw new IllegalArgumentException("batchedGemm: C must be a dense row-major array, got strides "
                    + Arrays.toString(c.stride()) + " for shape " + Arrays.toString(c.shape()));
        }
        INDArray A = HostArrays.isContiguous(a) ? a : a.dup('c');
        INDArray B = HostArrays.isContiguous(b) ? b : b.dup('c');
        long m = transA ? A.size(2) : A.size(1);
        long k = transA ? A.size(1) : A.size(2);
        long kb = transB ? B.size(2) : B.size(1);
        long n = transB ? B.size(1) : B.size(2);
        requireAgree(m, k, kb, n, c.size(1), c.size(2));
        int batch = (int) A.size(0);
        int lda = (int) A.size(2);
        int ldb = (int) B.size(2);
        long strideA = A.size(1) * A.size(2);
        long strideB = B.size(1) * B.size(2);
        long strideC = m * n;
        int ta = transA ? openblas_nolapack.CblasTrans : openblas_nolapack.CblasNoTrans;
        int tb = transB ? openblas_nolapack.CblasTrans : openblas_nolapack.CblasNoTrans;
        if (c.dataType() == DataType.FLOAT) {
            FloatPointer pa = new FloatPointer(A.data().addressPointer());
            FloatPointer pb = new FloatPointer(B.data().addressPointer());
            FloatPointer pc = new FloatPointer(c.data().addressPointer());
            for (int i = 0; i < batch; i++) {
                pa.position(i * strideA);
                pb.position(i * strideB);
                pc.position(i * strideC);
                openblas_nolapack.cblas_sgemm(openblas_nolapack.CblasRowMajor, ta, tb, (int) m, (int) n, (int) k,
                        (float) alpha, pa, lda, pb, ldb, 0f, pc, (int) n);
            }
        } else {
            DoublePointer pa = new DoublePointer(A.data().addressPointer());
            DoublePointer pb = new DoublePointer(B.data().addressPointer());
            DoublePointer pc = new DoublePointer(c.data().addressPointer());
            for (int i = 0; i < batch; i++) {
                pa.position(i * strideA);
                pb.position(i * strideB);
                pc.position(i * strideC);
                openblas_nolapack.cblas_dgemm(openblas_nolapack.CblasRowMajor, ta, tb, (int) m, (int) n, (int) k,
                        alpha, pa, lda, pb, ldb, 0.0, pc, (int) n);
            }
        }
    }

    private static boolean contiguous(INDArray x) {
        return HostArrays.isContiguous(x);
    }

    private static void requireSameType(INDArray a, INDArray b, INDArray c) {
        DataType t = c.dataType();
        if (a.dataType() != t || b.dataType() != t || (t != DataType.FLOAT && t != DataType.DOUBLE)) {
            throw new IllegalArgumentException("gemm: expected one data type, FLOAT or DOUBLE, for A, B and C, got "
                    + a.dataType() + ", " + b.dataType() + " and " + c.dataType());
        }
    }

    private static void requireBlock(String name, INDArray x, long rows, long cols) {
        if (!contiguous(x)) {
            throw new IllegalArgumentException("gemm: " + name + " must be a contiguous row-major array, got strides "
                    + Arrays.toString(x.stride()) + " for shape " + Arrays.toString(x.shape()));
        }
        if (rows < 1 || cols < 1 || x.length() != rows * cols) {
            throw new IllegalArgumentException("gemm: " + name + " read as " + rows + "×" + cols + " needs "
                    + rows * cols + " values, got shape " + Arrays.toString(x.shape()));
        }
    }

    private static void requireAgree(long m, long k, long kb, long n, long cRows, long cCols) {
        if (k != kb || cRows != m || cCols != n) {
            throw new IllegalArgumentException("gemm: op(A) " + m + "×" + k + " times op(B) " + kb + "×" + n
                    + " into C " + cRows + "×" + cCols + ": the shapes do not agree");
        }
    }
}
