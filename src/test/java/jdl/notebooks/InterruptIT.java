package jdl.notebooks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

/**
 * Interrupting a training cell through the Jupyter kernel protocol (what JupyterLab's interrupt button sends):
 * {@code src/test/python/interrupt_training.py} drives the real {@code java} kernel and checks that the training
 * loop stops within a second, that no step runs afterwards, and that the model can be evaluated and trained
 * further, for one model and for two trained side by side. Its report goes to {@code target/interrupt-test.txt}.
 */
class InterruptIT {

    private static final Path ROOT = Paths.get(System.getProperty("course.root", ".")).toAbsolutePath().normalize();

    @Test
    void interruptingATrainingCellStopsTheLoopAndKeepsTheModelUsable() throws Exception {
        Path python = Paths.get(System.getProperty("course.python", ROOT.resolve(".venv/bin/python").toString()));
        if (!Files.isExecutable(python)) {
            fail("No Python at " + python + ": run the tests with ./course test, which creates .venv/");
        }
        Path report = ROOT.resolve("target/interrupt-test.txt");
        Path log = ROOT.resolve("target/interrupt-test.log");
        Files.createDirectories(report.getParent());
        ProcessBuilder pb = new ProcessBuilder(python.toString(),
                ROOT.resolve("src/test/python/interrupt_training.py").toString(), ROOT.toString(),
                "--report", report.toString());
        pb.directory(ROOT.toFile());
        pb.redirectErrorStream(true);
        pb.redirectOutput(log.toFile());
        NotebooksIT.kernelEnvironment(pb.environment());
        Process process = pb.start();
        if (!process.waitFor(300, TimeUnit.SECONDS)) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            fail("the interrupt test did not finish within 300 s; log: " + log);
        }
        String output = Files.readString(log);
        System.out.println(Files.isRegularFile(report) ? Files.readString(report) : output);
        assertEquals(0, process.exitValue(), () -> "the interrupt test failed:\n" + output);
        assertTrue(Files.readString(report).contains("ok   both jobs stopped"), output);
    }
}
