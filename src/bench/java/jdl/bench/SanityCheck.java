package jdl.bench;

import java.util.function.DoubleSupplier;

/**
 * Not a benchmark: runs each benchmarked training step a few times and prints its loss, to check that every
 * side really trains (the loss falls) before its time is trusted. {@code java -cp … jdl.bench.SanityCheck}
 */
public final class SanityCheck {

    public static void main(String[] args) {
        int steps = args.length > 0 ? Integer.parseInt(args[0]) : 30;
        String only = args.length > 1 ? args[1] : "";
        if (!only.isEmpty()) {          // e.g. "Lstm": only the LSTM/GRU benchmarks
            lstm(steps);
            return;
        }
        MlpBench.Ours mlpOurs = new MlpBench.Ours();
        mlpOurs.setup();
        MlpBench.Dl4j mlpDl4j = new MlpBench.Dl4j();
        mlpDl4j.setup();
        RnnBench.Ours rnnOurs = new RnnBench.Ours();
        rnnOurs.setup();
        RnnBench.Dl4jFit rnnFit = new RnnBench.Dl4jFit();
        rnnFit.setup();
        RnnBench.Dl4jLayer rnnLayer = new RnnBench.Dl4jLayer();
        rnnLayer.setup();
        run("MlpBench.ours", steps, mlpOurs::step);
        run("MlpBench.dl4j", steps, mlpDl4j::step);
        run("RnnBench.ours", steps, rnnOurs::step);
        run("RnnBench.dl4jFit", steps, rnnFit::step);
        run("RnnBench.dl4jLayer", steps, rnnLayer::step);
        lstm(steps);
    }

    private static void lstm(int steps) {
        LstmBench.OursLstm lstm = new LstmBench.OursLstm();
        lstm.setup();
        LstmBench.OursGru gru = new LstmBench.OursGru();
        gru.setup();
        LstmBench.Dl4jLstm dl4j = new LstmBench.Dl4jLstm();
        dl4j.setup();
        run("LstmBench.lstm", steps, lstm::step);
        run("LstmBench.gru", steps, gru::step);
        run("LstmBench.dl4jLstm", steps, dl4j::step);
    }

    private static void run(String name, int steps, DoubleSupplier step) {
        double first = step.getAsDouble();
        double last = first;
        long start = System.nanoTime();
        for (int i = 1; i < steps; i++) {
            last = step.getAsDouble();
        }
        double ms = (System.nanoTime() - start) / 1e6 / Math.max(1, steps - 1);
        System.out.printf("%-20s loss %12.5f -> %12.5f after %d steps (%.1f ms/step, unwarmed)%n",
                name, first, last, steps, ms);
    }
}
