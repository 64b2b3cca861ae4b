package jdl.chapters;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.ToDoubleFunction;

import org.nd4j.linalg.api.ndarray.INDArray;

import jdl.gan.Gan;
import jdl.gan.GanConfig;
import jdl.gan.GanMetrics;
import jdl.gan.Samplers;
import jdl.nn.Rng;

/**
 * A GAN trained on a mixture of Gaussians, as notebook 03 trains them: its mode report on the same 2,500 noise vectors
 * (seed 99) every {@code every} rounds, and its samples at the rounds asked for.
 *
 * @param name    what the run is called (the progress display's title)
 * @param rounds  the rounds at which it was scored
 * @param reports the mode report at each of them
 * @param samples G's samples on the fixed noise at the rounds kept
 */
public record MixtureRun(String name, List<Integer> rounds, List<GanMetrics.ModeReport> reports,
                         Map<Integer, INDArray> samples) {

    /** Trains a GAN of {@code config} on {@code mixture} for {@code rounds} rounds, scoring it every {@code every}. */
    public static MixtureRun train(String name, GanConfig config, Samplers.Mixture mixture, int rounds, int every,
                                   Set<Integer> keep) {
        Gan gan = new Gan(config, mixture);
        INDArray z = gan.generator().noise(2500, new Rng(99));     // the same noise at every check
        MixtureRun run = new MixtureRun(name, new ArrayList<>(), new ArrayList<>(), new TreeMap<>());
        gan.train(name, rounds, every, r -> {
            INDArray samples = gan.generator().forward(z, null).dup();
            run.rounds().add(r);
            run.reports().add(GanMetrics.modes(samples, mixture));
            if (keep.contains(r)) {
                run.samples().put(r, samples);
            }
        });
        return run;
    }

    /** The report of the last check. */
    public GanMetrics.ModeReport last() {
        return reports.get(reports.size() - 1);
    }

    /** One number of every report, e.g. {@code run.series(GanMetrics.ModeReport::captured)}. */
    public double[] series(ToDoubleFunction<GanMetrics.ModeReport> f) {
        return reports.stream().mapToDouble(f).toArray();
    }
}
