package jdl.rnn;

import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.EigenDecomposition;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Eigenvalues of a recurrent weight matrix: their largest modulus (the spectral radius) decides whether
 * repeated multiplication by W_h shrinks (&lt; 1) or grows (&gt; 1) a gradient. */
public final class Spectra {

    private Spectra() {
    }

    /** The eigenvalues of a square matrix as {real parts, imaginary parts}. */
    public static double[][] eigenvalues(INDArray w) {
        if (w.rank() != 2 || w.rows() != w.columns()) {
            throw new IllegalArgumentException("w: expected a square matrix, got shape " + java.util.Arrays.toString(w.shape()));
        }
        EigenDecomposition e = new EigenDecomposition(new Array2DRowRealMatrix(w.toDoubleMatrix()));
        return new double[][] {e.getRealEigenvalues(), e.getImagEigenvalues()};
    }

    /** max |λ|. */
    public static double spectralRadius(INDArray w) {
        double[][] ev = eigenvalues(w);
        double r = 0;
        for (int i = 0; i < ev[0].length; i++) {
            r = Math.max(r, Math.hypot(ev[0][i], ev[1][i]));
        }
        return r;
    }

    /** W scaled so that its spectral radius is {@code radius} (in place; returns w). */
    public static INDArray scaleToRadius(INDArray w, double radius) {
        if (!(radius > 0)) {
            throw new IllegalArgumentException("radius: expected a positive spectral radius, got " + radius);
        }
        double current = spectralRadius(w);
        if (current == 0) {
            throw new IllegalArgumentException("w: has spectral radius 0 and cannot be scaled to " + radius);
        }
        return w.muli(radius / current);
    }
}
