package jdl.nn;

/** Training produced a NaN or infinity; the message names the step, the loss and the parameter. */
public final class TrainingDiverged extends ArithmeticException {
    public TrainingDiverged(String message) {
        super(message);
    }
}
