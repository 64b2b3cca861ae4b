package jdl.notebooks;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * What an executed notebook shows: its error outputs (with the cell they came from), the code cells
 * that never ran, and how many inline PNG images it produced. {@link #problems()} lists everything
 * that makes a notebook test fail.
 */
public final class NotebookReport {

    private static final int MAX_TRACEBACK_LINES = 40;

    private final String name;
    private final List<String> errors = new ArrayList<>();
    private final List<String> unexecuted = new ArrayList<>();
    private int codeCells;
    private int pngImages;

    private NotebookReport(String name) {
        this.name = name;
    }

    /** Reads an executed notebook (nbformat 4 JSON). */
    public static NotebookReport read(Path executed) {
        try {
            return of(executed.getFileName().toString(), new ObjectMapper().readTree(executed.toFile()));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read executed notebook " + executed, e);
        }
    }

    /** The widest inline image a notebook may show, in pixels. */
    public static final int MAX_WIDTH = 1400;

    /** The width of a base64 PNG, from its IHDR chunk (bytes 16–19); 0 if it cannot be read. */
    static int pngWidth(String base64) {
        try {
            byte[] head = java.util.Base64.getMimeDecoder().decode(base64.length() > 64 ? base64.substring(0, 64) : base64);
            if (head.length < 24) {
                return 0;
            }
            return ((head[16] & 0xff) << 24) | ((head[17] & 0xff) << 16) | ((head[18] & 0xff) << 8) | (head[19] & 0xff);
        } catch (IllegalArgumentException e) {
            return 0;
        }
    }

    /** Builds the report from a parsed notebook. */
    public static NotebookReport of(String name, JsonNode notebook) {
        NotebookReport report = new NotebookReport(name);
        JsonNode cells = notebook.path("cells");
        for (int i = 0; i < cells.size(); i++) {
            JsonNode cell = cells.get(i);
            if (!"code".equals(cell.path("cell_type").asText())) {
                continue;
            }
            report.codeCells++;
            String where = "cell " + (i + 1) + " (code cell " + report.codeCells + ")";
            if (cell.path("execution_count").isNull() || cell.path("execution_count").isMissingNode()) {
                if (!source(cell).isBlank()) {
                    report.unexecuted.add(where);
                }
            }
            for (JsonNode output : cell.path("outputs")) {
                String type = output.path("output_type").asText();
                if ("error".equals(type)) {
                    report.errors.add(where + ": " + output.path("ename").asText() + ": "
                            + output.path("evalue").asText() + "\n" + traceback(output.path("traceback"))
                            + "\n  in: " + firstLine(source(cell)));
                }
                if (output.path("data").has("image/png")) {
                    report.pngImages++;
                    int width = pngWidth(output.path("data").path("image/png").asText());
                    if (width > MAX_WIDTH) {
                        report.errors.add(where + ": an image " + width + " px wide (at most " + MAX_WIDTH
                                + ", so it fits a laptop screen without scrolling)\n  in: " + firstLine(source(cell)));
                    }
                }
            }
        }
        return report;
    }

    public List<String> errors() {
        return errors;
    }

    public List<String> unexecutedCells() {
        return unexecuted;
    }

    public int pngImages() {
        return pngImages;
    }

    public int codeCells() {
        return codeCells;
    }

    /** Everything wrong with the run; empty when the notebook passed. */
    public List<String> problems() {
        List<String> problems = new ArrayList<>();
        for (String error : errors) {
            problems.add(name + ", " + error);
        }
        if (codeCells == 0) {
            problems.add(name + ": has no code cells");
        }
        if (!unexecuted.isEmpty() && errors.isEmpty()) {
            problems.add(name + ": cells never ran: " + String.join(", ", unexecuted));
        }
        if (pngImages == 0) {
            problems.add(name + ": produced no inline image/png output (every notebook must plot)");
        }
        return problems;
    }

    private static String source(JsonNode cell) {
        JsonNode source = cell.path("source");
        if (source.isArray()) {
            StringBuilder sb = new StringBuilder();
            source.forEach(line -> sb.append(line.asText()));
            return sb.toString();
        }
        return source.asText();
    }

    private static String firstLine(String source) {
        String trimmed = source.strip();
        int nl = trimmed.indexOf('\n');
        return nl < 0 ? trimmed : trimmed.substring(0, nl) + " …";
    }

    private static String traceback(JsonNode lines) {
        StringBuilder sb = new StringBuilder();
        int n = 0;
        for (JsonNode entry : lines) {
            for (String line : stripAnsi(entry.asText()).split("\n")) {
                if (n++ < MAX_TRACEBACK_LINES) {
                    sb.append("    ").append(line).append('\n');
                }
            }
        }
        if (n > MAX_TRACEBACK_LINES) {
            sb.append("    … ").append(n - MAX_TRACEBACK_LINES).append(" more lines\n");
        }
        return sb.toString().stripTrailing();
    }

    static String stripAnsi(String text) {
        return text.replaceAll("\u001B\\[[0-9;]*[A-Za-z]", "");
    }
}
