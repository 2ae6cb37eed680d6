package io.testenv.operator.reconciler.apply;

import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.api.model.StatusCause;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The API server's explanation of a refused request, told without the values it quotes. Its messages echo what
 * was sent ({@code Invalid value: "hunter2": ...}, {@code expected string, got &value.valueUnstructured{Value:
 * 8675309}}), and what was sent may be a Secret's: only field paths, the kind of problem and the server's own
 * wording around them are kept. Everything that leaves the operator from a refused request (status, Events,
 * logs) goes through here.
 */
public final class ServerMessages {

    /** Long enough for a handful of field errors; a status stays small whatever the server wrote. */
    public static final int MAX_LENGTH = 600;

    /** field.Error's prefixes that are followed by the offending value. */
    private static final List<String> VALUE_PREFIXES =
            List.of("Invalid value: ", "Unsupported value: ", "Duplicate value: ", "Not found: ");

    /** structured-merge-diff's typed-value errors: "expected string, got &value.valueUnstructured{Value:1}". */
    private static final Pattern GOT_VALUE = Pattern.compile(", got [^\\n]*");

    /**
     * A key of a list element in a structured-merge-diff path, {@code [port="5432",protocol="TCP"]}: the values
     * identify the element, and may be the very value that was refused. Only {@code name} keys are kept.
     */
    private static final Pattern LIST_KEY =
            Pattern.compile("(\\b(?!name=)[A-Za-z]+)=(\"(?:[^\"\\\\]|\\\\.)*\"|[^,\\]]+)");

    private static final Pattern LIST_KEYS = Pattern.compile("\\[[A-Za-z]+=[^\\]]*\\]");

    private ServerMessages() {}

    /** The status's message, or its causes, without values, on one line and capped. */
    public static String redacted(Status status, String fallback) {
        if (status != null
                && status.getDetails() != null
                && status.getDetails().getCauses() != null
                && !status.getDetails().getCauses().isEmpty()) {
            List<String> parts = new ArrayList<>();
            for (StatusCause cause : status.getDetails().getCauses()) {
                String message = cause.getMessage() == null ? "" : redacted(cause.getMessage());
                String field = cause.getField();
                parts.add(
                        field == null || field.isBlank() || message.startsWith(field)
                                ? message
                                : field + ": " + message);
            }
            return cap(String.join("; ", parts));
        }
        String message = status != null && status.getMessage() != null ? status.getMessage() : fallback;
        return cap(redacted(message == null ? "" : message));
    }

    /** The text with every value a field error or a typed-value error quotes taken out. */
    public static String redacted(String message) {
        String text = GOT_VALUE.matcher(message).replaceAll("");
        text = withoutListKeyValues(text);
        for (String prefix : VALUE_PREFIXES) {
            text = withoutValuesAfter(text, prefix);
        }
        return text.replaceAll("\\s*\\n\\s*", "; ").replace("errors:; ", "").trim();
    }

    /**
     * Every {@code prefix <value>} becomes {@code prefix.trim()}: the value is a Go-quoted string, a JSON-ish
     * object or list, or a bare token up to the next ": ". A copy of the value later in the detail goes too.
     */
    private static String withoutValuesAfter(String text, String prefix) {
        StringBuilder out = new StringBuilder();
        int from = 0;
        int at;
        while ((at = text.indexOf(prefix, from)) >= 0) {
            int valueStart = at + prefix.length();
            int valueEnd = endOfValue(text, valueStart);
            String value = text.substring(valueStart, valueEnd);
            out.append(text, from, at).append(prefix.stripTrailing().replaceAll(":$", ""));
            int next = valueEnd;
            int lineEnd = text.indexOf('\n', next);
            lineEnd = lineEnd < 0 ? text.length() : lineEnd;
            String detail = text.substring(next, lineEnd);
            if (!value.isBlank()) {
                detail = detail.replace(value, "(value not shown)");
            }
            out.append(detail);
            from = lineEnd;
        }
        out.append(text.substring(from));
        return out.toString();
    }

    private static String withoutListKeyValues(String text) {
        Matcher keys = LIST_KEYS.matcher(text);
        StringBuilder out = new StringBuilder();
        while (keys.find()) {
            keys.appendReplacement(
                    out, Matcher.quoteReplacement(LIST_KEY.matcher(keys.group()).replaceAll("$1=…")));
        }
        keys.appendTail(out);
        return out.toString();
    }

    private static int endOfValue(String text, int start) {
        if (start >= text.length()) {
            return start;
        }
        char first = text.charAt(start);
        if (first == '"') {
            for (int i = start + 1; i < text.length(); i++) {
                char c = text.charAt(i);
                if (c == '\\') {
                    i++;
                } else if (c == '"') {
                    return i + 1;
                }
            }
            return text.length();
        }
        if (first == '{' || first == '[') {
            int depth = 0;
            for (int i = start; i < text.length(); i++) {
                char c = text.charAt(i);
                if (c == '{' || c == '[') {
                    depth++;
                } else if ((c == '}' || c == ']') && --depth == 0) {
                    return i + 1;
                }
            }
            return text.length();
        }
        Matcher end = Pattern.compile(": |\\n|$").matcher(text);
        return end.find(start) ? end.start() : text.length();
    }

    public static String cap(String text) {
        return text.length() <= MAX_LENGTH ? text : text.substring(0, MAX_LENGTH - 1) + "…";
    }
}
