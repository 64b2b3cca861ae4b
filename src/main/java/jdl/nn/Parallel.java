package jdl.nn;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * Runs independent jobs (e.g. the same experiment for three cell types) on all cores, one job per thread, and
 * returns their results in the order of the inputs. Each job must build its own model, data and random number
 * generators from seeds: then the results are the same numbers as a sequential run, only sooner (ND4J runs
 * operations on different arrays from different threads independently; with {@code OMP_NUM_THREADS=1} each
 * operation uses one core). Timings measured inside the jobs are those of jobs sharing the machine.
 *
 * <p>If the calling thread is interrupted while it waits (JupyterLab's interrupt button), the jobs are
 * interrupted too, and {@code map} returns only after every job has stopped, so no training keeps running in
 * the background; it then rethrows what the first stopped job threw (the library's training loops throw
 * {@code jdl.nn.TrainingInterrupted}).
 */
public final class Parallel {

    private Parallel() {
    }

    /** {@code job} applied to every input, on min(inputs, cores) threads; the first failure is rethrown. */
    public static <T, R> List<R> map(List<T> inputs, Function<T, R> job) {
        if (inputs == null || job == null) {
            throw new IllegalArgumentException("inputs and job: expected a list and a function, got " + inputs + " and " + job);
        }
        int threads = Math.max(1, Math.min(inputs.size(), Runtime.getRuntime().availableProcessors()));
        ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "course-parallel");
            t.setDaemon(true);
            return t;
        });
        List<Future<R>> futures = new ArrayList<>();
        try {
            for (T input : inputs) {
                futures.add(pool.submit(() -> job.apply(input)));
            }
            List<R> results = new ArrayList<>();
            for (Future<R> f : futures) {
                results.add(f.get());
            }
            return results;
        } catch (InterruptedException e) {
            throw stopAll(pool, futures);
        } catch (ExecutionException e) {
            throw unwrap(e);
        } finally {
            pool.shutdownNow();
        }
    }

    /** Interrupts every job, waits until all have stopped, and returns the exception to throw. */
    private static <R> RuntimeException stopAll(ExecutorService pool, List<Future<R>> futures) {
        pool.shutdownNow();
        boolean stopped = false;
        while (!stopped) {
            try {
                stopped = pool.awaitTermination(1, TimeUnit.MINUTES);
            } catch (InterruptedException again) {
                // a second interrupt: keep waiting, the jobs have been told to stop
            }
        }
        for (Future<R> f : futures) {
            if (f.isDone() && !f.isCancelled()) {
                try {
                    f.get();
                } catch (ExecutionException e) {
                    return unwrap(e);
                } catch (InterruptedException | java.util.concurrent.CancellationException ignored) {
                    // nothing to report from this job
                }
            }
        }
        return new IllegalStateException("interrupted while waiting for the parallel jobs; all jobs have stopped");
    }

    private static RuntimeException unwrap(ExecutionException e) {
        Throwable cause = e.getCause();
        if (cause instanceof RuntimeException re) {
            return re;
        }
        if (cause instanceof Error err) {
            throw err;
        }
        return new IllegalStateException(cause);
    }
}
