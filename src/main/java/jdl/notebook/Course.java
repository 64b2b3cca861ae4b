package jdl.notebook;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.LinkedHashMap;
import java.util.Map;

import org.nd4j.linalg.factory.Nd4j;

import jdl.data.DataFiles;

/**
 * Where the course is and how it runs: the repository root (for {@code data/}), the training profile,
 * and the folder where notebooks may save what they make.
 *
 * <p>Each setting is read from a system property first, then from an environment variable:
 * {@code course.root}/{@code COURSE_ROOT}, {@code course.profile}/{@code COURSE_PROFILE},
 * {@code course.output}/{@code COURSE_OUTPUT}.
 */
public final class Course {

    private Course() {
    }

    /** The training profile: {@code COURSE_PROFILE=fast} in tests and CI, {@code full} otherwise. */
    public static Profile profile() {
        String value = setting("course.profile", "COURSE_PROFILE");
        if (value == null) {
            return Profile.FULL;
        }
        String source = System.getProperty("course.profile") != null ? "system property course.profile"
                : "environment variable COURSE_PROFILE";
        return Profile.parse(value, source);
    }

    /** Shorthand for {@code profile().pick(fast, full)}. */
    public static int pick(int fast, int full) {
        return profile().pick(fast, full);
    }

    /** The repository root (see {@link DataFiles#courseRoot()}: {@code COURSE_ROOT}, or found above the working directory). */
    public static Path root() {
        return DataFiles.courseRoot();
    }

    /** The shipped data folder, {@code <root>/data}. */
    public static Path dataDir() {
        return DataFiles.dataDir();
    }

    /**
     * Where notebooks may write figures or models: {@code COURSE_OUTPUT} if set, else
     * {@code <root>/output} (git-ignored). Created on first use.
     */
    public static Path outputDir() {
        String explicit = setting("course.output", "COURSE_OUTPUT");
        Path dir = explicit != null ? Paths.get(explicit).toAbsolutePath() : root().resolve("output");
        try {
            Files.createDirectories(dir);
        } catch (java.io.IOException e) {
            throw new IllegalStateException("Cannot create the output folder " + dir + ": " + e.getMessage(), e);
        }
        return dir;
    }

    /**
     * What this kernel runs on: Java, ND4J backend, BLAS, threads, profile, course folder. Notebook 00
     * prints it; paste it into a bug report.
     */
    public static Map<String, String> environment() {
        Map<String, String> info = new LinkedHashMap<>();
        info.put("java", System.getProperty("java.version") + " (" + System.getProperty("java.vm.name") + ")");
        info.put("os", System.getProperty("os.name") + " " + System.getProperty("os.arch"));
        info.put("cpus", Integer.toString(Runtime.getRuntime().availableProcessors()));
        info.put("max heap", (Runtime.getRuntime().maxMemory() >> 20) + " MiB");
        info.put("nd4j backend", Nd4j.getBackend().getClass().getSimpleName());
        info.put("blas", String.valueOf(Nd4j.factory().blas().getBlasVendor()));
        info.put("blas threads", Integer.toString(Nd4j.factory().blas().getMaxThreads()));
        info.put("default dtype", String.valueOf(Nd4j.dataType()));
        info.put("javacpp cache", String.valueOf(System.getProperty("org.bytedeco.javacpp.cachedir",
                "~/.javacpp/cache (default; ./course sets .cache/javacpp)")));
        info.put("headless", String.valueOf(java.awt.GraphicsEnvironment.isHeadless()));
        info.put("profile", profile().toString());
        info.put("course root", root().toString());
        info.put("kernel display", JJavaBridge.available() ? "JJava (live updates)" : "none (plain text)");
        return info;
    }

    /** Prints {@link #environment()} as aligned lines. */
    public static void printEnvironment() {
        environment().forEach((k, v) -> System.out.println(String.format("%-15s %s", k, v)));
    }

    /**
     * {@code java -cp 'lib/*' jdl.notebook.Course}: prints the environment, which also loads ND4J's native
     * libraries (unpacking them into the javacpp cache the first time). Binder's postBuild runs it.
     */
    public static void main(String[] args) {
        printEnvironment();
    }

    static String setting(String property, String envVar) {
        String value = System.getProperty(property);
        if (value == null) {
            value = System.getenv(envVar);
        }
        return value == null || value.isBlank() ? null : value;
    }
}
