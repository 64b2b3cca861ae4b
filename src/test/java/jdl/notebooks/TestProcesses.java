package jdl.notebooks;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.concurrent.TimeUnit;

/** What the integration tests share: the project's Python, and running a program into a log with a time limit. */
final class TestProcesses {

    static final Path ROOT = Paths.get(System.getProperty("course.root", ".")).toAbsolutePath().normalize();

    private TestProcesses() {
    }

    /** The venv's Python ({@code course.python}); fails the test if it is missing. */
    static Path python() {
        Path python = Paths.get(System.getProperty("course.python", ROOT.resolve(".venv/bin/python").toString()));
        if (!Files.isExecutable(python)) {
            fail("No Python at " + python + ": run the tests with ./course test, which creates .venv/");
        }
        return python;
    }

    /**
     * Runs {@code pb} in the repository root with stdout and stderr written to {@code log}; fails the test (after
     * killing the program and its children) if it runs longer than {@code timeoutSeconds}. Returns the exit code.
     */
    static int run(ProcessBuilder pb, Path log, int timeoutSeconds, String what) throws IOException, InterruptedException {
        Files.createDirectories(log.getParent());
        pb.directory(ROOT.toFile());
        pb.redirectErrorStream(true);
        pb.redirectOutput(log.toFile());
        Process process = pb.start();
        if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            fail(what + ": did not finish within " + timeoutSeconds + " s; log: " + log);
        }
        return process.exitValue();
    }
}
