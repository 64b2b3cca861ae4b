package jdl.notebook;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The course library's own source, shown in the notebook: {@code Source.show(LstmCell.class, "stepBackward")} ends a
 * cell with the method (its comment, signature and body, every overload), syntax-highlighted, with the file's line
 * numbers. The build packs the library's {@code .java} files into {@code lib/jdl-course.jar} beside the classes, so
 * the source read is the one the kernel runs. In JJava it renders as HTML; other kernels print it as text.
 */
public final class Source {

    private static final Set<String> KEYWORDS = Set.of("abstract", "assert", "boolean", "break", "byte", "case",
            "catch", "char", "class", "continue", "default", "do", "double", "else", "enum", "extends", "final",
            "finally", "float", "for", "if", "implements", "import", "instanceof", "int", "interface", "long", "new",
            "package", "private", "protected", "public", "record", "return", "short", "static", "super", "switch",
            "this", "throw", "throws", "try", "var", "void", "volatile", "while", "true", "false", "null");

    private Source() {
    }

    /** What {@link #show} found: the class, the method, the first line's number in the file, and the lines. */
    public record View(String className, String method, int firstLine, List<String> lines) {

        /** The lines as HTML: a numbered, highlighted code block. */
        public String html() {
            StringBuilder out = new StringBuilder("<div style=\"font-size:12px\"><b>" + escape(className) + "."
                    + escape(method) + "</b></div><pre style=\"font-size:12px;line-height:1.35;background:#f7f7f7;"
                    + "padding:6px 8px;overflow-x:auto\">");
            boolean[] inComment = {false};
            for (int i = 0; i < lines.size(); i++) {
                out.append(String.format("<span style=\"color:#999\">%4d </span>", firstLine + i))
                        .append(highlight(lines.get(i), inComment)).append('\n');
            }
            return out.append("</pre>").toString();
        }

        @Override
        public String toString() {
            StringBuilder out = new StringBuilder(className + "." + method + "\n");
            for (int i = 0; i < lines.size(); i++) {
                out.append(String.format("%4d  %s%n", firstLine + i, lines.get(i)));
            }
            return out.toString();
        }
    }

    /** Every declaration of {@code method} in {@code type}'s source file, with its comment, as one view. */
    public static View show(Class<?> type, String method) {
        if (type == null || method == null || method.isBlank()) {
            throw new IllegalArgumentException("type and method: expected a class and a method name, got " + type
                    + " and " + method);
        }
        Class<?> top = type;
        while (top.getEnclosingClass() != null) {
            top = top.getEnclosingClass();
        }
        List<String> file = read(top);
        List<int[]> ranges = new ArrayList<>();
        Pattern declaration = Pattern.compile("^\\s*(?:@\\w+\\s+)*(?:(?:public|protected|private|static|final|abstract"
                + "|synchronized|default)\\s+)*(?:<[^>]+>\\s+)?[\\w.<>\\[\\], ?]+\\s+" + Pattern.quote(method)
                + "\\s*\\(");
        for (int i = 0; i < file.size(); i++) {
            Matcher m = declaration.matcher(file.get(i));
            if (m.find() && !file.get(i).trim().startsWith("return") && !file.get(i).contains(" new ")) {
                int end = bodyEnd(file, i);
                if (end > 0) {
                    ranges.add(new int[] {commentStart(file, i), end});
                    i = end;
                }
            }
        }
        if (ranges.isEmpty()) {
            throw new IllegalArgumentException("method: expected a method declared in " + top.getSimpleName()
                    + ".java, one of " + declaredMethods(type) + ", got '" + method + "'");
        }
        List<String> lines = new ArrayList<>();
        int first = ranges.get(0)[0];
        int last = ranges.get(ranges.size() - 1)[1];
        for (int i = first; i <= last; i++) {
            lines.add(file.get(i));
        }
        return new View(type.getSimpleName(), method, first + 1, lines);
    }

    private static List<String> read(Class<?> top) {
        String resource = "/" + top.getName().replace('.', '/') + ".java";
        try (InputStream in = top.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("no source " + resource + " next to the classes: the course library"
                        + " packs its sources into lib/jdl-course.jar (./course build); " + top.getName()
                        + " is not part of it");
            }
            return List.of(new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n", -1));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The line where the declaration's Javadoc, comments and annotations begin. */
    private static int commentStart(List<String> file, int declaration) {
        int start = declaration;
        while (start > 0) {
            String previous = file.get(start - 1).trim();
            if (previous.startsWith("*") || previous.startsWith("/**") || previous.startsWith("/*")
                    || previous.startsWith("//") || previous.startsWith("@")) {
                start--;
            } else {
                break;
            }
        }
        return start;
    }

    /** The line of the brace that closes the body opened at or after {@code from}; -1 for a declaration without one. */
    private static int bodyEnd(List<String> file, int from) {
        int depth = 0;
        boolean opened = false;
        boolean blockComment = false;
        for (int i = from; i < file.size(); i++) {
            String line = file.get(i);
            for (int k = 0; k < line.length(); k++) {
                char c = line.charAt(k);
                if (blockComment) {
                    if (c == '*' && k + 1 < line.length() && line.charAt(k + 1) == '/') {
                        blockComment = false;
                        k++;
                    }
                } else if (c == '/' && k + 1 < line.length() && line.charAt(k + 1) == '/') {
                    break;
                } else if (c == '/' && k + 1 < line.length() && line.charAt(k + 1) == '*') {
                    blockComment = true;
                    k++;
                } else if (c == '"' || c == '\'') {
                    k = skipLiteral(line, k);
                } else if (c == ';' && !opened) {
                    return -1;                                  // abstract or interface method: no body
                } else if (c == '{') {
                    depth++;
                    opened = true;
                } else if (c == '}') {
                    depth--;
                    if (opened && depth == 0) {
                        return i;
                    }
                }
            }
        }
        return -1;
    }

    private static int skipLiteral(String line, int start) {
        char quote = line.charAt(start);
        for (int k = start + 1; k < line.length(); k++) {
            if (line.charAt(k) == '\\') {
                k++;
            } else if (line.charAt(k) == quote) {
                return k;
            }
        }
        return line.length();
    }

    private static Set<String> declaredMethods(Class<?> type) {
        Set<String> names = new TreeSet<>();
        for (java.lang.reflect.Method m : type.getDeclaredMethods()) {
            if (!m.isSynthetic() && !m.getName().contains("$")) {
                names.add(m.getName());
            }
        }
        return names;
    }

    /** One line as HTML: comments green, strings brown, keywords bold blue, numbers teal. */
    static String highlight(String line, boolean[] inComment) {
        StringBuilder out = new StringBuilder();
        int k = 0;
        while (k < line.length()) {
            char c = line.charAt(k);
            if (inComment[0]) {
                int end = line.indexOf("*/", k);
                int stop = end < 0 ? line.length() : end + 2;
                out.append(span("#3a7d44", line.substring(k, stop)));
                inComment[0] = end < 0;
                k = stop;
            } else if (line.startsWith("//", k)) {
                out.append(span("#3a7d44", line.substring(k)));
                k = line.length();
            } else if (line.startsWith("/*", k)) {
                inComment[0] = true;
            } else if (c == '"' || c == '\'') {
                int end = Math.min(line.length(), skipLiteral(line, k) + 1);
                out.append(span("#a0522d", line.substring(k, end)));
                k = end;
            } else if (Character.isJavaIdentifierStart(c)) {
                int end = k;
                while (end < line.length() && Character.isJavaIdentifierPart(line.charAt(end))) {
                    end++;
                }
                String word = line.substring(k, end);
                out.append(KEYWORDS.contains(word) ? "<b style=\"color:#1a4fa0\">" + escape(word) + "</b>" : escape(word));
                k = end;
            } else if (Character.isDigit(c)) {
                int end = k;
                while (end < line.length() && (Character.isLetterOrDigit(line.charAt(end)) || line.charAt(end) == '.'
                        || line.charAt(end) == '_')) {
                    end++;
                }
                out.append(span("#00796b", line.substring(k, end)));
                k = end;
            } else {
                out.append(escape(String.valueOf(c)));
                k++;
            }
        }
        return out.toString();
    }

    private static String span(String colour, String text) {
        return "<span style=\"color:" + colour + "\">" + escape(text) + "</span>";
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
