package io.testenv.operator.reconciler.observe;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.util.Map;

/**
 * An object as the planner (readiness rules, CEL, drift, messages) may see it. Every path from the API server to
 * the planner goes through here: the informer caches and the answers to applies. A Secret keeps its metadata and
 * type, without its {@code data}, {@code stringData} and the {@code last-applied-configuration} annotation that
 * copies them: no rule, CEL expression or message can read what a Secret holds.
 */
public final class PlannerView {

    public static final String LAST_APPLIED = "kubectl.kubernetes.io/last-applied-configuration";

    private PlannerView() {}

    @SuppressWarnings("unchecked")
    public static Map<String, Object> of(HasMetadata object, KubernetesSerialization serialization) {
        Map<String, Object> map = serialization.convertValue(object, Map.class);
        if (isSecret(object)) {
            map.remove("data");
            map.remove("stringData");
            if (map.get("metadata") instanceof Map<?, ?> metadata
                    && metadata.get("annotations") instanceof Map<?, ?> annotations) {
                annotations.remove(LAST_APPLIED);
            }
        }
        return map;
    }

    public static boolean isSecret(HasMetadata object) {
        return "Secret".equals(object.getKind()) && "v1".equals(object.getApiVersion());
    }
}
