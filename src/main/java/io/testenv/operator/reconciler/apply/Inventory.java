package io.testenv.operator.reconciler.apply;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.quarkus.logging.Log;
import io.testenv.operator.api.TestEnvironment;
import io.testenv.operator.planner.model.ObjectRef;
import io.testenv.operator.reconciler.marks.ApplySet;
import io.testenv.operator.reconciler.marks.FieldManagers;
import io.testenv.operator.reconciler.marks.Labels;
import io.testenv.operator.reconciler.marks.Marks;
import io.testenv.operator.reconciler.observe.KindCatalog;
import io.testenv.operator.reconciler.observe.Watches;
import io.testenv.operator.reconciler.record.OwnWrites;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Reads and keeps the environment's ApplySet: records on the parent the group-kinds its members may have before
 * any of them is applied, finds the members (label part-of the set, and the environment's uid), and deletes the
 * ones the spec no longer declares. Members are read from the label-selected informer caches where the kind is
 * watched, else listed once as the environment's identity.
 */
@ApplicationScoped
public class Inventory {

    /** A member found in the cluster: its identity, its kind (whether namespaced) and its component label. */
    public record Member(ObjectRef ref, ResourceDefinitionContext kind, String component) {}

    private final KubernetesClient client;
    private final KindCatalog kinds;
    private final Watches watches;

    public Inventory(KubernetesClient client, KindCatalog kinds, Watches watches) {
        this.client = client;
        this.kinds = kinds;
        this.watches = watches;
    }

    /**
     * Records the id and group-kinds on the parent, with the operator's own rights (it is the operator's object);
     * the answer is cached ({@link OwnWrites}), so that the next reconcile does not write it again from a copy the
     * informer has not updated yet.
     */
    public void recordGroupKinds(TestEnvironment env, Context<TestEnvironment> context, Set<String> groupKinds) {
        if (ApplySet.parentIsCurrent(env, groupKinds)) {
            return;
        }
        TestEnvironment patch = new TestEnvironment();
        patch.setMetadata(new ObjectMetaBuilder()
                .withName(env.getMetadata().getName())
                .withNamespace(env.getMetadata().getNamespace())
                .addToLabels(ApplySet.ID_LABEL, ApplySet.id(env))
                .addToAnnotations(ApplySet.TOOLING_ANNOTATION, ApplySet.TOOLING)
                .addToAnnotations(ApplySet.GROUP_KINDS_ANNOTATION, ApplySet.format(groupKinds))
                .build());
        patch.setSpec(null);
        patch.setStatus(null);
        TestEnvironment updated = client.resource(patch)
                .fieldManager(FieldManagers.APPLYSET)
                .forceConflicts()
                .serverSideApply();
        env.getMetadata().setLabels(updated.getMetadata().getLabels());
        env.getMetadata().setAnnotations(updated.getMetadata().getAnnotations());
        OwnWrites.remember(context, updated);
    }

    /** Every member of the environment's set over the given group-kinds that carries the environment's uid. */
    public List<Member> members(TestEnvironment env, KubernetesClient identity, Set<String> groupKinds) {
        String id = ApplySet.id(env);
        String uid = env.getMetadata().getUid();
        List<Member> result = new ArrayList<>();
        for (String groupKind : new TreeSet<>(groupKinds)) {
            Optional<ResourceDefinitionContext> kind =
                    kinds.resolve(ApplySet.group(groupKind), ApplySet.kind(groupKind));
            if (kind.isEmpty()) {
                Log.debugf("group-kind %s is not served; its members, if any, are gone with it", groupKind);
                continue;
            }
            for (GenericKubernetesResource object : objectsOf(env, identity, kind.get(), id)) {
                if (Marks.belongsTo(object, uid)) {
                    result.add(new Member(
                            new ObjectRef(
                                    object.getApiVersion(),
                                    object.getKind(),
                                    object.getMetadata().getNamespace(),
                                    object.getMetadata().getName()),
                            kind.get(),
                            object.getMetadata().getLabels().get(Labels.COMPONENT)));
                }
            }
        }
        return result;
    }

    private List<GenericKubernetesResource> objectsOf(
            TestEnvironment env, KubernetesClient identity, ResourceDefinitionContext kind, String id) {
        Optional<List<GenericKubernetesResource>> cached =
                watches.cachedMembers(Objects.requireNonNullElse(kind.getGroup(), ""), kind.getKind(), env, id);
        if (cached.isPresent()) {
            return cached.get();
        }
        var resources = identity.genericKubernetesResources(kind);
        var scoped = kind.isNamespaceScoped()
                ? resources.inNamespace(env.getMetadata().getNamespace())
                : resources;
        try {
            return scoped.withLabel(ApplySet.PART_OF_LABEL, id).list().getItems();
        } catch (KubernetesClientException e) {
            if (e.getCode() == 404) {
                return List.of(); // the kind is no longer served: its objects are gone with it
            }
            throw e;
        }
    }

    /**
     * Deletes the members whose identity the spec no longer declares, as the environment's identity; a member
     * already gone or forbidden to delete is reported, never retried into a loop. Returns what was deleted.
     */
    public List<ObjectRef> prune(List<Member> members, Set<ObjectRef> desired, KubernetesClient identity) {
        List<ObjectRef> pruned = new ArrayList<>();
        Set<String> declared = new TreeSet<>();
        desired.forEach(ref -> declared.add(key(ref)));
        Map<String, Member> stale = new HashMap<>();
        for (Member member : members) {
            if (!declared.contains(key(member.ref()))) {
                stale.put(key(member.ref()), member);
            }
        }
        for (Member member : stale.values()) {
            var resources = identity.genericKubernetesResources(member.kind());
            var resource = member.kind().isNamespaceScoped()
                    ? resources
                            .inNamespace(member.ref().namespace())
                            .withName(member.ref().name())
                    : resources.withName(member.ref().name());
            try {
                resource.delete();
                pruned.add(member.ref());
            } catch (KubernetesClientException e) {
                if (e.getCode() != 404 && e.getCode() != 403) {
                    throw e;
                }
                Log.warnf("could not prune %s: %s", member.ref().describe(), e.getCode() == 403 ? "forbidden" : "gone");
            }
        }
        return pruned;
    }

    /** An object's identity whatever version names it: group, kind, namespace, name. */
    private static String key(ObjectRef ref) {
        return ApplySet.groupKind(ref) + "/" + (ref.namespace() == null ? "" : ref.namespace()) + "/" + ref.name();
    }
}
