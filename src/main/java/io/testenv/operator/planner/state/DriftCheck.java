package io.testenv.operator.planner.state;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Which fields an environment declared for an object no longer hold what it declared: the object was changed
 * outside the environment (drift). Only the declared fields count (defaults and fields others add do not), the
 * metadata only for the labels and annotations declared, and never a Secret's values, which the operator does
 * not read. Paths the API server itself changes on apply (a quantity it normalizes, say) are ignored. Reports
 * paths, never values.
 */
public final class DriftCheck {

    public static final int MAX_PATHS = 5;

    private DriftCheck() {}

    public static List<String> changedPaths(
            Map<String, Object> declared, Map<String, Object> live, Set<String> ignored) {
        List<String> paths = new ArrayList<>();
        boolean secret = "Secret".equals(declared.get("kind")) && "v1".equals(declared.get("apiVersion"));
        for (Map.Entry<String, Object> entry : declared.entrySet()) {
            String key = entry.getKey();
            if (key.equals("apiVersion")
                    || key.equals("kind")
                    || key.equals("status")
                    || (secret && (key.equals("data") || key.equals("stringData")))) {
                continue;
            }
            if (key.equals("metadata")) {
                metadata(entry.getValue(), live.get("metadata"), ignored, paths);
            } else {
                compare(key, entry.getValue(), live.get(key), ignored, paths);
            }
        }
        return paths.size() > MAX_PATHS ? paths.subList(0, MAX_PATHS) : paths;
    }

    private static void metadata(Object declared, Object live, Set<String> ignored, List<String> paths) {
        if (!(declared instanceof Map<?, ?> declaredMetadata)) {
            return;
        }
        Map<?, ?> liveMetadata = live instanceof Map<?, ?> map ? map : Map.of();
        for (String field : List.of("labels", "annotations")) {
            if (declaredMetadata.get(field) != null) {
                compare("metadata." + field, declaredMetadata.get(field), liveMetadata.get(field), ignored, paths);
            }
        }
    }

    private static void compare(String path, Object declared, Object live, Set<String> ignored, List<String> paths) {
        if (ignored.contains(path) || paths.size() > MAX_PATHS) {
            return;
        }
        if (declared instanceof Map<?, ?> declaredMap) {
            if (!(live instanceof Map<?, ?> liveMap)) {
                paths.add(path);
                return;
            }
            declaredMap.forEach((key, value) -> compare(path + "." + key, value, liveMap.get(key), ignored, paths));
        } else if (declared instanceof List<?> declaredList) {
            if (!(live instanceof List<?> liveList) || liveList.size() != declaredList.size()) {
                paths.add(path);
                return;
            }
            for (int i = 0; i < declaredList.size(); i++) {
                compare(path + "[" + i + "]", declaredList.get(i), liveList.get(i), ignored, paths);
            }
        } else if (declared != null && !sameScalar(declared, live)) {
            paths.add(path);
        }
    }

    private static boolean sameScalar(Object declared, Object live) {
        if (declared instanceof Number a && live instanceof Number b) {
            return new BigDecimal(a.toString()).compareTo(new BigDecimal(b.toString())) == 0;
        }
        return declared.equals(live);
    }
}
