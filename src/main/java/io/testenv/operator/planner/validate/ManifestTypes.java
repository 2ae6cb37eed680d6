package io.testenv.operator.planner.validate;

import io.testenv.operator.planner.model.Manifest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * The type errors the schemas of well-known kinds make certain, found before anything is applied. Server-side
 * apply answers them with a 500 ("failed to create typed patch object") or a 400 that quotes the value, one
 * object at a time; here every one is listed with its field path, never its value:
 * <ul>
 * <li>ConfigMap {@code data} and Secret {@code stringData} values are strings ({@code port: 5432} needs quotes);</li>
 * <li>ConfigMap {@code binaryData} and Secret {@code data} values are base64 strings;</li>
 * <li>label and annotation values are strings, on the object and on its pod template;</li>
 * <li>a container's {@code env[].value} is a string, in a Pod and in every workload's pod template.</li>
 * </ul>
 */
public final class ManifestTypes {

    /** Where pod specs live in the core workload kinds. */
    private static final List<List<String>> POD_SPEC_PATHS = List.of(
            List.of("spec"),
            List.of("spec", "template", "spec"),
            List.of("spec", "jobTemplate", "spec", "template", "spec"));

    private ManifestTypes() {}

    /** Each problem as "data.port is a number, not a string (quote it)". */
    public static List<String> problems(Manifest manifest) {
        Map<String, Object> content = manifest.content();
        List<String> problems = new ArrayList<>();
        String kind = manifest.ref().kind();
        boolean core = "v1".equals(manifest.ref().apiVersion());
        if (core && "ConfigMap".equals(kind)) {
            strings(content.get("data"), "data", problems);
            base64(content.get("binaryData"), "binaryData", problems);
        } else if (core && "Secret".equals(kind)) {
            strings(content.get("stringData"), "stringData", problems);
            base64(content.get("data"), "data", problems);
        }
        metadata(content.get("metadata"), "metadata", problems);
        if (content.get("spec") instanceof Map<?, ?> spec && spec.get("template") instanceof Map<?, ?> template) {
            metadata(template.get("metadata"), "spec.template.metadata", problems);
        }
        for (List<String> path : POD_SPEC_PATHS) {
            Object podSpec = at(content, path);
            if (podSpec instanceof Map<?, ?> map
                    && (map.containsKey("containers") || map.containsKey("initContainers"))) {
                containers(map, String.join(".", path), problems);
            }
        }
        return problems;
    }

    private static void metadata(Object metadata, String path, List<String> problems) {
        if (metadata instanceof Map<?, ?> map) {
            strings(map.get("labels"), path + ".labels", problems);
            strings(map.get("annotations"), path + ".annotations", problems);
        }
    }

    private static void containers(Map<?, ?> podSpec, String path, List<String> problems) {
        for (String field : List.of("initContainers", "containers")) {
            if (!(podSpec.get(field) instanceof List<?> containers)) {
                continue;
            }
            for (int c = 0; c < containers.size(); c++) {
                if (!(containers.get(c) instanceof Map<?, ?> container)
                        || !(container.get("env") instanceof List<?> env)) {
                    continue;
                }
                for (int e = 0; e < env.size(); e++) {
                    if (env.get(e) instanceof Map<?, ?> variable && variable.containsKey("value")) {
                        Object value = variable.get("value");
                        if (value != null && !(value instanceof String)) {
                            problems.add(path + "." + field + "[" + c + "].env[" + e + "].value" + " ("
                                    + variable.get("name") + ") is " + typeOf(value) + ", not a string (quote it)");
                        }
                    }
                }
            }
        }
    }

    private static void strings(Object map, String path, List<String> problems) {
        if (map == null) {
            return;
        }
        if (!(map instanceof Map<?, ?> entries)) {
            problems.add(path + " is " + typeOf(map) + ", not a map of strings");
            return;
        }
        entries.forEach((key, value) -> {
            if (value != null && !(value instanceof String)) {
                problems.add(path + "." + key + " is " + typeOf(value) + ", not a string (quote it)");
            }
        });
    }

    private static void base64(Object map, String path, List<String> problems) {
        if (map == null) {
            return;
        }
        if (!(map instanceof Map<?, ?> entries)) {
            problems.add(path + " is " + typeOf(map) + ", not a map of base64 strings");
            return;
        }
        entries.forEach((key, value) -> {
            if (value == null) {
                return;
            }
            if (!(value instanceof String text)) {
                problems.add(path + "." + key + " is " + typeOf(value) + ", not a base64 string");
            } else if (!isBase64(text)) {
                problems.add(path + "." + key + " is not base64 (plain text goes in stringData)");
            }
        });
    }

    private static boolean isBase64(String text) {
        try {
            Base64.getDecoder().decode(text);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static Object at(Map<String, Object> root, List<String> path) {
        Object node = root;
        for (String key : path) {
            if (!(node instanceof Map<?, ?> map)) {
                return null;
            }
            node = map.get(key);
        }
        return node;
    }

    private static String typeOf(Object value) {
        if (value instanceof Number) {
            return "a number";
        }
        if (value instanceof Boolean) {
            return "a boolean";
        }
        if (value instanceof Map<?, ?>) {
            return "a map";
        }
        if (value instanceof List<?>) {
            return "a list";
        }
        return "a " + value.getClass().getSimpleName();
    }
}
