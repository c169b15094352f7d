package io.dataraven.secrets.benchmark;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The block YAML that template.yaml is written in, read into maps, lists and strings: mappings, sequences (also
 * of mappings), plain and quoted scalars, block scalars ({@code >-}, {@code |}) and comments. Short-form tags stay
 * in the text ({@code !Ref SecretsTable}), flow collections ({@code [a, b]}) stay one string: the benchmark reads
 * functions' handlers, jars, memory and environment, never an intrinsic's arguments.
 *
 * <p>Why not the local server's reader ({@code local}'s TemplateRoutes, on Jackson's YAML module): the benchmark's
 * orchestrator runs on the JDK alone, so that nothing of ours or of our libraries sits in the process that times
 * the functions, and depending on {@code local} would put its shaded jar (every handler, the unshrunk core) on that
 * class path. This reader is the benchmark's only way into the template.
 */
final class TemplateYaml {

    private final List<String> lines;
    private int at;

    private TemplateYaml(String text) {
        this.lines = new ArrayList<>(List.of(text.replace("\r", "").split("\n", -1)));
    }

    /** The document's top-level mapping. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> parse(String text) {
        TemplateYaml reader = new TemplateYaml(text);
        reader.skipBlank();
        if (reader.at >= reader.lines.size()) {
            return Map.of();
        }
        Object root = reader.block(indent(reader.lines.get(reader.at)));
        return root instanceof Map ? (Map<String, Object>) root : Map.of();
    }

    /** The mapping or sequence starting at the current line, whose entries sit at {@code indent}. */
    private Object block(int indent) {
        return item(lines.get(at)) ? sequence(indent) : mapping(indent);
    }

    private Map<String, Object> mapping(int indent) {
        Map<String, Object> map = new LinkedHashMap<>();
        while (next(indent) && !item(lines.get(at))) {
            String line = lines.get(at).substring(indent);
            int colon = keyEnd(line);
            if (colon < 0) {
                at++; // not a key (a stray scalar line): nothing the benchmark reads
                continue;
            }
            String key = unquote(line.substring(0, colon).strip());
            String value = uncomment(line.substring(colon + 1)).strip();
            at++;
            map.put(key, value(value, indent));
        }
        return map;
    }

    private List<Object> sequence(int indent) {
        List<Object> list = new ArrayList<>();
        while (next(indent) && item(lines.get(at))) {
            String rest = lines.get(at).substring(indent + 1);
            String text = uncomment(rest).strip();
            if (text.isEmpty()) {
                at++;
                list.add(nested(indent));
            } else if (keyEnd(text) >= 0 && !text.startsWith("!")) {
                // "- Key: value": a mapping whose keys line up with this first one.
                int keyIndent = indent + 1 + (rest.length() - rest.stripLeading().length());
                lines.set(at, " ".repeat(keyIndent) + rest.stripLeading());
                list.add(mapping(keyIndent));
            } else {
                at++;
                list.add(value(text, indent));
            }
        }
        return list;
    }

    /** A key's value: a block scalar, a nested block (deeper, or a sequence at the key's own indent), a scalar. */
    private Object value(String text, int indent) {
        if (text.startsWith(">") || text.startsWith("|")) {
            return blockScalar(indent, text.startsWith(">"));
        }
        if (text.isEmpty()) {
            return nested(indent);
        }
        if (text.startsWith("!") && !text.contains(" ")) {
            // A bare tag ("!If", "!Sub") over a nested block: its argument is not read.
            nested(indent);
            return text;
        }
        Object scalar = unquote(text);
        // Continuation lines of a multi-line plain scalar: not read.
        while (at < lines.size() && (lines.get(at).isBlank() || indent(lines.get(at)) > indent)) {
            at++;
        }
        return scalar;
    }

    private Object nested(int indent) {
        skipBlank();
        if (at >= lines.size()) {
            return "";
        }
        int inner = indent(lines.get(at));
        if (inner > indent || inner == indent && item(lines.get(at))) {
            return block(inner);
        }
        return "";
    }

    private String blockScalar(int indent, boolean folded) {
        StringBuilder text = new StringBuilder();
        while (at < lines.size() && (lines.get(at).isBlank() || indent(lines.get(at)) > indent)) {
            String line = lines.get(at++).strip();
            text.append(text.length() == 0 ? "" : folded ? " " : "\n").append(line);
        }
        return text.toString().strip();
    }

    /** Moves to the next line with content; true if it sits at {@code indent}. */
    private boolean next(int indent) {
        skipBlank();
        return at < lines.size() && indent(lines.get(at)) == indent;
    }

    private void skipBlank() {
        while (at < lines.size() && (lines.get(at).isBlank() || lines.get(at).stripLeading().startsWith("#"))) {
            at++;
        }
    }

    private static boolean item(String line) {
        String s = line.stripLeading();
        return s.equals("-") || s.startsWith("- ");
    }

    private static int indent(String line) {
        return line.length() - line.stripLeading().length();
    }

    /** Where a {@code key:} ends (the colon), outside quotes and before any value; -1 if the line has no key. */
    private static int keyEnd(String line) {
        char quote = 0;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quote != 0) {
                quote = c == quote ? 0 : quote;
            } else if (c == '\'' || c == '"') {
                if (i > 0) {
                    return -1;
                }
                quote = c;
            } else if (c == ':' && (i + 1 == line.length() || line.charAt(i + 1) == ' ')) {
                return i;
            } else if (c == ' ' && i + 1 < line.length() && line.charAt(i + 1) == '#') {
                return -1;
            }
        }
        return -1;
    }

    /** The text before a comment ({@code " #"} outside quotes). */
    private static String uncomment(String text) {
        char quote = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (quote != 0) {
                quote = c == quote ? 0 : quote;
            } else if (c == '\'' || c == '"') {
                quote = c;
            } else if (c == '#' && (i == 0 || text.charAt(i - 1) == ' ')) {
                return text.substring(0, i);
            }
        }
        return text;
    }

    private static String unquote(String text) {
        if (text.length() >= 2 && text.startsWith("'") && text.endsWith("'")) {
            return text.substring(1, text.length() - 1).replace("''", "'");
        }
        if (text.length() >= 2 && text.startsWith("\"") && text.endsWith("\"")) {
            return text.substring(1, text.length() - 1).replace("\\\"", "\"").replace("\\\\", "\\");
        }
        return text;
    }
}
