package jdl.setup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

import jdl.notebook.Course;

/** The setup files agree with each other: requirements.txt, environment.yml, README.md and .ci/run. */
class SetupFilesTest {

    private static final Path ROOT = Course.root();

    private static Map<String, String> requirements() throws Exception {
        Map<String, String> pins = new LinkedHashMap<>();
        for (String line : Files.readAllLines(ROOT.resolve("requirements.txt"))) {
            String entry = line.replaceAll("#.*", "").strip();
            if (entry.isEmpty()) {
                continue;
            }
            assertTrue(entry.matches("[A-Za-z0-9_.-]+==[A-Za-z0-9_.+-]+"), "requirements.txt pins exactly: " + entry);
            String[] parts = entry.split("==");
            pins.put(parts[0].toLowerCase(), parts[1]);
        }
        return pins;
    }

    @Test
    void requirementsPinTheJupyterSideAndTheJJavaKernel() throws Exception {
        assertEquals(List.of("jupyterlab", "nbclient", "jjava"), List.copyOf(requirements().keySet()));
    }

    @Test
    @SuppressWarnings("unchecked")
    void environmentYmlIsValidAndInstallsTheSameRequirements() throws Exception {
        Map<String, Object> env = new Yaml().load(Files.readString(ROOT.resolve("environment.yml")));
        assertEquals("jdl-course", env.get("name"));
        List<Object> deps = (List<Object>) env.get("dependencies");
        List<String> conda = deps.stream().filter(String.class::isInstance).map(String.class::cast).toList();

        String python = conda.stream().filter(d -> d.startsWith("python")).findFirst().orElseThrow();
        String[] version = python.replaceAll("^python\\s*[=>]+\\s*", "").split("\\.");
        assertTrue(Integer.parseInt(version[0]) == 3 && Integer.parseInt(version[1]) >= 10,
                "python 3.10 or newer, got " + python);
        assertTrue(conda.contains("openjdk=17"), "openjdk 17: " + conda);
        assertTrue(conda.stream().anyMatch(d -> d.matches("maven(\\s*>=\\s*3\\.[89].*)?")), "maven 3.8+: " + conda);
        assertTrue(conda.contains("pip"), "pip: " + conda);

        Map<String, List<String>> pip = deps.stream().filter(Map.class::isInstance)
                .map(d -> (Map<String, List<String>>) d).findFirst().orElseThrow();
        assertEquals(List.of("-r requirements.txt"), pip.get("pip"),
                "conda's pip step installs the one pinned file, nothing else");
    }

    @Test
    void readmeGivesTheTwoCommandsAndCiRunsTheTestOne() throws Exception {
        String readme = Files.readString(ROOT.resolve("README.md"));
        assertTrue(readme.contains("\n./course lab\n"), "README shows ./course lab on its own line");
        assertTrue(readme.contains("\n./course test\n"), "README shows ./course test on its own line");
        String ci = Files.readString(ROOT.resolve(".ci/run"));
        assertTrue(ci.lines().anyMatch(l -> l.strip().startsWith("./course test")), ".ci/run calls ./course test");
    }

    @Test
    void buildOutputsAndCachesAreGitIgnored() throws Exception {
        List<String> ignored = Files.readAllLines(ROOT.resolve(".gitignore"));
        for (String path : List.of("/target/", "/lib/*", "!/lib/README.md", "/.venv/", "/.cache/", "/output/")) {
            assertTrue(ignored.contains(path), ".gitignore has " + path);
        }
    }
}
