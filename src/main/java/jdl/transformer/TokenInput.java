package jdl.transformer;

import org.nd4j.linalg.api.ndarray.INDArray;

import jdl.nn.Dropout;
import jdl.nn.Embedding;
import jdl.nn.Params;
import jdl.nn.Rng;

/**
 * A Transformer's input layer: x_t = √d · E[token_t] + position_t, then dropout (Vaswani et al. 2017, §3.4–3.5).
 * The embedding starts at N(0, 1/d), so √d · E has unit-size components, like the positional table.
 * Token ids are sequence-major: index n·T + t is token t of sequence n.
 */
public final class TokenInput {

    private final int d;
    private final double scale;
    private final Embedding embedding;
    private final PositionalEncoding sinusoidal;   // one of these two, or neither
    private final LearnedPositions learned;
    private final Dropout dropout;

    public TokenInput(Params store, String name, int vocabulary, TransformerConfig config, Rng rng) {
        this.d = config.d();
        this.scale = Math.sqrt(d);
        this.embedding = new Embedding(store, name, vocabulary, d, rng.split());
        this.sinusoidal = config.positions() == Positions.SINUSOIDAL
                ? new PositionalEncoding(config.maxLength(), d, store.dataType()) : null;
        this.learned = config.positions() == Positions.LEARNED
                ? new LearnedPositions(store, name + ".pos", config.maxLength(), d, rng.split()) : null;
        this.dropout = new Dropout(config.dropout(), rng.split());
    }

    /** [N·T, d] for token ids [N·T] of {@code sequences} sequences. */
    public INDArray forward(int[] ids, int sequences) {
        if (sequences < 1 || ids == null || ids.length % sequences != 0) {
            throw new IllegalArgumentException("ids: expected N·T token ids for N = " + sequences + " sequences, got "
                    + (ids == null ? "null" : ids.length));
        }
        INDArray x = embedding.forward(ids).muli(scale);                  // √d · E[token]
        if (sinusoidal != null) {
            x = sinusoidal.forward(x, sequences);                         // + PE(pos)
        } else if (learned != null) {
            x = learned.forward(x, sequences);                            // + P_pos
        }
        return dropout.forward(x);
    }

    public void backward(INDArray dOut) {
        INDArray dx = dropout.backward(dOut);
        if (learned != null) {
            learned.backward(dx);
        }
        embedding.backward(dx.mul(scale));
    }

    public void setTraining(boolean training) {
        dropout.setTraining(training);
    }

    public Embedding embedding() {
        return embedding;
    }

    /** √d · E[token], the vector the first block sees before the position is added, as double[d]. */
    public double[] vector(int token) {
        if (token < 0 || token >= embedding.vocabulary()) {
            throw new IllegalArgumentException("token: expected 0.." + (embedding.vocabulary() - 1) + ", got " + token);
        }
        return jdl.nn.Shapes.doubles(embedding.table().value().getRow(token).mul(scale));
    }
}
