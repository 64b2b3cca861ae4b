package jdl.nn;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * The parameter store of one model: every layer registers its weights here by name ("fc1.W"), in one
 * data type. On first use by an optimiser (or {@link #pack()}) all values are moved into one flat array
 * and all gradients into another, each parameter keeping views of its slice, so that zeroing, clipping,
 * the NaN check and the optimiser step are each one operation for the whole model.
 */
public final class Params {

    private final DataType dtype;
    private final Map<String, Param> byName = new LinkedHashMap<>();
    private INDArray flatValues;
    private INDArray flatGrads;

    public Params(DataType dtype) {
        if (dtype != DataType.FLOAT && dtype != DataType.DOUBLE) {
            throw new IllegalArgumentException("dtype: expected FLOAT or DOUBLE, got " + dtype);
        }
        this.dtype = dtype;
    }

    public DataType dataType() {
        return dtype;
    }

    /** Registers a parameter with its initial value (copied, cast to the store's type). */
    public Param add(String name, INDArray initial) {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("name: expected a non-empty parameter name, got '" + name + "'");
        }
        if (byName.containsKey(name)) {
            throw new IllegalArgumentException("name: a parameter called '" + name + "' already exists");
        }
        if (initial == null) {
            throw new IllegalArgumentException("initial: expected the initial value of '" + name + "', got null");
        }
        if (flatValues != null) {
            throw new IllegalStateException("Cannot add parameter '" + name + "': the store is already packed"
                    + " (create all layers before the optimiser)");
        }
        INDArray value = initial.castTo(dtype).dup('c');
        Param p = new Param(name, value, Nd4j.zeros(dtype, value.shape()));
        byName.put(name, p);
        return p;
    }

    /** Moves values and gradients into flat arrays; idempotent. */
    public void pack() {
        if (flatValues != null) {
            return;
        }
        long total = count();
        if (total == 0) {
            throw new IllegalStateException("Cannot pack an empty parameter store");
        }
        flatValues = Nd4j.create(dtype, 1, total);
        flatGrads = Nd4j.zeros(dtype, 1, total);
        long offset = 0;
        for (Param p : byName.values()) {
            long n = p.length();
            INDArray v = flatValues.get(NDArrayIndex.point(0), NDArrayIndex.interval(offset, offset + n)).reshape('c', p.shape());
            INDArray g = flatGrads.get(NDArrayIndex.point(0), NDArrayIndex.interval(offset, offset + n)).reshape('c', p.shape());
            v.assign(p.value());
            g.assign(p.grad());
            p.repoint(v, g);
            offset += n;
        }
    }

    /** All values as one row vector [1, count()] (packs the store). */
    public INDArray flatValues() {
        pack();
        return flatValues;
    }

    /** All gradients as one row vector [1, count()] (packs the store). */
    public INDArray flatGrads() {
        pack();
        return flatGrads;
    }

    public Param get(String name) {
        Param p = byName.get(name);
        if (p == null) {
            throw new IllegalArgumentException("name: no parameter '" + name + "'; have " + byName.keySet());
        }
        return p;
    }

    public List<Param> list() {
        return Collections.unmodifiableList(new ArrayList<>(byName.values()));
    }

    /** Total number of scalar parameters. */
    public long count() {
        return byName.values().stream().mapToLong(Param::length).sum();
    }

    /** Number of scalars per parameter, in registration order. */
    public Map<String, Long> counts() {
        Map<String, Long> counts = new LinkedHashMap<>();
        byName.forEach((name, p) -> counts.put(name, p.length()));
        return counts;
    }

    /** Sets every gradient to zero. */
    public void zeroGrad() {
        if (flatGrads != null) {
            flatGrads.assign(0);
        } else {
            byName.values().forEach(p -> p.grad().assign(0));
        }
    }

    /** The global L2 norm of all gradients, sqrt(Σ ‖g‖²). */
    public double gradNorm() {
        return flatGrads().norm2Number().doubleValue();
    }

    /**
     * Global-norm clipping (Pascanu et al. 2013): if ‖g‖ > maxNorm, scale every gradient by maxNorm/‖g‖.
     * Returns the norm before clipping.
     */
    public double clipGradNorm(double maxNorm) {
        if (!(maxNorm > 0)) {
            throw new IllegalArgumentException("maxNorm: expected a positive number, got " + maxNorm);
        }
        double norm = gradNorm();
        if (norm > maxNorm) {
            flatGrads.muli(maxNorm / norm);
        }
        return norm;
    }

    /** The name of the first parameter whose gradient holds a NaN or infinity, or null. */
    public String firstNonFiniteGrad() {
        return firstNonFinite(true);
    }

    /** The name of the first parameter whose value holds a NaN or infinity, or null. */
    public String firstNonFiniteValue() {
        return firstNonFinite(false);
    }

    private String firstNonFinite(boolean grads) {
        INDArray all = grads ? flatGrads() : flatValues();
        double sum = all.sumNumber().doubleValue();   // one op: NaN or ±Inf anywhere makes the sum non-finite
        if (Double.isFinite(sum)) {
            return null;
        }
        for (Param p : byName.values()) {   // rare: look for the culprit element by element
            INDArray a = grads ? p.grad() : p.value();
            if (a.isNaN().any() || a.isInfinite().any()) {
                return p.name();
            }
        }
        return null;                        // every value is finite; only their sum overflowed
    }

    /** Copies all values from {@code other}, which must have the same names and shapes. */
    public void copyFrom(Params other) {
        if (!counts().equals(other.counts())) {
            throw new IllegalArgumentException("other: expected parameters " + counts() + ", got " + other.counts());
        }
        for (Param p : byName.values()) {
            Param q = other.get(p.name());
            if (!Arrays.equals(p.shape(), q.shape())) {
                throw new IllegalArgumentException("other: parameter " + p.name() + " has shape "
                        + Arrays.toString(q.shape()) + ", expected " + Arrays.toString(p.shape()));
            }
            p.value().assign(q.value());
        }
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        byName.values().forEach(p -> sb.append(String.format("%-24s %-14s %,10d%n", p.name(),
                Arrays.toString(p.shape()), p.length())));
        sb.append(String.format("%-24s %-14s %,10d", "total", "", count()));
        return sb.toString();
    }
}
