package jdl.nn;

/** The activation functions by name, for configurations. */
public enum Activation {
    TANH, SIGMOID, RELU, LEAKY_RELU;

    /** A new layer computing this activation (LeakyReLU with α = 0.2, as in GAN discriminators). */
    public Layer layer() {
        return switch (this) {
            case TANH -> new Tanh();
            case SIGMOID -> new Sigmoid();
            case RELU -> new Relu();
            case LEAKY_RELU -> new LeakyRelu(0.2);
        };
    }

    /** The initialiser that keeps activations' variance steady through this non-linearity. */
    public Init defaultInit() {
        return this == RELU || this == LEAKY_RELU ? Init.HE_NORMAL : Init.XAVIER_UNIFORM;
    }
}
