package jdl.layout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * The folders are the architecture: every package of {@code src/main/java/jdl} sits on a floor, and code may use
 * only its own floor and the floors below. Within a floor the packages may use each other, but never in a circle.
 * Read from the sources (imports and fully qualified names outside comments), so a new arrow up fails here with the file that draws it.
 */
class LayeringTest {

    /** Floor of each package: 0 core, 1 data sets and tasks, 2 models by topic, 3 chapter runs, 4 notebook glue. */
    static final Map<String, Integer> FLOORS = Map.ofEntries(
            Map.entry("nn", 0), Map.entry("nn.kernels", 0), Map.entry("plot", 0),
            Map.entry("data", 1), Map.entry("tasks", 1),
            Map.entry("rnn", 2), Map.entry("attention", 2), Map.entry("transformer", 2), Map.entry("caption", 2),
            Map.entry("glimpse", 2), Map.entry("gan", 2),
            Map.entry("chapters", 3),
            Map.entry("notebook", 4));

    private static final Path MAIN = Path.of("src", "main", "java", "jdl");
    private static final Pattern REFERENCE = Pattern.compile("\\bjdl\\.([a-z]+(?:\\.[a-z]+)*)\\.[A-Z]");

    /** Package → the packages it uses, with one file per arrow as evidence. */
    static Map<String, Map<String, Path>> arrows() throws IOException {
        Map<String, Map<String, Path>> arrows = new TreeMap<>();
        try (Stream<Path> files = Files.walk(MAIN)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                String from = MAIN.relativize(file.getParent()).toString().replace(java.io.File.separatorChar, '.');
                Matcher m = REFERENCE.matcher(withoutComments(Files.readString(file)));
                while (m.find()) {
                    String to = m.group(1);
                    if (!to.equals(from)) {
                        arrows.computeIfAbsent(from, k -> new TreeMap<>()).putIfAbsent(to, file);
                    }
                }
            }
        }
        return arrows;
    }

    /** The source without its comments: a class named in a comment is not an arrow. */
    static String withoutComments(String source) {
        return source.replaceAll("(?s)/\\*.*?\\*/", "").replaceAll("//[^\\n]*", "");
    }

    @Test
    void everyPackageHasAFloor() throws IOException {
        Set<String> packages = new TreeSet<>();
        try (Stream<Path> dirs = Files.walk(MAIN)) {
            dirs.filter(Files::isDirectory).filter(d -> !d.equals(MAIN))
                    .forEach(d -> packages.add(MAIN.relativize(d).toString().replace(java.io.File.separatorChar, '.')));
        }
        packages.removeAll(FLOORS.keySet());
        assertEquals(Set.of(), packages, "packages without a floor: add them to LayeringTest.FLOORS");
    }

    @Test
    void noArrowPointsUp() throws IOException {
        List<String> up = new ArrayList<>();
        arrows().forEach((from, targets) -> targets.forEach((to, file) -> {
            Integer a = FLOORS.get(from);
            Integer b = FLOORS.get(to);
            if (a == null || b == null || b > a) {
                up.add(String.format("jdl.%s (floor %s) uses jdl.%s (floor %s) in %s", from, a, to, b, file));
            }
        }));
        assertEquals(List.of(), up, "arrows that point up");
        assertTrue(new TreeSet<>(FLOORS.values()).size() <= 5, "at most 5 floors");
    }

    @Test
    void noCircleWithinAFloor() throws IOException {
        Map<String, Map<String, Path>> arrows = arrows();
        for (String start : arrows.keySet()) {
            List<String> circle = circleFrom(start, start, arrows, new ArrayList<>(List.of(start)), new TreeSet<>());
            assertEquals(List.of(), circle, "packages that use each other in a circle");
        }
    }

    private static List<String> circleFrom(String start, String at, Map<String, Map<String, Path>> arrows,
                                           List<String> path, Set<String> seen) {
        for (String next : arrows.getOrDefault(at, Map.of()).keySet()) {
            if (next.equals(start)) {
                List<String> circle = new ArrayList<>(path);
                circle.add(start);
                return circle;
            }
            if (seen.add(next)) {
                path.add(next);
                List<String> found = circleFrom(start, next, arrows, path, seen);
                if (!found.isEmpty()) {
                    return found;
                }
                path.remove(path.size() - 1);
            }
        }
        return List.of();
    }
}
