package jdl.nn.kernels;

import static jdl.nn.kernels.FastMath.sigmoid;
import static jdl.nn.kernels.FastMath.tanh;

/**
 * The GRU's gate arithmetic in float for {@link RecurrentKernel}; the readable version is {@code jdl.rnn.GruCell}.
 * Gates per row [z | r | n]: z, r = σ(xw + hw), n = tanh(xw_n + r ⊙ hw_n), h_t = (1 − z) ⊙ n + z ⊙ h_{t−1}.
 * hw = h_{t−1} W_h is needed apart from xw (r multiplies only its candidate part), so the product is separate.
 * Rows are unpacked into one array per quantity, one σ or tanh per loop, so that each loop vectorises (see
 * {@link LstmKernel}).
 */
public final class GruKernel extends RecurrentKernel {

    private final float[] z;
    private final float[] r;
    private final float[] n;
    private final float[] hwZ;
    private final float[] hwR;
    private final float[] hwN;
    private final float[] hPrev;
    private final float[] hNext;
    private final float[] dhRow;

    public GruKernel(Weight Wx, Weight Wh, Weight b, int hidden) {
        super(Wx, Wh, b, hidden, 3);
        z = new float[hidden];
        r = new float[hidden];
        n = new float[hidden];
        hwZ = new float[hidden];
        hwR = new float[hidden];
        hwN = new float[hidden];
        hPrev = new float[hidden];
        hNext = new float[hidden];
        dhRow = new float[hidden];
    }

    @Override
    public boolean hasCellState() {
        return false;
    }

    @Override
    protected boolean separateRecurrentProduct() {
        return true;
    }

    @Override
    protected void gatesForward(int t, int rows) {
        for (int row = 0; row < rows; row++) {
            int k = t * rows * G + row * G;           // the row's [z | r | n] in gates
            int w = row * G;                          // its h_{t−1} W_h in hw
            int p = t * rows * H + row * H;           // its h_{t−1} (slot t); hw_n goes to extra
            int q = p + rows * H;                     // its h_t (slot t + 1)
            unpack(k, p);
            System.arraycopy(hw, w, hwZ, 0, H);
            System.arraycopy(hw, w + H, hwR, 0, H);
            System.arraycopy(hw, w + 2 * H, hwN, 0, H);
            for (int j = 0; j < H; j++) {
                z[j] = sigmoid(z[j] + hwZ[j]);                          // update gate
            }
            for (int j = 0; j < H; j++) {
                r[j] = sigmoid(r[j] + hwR[j]);                          // reset gate
            }
            for (int j = 0; j < H; j++) {
                n[j] = tanh(n[j] + r[j] * hwN[j]);                      // candidate n = tanh(xw_n + r ⊙ hw_n)
            }
            for (int j = 0; j < H; j++) {
                hNext[j] = (1 - z[j]) * n[j] + z[j] * hPrev[j];         // h_t = (1 − z) ⊙ n + z ⊙ h_{t−1}
            }
            System.arraycopy(z, 0, gates, k, H);
            System.arraycopy(r, 0, gates, k + H, H);
            System.arraycopy(n, 0, gates, k + 2 * H, H);
            System.arraycopy(hwN, 0, extra, p, H);
            System.arraycopy(hNext, 0, h, q, H);
        }
    }

    @Override
    protected void gatesBackward(int t, int rows) {
        float[] daZ = hwZ;                            // the forward's row arrays, reused for the derivatives
        float[] daR = hwR;
        float[] daN = hNext;
        float[] dCandidate = dhRow;
        for (int row = 0; row < rows; row++) {
            int k = t * rows * G + row * G;
            int p = t * rows * H + row * H;
            int at = row * H;
            int d = row * G;
            unpack(k, p);
            System.arraycopy(extra, p, hwN, 0, H);
            System.arraycopy(dh, at, dhRow, 0, H);
            for (int j = 0; j < H; j++) {
                float dz = dhRow[j] * (hPrev[j] - n[j]);                // ∂h/∂z = h_{t−1} − n
                float dn = dhRow[j] * (1 - z[j]) * (1 - n[j] * n[j]);   // dn ⊙ (1 − n²)
                float dr = dn * hwN[j];
                hPrev[j] = dhRow[j] * z[j];                             // direct path: z ⊙ dh
                daZ[j] = dz * z[j] * (1 - z[j]);
                daR[j] = dr * r[j] * (1 - r[j]);
                daN[j] = dn;
                dCandidate[j] = dn * r[j];                              // the candidate sees r ⊙ hw_n
            }
            System.arraycopy(daZ, 0, dXwRow, d, H);
            System.arraycopy(daR, 0, dXwRow, d + H, H);
            System.arraycopy(daN, 0, dXwRow, d + 2 * H, H);
            System.arraycopy(daZ, 0, dHwRow, d, H);
            System.arraycopy(daR, 0, dHwRow, d + H, H);
            System.arraycopy(dCandidate, 0, dHwRow, d + 2 * H, H);
            System.arraycopy(hPrev, 0, dhPrev, at, H);
        }
    }

    /** The row's gates at k and its h_{t−1} at p into the row arrays. */
    private void unpack(int k, int p) {
        System.arraycopy(gates, k, z, 0, H);
        System.arraycopy(gates, k + H, r, 0, H);
        System.arraycopy(gates, k + 2 * H, n, 0, H);
        System.arraycopy(h, p, hPrev, 0, H);
    }
}
