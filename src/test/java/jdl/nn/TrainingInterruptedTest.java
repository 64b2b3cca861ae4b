package jdl.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.learning.config.Adam;

import jdl.gan.Gan;
import jdl.gan.GanConfig;
import jdl.gan.Samplers;
import jdl.nn.Parallel;

/**
 * Interrupting the thread that trains (what JJava does when JupyterLab's interrupt button is pressed) stops the
 * training loops between steps, leaves the weights of the last completed step, and lets training go on.
 */
class TrainingInterruptedTest {

    private record Model(Params params, Linear fc, INDArray x, INDArray y) {
        static Model make() {
            Params p = new Params(DataType.DOUBLE);
            Linear fc = new Linear(p, "fc", 3, 1, Init.XAVIER_UNIFORM, new Rng(1));
            Rng rng = new Rng(2);
            INDArray x = rng.normal(DataType.DOUBLE, 1.0, 32, 3);
            INDArray y = x.sum(true, 1);
            return new Model(p, fc, x, y);
        }

        double step() {
            MeanSquaredError mse = new MeanSquaredError();
            double loss = mse.forward(fc.forward(x), y);
            fc.backward(mse.backward());
            return loss;
        }

        History fit(int steps, Trainer.Step extra) {
            return new Trainer(new Optimizer(params, new Adam(0.01))).quiet().fit("regression", steps, s -> {
                extra.run(s);
                return step();
            });
        }
    }

    @Test
    void anInterruptStopsBeforeTheNextStepAndKeepsTheCompletedSteps() {
        Model interrupted = Model.make();
        TrainingInterrupted e = org.junit.jupiter.api.Assertions.assertThrows(TrainingInterrupted.class,
                () -> interrupted.fit(1000, s -> {
                    if (s == 37) {
                        Thread.currentThread().interrupt();    // arrives during step 37
                    }
                    return 0;
                }));
        assertEquals(37, e.completed(), "step 37 was running when the interrupt came, so it completes");
        assertEquals(1000, e.total());
        assertTrue(e.getMessage().contains("interrupted after 37 of 1000 steps"), e.getMessage());
        assertFalse(Thread.currentThread().isInterrupted(), "the flag is cleared, so the next cell runs normally");

        Model reference = Model.make();
        reference.fit(37, s -> 0);
        assertEquals(reference.fc.weight().value(), interrupted.fc.weight().value(),
                "the interrupted model has exactly the weights of 37 uninterrupted steps");

        History more = interrupted.fit(20, s -> 0);
        assertEquals(20, more.losses().length, "training goes on after an interrupt");
        assertTrue(Double.isFinite(more.recentLoss(1)));
    }

    @Test
    void anInterruptFromAnotherThreadStopsTrainingPromptly() throws Exception {
        Model model = Model.make();
        AtomicInteger done = new AtomicInteger();
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        CountDownLatch started = new CountDownLatch(1);
        Thread trainer = new Thread(() -> {
            try {
                model.fit(Integer.MAX_VALUE, s -> {
                    done.set(s - 1);
                    if (s == 10) {
                        started.countDown();
                    }
                    return 0;
                });
            } catch (Throwable t) {
                thrown.set(t);
            }
        });
        trainer.start();
        assertTrue(started.await(30, TimeUnit.SECONDS));
        long sent = System.nanoTime();
        trainer.interrupt();
        trainer.join(10_000);
        double ms = (System.nanoTime() - sent) / 1e6;
        assertFalse(trainer.isAlive(), "the training thread did not stop within 10 s of the interrupt");
        TrainingInterrupted e = assertInstanceOf(TrainingInterrupted.class, thrown.get());
        assertTrue(e.completed() >= 10 && e.completed() <= done.get() + 1, e.completed() + " vs " + done.get());
        System.out.printf("stopped %.1f ms after the interrupt, after %d steps%n", ms, e.completed());
    }

    @Test
    void parallelJobsAllStopWhenTheWaitingThreadIsInterrupted() throws Exception {
        AtomicInteger[] steps = {new AtomicInteger(), new AtomicInteger()};
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        CountDownLatch started = new CountDownLatch(2);
        Thread cell = new Thread(() -> {
            try {
                Parallel.map(List.of(0, 1), i -> {
                    Model m = Model.make();
                    return m.fit(Integer.MAX_VALUE, s -> {
                        if (steps[i].incrementAndGet() == 5) {
                            started.countDown();
                        }
                        return 0;
                    });
                });
            } catch (Throwable t) {
                thrown.set(t);
            }
        });
        cell.start();
        assertTrue(started.await(30, TimeUnit.SECONDS));
        cell.interrupt();
        cell.join(10_000);
        assertFalse(cell.isAlive(), "Parallel.map did not return within 10 s of the interrupt");
        assertInstanceOf(TrainingInterrupted.class, thrown.get(), String.valueOf(thrown.get()));
        int a = steps[0].get();
        int b = steps[1].get();
        Thread.sleep(300);
        assertEquals(a, steps[0].get(), "job 0 kept training after map returned");
        assertEquals(b, steps[1].get(), "job 1 kept training after map returned");
    }

    @Test
    void aGanStopsBetweenRounds() {
        GanConfig config = new GanConfig(2, 2, 0, List.of(8), List.of(8), Activation.RELU, GanConfig.Output.IDENTITY,
                1e-3, 2e-3, 0.5, 16, 1, 1.0, 1, 1);
        Gan gan = new Gan(config, Samplers.ring(8, 1, 0.05));
        TrainingInterrupted e = org.junit.jupiter.api.Assertions.assertThrows(TrainingInterrupted.class,
                () -> gan.train("GAN", 500, 1, round -> {
                    if (round == 12) {
                        Thread.currentThread().interrupt();
                    }
                }));
        assertEquals(12, e.completed());
        assertEquals(12, gan.history().size(), "the GAN keeps the rounds it completed");
        assertNotNull(gan.step(), "and can train on");
        assertEquals(13, gan.history().size());
    }
}
