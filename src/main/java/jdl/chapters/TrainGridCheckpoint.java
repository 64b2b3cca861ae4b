package jdl.chapters;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

import org.nd4j.linalg.api.ndarray.INDArray;

import jdl.data.DataFiles;
import jdl.gan.Gan;
import jdl.gan.GanConfig;
import jdl.gan.GanMetrics;
import jdl.gan.Generator;
import jdl.gan.Samplers;
import jdl.nn.Rng;

/**
 * Trains the vanilla GAN and PacGAN2 on PacGAN's grid of 25 Gaussians (σ = 0.05) for {@link #ROUNDS} rounds and
 * saves both generators: the checkpoints that notebook 03 loads, because learning the grid takes far more rounds than
 * the notebook's fast profile has. Run from the repository root, after {@code mvn package}:
 * <pre>
 * OMP_NUM_THREADS=1 nice java -Xmx1g -Dorg.bytedeco.javacpp.maxbytes=1G -Dorg.bytedeco.javacpp.maxphysicalbytes=3G \
 *     -cp "lib/*" jdl.chapters.TrainGridCheckpoint data/gan
 * </pre>
 * (without the two memory limits the JVM's native memory grows to about 8 GB). It writes G after each of
 * {@link #SNAPSHOTS} rounds and a training log (the mode report on the notebook's evaluation noise every
 * {@link #LOG_EVERY} rounds), and prints each file's SHA-256 line for {@code data/SHA256SUMS}.
 */
public final class TrainGridCheckpoint {

    /** Rounds of training for each checkpoint. */
    public static final int ROUNDS = 10_000;
    /** Rounds at which a snapshot of G is saved (the last is the checkpoint itself). */
    public static final int[] SNAPSHOTS = {2500, 5000, 10_000};
    /** Rounds between two scores in the training log. */
    public static final int LOG_EVERY = 250;
    /** The checkpoint files, relative to the data folder. */
    public static final String FOLDER = "gan";
    /** Seed of the noise on which notebook 03 scores every generator (2,500 samples). */
    public static final long EVAL_NOISE_SEED = 99;
    public static final int EVAL_SAMPLES = 2500;

    private TrainGridCheckpoint() {
    }

    /** The grid: 5 × 5 Gaussians with means on {−4, −2, 0, 2, 4}², σ = 0.05. */
    public static Samplers.Mixture grid() {
        return Samplers.grid(5, 2.0, 0.05);
    }

    /**
     * The vanilla GAN of the checkpoint ({@code withPack(2)} for PacGAN2): G as in the ring's GAN (2-D noise, four
     * ReLU layers of 64), D with three LeakyReLU layers of 128, Adam 10⁻³ (β₁ = 0.5), constant, batch 256, seed 2.
     */
    public static GanConfig config() {
        return GanConfig.points(2).generatorHidden(64, 64, 64, 64).discriminatorHidden(128, 128, 128).batchSize(256)
                .seed(2);
    }

    /** The evaluation noise: the same {@link #EVAL_SAMPLES} vectors z for every generator and check. */
    public static INDArray evaluationNoise(Generator g) {
        return g.noise(EVAL_SAMPLES, new Rng(EVAL_NOISE_SEED));
    }

    /** G's mode report on the evaluation noise. */
    public static GanMetrics.ModeReport score(Generator g) {
        return GanMetrics.modes(g.forward(evaluationNoise(g), null), grid());
    }

    /** The file of G's snapshot after {@code round} rounds (pack 1: vanilla, 2: PacGAN2), relative to data/. */
    public static String file(int pack, int round) {
        return FOLDER + "/grid-pack" + pack + "-G-" + round + ".jdl";
    }

    /** The file of the training log (pack, round, modes captured, high-quality fraction, reverse KL), relative to data/. */
    public static String logFile(int pack) {
        return FOLDER + "/grid-pack" + pack + "-log.csv";
    }

    /** One line of a training log: the score of G after {@code round} rounds on the evaluation noise. */
    public record Score(int round, int captured, double highQualityFraction, double reverseKl) {
    }

    /** The shipped snapshot of G after {@code round} rounds (one of {@link #SNAPSHOTS}), checksum verified. */
    public static Generator load(int pack, int round) {
        return Generator.load(DataFiles.verified(file(pack, round)));
    }

    /** The shipped training log of the GAN of {@code pack}, checksum verified. */
    public static List<Score> log(int pack) {
        Path path = DataFiles.verified(logFile(pack));
        try {
            return java.nio.file.Files.readAllLines(path).stream().skip(1).filter(line -> !line.isBlank()).map(line -> {
                String[] f = line.split(",");
                return new Score(Integer.parseInt(f[1]), Integer.parseInt(f[2]), Double.parseDouble(f[3]),
                        Double.parseDouble(f[4]));
            }).toList();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("Cannot read " + path, e);
        }
    }

    /**
     * Trains a GAN with {@code config} on the grid for {@code rounds} rounds; every {@code every} rounds calls
     * {@code check} with the round number and the GAN.
     */
    public static Gan train(GanConfig config, int rounds, int every, java.util.function.ObjIntConsumer<Gan> check) {
        Gan gan = new Gan(config, grid());
        for (int r = 1; r <= rounds; r++) {
            gan.step();
            if (check != null && r % every == 0) {
                check.accept(gan, r);
            }
        }
        return gan;
    }

    /** Trains the GAN of {@code pack} (1 or 2) and writes its snapshots and training log into {@code dir}. */
    static void trainAndSave(Path dir, int pack) throws java.io.IOException {
        java.nio.file.Files.createDirectories(dir);
        StringBuilder log = new StringBuilder("pack,round,captured,high_quality,reverse_kl\n");
        long start = System.nanoTime();
        train(config().withPack(pack), ROUNDS, LOG_EVERY, (gan, r) -> {
            GanMetrics.ModeReport m = score(gan.generator());
            log.append(String.format(Locale.ROOT, "%d,%d,%d,%.4f,%.4f%n", pack, r, m.captured(), m.highQualityFraction(),
                    m.reverseKl()));
            if (r % 1000 == 0) {
                System.out.println(String.format(Locale.ROOT, "pack %d, round %d, %.0f s: %s", pack, r,
                        (System.nanoTime() - start) / 1e9, m));
            }
            if (java.util.Arrays.stream(SNAPSHOTS).anyMatch(s -> s == r)) {
                gan.generator().save(dir.resolve(Path.of(file(pack, r)).getFileName()));
            }
        });
        java.nio.file.Files.writeString(dir.resolve(Path.of(logFile(pack)).getFileName()), log);
    }

    /** {@code <folder> [pack ...]}: trains the GANs of the given packs (default 1 and 2) and prints the SHA-256 lines. */
    public static void main(String[] args) throws java.io.IOException {
        if (args.length < 1) {
            throw new IllegalArgumentException("args: expected the output folder (e.g. data/gan) and optionally the packs"
                    + " to train (1, 2), got none");
        }
        Path dir = Path.of(args[0]);
        int[] packs = args.length > 1 ? java.util.Arrays.stream(args, 1, args.length).mapToInt(Integer::parseInt).toArray()
                : new int[] {1, 2};
        for (int pack : packs) {
            trainAndSave(dir, pack);
            for (int r : SNAPSHOTS) {
                Path f = dir.resolve(Path.of(file(pack, r)).getFileName());
                System.out.println(DataFiles.sha256(f) + "  " + file(pack, r));
            }
            System.out.println(DataFiles.sha256(dir.resolve(Path.of(logFile(pack)).getFileName())) + "  " + logFile(pack));
        }
    }
}
