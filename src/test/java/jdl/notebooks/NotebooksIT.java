package jdl.notebooks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.parallel.ResourceLock;

/**
 * Runs every {@code notebooks/*.ipynb} and every exercise-solution notebook {@code notebooks/solutions/*.ipynb}
 * headlessly through the real {@code java} kernel (JJava, from the project's .venv) with nbclient, one dynamic
 * test per notebook. Executed copies go to {@code target/executed-notebooks/} (solutions in its
 * {@code solutions/} folder). A notebook fails on any error output (naming the cell and the error), on a cell
 * timeout, on cells that never ran, and when it produced no inline PNG.
 *
 * <p>{@code course.notebooks} (comma-separated file-name prefixes, e.g. {@code 03b,07_}) runs only those notebooks.
 * {@code course.notebookThreads} notebooks (default 2, one kernel each) run at a time; all are started
 * when the tests are listed and each test waits for its own notebook, so reports stay in course order.
 */
@ResourceLock("kernels")
class NotebooksIT {

    private static final Path ROOT = TestProcesses.ROOT;
    private static final Path OUT = ROOT.resolve("target").resolve("executed-notebooks");
    private static final int CELL_TIMEOUT_S = Integer.getInteger("course.cellTimeout", 300);
    private static final int NOTEBOOK_TIMEOUT_S = Integer.getInteger("course.notebookTimeout", 900);

    private static final int THREADS = Integer.getInteger("course.notebookThreads", 2);

    @TestFactory
    Stream<DynamicTest> everyNotebookRunsHeadlessly() throws IOException {
        List<Path> notebooks = new java.util.ArrayList<>(list(ROOT.resolve("notebooks")));
        assertFalse(notebooks.isEmpty(), "no notebooks in " + ROOT.resolve("notebooks"));
        Path solutions = ROOT.resolve("notebooks").resolve("solutions");
        if (Files.isDirectory(solutions)) {
            notebooks.addAll(list(solutions));
        }
        String only = System.getProperty("course.notebooks", "").strip();
        if (!only.isEmpty()) {      // e.g. -Dcourse.notebooks=03b,07_ : notebooks whose file names start so
            List<String> prefixes = List.of(only.split(","));
            notebooks.removeIf(nb -> prefixes.stream().noneMatch(p -> nb.getFileName().toString().startsWith(p.strip())));
            assertFalse(notebooks.isEmpty(), "course.notebooks=" + only + ": no notebook's file name starts so");
        }
        if (THREADS < 1) {
            throw new IllegalArgumentException("course.notebookThreads: expected at least 1, got " + THREADS);
        }
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        List<Future<?>> runs = notebooks.stream().map(nb -> pool.submit(() -> {
            execute(nb);
            return null;
        })).collect(Collectors.toList());
        pool.shutdown();
        return java.util.stream.IntStream.range(0, notebooks.size()).mapToObj(i -> DynamicTest.dynamicTest(
                ROOT.resolve("notebooks").relativize(notebooks.get(i)).toString(), () -> awaitRun(runs.get(i))));
    }

    private static List<Path> list(Path folder) throws IOException {
        try (Stream<Path> files = Files.list(folder)) {
            return files.filter(p -> p.getFileName().toString().endsWith(".ipynb")).sorted().toList();
        }
    }

    /** Rethrows what the notebook's run threw (an assertion failure names the notebook and its errors). */
    private static void awaitRun(Future<?> run) throws Throwable {
        try {
            run.get();
        } catch (ExecutionException e) {
            throw e.getCause();
        }
    }

    private static void execute(Path notebook) throws Exception {
        Path python = TestProcesses.python();
        String name = ROOT.resolve("notebooks").relativize(notebook).toString();
        Path executed = OUT.resolve(name);
        Path log = OUT.resolve(name.replace(".ipynb", ".log"));
        Files.createDirectories(executed.getParent());
        Files.deleteIfExists(executed);

        ProcessBuilder pb = new ProcessBuilder(python.toString(),
                ROOT.resolve("src/test/python/execute_notebook.py").toString(),
                notebook.toString(), executed.toString(), "--cell-timeout", Integer.toString(CELL_TIMEOUT_S));
        kernelEnvironment(pb.environment());

        long start = System.nanoTime();
        int exitCode = TestProcesses.run(pb, log, NOTEBOOK_TIMEOUT_S, name);
        double seconds = (System.nanoTime() - start) / 1e9;
        String output = Files.readString(log).strip();
        System.out.printf("%s: %.1f s (profile %s, %d at a time)%n", name, seconds,
                profile(), THREADS);
        assertTrue(Files.isRegularFile(executed), name + ": the runner wrote no executed notebook; it said:\n" + output);
        NotebookReport report = NotebookReport.read(executed);
        List<String> problems = new java.util.ArrayList<>(report.problems());
        if (exitCode != 0) {
            problems.add(0, name + ": the runner exited with " + exitCode + ":\n" + output);
        }
        assertEquals(List.of(), problems, () -> String.join("\n\n", problems) + "\n(executed copy: " + executed + ")");
    }

    /**
     * The kernel environment of ./course lab, read from {@code ./course kernel-env --plain} (defined there only), with
     * the profile Maven was given and runtime files under target/.
     */
    static void kernelEnvironment(Map<String, String> env) {
        try {
            ProcessBuilder pb = new ProcessBuilder("bash", ROOT.resolve("course").toString(), "kernel-env", "--plain");
            pb.environment().putAll(env);
            pb.redirectErrorStream(true);
            Process p = pb.start();
            String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            if (p.waitFor() != 0) {
                throw new IllegalStateException("./course kernel-env --plain exited with " + p.exitValue() + ":\n" + out);
            }
            for (String line : out.split("\n")) {
                int eq = line.indexOf('=');
                if (eq > 0) {
                    env.put(line.substring(0, eq), line.substring(eq + 1));
                }
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        env.put("JUPYTER_RUNTIME_DIR", ROOT.resolve("target/jupyter-runtime").toString());
        env.put("COURSE_PROFILE", profile());
    }

    /** The profile the notebooks run in: Maven's {@code course.profile} (pom.xml sets the default). */
    static String profile() {
        String profile = System.getProperty("course.profile");
        if (profile == null || profile.isBlank()) {
            throw new IllegalStateException("course.profile: expected fast or full (pom.xml passes it to the tests), got "
                    + profile);
        }
        return profile;
    }
}
