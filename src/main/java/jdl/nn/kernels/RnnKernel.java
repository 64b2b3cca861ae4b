package jdl.nn.kernels;

/**
 * The vanilla RNN's step in float for {@link RecurrentKernel}: h_t = tanh(a_t), or h_t = a_t when linear; the
 * readable version is {@code jdl.rnn.RnnCell}.
 */
public final class RnnKernel extends RecurrentKernel {

    private final boolean linear;

    public RnnKernel(Weight Wx, Weight Wh, Weight b, int hidden, boolean linear) {
        super(Wx, Wh, b, hidden, 1);
        this.linear = linear;
    }

    @Override
    public boolean hasCellState() {
        return false;
    }

    @Override
    protected boolean separateRecurrentProduct() {
        return false;
    }

    @Override
    protected void gatesForward(int t, int n) {
        int from = t * n * H;
        int next = (t + 1) * n * H;
        if (!linear) {
            FastMath.tanh(gates, from, from + n * H);
        }
        System.arraycopy(gates, from, h, next, n * H);
    }

    @Override
    protected void gatesBackward(int t, int n) {
        int from = t * n * H;
        if (linear) {
            System.arraycopy(dh, 0, dXwRow, 0, n * H);                  // ∂a = ∂h
        } else {
            System.arraycopy(gates, from, dXwRow, 0, n * H);            // h_t, then at the same index:
            for (int at = 0; at < n * H; at++) {
                dXwRow[at] = dh[at] * (1 - dXwRow[at] * dXwRow[at]);     // ∂a = ∂h ⊙ (1 − h²)
            }
        }
        java.util.Arrays.fill(dhPrev, 0, n * H, 0f);
    }
}
