package jdl.nn.kernels;

import java.util.Arrays;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * The fast path of a recurrent sequence layer in float: forward and backpropagation through time over a whole
 * sequence, with every buffer kept between calls. It computes what {@code jdl.rnn.RecurrentLayer} computes with
 * the readable cells (the tests hold the two together), in this order:
 * <ul>
 * <li>forward: XW = X W_x + b for all steps in one product; per step one product h_{t−1} W_h added into the
 * step's rows of XW, one copy of those rows into a float[], the cell's gate arithmetic there
 * ({@link #gatesForward}), and one copy of h_t back into the output [T, N, H] (which is also h_{t−1} for the next
 * product);</li>
 * <li>backward, t = T−1 … 0: the state gradient (from the output plus from step t+1) in a float[], the cell's
 * gate derivatives ({@link #gatesBackward}), one copy of ∂L/∂a_t into dXW, the products ∂W_h += h_{t−1}ᵀ ∂a_t
 * and ∂h_{t−1} = ∂a_t W_hᵀ; at the end one product each for ∂W_x, ∂b and ∂X.</li>
 * </ul>
 * Native buffers are {@link Scratch}es sized for the largest T·N seen and float[]s grow the same way, so a training
 * loop of constant shape allocates no native memory after its first step. The output of {@link #forward} and
 * {@link #backward} belongs to the kernel: it is valid until the next call ({@code dup()} it to keep it).
 */
public abstract class RecurrentKernel {

    protected final Weight Wx;
    protected final Weight Wh;
    protected final Weight b;
    protected final int D;
    protected final int H;
    protected final int G;

    // shapes of the last forward
    protected int T;
    protected int N;

    // native buffers and their per-step row blocks
    private final Scratch xwBuffer = new Scratch(DataType.FLOAT);
    private final Scratch hsBuffer = new Scratch(DataType.FLOAT);
    private final Scratch dXwBuffer = new Scratch(DataType.FLOAT);
    private final Scratch dxBuffer = new Scratch(DataType.FLOAT);
    private final Scratch dHwBuffer = new Scratch(DataType.FLOAT);
    private final Scratch hwBuffer = new Scratch(DataType.FLOAT);
    private final Scratch dhPrevBuffer = new Scratch(DataType.FLOAT);
    private INDArray x;
    private INDArray xw;
    private INDArray hs;          // [(T + 1)·N, H]: h_{−1} (the initial state), then h_0 … h_{T−1}
    private INDArray hPrevAll;    // its first T·N rows: h_{t−1} for every step, for one ∂W_h product
    private INDArray hs3d;        // its last T·N rows as [T, N, H]: the output
    private INDArray dHw;         // ∂L/∂(h_{t−1} W_h) for every step, when it differs from ∂XW
    private INDArray dXw;
    private INDArray dx3d;
    private INDArray h0;
    private INDArray[] xwStep = new INDArray[0];
    private INDArray[] hsStep = new INDArray[0];
    private INDArray[] dXwStep = new INDArray[0];
    private INDArray[] dHwStep = new INDArray[0];

    // host copies, row-major; the state arrays hold slot 0 = the initial state and slot t + 1 = the state after step t
    /** Per step the gate pre-activations, then (after {@link #gatesForward}) the gate values: [T·N·G]. */
    protected float[] gates = new float[0];
    /** h_{t} in slot t + 1: [(T + 1)·N·H]. */
    protected float[] h = new float[0];
    /** c_{t} in slot t + 1 for cells with a cell state: [(T + 1)·N·H]. */
    protected float[] c = new float[0];
    /** One step's h_{t−1} W_h, for cells that need it apart from XW ({@link #separateRecurrentProduct}). */
    protected float[] hw = new float[0];
    /** Per step and row something the cell's backward needs besides the gates (the LSTM's tanh c_t): [T·N·H]. */
    protected float[] extra = new float[0];
    private float[] mask;

    // backward host arrays, one step each ([N·H] or [N·G])
    /** ∂L/∂h_t and ∂L/∂c_t of the step being differentiated (the state's total gradient, masked rows removed). */
    protected float[] dh = new float[0];
    protected float[] dc = new float[0];
    /** ∂L/∂(x_t W_x + b): what the gate derivatives write. */
    protected float[] dXwRow = new float[0];
    /** ∂L/∂(h_{t−1} W_h) where it differs from dXwRow ({@link #separateRecurrentProduct}). */
    protected float[] dHwRow = new float[0];
    /** ∂L/∂h_{t−1} and ∂L/∂c_{t−1} without the W_h product: the direct paths, written by the gate derivatives. */
    protected float[] dhPrev = new float[0];
    protected float[] dcPrev = new float[0];
    private float[] dhUp = new float[0];
    private float[] keepH = new float[0];
    private float[] keepC = new float[0];
    private float[] product = new float[0];
    private float[] bias = new float[0];
    private float[] dBias = new float[0];
    private double[] stateGradNorms;
    private boolean forwardDone;

    protected RecurrentKernel(Weight Wx, Weight Wh, Weight b, int hidden, int blocks) {
        this.Wx = Wx;
        this.Wh = Wh;
        this.b = b;
        this.D = (int) Wx.value().shape()[0];
        this.H = hidden;
        this.G = blocks * hidden;
    }

    /** True for a cell with a cell state c beside h (the LSTM). */
    public abstract boolean hasCellState();

    /** True if the cell needs h_{t−1} W_h apart from x_t W_x + b (the GRU's candidate); then it is in {@link #hw}. */
    protected abstract boolean separateRecurrentProduct();

    /**
     * Step t's gate arithmetic for n rows: the pre-activations are in {@code gates} from index t·n·G (and, if
     * separate, h_{t−1} W_h in {@code hw}); replace them with the gate values and write the new state into slot t + 1
     * of {@code h} (and {@code c}), reading the previous one from slot t.
     */
    protected abstract void gatesForward(int t, int n);

    /**
     * Step t's derivatives for n rows, given ∂L/∂h_t in {@code dh} (and ∂L/∂c_t in {@code dc}): write ∂L/∂a_t into
     * {@code dXwRow} (and {@code dHwRow} if separate), and the direct paths to the previous state into
     * {@code dhPrev} and {@code dcPrev} (zeros where there is none).
     */
    protected abstract void gatesBackward(int t, int n);

    /**
     * Forward over a sequence.
     *
     * @param x  [T, N, D], FLOAT
     * @param m  [T, N] of 0/1 (a padded step keeps the previous state), or null
     * @param h0 initial h [N, H], or null for zeros
     * @param c0 initial c [N, H] for a cell with a cell state, or null for zeros
     * @return h_t for every step, [T, N, H] (the kernel's buffer: valid until the next forward)
     */
    public INDArray forward(INDArray x, INDArray m, INDArray h0In, INDArray c0In) {
        require("x", x, DataType.FLOAT);
        resize((int) x.size(0), (int) x.size(1));
        int nH = N * H;
        this.x = HostArrays.isContiguous(x) ? x : x.dup('c');
        Blas.gemm(this.x, (long) T * N, D, Wx.value(), D, G, xw, (long) T * N, G, false, false, 1.0, 0.0);  // XW = X W_x
        HostArrays.read(b.value(), 0, bias, 0, G);                             // b is added in the gate loop
        mask = m == null ? null : hostCopy("mask", m, mask);
        // the initial state, natively for the first product and in slot 0 of the host state
        if (h0In == null) {
            h0.assign(0);
            Arrays.fill(h, 0, nH, 0f);
        } else {
            require("h0", h0In, DataType.FLOAT);
            requireShape("h0", h0In, N, H);
            h0.assign(h0In);
            HostArrays.read(h0, 0, h, 0, nH);
        }
        if (hasCellState()) {
            if (c0In == null) {
                Arrays.fill(c, 0, nH, 0f);
            } else {
                require("c0", c0In, DataType.FLOAT);
                requireShape("c0", c0In, N, H);
                hostCopy("c0", c0In, c);
            }
        }
        INDArray hw2d = separateRecurrentProduct() ? hwBuffer.view(N, G) : null;
        for (int t = 0; t < T; t++) {
            INDArray hPrevious = t == 0 ? h0 : hsStep[t - 1];
            if (hw2d == null) {
                Blas.gemm(hPrevious, Wh.value(), xwStep[t], false, false, 1.0, 1.0);   // a_t = x_t W_x + b + h_{t−1} W_h
            } else {
                Blas.gemm(hPrevious, Wh.value(), hw2d, false, false, 1.0, 0.0);         // h_{t−1} W_h, kept apart
                HostArrays.read(hw2d, 0, hw, 0, N * G);
            }
            HostArrays.read(xwStep[t], 0, gates, t * N * G, N * G);
            addBias(t * N * G);
            gatesForward(t, N);
            if (mask != null) {
                keepMaskedRows(t);
            }
            HostArrays.write(h, (t + 1) * nH, nH, hsStep[t], 0);
        }
        forwardDone = true;
        return hs3d;
    }

    /**
     * Backpropagation through time after {@link #forward}; adds into the gradients of W_x, W_h and b.
     *
     * @param dhOut      ∂L/∂h for every step [T, N, H], or null
     * @param dFinalH    ∂L/∂h_{T−1} from outside the outputs [N, H], or null
     * @param dFinalC    ∂L/∂c_{T−1} [N, H], or null
     * @param truncation cut the gradient at steps 0, k, 2k, … (0: full BPTT)
     * @return ∂L/∂x [T, N, D] (the kernel's buffer: valid until the next backward)
     */
    public INDArray backward(INDArray dhOut, INDArray dFinalH, INDArray dFinalC, int truncation) {
        if (!forwardDone) {
            throw new IllegalStateException("backward: call forward first");
        }
        int nH = N * H;
        if (dhOut != null) {
            require("dh", dhOut, DataType.FLOAT);
            requireShape("dh", dhOut, T, N, H);
            dhUp = hostCopy("dh", dhOut, dhUp);
        }
        // the state gradient carried from step t+1 lives in dhPrev/dcPrev between steps
        Arrays.fill(dhPrev, 0, nH, 0f);
        Arrays.fill(dcPrev, 0, nH, 0f);
        if (dFinalH != null) {
            require("dFinal.h", dFinalH, DataType.FLOAT);
            requireShape("dFinal.h", dFinalH, N, H);
            hostCopy("dFinal.h", dFinalH, dhPrev);
        }
        if (dFinalC != null && hasCellState()) {
            require("dFinal.c", dFinalC, DataType.FLOAT);
            requireShape("dFinal.c", dFinalC, N, H);
            hostCopy("dFinal.c", dFinalC, dcPrev);
        }
        stateGradNorms = new double[T];
        Arrays.fill(dBias, 0, G, 0f);
        INDArray dhPrevNative = dhPrevBuffer.view(N, H);
        for (int t = T - 1; t >= 0; t--) {
            // total gradient of the state after step t: from this step's output plus from step t+1
            double norm2 = 0;
            for (int i = 0; i < nH; i++) {
                float g = dhPrev[i] + (dhOut == null ? 0f : dhUp[t * nH + i]);
                dh[i] = g;
                norm2 += (double) g * g;
                dc[i] = dcPrev[i];
            }
            stateGradNorms[t] = Math.sqrt(norm2);
            if (mask != null) {
                splitMaskedRows(t);
            }
            gatesBackward(t, N);
            for (int row = 0; row < N; row++) {
                for (int j = 0; j < G; j++) {
                    dBias[j] += dXwRow[row * G + j];                                 // ∂b = Σ_rows ∂a_t
                }
            }
            HostArrays.write(dXwRow, 0, N * G, dXwStep[t], 0);
            INDArray dA = dXwStep[t];
            if (separateRecurrentProduct()) {
                HostArrays.write(dHwRow, 0, N * G, dHwStep[t], 0);
                dA = dHwStep[t];
            }
            Blas.gemm(dA, Wh.value(), dhPrevNative, false, true, 1.0, 0.0);           // ∂a_t W_hᵀ
            HostArrays.read(dhPrevNative, 0, product, 0, nH);
            for (int i = 0; i < nH; i++) {
                dhPrev[i] += product[i];                                              // ∂L/∂h_{t−1}
            }
            if (mask != null) {
                for (int i = 0; i < nH; i++) {                                        // padded rows pass through
                    dhPrev[i] += keepH[i];
                    dcPrev[i] += keepC[i];
                }
            }
            if (truncation > 0 && t % truncation == 0) {
                Arrays.fill(dhPrev, 0, nH, 0f);                                       // no gradient into the previous chunk
                Arrays.fill(dcPrev, 0, nH, 0f);
            }
        }
        long rows = (long) T * N;
        // ∂W_h = Σ_t h_{t−1}ᵀ ∂a_t, all steps in one product: [H, T·N] × [T·N, G]
        Blas.gemm(hPrevAll, separateRecurrentProduct() ? dHw : dXw, Wh.grad(), true, false, 1.0, 1.0);
        Blas.gemm(x, rows, D, dXw, rows, G, Wx.grad(), D, G, true, false, 1.0, 1.0);   // ∂W_x += Xᵀ ∂XW
        HostArrays.read(b.grad(), 0, product, 0, G);
        for (int j = 0; j < G; j++) {
            product[j] += dBias[j];
        }
        HostArrays.write(product, 0, G, b.grad(), 0);                                // ∂b += Σ ∂a_t
        Blas.gemm(dXw, rows, G, Wx.value(), D, G, dx3d, rows, D, false, true, 1.0, 0.0);   // ∂X = ∂XW W_xᵀ
        return dx3d;
    }

    /** ‖∂L/∂h_t‖ for every t, from the last backward. */
    public double[] stateGradNorms() {
        if (stateGradNorms == null) {
            throw new IllegalStateException("stateGradNorms: call backward first");
        }
        return stateGradNorms.clone();
    }

    /** h after the last step, a new [N, H] array. */
    public INDArray finalH() {
        return HostArrays.array(doubles(h, T * N * H, N * H), new long[] {N, H}, DataType.FLOAT);
    }

    /** c after the last step (cells with a cell state), a new [N, H] array. */
    public INDArray finalC() {
        return HostArrays.array(doubles(c, T * N * H, N * H), new long[] {N, H}, DataType.FLOAT);
    }

    /** ∂L/∂h_{−1} from the last backward, a new [N, H] array. */
    public INDArray initialGradH() {
        return HostArrays.array(doubles(dhPrev, 0, N * H), new long[] {N, H}, DataType.FLOAT);
    }

    /** ∂L/∂c_{−1} from the last backward, a new [N, H] array. */
    public INDArray initialGradC() {
        return HostArrays.array(doubles(dcPrev, 0, N * H), new long[] {N, H}, DataType.FLOAT);
    }

    private void resize(int t, int n) {
        if (t < 1 || n < 1) {
            throw new IllegalArgumentException("x: expected at least one step and one row, got T=" + t + ", N=" + n);
        }
        boolean same = t == T && n == N && xwStep.length == t;
        T = t;
        N = n;
        int rows = T * N;
        gates = grow(gates, rows * G);
        h = grow(h, (rows + N) * H);
        if (hasCellState()) {
            c = grow(c, (rows + N) * H);
        }
        hw = grow(hw, N * G);
        extra = grow(extra, rows * H);
        dh = grow(dh, N * H);
        dc = grow(dc, N * H);
        dXwRow = grow(dXwRow, N * G);
        dHwRow = grow(dHwRow, N * G);
        dhPrev = grow(dhPrev, N * H);
        dcPrev = grow(dcPrev, N * H);
        keepH = grow(keepH, N * H);
        keepC = grow(keepC, N * H);
        product = grow(product, Math.max(N * H, G));
        bias = grow(bias, G);
        dBias = grow(dBias, G);
        if (same) {
            return;
        }
        xw = xwBuffer.view(rows, G);
        hs = hsBuffer.view(rows + N, H);
        dXw = dXwBuffer.view(rows, G);
        dHw = separateRecurrentProduct() ? dHwBuffer.view(rows, G) : null;
        h0 = hs.get(NDArrayIndex.interval(0, N), NDArrayIndex.all());
        hPrevAll = hs.get(NDArrayIndex.interval(0, rows), NDArrayIndex.all());
        hs3d = hs.get(NDArrayIndex.interval(N, rows + N), NDArrayIndex.all()).reshape('c', T, N, H);
        dx3d = dxBuffer.view(T, N, D);
        xwStep = new INDArray[T];
        hsStep = new INDArray[T];
        dXwStep = new INDArray[T];
        dHwStep = new INDArray[T];
        for (int s = 0; s < T; s++) {
            xwStep[s] = xw.get(NDArrayIndex.interval((long) s * N, (long) (s + 1) * N), NDArrayIndex.all());
            hsStep[s] = hs.get(NDArrayIndex.interval((long) (s + 1) * N, (long) (s + 2) * N), NDArrayIndex.all());
            dXwStep[s] = dXw.get(NDArrayIndex.interval((long) s * N, (long) (s + 1) * N), NDArrayIndex.all());
            if (dHw != null) {
                dHwStep[s] = dHw.get(NDArrayIndex.interval((long) s * N, (long) (s + 1) * N), NDArrayIndex.all());
            }
        }
    }

    /** a_t += b, row by row, for step t's pre-activations at {@code from} in {@code gates}. */
    private void addBias(int from) {
        for (int row = 0; row < N; row++) {
            int k = from + row * G;
            for (int j = 0; j < G; j++) {
                gates[k + j] += bias[j];
            }
        }
    }

    /** Rows whose mask is 0 at step t keep the previous state: s_t = m ⊙ cell(x_t, s_{t−1}) + (1 − m) ⊙ s_{t−1}. */
    private void keepMaskedRows(int t) {
        int nH = N * H;
        for (int row = 0; row < N; row++) {
            if (mask[t * N + row] == 0f) {
                System.arraycopy(h, t * nH + row * H, h, (t + 1) * nH + row * H, H);
                if (hasCellState()) {
                    System.arraycopy(c, t * nH + row * H, c, (t + 1) * nH + row * H, H);
                }
            }
        }
    }

    /** Padded rows: the state gradient skips the cell (keep) and the cell sees none (dh, dc = 0). */
    private void splitMaskedRows(int t) {
        for (int row = 0; row < N; row++) {
            int from = row * H;
            if (mask[t * N + row] == 0f) {
                System.arraycopy(dh, from, keepH, from, H);
                System.arraycopy(dc, from, keepC, from, H);
                Arrays.fill(dh, from, from + H, 0f);
                Arrays.fill(dc, from, from + H, 0f);
            } else {
                Arrays.fill(keepH, from, from + H, 0f);
                Arrays.fill(keepC, from, from + H, 0f);
            }
        }
    }

    private static float[] hostCopy(String name, INDArray a, float[] into) {
        float[] out = grow(into, (int) a.length());
        if (a.dataType() != DataType.FLOAT) {
            throw new IllegalArgumentException(name + ": expected FLOAT like x, got " + a.dataType());
        }
        INDArray dense = HostArrays.isContiguous(a) ? a : a.dup('c');
        HostArrays.read(dense, 0, out, 0, (int) a.length());
        return out;
    }

    private static float[] grow(float[] a, int n) {
        return a != null && a.length >= n ? a : new float[n];
    }

    private static double[] doubles(float[] a, int from, int n) {
        double[] out = new double[n];
        for (int i = 0; i < n; i++) {
            out[i] = a[from + i];
        }
        return out;
    }

    private static void requireShape(String name, INDArray a, long... shape) {
        if (!Arrays.equals(a.shape(), shape)) {
            throw new IllegalArgumentException(name + ": expected shape " + Arrays.toString(shape) + ", got "
                    + Arrays.toString(a.shape()));
        }
    }

    private void require(String name, INDArray a, DataType type) {
        if (a.dataType() != type) {
            throw new IllegalArgumentException(name + ": expected " + type + " for the fast recurrent kernel, got "
                    + a.dataType());
        }
    }
}
