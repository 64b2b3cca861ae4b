package jdl.glimpse;

import org.nd4j.linalg.learning.config.Adam;
import jdl.nn.*;

/** Development probe: where does training collapse? */
public class RamDiag {
    public static void main(String[] a) {
        int steps = Integer.parseInt(a[0]);
        double lr = Double.parseDouble(a[1]);
        int n = Integer.parseInt(a[2]);
        RamConfig base = TrainCheckpoint.CONFIG;
        RamConfig c = new RamConfig(60, base.glimpses(), base.patch(), base.scales(), base.glimpseHidden(), base.glimpseSize(),
                base.hidden(), base.cell(), base.std(), lr, 64, Long.parseLong(a[3]));
        Canvases train = TrainCheckpoint.canvases(false, false, n);
        RecurrentAttentionModel m = GlimpseExperiments.newRam(c);
        Optimizer opt = new Optimizer(m.params(), new Adam(lr));
        Batches b = new Batches(n, 64, new Rng(c.seed() + 1));
        Rng s = new Rng(c.seed() + 2);
        double ce = 0, rw = 0;
        for (int t = 1; t <= steps; t++) {
            m.params().zeroGrad();
            int[] idx = b.next();
            var r = m.trainStep(train.pixels(idx), train.labels(idx), s);
            double norm = m.params().clipGradNorm(5);
            opt.step();
            ce += r.crossEntropy(); rw += r.reward();
            if (t % 25 == 0) {
                var ro = m.rollout(train.pixels(idx), idx.length, RecurrentAttentionModel.Locations.MEAN, null, s);
                double dead = 0;
                for (INDArrayHolder h : new INDArrayHolder[0]) {}
                var g = ro.g().get(0);
                dead = g.eq(0).castTo(org.nd4j.linalg.api.buffer.DataType.FLOAT).meanNumber().doubleValue();
                double mu = Math.abs(ro.locations()[2][0]) + Math.abs(ro.locations()[2][1]);
                System.out.printf("step %d ce %.3f reward %.3f gradnorm %.2f g zero %.2f |l3| %.2f h %.3f%n", t, ce / 25, rw / 25, norm, dead, mu,
                        ro.h().get(5).norm2Number().doubleValue());
                ce = 0; rw = 0;
            }
        }
    }
    interface INDArrayHolder {}
}
