package jdl.nn.kernels;

import static jdl.nn.kernels.FastMath.tanh;

/**
 * The LSTM's gate arithmetic in float for {@link RecurrentKernel}; the readable version, with the same equations
 * in double, is {@code jdl.rnn.LstmCell}. Gates per row [i | f | o | g]: i, f, o = σ(a), g = tanh(a),
 * c_t = f ⊙ c_{t−1} + i ⊙ g, h_t = o ⊙ tanh(c_t).
 *
 * <p>Written for the JIT's vectoriser: each row is copied into one small array per quantity, so that every loop reads
 * and writes its arrays at the same index j (with two offsets into one array the JIT must assume they overlap), and
 * each loop holds at most one σ or tanh (a longer body is not unrolled, hence not turned into SIMD instructions).
 * Measured on the reference machine: the fused one-loop version of this forward took 11.7 ms per training step of
 * the benchmark, these short loops 2–3 ms.
 */
public final class LstmKernel extends RecurrentKernel {

    private final float[] i;
    private final float[] f;
    private final float[] o;
    private final float[] g;
    private final float[] cPrev;
    private final float[] cNext;
    private final float[] tanhC;
    private final float[] hNext;
    private final float[] dhRow;
    private final float[] dcRow;

    public LstmKernel(Weight Wx, Weight Wh, Weight b, int hidden) {
        super(Wx, Wh, b, hidden, 4);
        i = new float[hidden];
        f = new float[hidden];
        o = new float[hidden];
        g = new float[hidden];
        cPrev = new float[hidden];
        cNext = new float[hidden];
        tanhC = new float[hidden];
        hNext = new float[hidden];
        dhRow = new float[hidden];
        dcRow = new float[hidden];
    }

    @Override
    public boolean hasCellState() {
        return true;
    }

    @Override
    protected boolean separateRecurrentProduct() {
        return false;
    }

    @Override
    protected void gatesForward(int t, int n) {
        for (int row = 0; row < n; row++) {
            int k = t * n * G + row * G;              // the row's [i | f | o | g] in gates
            int p = t * n * H + row * H;              // its c_{t−1} (slot t) and its tanh c_t in extra
            int q = p + n * H;                        // its c_t, h_t (slot t + 1)
            FastMath.sigmoid(gates, k, k + 3 * H);                      // i, f, o = σ(a_i), σ(a_f), σ(a_o)
            FastMath.tanh(gates, k + 3 * H, k + 4 * H);                 // g = tanh(a_g)
            unpack(k, p);
            for (int j = 0; j < H; j++) {
                cNext[j] = f[j] * cPrev[j] + i[j] * g[j];               // c_t = f ⊙ c_{t−1} + i ⊙ g
            }
            for (int j = 0; j < H; j++) {
                tanhC[j] = tanh(cNext[j]);
            }
            for (int j = 0; j < H; j++) {
                hNext[j] = o[j] * tanhC[j];                             // h_t = o ⊙ tanh(c_t)
            }
            System.arraycopy(cNext, 0, c, q, H);
            System.arraycopy(tanhC, 0, extra, p, H);
            System.arraycopy(hNext, 0, h, q, H);
        }
    }

    @Override
    protected void gatesBackward(int t, int n) {
        float[] di = hNext;                           // the forward's row arrays, reused for the derivatives
        float[] df = cNext;
        float[] dO = dcRow;
        for (int row = 0; row < n; row++) {
            int k = t * n * G + row * G;
            int p = t * n * H + row * H;
            int at = row * H;
            int d = row * G;
            unpack(k, p);
            System.arraycopy(extra, p, tanhC, 0, H);
            System.arraycopy(dh, at, dhRow, 0, H);
            System.arraycopy(dc, at, dcRow, 0, H);
            for (int j = 0; j < H; j++) {
                float dcTotal = dhRow[j] * o[j] * (1 - tanhC[j] * tanhC[j]) + dcRow[j];   // dh ⊙ o ⊙ (1 − tanh²c) + dc
                dO[j] = dhRow[j] * tanhC[j] * o[j] * (1 - o[j]);        // do through σ′
                di[j] = dcTotal * g[j] * i[j] * (1 - i[j]);             // di through σ′
                df[j] = dcTotal * cPrev[j] * f[j] * (1 - f[j]);         // df through σ′
                g[j] = dcTotal * i[j] * (1 - g[j] * g[j]);              // dg through tanh′ (g is not needed after)
                cPrev[j] = dcTotal * f[j];                              // ∂L/∂c_{t−1} = dc ⊙ f
            }
            System.arraycopy(di, 0, dXwRow, d, H);
            System.arraycopy(df, 0, dXwRow, d + H, H);
            System.arraycopy(dO, 0, dXwRow, d + 2 * H, H);
            System.arraycopy(g, 0, dXwRow, d + 3 * H, H);
            System.arraycopy(cPrev, 0, dcPrev, at, H);
            java.util.Arrays.fill(dhPrev, at, at + H, 0f);
        }
    }

    /** The row's gates at k and its c_{t−1} at p into the row arrays. */
    private void unpack(int k, int p) {
        System.arraycopy(gates, k, i, 0, H);
        System.arraycopy(gates, k + H, f, 0, H);
        System.arraycopy(gates, k + 2 * H, o, 0, H);
        System.arraycopy(gates, k + 3 * H, g, 0, H);
        System.arraycopy(c, p, cPrev, 0, H);
    }
}
