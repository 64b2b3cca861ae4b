package jdl.bench;

import org.nd4j.linalg.factory.Nd4j;

/** Prints, once per forked JVM, the thread settings ND4J runs with, so the results say what they measured. */
final class Threads {

    private static boolean printed;

    private Threads() {
    }

    static synchronized void report(String who) {
        if (printed) {
            return;
        }
        printed = true;
        System.out.printf("[bench %s] OMP_NUM_THREADS=%s, ND4J maxThreads=%d, BLAS maxThreads=%d, cores=%d%n",
                who, System.getenv("OMP_NUM_THREADS"), Nd4j.getEnvironment().maxThreads(),
                Nd4j.factory().blas().getMaxThreads(),
                Runtime.getRuntime().availableProcessors());
    }
}
