package io.testenv.operator.reconciler.observe;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.testenv.operator.planner.model.ComponentModel;
import io.testenv.operator.planner.model.EnvironmentModel;
import io.testenv.operator.planner.model.Manifest;
import io.testenv.operator.planner.model.ObjectRef;
import io.testenv.operator.planner.model.OutputExpression;
import io.testenv.operator.planner.readiness.ObjectHealth;
import io.testenv.operator.planner.readiness.ObjectView;
import io.testenv.operator.planner.readiness.PodProblems;
import io.testenv.operator.planner.readiness.Readiness;
import io.testenv.operator.reconciler.marks.Marks;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * Which updates of an environment's objects reach the reconciler: those that can change a decision. Anything but
 * the status (spec, data, labels, annotations, owner references, the generation: drift and ownership), a deletion,
 * or a change of the object's readiness state or reason (what its component's gate is made of; not its progress
 * message). A workload's pod counts only when a container problem appears or goes (the component's message names
 * it): its workload's status says when it is ready. A status change the built-in readiness rule does not see
 * passes too for the objects a CEL expression reads (a component's readyWhen/failedWhen, an output naming the
 * object), since CEL may read any status field. Every other status update (a controller bumping counters and
 * timestamps) triggers no reconcile.
 */
@ApplicationScoped
public class SecondaryEvents {

    /** Objects a CEL expression may read in full, by key, with the uid of the environment that declares them. */
    private final Map<String, String> readByCel = new ConcurrentHashMap<>();

    public SecondaryEvents() {}

    public boolean accept(GenericKubernetesResource newer, GenericKubernetesResource older) {
        ObjectMeta after = newer.getMetadata();
        ObjectMeta before = older.getMetadata();
        if (after.getDeletionTimestamp() != null
                || !Objects.equals(after.getGeneration(), before.getGeneration())
                || !Objects.equals(after.getLabels(), before.getLabels())
                || !Objects.equals(after.getAnnotations(), before.getAnnotations())
                || !Objects.equals(after.getOwnerReferences(), before.getOwnerReferences())
                || !Objects.equals(after.getFinalizers(), before.getFinalizers())) {
            return true;
        }
        // the content as the informer holds it (maps already): anything but the status is drift or a decision
        Map<String, Object> contentAfter = newer.getAdditionalProperties();
        Map<String, Object> contentBefore = older.getAdditionalProperties();
        Object statusAfter = contentAfter.get("status");
        Object statusBefore = contentBefore.get("status");
        if (contentAfter.size() != contentBefore.size()) {
            return true;
        }
        for (Map.Entry<String, Object> entry : contentAfter.entrySet()) {
            if (!entry.getKey().equals("status")
                    && !Objects.equals(entry.getValue(), contentBefore.get(entry.getKey()))) {
                return true;
            }
        }
        if (Objects.equals(statusAfter, statusBefore)) {
            return false;
        }
        if (readByCel.containsKey(key(newer.getApiVersion(), newer.getKind(), after.getNamespace(), after.getName()))) {
            return true;
        }
        Map<String, Object> newerView = view(newer);
        Map<String, Object> olderView = view(older);
        if ("Pod".equals(newer.getKind())) {
            if (!PodProblems.of(new ObjectView(newerView)).equals(PodProblems.of(new ObjectView(olderView)))) {
                // a container problem appeared or went: the component's message names it
                return true;
            }
            if (ofWorkload(after)) {
                // its workload's status says when it is ready
                return false;
            }
        }
        return !sameHealth(Readiness.compute(newerView), Readiness.compute(olderView));
    }

    /**
     * Which new objects reach the reconciler: one an environment may own (its creation, by the operator or anyone,
     * can change a decision), and a workload's pod only when it comes with a container problem. What a workload
     * creates for itself (a ReplicaSet, a pod starting) changes no decision: the workload's status reports it.
     */
    public boolean acceptAdded(GenericKubernetesResource added) {
        if (Marks.mayBelongToAnEnvironment(added)) {
            return true;
        }
        return "Pod".equals(added.getKind())
                && !PodProblems.of(new ObjectView(view(added))).isEmpty();
    }

    /**
     * What the readiness rules read, without converting the whole object: its kind, the metadata they use, and the
     * content (spec and status). Secrets never get here with their data: a Secret's status does not exist.
     */
    private static Map<String, Object> view(GenericKubernetesResource object) {
        Map<String, Object> metadata = new HashMap<>();
        metadata.put("name", object.getMetadata().getName());
        metadata.put("namespace", object.getMetadata().getNamespace());
        metadata.put("generation", object.getMetadata().getGeneration());
        metadata.put("annotations", object.getMetadata().getAnnotations());
        metadata.put("labels", object.getMetadata().getLabels());
        Map<String, Object> view = new HashMap<>(object.getAdditionalProperties());
        view.put("apiVersion", object.getApiVersion());
        view.put("kind", object.getKind());
        view.put("metadata", metadata);
        return view;
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
        String outputs = model.outputs().stream()
                .map(OutputExpression::expression)
                .filter(Objects::nonNull)
                .collect(Collectors.joining("\n"));
        if (outputs.isEmpty()) {
            return;
        }
        for (ComponentModel component : model.components()) {
            for (Manifest manifest : component.manifests()) {
                ObjectRef ref = manifest.ref();
                if (outputs.contains(ref.kind() + "/" + ref.name())) {
                    readByCel.put(key(ref), uid);
                }
            }
        }
    }

    /** Forgets what was remembered for environments no longer live. */
    public void retainOnly(Set<String> liveUids) {
        readByCel.values().removeIf(uid -> !liveUids.contains(uid));
    }

    /**
     * Whether the gate can open or close: the readiness state and reason. Not the message: progress ("Updated:
     * 0/1") is shown at the next reconcile that has a reason to run.
     */
    private static boolean sameHealth(ObjectHealth a, ObjectHealth b) {
        return a.state() == b.state() && Objects.equals(a.reason(), b.reason());
    }

    /** A pod a workload controls (a ReplicaSet's, a StatefulSet's, a Job's), not one an environment declares. */
    private static boolean ofWorkload(ObjectMeta pod) {
        return pod.getOwnerReferences() != null
                && pod.getOwnerReferences().stream()
                        .anyMatch(owner -> Boolean.TRUE.equals(owner.getController())
                                && !"TestEnvironment".equals(owner.getKind()));
    }

    private static String key(ObjectRef ref) {
        return key(ref.apiVersion(), ref.kind(), ref.namespace(), ref.name());
    }

    private static String key(String apiVersion, String kind, String namespace, String name) {
        return apiVersion + "/" + kind + "/" + Objects.toString(namespace, "") + "/" + name;
    }
}
