package jdl.glimpse;

import org.nd4j.linalg.api.ndarray.INDArray;

import jdl.nn.Init;
import jdl.nn.Linear;
import jdl.nn.Params;
import jdl.nn.Relu;
import jdl.nn.Rng;
import jdl.nn.Shapes;

/**
 * The glimpse network f_g of Mnih et al. (2014): it combines what the sensor saw, ρ(x, l), with where it looked, l,
 * into one glimpse vector
 * <pre>
 *   h_g = ReLU(ρ W_ρ + b_ρ),   h_l = ReLU(l W_l + b_l),   g = ReLU(h_g W_hg + h_l W_hl + b_g).
 * </pre>
 * It has no memory, so the model runs it once per step forward and once over all steps stacked for the backward
 * pass. Backward: through each ReLU and Linear in reverse; it returns ∂L/∂ρ and ∂L/∂l (neither flows further: the
 * sensor picks pixels and the locations are samples).
 */
public final class GlimpseNetwork {

    private final Linear what;       // ρ → h_g
    private final Linear where;      // l → h_l
    private final Linear whatOut;    // h_g → g (with b_g)
    private final Linear whereOut;   // h_l → g (no separate bias needed, but Linear has one: b_g is their sum)
    private final Relu reluWhat = new Relu();
    private final Relu reluWhere = new Relu();
    private final Relu reluOut = new Relu();
    private final int input;

    public GlimpseNetwork(Params store, String name, int glimpseInput, int hidden, int out, Rng rng) {
        this.input = glimpseInput;
        this.what = new Linear(store, name + ".what", glimpseInput, hidden, Init.XAVIER_UNIFORM, rng);
        this.where = new Linear(store, name + ".where", 2, hidden, Init.XAVIER_UNIFORM, rng);
        this.whatOut = new Linear(store, name + ".whatOut", hidden, out, Init.XAVIER_UNIFORM, rng);
        this.whereOut = new Linear(store, name + ".whereOut", hidden, out, Init.XAVIER_UNIFORM, rng);
    }

    /** g for glimpses ρ [n, input] seen at locations l [n, 2]; keeps what backward needs. */
    public INDArray forward(INDArray rho, INDArray l) {
        Shapes.requireFeatures("rho", rho, input, null);
        Shapes.requireSameShape("l", l, new long[] {rho.size(0), 2});
        INDArray hg = reluWhat.forward(what.forward(rho));                 // h_g = ReLU(ρ W_ρ + b_ρ)
        INDArray hl = reluWhere.forward(where.forward(l));                 // h_l = ReLU(l W_l + b_l)
        return reluOut.forward(whatOut.forward(hg).addi(whereOut.forward(hl)));   // g = ReLU(h_g W_hg + h_l W_hl + b)
    }

    /** Takes ∂L/∂g, adds the parameter gradients, returns {∂L/∂ρ, ∂L/∂l}. */
    public INDArray[] backward(INDArray dg) {
        INDArray da = reluOut.backward(dg);                                // the sum inside the last ReLU
        INDArray dRho = what.backward(reluWhat.backward(whatOut.backward(da)));
        INDArray dl = where.backward(reluWhere.backward(whereOut.backward(da)));
        return new INDArray[] {dRho, dl};
    }

    public int inputSize() {
        return input;
    }

    public int outputSize() {
        return whatOut.outputSize();
    }
}
