package jdl.gan;

/**
 * What one training round measured: D's loss (the sum of the two binary cross-entropies, 2 ln 2 ≈ 1.386
 * at equilibrium), G's non-saturating loss −mean log D(G(z)), and the mean of D(x) on real and on fake
 * samples (both 0.5 at equilibrium).
 */
public record GanStep(double discriminatorLoss, double generatorLoss, double dReal, double dFake) {
}
