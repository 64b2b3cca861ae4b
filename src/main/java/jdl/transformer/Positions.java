package jdl.transformer;

/**
 * How a Transformer learns the order of its input: a fixed sinusoidal table ({@link PositionalEncoding}), a
 * learned table ({@link LearnedPositions}), or nothing, in which case self-attention without a causal mask is
 * permutation-equivariant and cannot tell "1 2 3" from "3 2 1".
 */
public enum Positions {
    SINUSOIDAL, LEARNED, NONE
}
