package jdl.gan;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

import jdl.nn.Rng;

/** A source of real samples: {@code n} rows of data (and their classes, for a conditional GAN). */
@FunctionalInterface
public interface Sampler {

    /** Real samples [n, dataDim]; {@code classes}, if not null, receives each row's class. */
    INDArray sample(int n, Rng rng, DataType dtype, int[] classes);
}
