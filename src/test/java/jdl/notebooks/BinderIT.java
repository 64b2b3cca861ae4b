package jdl.notebooks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;

/**
 * Binder / JupyterHub launch: {@code src/test/binder/repo2docker-check.sh} copies the repository, installs
 * environment.yml's pip list into a fresh environment, runs {@code postBuild} there as repo2docker does, and checks
 * that a kernel started through {@code start} loads the library. Log: {@code target/binder-check.log}.
 */
class BinderIT {

    private static final Path ROOT = TestProcesses.ROOT;

    @Test
    void postBuildBuildsTheLibraryAndTheKernelLoadsIt() throws Exception {
        Path log = ROOT.resolve("target/binder-check.log");
        ProcessBuilder pb = new ProcessBuilder(ROOT.resolve("src/test/binder/repo2docker-check.sh").toString(),
                ROOT.resolve("target/binder-check").toString());
        int exitCode = TestProcesses.run(pb, log, 600, "the Binder check");
        String output = Files.readString(log);
        String summary = output.lines().filter(l -> l.startsWith("==>") || l.startsWith("ok") || l.startsWith("FAIL")
                || l.startsWith("kernelspec")).reduce("", (a, b) -> a + b + "\n");
        System.out.print(summary);
        assertEquals(0, exitCode, () -> "the Binder check failed:\n" + output);
        assertTrue(output.contains("ok   the kernel loaded the library"), output);
    }
}
