package io.testenv.junit5;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/** A TestEnvironment's status as the extension reads it: conditions, the failure, outputs and the timeline. */
final class StatusView {

    private StatusView() {}

    /**
     * The operator's own words: each failed component with its message (object and reason), else the Failed
     * condition's message (a timeout, an invalid spec).
     */
    static String failure(GenericKubernetesResource env) {
        List<String> components = new ArrayList<>();
        if (status(env).get("components") instanceof List<?> list) {
            for (Object item : list) {
                if (item instanceof Map<?, ?> c && "Failed".equals(c.get("phase"))) {
                    components.add("component " + c.get("name") + ": " + c.get("message"));
                }
            }
        }
        if (!components.isEmpty()) {
            return String.join("; ", components);
        }
        return condition(env, "Failed")
                .filter(c -> "True".equals(c.get("status")))
                .or(() -> condition(env, "Stalled"))
                .map(c -> c.get("reason") + ": " + c.get("message"))
                .orElse("no message");
    }

    static boolean settled(GenericKubernetesResource env) {
        if (env == null) {
            return false;
        }
        Object observed = status(env).get("observedGeneration");
        long generation = Optional.ofNullable(env.getMetadata().getGeneration()).orElse(1L);
        if (!(observed instanceof Number n) || n.longValue() < generation) {
            return false;
        }
        return isTrue(env, "Ready") || isTrue(env, "Failed") || isTrue(env, "Stalled");
    }

    static boolean isTrue(GenericKubernetesResource env, String type) {
        return condition(env, type).map(c -> "True".equals(c.get("status"))).orElse(false);
    }

    @SuppressWarnings("unchecked")
    static Optional<Map<String, Object>> condition(GenericKubernetesResource env, String type) {
        if (env == null || !(status(env).get("conditions") instanceof List<?> conditions)) {
            return Optional.empty();
        }
        return conditions.stream()
                .filter(c -> c instanceof Map<?, ?> m && type.equals(m.get("type")))
                .map(c -> (Map<String, Object>) c)
                .findFirst();
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> status(GenericKubernetesResource env) {
        Object status = env == null ? null : env.getAdditionalProperties().get("status");
        return status instanceof Map<?, ?> map ? (Map<String, Object>) map : Map.of();
    }

    /** status.outputs, by name. */
    static Map<String, String> outputs(GenericKubernetesResource env) {
        Map<String, String> outputs = new LinkedHashMap<>();
        if (status(env).get("outputs") instanceof Map<?, ?> map) {
            map.forEach((k, v) -> outputs.put(String.valueOf(k), Objects.toString(v, null)));
        }
        return outputs;
    }

    /** status.timing and status.components as a {@link Timeline}, with how long the extension waited. */
    @SuppressWarnings("unchecked")
    static Timeline timeline(GenericKubernetesResource env, double waitedSeconds) {
        Map<String, Object> status = status(env);
        Map<String, Object> timing = status.get("timing") instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
        List<Timeline.Component> components = new ArrayList<>();
        if (status.get("components") instanceof List<?> list) {
            for (Object item : list) {
                if (item instanceof Map<?, ?> c) {
                    components.add(new Timeline.Component(
                            String.valueOf(c.get("name")),
                            Objects.toString(c.get("phase"), null),
                            Objects.toString(c.get("appliedAt"), null),
                            Objects.toString(c.get("readyAt"), null),
                            number(c.get("readySeconds")),
                            number(c.get("blockedSeconds"))));
                }
            }
        }
        List<String> path = timing.get("criticalPath") instanceof List<?> p
                ? p.stream().map(String::valueOf).toList()
                : List.of();
        return new Timeline(
                number(timing.get("elapsedSeconds")),
                path,
                number(timing.get("criticalPathSeconds")),
                number(timing.get("sequentialSeconds")),
                waitedSeconds,
                components);
    }

    private static Double number(Object value) {
        return value instanceof Number n ? n.doubleValue() : null;
    }
}
