package io.testenv.operator.reconciler.observe;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.processing.GroupVersionKind;
import io.javaoperatorsdk.operator.processing.event.EventSourceRetriever;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.TransformingItemStore;
import io.quarkus.logging.Log;
import io.testenv.operator.api.TestEnvironment;
import io.testenv.operator.planner.model.ObjectRef;
import io.testenv.operator.planner.model.Scope;
import io.testenv.operator.reconciler.marks.ApplySet;
import io.testenv.operator.reconciler.marks.Labels;
import io.testenv.operator.reconciler.marks.Marks;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Label-selected informers, one per kind the environments use: the common kinds from start-up, any other kind
 * registered the first time an environment uses it. A change to an object the operator applied that can change a
 * decision ({@link SecondaryEvents}) triggers a reconcile of its environment at once, and the informer caches are
 * what the reconciler observes.
 */
@ApplicationScoped
public class Watches {

    public static final GroupVersionKind POD = new GroupVersionKind("v1", "Pod");
    /** The kind of an environment's heartbeat Lease. */
    public static final GroupVersionKind LEASE = new GroupVersionKind("coordination.k8s.io/v1", "Lease");

    /**
     * Namespaced kinds watched from start-up; everything else, cluster-scoped kinds included (which need
     * cluster-wide rights to watch), is registered when an environment first uses it.
     */
    public static final List<GroupVersionKind> STANDARD = List.of(
            new GroupVersionKind("apps/v1", "Deployment"),
            new GroupVersionKind("apps/v1", "StatefulSet"),
            new GroupVersionKind("apps/v1", "DaemonSet"),
            new GroupVersionKind("apps/v1", "ReplicaSet"),
            new GroupVersionKind("batch/v1", "Job"),
            POD,
            new GroupVersionKind("v1", "Service"),
            new GroupVersionKind("v1", "ConfigMap"),
            new GroupVersionKind("v1", "Secret"),
            new GroupVersionKind("v1", "PersistentVolumeClaim"));

    private final KindCatalog kinds;
    private final SecondaryEvents events;
    private final Map<GroupVersionKind, InformerEventSource<GenericKubernetesResource, TestEnvironment>> sources =
            new ConcurrentHashMap<>();

    public Watches(KindCatalog kinds, SecondaryEvents events) {
        this.kinds = kinds;
        this.events = events;
    }

    /** Whether the named event source is an informer registered at run time for a kind met then. */
    public boolean isDynamic(String eventSourceName) {
        return STANDARD.stream().noneMatch(gvk -> gvk.toGVKString().equals(eventSourceName))
                && sources.keySet().stream().anyMatch(gvk -> gvk.toGVKString().equals(eventSourceName));
    }

    /** The informers of the standard kinds, for the controller to register at start-up. */
    public List<EventSource<?, TestEnvironment>> standardSources(EventSourceContext<TestEnvironment> context) {
        List<EventSource<?, TestEnvironment>> result = new ArrayList<>();
        for (GroupVersionKind gvk : STANDARD) {
            InformerEventSource<GenericKubernetesResource, TestEnvironment> source = create(gvk, context);
            sources.put(gvk, source);
            result.add(source);
        }
        return result;
    }

    /**
     * Makes sure every given kind is watched. A kind the API server does not serve yet is skipped (the
     * applier reports it); it is registered on a later reconcile, once served.
     */
    public void ensureWatched(Collection<GroupVersionKind> gvks, EventSourceRetriever<TestEnvironment> retriever) {
        for (GroupVersionKind gvk : gvks) {
            if (sources.containsKey(gvk) || kinds.scopeOf(gvk) == Scope.UNKNOWN) {
                continue;
            }
            synchronized (this) {
                if (sources.containsKey(gvk)) {
                    continue;
                }
                InformerEventSource<GenericKubernetesResource, TestEnvironment> source =
                        create(gvk, retriever.eventSourceContextForDynamicRegistration());
                retriever.dynamicallyRegisterEventSource(source);
                sources.put(gvk, source);
                Log.infof("watching %s", gvk.toGVKString());
            }
        }
    }

    /** Every object of the given kinds that belongs to the environment, from the informer caches. */
    public Map<ObjectRef, Map<String, Object>> objectsOf(
            TestEnvironment env, Collection<GroupVersionKind> gvks, KubernetesSerialization serialization) {
        Map<ObjectRef, Map<String, Object>> result = new HashMap<>();
        for (GroupVersionKind gvk : Set.copyOf(gvks)) {
            InformerEventSource<GenericKubernetesResource, TestEnvironment> source = sources.get(gvk);
            if (source == null) {
                continue;
            }
            for (GenericKubernetesResource object : source.getSecondaryResources(env)) {
                if (Marks.belongsTo(object, env.getMetadata().getUid())) {
                    result.put(refOf(gvk, object), PlannerView.of(object, serialization));
                }
            }
        }
        return result;
    }

    /** The environment's pods, grouped by the component label stamped on their templates. */
    public Map<String, List<Map<String, Object>>> podsOf(TestEnvironment env, KubernetesSerialization serialization) {
        Map<String, List<Map<String, Object>>> result = new HashMap<>();
        Optional.ofNullable(sources.get(POD)).ifPresent(source -> {
            for (GenericKubernetesResource pod : source.getSecondaryResources(env)) {
                String component = pod.getMetadata().getLabels().get(Labels.COMPONENT);
                if (component != null) {
                    result.computeIfAbsent(component, c -> new ArrayList<>()).add(PlannerView.of(pod, serialization));
                }
            }
        });
        return result;
    }

    /**
     * The environment's members of the set among the cached objects of a kind, when some version of the kind is
     * watched (the cache holds every object with our environment label); empty when no informer watches it.
     */
    public Optional<List<GenericKubernetesResource>> cachedMembers(
            String group, String kind, TestEnvironment env, String applySetId) {
        return sources.entrySet().stream()
                .filter(e ->
                        Objects.requireNonNullElse(e.getKey().getGroup(), "").equals(group)
                                && e.getKey().getKind().equals(kind))
                .findFirst()
                .map(e -> e.getValue().getSecondaryResources(env).stream()
                        .filter(o -> o.getMetadata().getLabels() != null
                                && applySetId.equals(o.getMetadata().getLabels().get(ApplySet.PART_OF_LABEL)))
                        .toList());
    }

    /** The object as the informer cache has it; only objects with our environment label are cached. */
    public Optional<GenericKubernetesResource> cached(GroupVersionKind gvk, ObjectRef ref) {
        return Optional.ofNullable(sources.get(gvk))
                .flatMap(source -> source.get(new ResourceID(ref.name(), ref.namespace())));
    }

    /**
     * Puts an object the operator just applied into its informer's cache, so that the next reconcile sees it
     * even if the watch event has not arrived yet.
     */
    public void recentlyApplied(GroupVersionKind gvk, GenericKubernetesResource applied) {
        Optional.ofNullable(sources.get(gvk))
                .ifPresent(source -> source.handleRecentResourceCreate(ResourceID.fromResource(applied), applied));
    }

    public static ObjectRef refOf(GroupVersionKind gvk, HasMetadata object) {
        return new ObjectRef(
                gvk.apiVersion(),
                gvk.getKind(),
                object.getMetadata().getNamespace(),
                object.getMetadata().getName());
    }

    private InformerEventSource<GenericKubernetesResource, TestEnvironment> create(
            GroupVersionKind gvk, EventSourceContext<TestEnvironment> context) {
        InformerEventSourceConfiguration.Builder<GenericKubernetesResource> config =
                InformerEventSourceConfiguration.from(gvk, TestEnvironment.class)
                        .withName(gvk.toGVKString())
                        .withLabelSelector(Labels.ENVIRONMENT)
                        .withSecondaryToPrimaryMapper(Watches::environmentOf);
        if (LEASE.equals(gvk)) {
            // a renewal changes no decision until the heartbeat would run out, when the environment looks again
            // anyway: renewals trigger no reconcile
            config.withOnUpdateFilter(Watches::notARenewal);
        } else {
            // only a new object or an update that can change a decision reaches the reconciler
            config.withOnAddFilter(events::acceptAdded);
            config.withOnUpdateFilter(events::accept);
        }
        boolean clusterScoped = kinds.scopeOf(gvk) == Scope.CLUSTER;
        if (clusterScoped) {
            config.withWatchAllNamespaces();
        }
        if (oneInformer(clusterScoped, context)) {
            // the cache keeps only what is read of each object
            config.withItemStore(new TransformingItemStore<>(CachedContent::trim));
        }
        return new InformerEventSource<>(config.build(), context);
    }

    /**
     * Whether the event source has a single informer: JOSDK gives one informer per watched namespace, all with the
     * same item store, and a store shared between informers loses one namespace's objects when another relists.
     * Only then is the cache trimmed; a list of namespaces keeps whole objects.
     */
    static boolean oneInformer(boolean clusterScoped, EventSourceContext<TestEnvironment> context) {
        // all namespaces, the current one, or one named: a set of one
        return clusterScoped
                || context.getControllerConfiguration().getEffectiveNamespaces().size() == 1;
    }

    /** Whether a Lease changed beyond its renewal: its duration, its marks, or its deletion. */
    static boolean notARenewal(GenericKubernetesResource updated, GenericKubernetesResource old) {
        return !Objects.equals(leaseDuration(updated), leaseDuration(old))
                || !Objects.equals(
                        updated.getMetadata().getLabels(), old.getMetadata().getLabels())
                || !Objects.equals(
                        updated.getMetadata().getAnnotations(),
                        old.getMetadata().getAnnotations())
                || updated.getMetadata().getDeletionTimestamp() != null;
    }

    private static Object leaseDuration(GenericKubernetesResource lease) {
        return lease.getAdditionalProperties().get("spec") instanceof Map<?, ?> spec
                ? spec.get("leaseDurationSeconds")
                : null;
    }

    /** The environment an object belongs to, from its labels. */
    public static Set<ResourceID> environmentOf(HasMetadata object) {
        Map<String, String> labels = object.getMetadata().getLabels();
        if (labels == null || labels.get(Labels.ENVIRONMENT) == null) {
            return Set.of();
        }
        String namespace = labels.getOrDefault(
                Labels.ENVIRONMENT_NAMESPACE, object.getMetadata().getNamespace());
        return Set.of(new ResourceID(labels.get(Labels.ENVIRONMENT), namespace));
    }
}
