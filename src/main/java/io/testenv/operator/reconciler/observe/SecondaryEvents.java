package io.testenv.operator.reconciler.observe;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.testenv.operator.planner.model.ComponentModel;
import io.testenv.operator.planner.model.EnvironmentModel;
import io.testenv.operator.planner.model.Manifest;
import io.testenv.operator.planner.model.ObjectRef;
import io.testenv.operator.planner.model.OutputExpression;
import io.testenv.operator.planner.readiness.ObjectHealth;
import io.testenv.operator.planner.readiness.ObjectView;
import io.testenv.operator.planner.readiness.PodProblems;
import io.testenv.operator.planner.readiness.Readiness;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which updates of an environment's objects reach the reconciler: those that can change a decision. Anything but
 * the status (spec, data, labels, annotations, owner references, the generation: drift and ownership), a deletion,
 * or a change of the object's readiness (state, reason, message: what its component's gate and message are made
 * of). A status change the built-in readiness rule does not see passes too for the objects a CEL expression reads
 * (a component's readyWhen/failedWhen, an output naming the object), since CEL may read any status field. Every
 * other status update (a controller bumping counters and timestamps) triggers no reconcile.
 */
@ApplicationScoped
public class SecondaryEvents {

    private final KubernetesSerialization serialization;
    /** Objects a CEL expression may read in full, by key, with the uid of the environment that declares them. */
    private final Map<String, String> readByCel = new ConcurrentHashMap<>();

    public SecondaryEvents(KubernetesClient client) {
        this.serialization = client.getKubernetesSerialization();
    }

    public boolean accept(GenericKubernetesResource newer, GenericKubernetesResource older) {
        if (newer.getMetadata().getDeletionTimestamp() != null) {
            return true;
        }
        Map<String, Object> after = PlannerView.of(newer, serialization);
        Map<String, Object> before = PlannerView.of(older, serialization);
        Object statusAfter = after.remove("status");
        Object statusBefore = before.remove("status");
        if (!withoutBookkeeping(after).equals(withoutBookkeeping(before))) {
            return true;
        }
        if (Objects.equals(statusAfter, statusBefore)) {
            return false;
        }
        if (readByCel.containsKey(key(
                newer.getApiVersion(),
                newer.getKind(),
                newer.getMetadata().getNamespace(),
                newer.getMetadata().getName()))) {
            return true;
        }
        Map<String, Object> newerView = PlannerView.of(newer, serialization);
        Map<String, Object> olderView = PlannerView.of(older, serialization);
        if ("Pod".equals(newer.getKind())
                && !PodProblems.of(new ObjectView(newerView)).equals(PodProblems.of(new ObjectView(olderView)))) {
            // a container problem appeared or went: the component's message names it
            return true;
        }
        return !sameHealth(Readiness.compute(newerView), Readiness.compute(olderView));
    }

    /** Remembers which of the environment's objects CEL reads: those of components with health overrides, and
     * those its outputs name. */
    public void rememberCelReads(String uid, EnvironmentModel model) {
        for (ComponentModel component : model.components()) {
            if (component.health().isEmpty()) {
                continue;
            }
            for (Manifest manifest : component.manifests()) {
                readByCel.put(key(manifest.ref()), uid);
            }
        }
        Set<String> named = ConcurrentHashMap.newKeySet();
        for (OutputExpression output : model.outputs()) {
            if (output.expression() != null) {
                named.add(output.expression());
            }
        }
        if (!named.isEmpty()) {
            String all = String.join("\n", named);
            for (ComponentModel component : model.components()) {
                for (Manifest manifest : component.manifests()) {
                    ObjectRef ref = manifest.ref();
                    if (all.contains(ref.kind() + "/" + ref.name())) {
                        readByCel.put(key(ref), uid);
                    }
                }
            }
        }
    }

    /** Forgets what was remembered for environments no longer live. */
    public void retainOnly(Set<String> liveUids) {
        readByCel.values().removeIf(uid -> !liveUids.contains(uid));
    }

    private static boolean sameHealth(ObjectHealth a, ObjectHealth b) {
        return a.state() == b.state()
                && Objects.equals(a.reason(), b.reason())
                && Objects.equals(a.message(), b.message());
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> withoutBookkeeping(Map<String, Object> object) {
        Map<String, Object> copy = new HashMap<>(object);
        if (copy.get("metadata") instanceof Map<?, ?> metadata) {
            Map<String, Object> meta = new HashMap<>((Map<String, Object>) metadata);
            meta.remove("resourceVersion");
            meta.remove("managedFields");
            copy.put("metadata", meta);
        }
        return copy;
    }

    private static String key(ObjectRef ref) {
        return key(ref.apiVersion(), ref.kind(), ref.namespace(), ref.name());
    }

    private static String key(String apiVersion, String kind, String namespace, String name) {
        return apiVersion + "/" + kind + "/" + Objects.toString(namespace, "") + "/" + name;
    }
}
