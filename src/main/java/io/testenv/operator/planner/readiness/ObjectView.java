package io.testenv.operator.planner.readiness;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Read-only view of one Kubernetes object given as a JSON-like map (nested maps and lists, numbers of any
 * Java number type). Lookups of absent or mistyped fields return empty, never throw.
 */
public final class ObjectView {

    private final Map<String, Object> content;

    public ObjectView(Map<String, Object> content) {
        this.content = content == null ? Map.of() : content;
    }

    public Map<String, Object> content() {
        return content;
    }

    public String apiVersion() {
        return stringAt("apiVersion").orElse("");
    }

    public String kind() {
        return stringAt("kind").orElse("");
    }

    /** The API group: "" for the core group. */
    public String group() {
        return groupOf(apiVersion());
    }

    /** The API group of an apiVersion ({@code apps} of {@code apps/v1}): "" for the core group ({@code v1}) or null. */
    public static String groupOf(String apiVersion) {
        if (apiVersion == null) {
            return "";
        }
        int slash = apiVersion.indexOf('/');
        return slash < 0 ? "" : apiVersion.substring(0, slash);
    }

    public String name() {
        return stringAt("metadata", "name").orElse("");
    }

    public String namespace() {
        return stringAt("metadata", "namespace").orElse("");
    }

    public Optional<Object> at(String... path) {
        Object node = content;
        for (String key : path) {
            if (!(node instanceof Map<?, ?> map)) {
                return Optional.empty();
            }
            node = map.get(key);
        }
        return Optional.ofNullable(node);
    }

    public Optional<String> stringAt(String... path) {
        return at(path).filter(String.class::isInstance).map(String.class::cast);
    }

    public Optional<Long> longAt(String... path) {
        return at(path).filter(Number.class::isInstance).map(n -> ((Number) n).longValue());
    }

    /** The maps of a list field; empty when absent or not a list, and non-map items are skipped. */
    @SuppressWarnings("unchecked")
    public List<Map<String, Object>> listAt(String... path) {
        return at(path).filter(List.class::isInstance)
                .map(list -> ((List<Object>) list)
                        .stream()
                                .filter(Map.class::isInstance)
                                .map(item -> (Map<String, Object>) item)
                                .toList())
                .orElse(List.of());
    }

    /** The condition of this type in {@code status.conditions}. */
    public Optional<Map<String, Object>> condition(String type) {
        return listAt("status", "conditions").stream()
                .filter(c -> type.equals(c.get("type")))
                .findFirst();
    }

    /** Whether the condition of this type has status True. */
    public boolean isTrue(String conditionType) {
        return conditionWithStatus(conditionType, "True").isPresent();
    }

    /** The condition of this type in {@code status.conditions} if its status is this one (True, False, Unknown). */
    public Optional<Map<String, Object>> conditionWithStatus(String type, String status) {
        return condition(type).filter(c -> status.equals(c.get("status")));
    }

    public boolean hasStatus() {
        return at("status")
                .filter(Map.class::isInstance)
                .map(s -> !((Map<?, ?>) s).isEmpty())
                .orElse(false);
    }

    public static String text(Map<String, Object> map, String key) {
        Object value = map.get(key);
        return value == null ? "" : value.toString();
    }

    /** A condition's status and reason, e.g. {@code True (ReplicaSetUpdated)}, without its message. */
    public static String statusAndReason(Map<String, Object> condition) {
        String reason = text(condition, "reason");
        return text(condition, "status") + (reason.isBlank() ? "" : " (" + reason + ")");
    }

    /** A condition's reason and message as {@code Reason: message}, leaving out whichever is blank. */
    public static String reasonAndMessage(Map<String, Object> condition) {
        String reason = text(condition, "reason").trim();
        String message = text(condition, "message").trim();
        if (reason.isEmpty() || message.isEmpty()) {
            return reason + message;
        }
        return reason + ": " + message;
    }
}
