package jdl.notebooks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.ResourceLock;

/**
 * Interrupting a training cell through the Jupyter kernel protocol (what JupyterLab's interrupt button sends):
 * {@code src/test/python/interrupt_training.py} drives the real {@code java} kernel and checks that the training
 * loop stops within a second, that no step runs afterwards, and that the model can be evaluated and trained
 * further, for one model and for two trained side by side. Its report goes to {@code target/interrupt-test.txt}.
 */
@ResourceLock("kernels")
class InterruptIT {

    private static final Path ROOT = TestProcesses.ROOT;

    @Test
    void interruptingATrainingCellStopsTheLoopAndKeepsTheModelUsable() throws Exception {
        Path python = TestProcesses.python();
        Path report = ROOT.resolve("target/interrupt-test.txt");
        Path log = ROOT.resolve("target/interrupt-test.log");
        ProcessBuilder pb = new ProcessBuilder(python.toString(),
                ROOT.resolve("src/test/python/interrupt_training.py").toString(), ROOT.toString(),
                "--report", report.toString());
        NotebooksIT.kernelEnvironment(pb.environment());
        int exitCode = TestProcesses.run(pb, log, 300, "the interrupt test");
        String output = Files.readString(log);
        System.out.println(Files.isRegularFile(report) ? Files.readString(report) : output);
        assertEquals(0, exitCode, () -> "the interrupt test failed:\n" + output);
        assertTrue(Files.readString(report).contains("ok   both jobs stopped"), output);
    }
}
