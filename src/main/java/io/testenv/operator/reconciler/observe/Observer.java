package io.testenv.operator.reconciler.observe;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.processing.GroupVersionKind;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.testenv.operator.api.TestEnvironment;
import io.testenv.operator.planner.TargetNamespaces;
import io.testenv.operator.planner.model.EnvironmentModel;
import io.testenv.operator.planner.model.Manifest;
import io.testenv.operator.planner.model.ObjectRef;
import io.testenv.operator.planner.model.Scope;
import io.testenv.operator.planner.state.Observation;
import io.testenv.operator.reconciler.marks.ApplySet;
import io.testenv.operator.reconciler.marks.Labels;
import io.testenv.operator.reconciler.marks.Marks;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What the planner decides from, read from the informer caches and the environment object: its model, its
 * identity, its objects and pods, the paths the API server rewrites, and what its metadata carries.
 */
@ApplicationScoped
public class Observer {

    public static final Duration SWEEP_INTERVAL = Duration.ofMinutes(5);

    private final SpecConverter converter;
    private final Identities identities;
    private final Watches watches;
    private final KindCatalog kinds;
    private final NormalizedPaths normalizedPaths;
    private final SecondaryEvents events;
    private final TargetNamespaceFinder targetNamespaces;
    private final Clock clock;
    private final KubernetesSerialization serialization;
    private volatile Instant lastSweep = Instant.EPOCH;

    public Observer(
            SpecConverter converter,
            Identities identities,
            Watches watches,
            KindCatalog kinds,
            NormalizedPaths normalizedPaths,
            SecondaryEvents events,
            TargetNamespaceFinder targetNamespaces,
            Clock clock,
            KubernetesClient client) {
        this.converter = converter;
        this.identities = identities;
        this.watches = watches;
        this.kinds = kinds;
        this.normalizedPaths = normalizedPaths;
        this.events = events;
        this.targetNamespaces = targetNamespaces;
        this.clock = clock;
        this.serialization = client.getKubernetesSerialization();
    }

    /** The informers every environment needs; those of the kinds it declares are added when first met. */
    public List<EventSource<?, TestEnvironment>> eventSources(EventSourceContext<TestEnvironment> context) {
        return watches.standardSources(context);
    }

    /**
     * The environment's model (its objects in the namespace made for it, once that exists), identity and recorded
     * status, for one reconcile.
     */
    public BringUp open(TestEnvironment env, Context<TestEnvironment> context) {
        EnvironmentModel model = targetNamespaces.resolve(env, converter.toModel(env));
        forgetDeletedEnvironments(context);
        return new BringUp(env, context, model, identities.of(model), StatusMapper.historyOf(env.getStatus()), clock);
    }

    /** The model alone, for a reconcile that failed before it could open. */
    public EnvironmentModel model(TestEnvironment env) {
        return converter.toModel(env);
    }

    /** The namespaces labelled with the environment's uid, for its teardown. */
    public List<TargetNamespaces.Found> targetNamespaces(TestEnvironment env, EnvironmentModel model) {
        return targetNamespaces.forTeardown(env, model);
    }

    /** The identity an environment's objects are read and written as. */
    public Identities.Identity identityOf(EnvironmentModel model) {
        return identities.of(model);
    }

    /** The components that still have pods, by the component label stamped on their templates. */
    public Set<String> podComponents(TestEnvironment env) {
        return watches.podsOf(env, serialization).keySet();
    }

    /** Of these objects, those being deleted that finalizers hold (someone else's controller, or a person). */
    public Map<ObjectRef, List<String>> heldBy(Collection<ObjectRef> refs) {
        Map<ObjectRef, List<String>> held = new HashMap<>();
        for (ObjectRef ref : refs) {
            watches.cached(new GroupVersionKind(ref.apiVersion(), ref.kind()), ref)
                    .filter(o -> o.getMetadata().getDeletionTimestamp() != null)
                    .filter(o -> o.getMetadata().getFinalizers() != null
                            && !o.getMetadata().getFinalizers().isEmpty())
                    .ifPresent(o -> held.put(ref, List.copyOf(o.getMetadata().getFinalizers())));
        }
        return held;
    }

    /** Forgets what is kept for a deleted environment. */
    public void forget(TestEnvironment env) {
        converter.forget(env);
        normalizedPaths.forget(env.getMetadata().getUid());
    }

    public Instant now() {
        return clock.instant();
    }

    /** Everything the planner reads; with no identity to act as, nothing is read but the environment object. */
    public Observation observe(BringUp run) {
        Observation observation;
        if (!run.canAct()) {
            observation = Observation.unresolvedIdentity(run.identity().problem());
        } else {
            Set<GroupVersionKind> used = kindsOf(run.model());
            events.rememberCelReads(run.uid(), run.model());
            watches.ensureWatched(used, run.context().eventSourceRetriever());
            observation = new Observation(
                            watches.objectsOf(run.env(), used, serialization),
                            watches.podsOf(run.env(), serialization),
                            Map.of())
                    .withNormalizedPaths(normalizedPaths.of(run.uid()));
        }
        return observation.withParent(parentOf(run.env())).withHeartbeat(heartbeatOf(run.env()));
    }

    /** The environment's heartbeat Lease, from the informer cache, when it is the environment's own. */
    private Optional<Observation.Heartbeat> heartbeatOf(TestEnvironment env) {
        ObjectRef ref = new ObjectRef(
                Watches.LEASE.apiVersion(),
                Watches.LEASE.getKind(),
                env.getMetadata().getNamespace(),
                env.getMetadata().getName());
        return watches.cached(Watches.LEASE, ref)
                .filter(lease -> Marks.belongsTo(lease, env.getMetadata().getUid()))
                .map(Observer::heartbeatOf);
    }

    @SuppressWarnings("unchecked")
    private static Observation.Heartbeat heartbeatOf(GenericKubernetesResource lease) {
        Instant created = Instant.parse(lease.getMetadata().getCreationTimestamp());
        Map<String, Object> spec = lease.getAdditionalProperties().get("spec") instanceof Map<?, ?> map
                ? (Map<String, Object>) map
                : Map.of();
        Instant lastBeat = created;
        if (spec.get("renewTime") instanceof String renewed) {
            try {
                Instant at = Instant.parse(renewed);
                lastBeat = at.isAfter(created) ? at : created;
            } catch (DateTimeParseException e) {
                // an unreadable renewal renews nothing
            }
        }
        Integer duration = spec.get("leaseDurationSeconds") instanceof Number n ? n.intValue() : null;
        return new Observation.Heartbeat(lastBeat, duration);
    }

    /** The observation, with the rewritten paths learnt since it was made. */
    public Observation withLearntPaths(BringUp run, Observation observation) {
        return observation.withNormalizedPaths(normalizedPaths.of(run.uid()));
    }

    /** What the environment object carries: its ApplySet record, with each kind's scope, its finalizer and label. */
    private Observation.Parent parentOf(TestEnvironment env) {
        Map<String, Scope> recorded = new LinkedHashMap<>();
        for (String groupKind : ApplySet.recordedGroupKinds(env)) {
            // a recorded kind discovery does not answer for may be gone, or discovery may be failing: fail closed
            recorded.put(
                    groupKind,
                    kinds.resolve(ApplySet.group(groupKind), ApplySet.kind(groupKind))
                            .map(kind -> kind.isNamespaceScoped() ? Scope.NAMESPACED : Scope.CLUSTER)
                            .orElse(Scope.UNKNOWN));
        }
        boolean held = Optional.ofNullable(env.getMetadata().getFinalizers())
                .orElse(List.of())
                .contains(Marks.FINALIZER);
        boolean collected = Labels.GARBAGE_COLLECTED.equals(
                Optional.ofNullable(env.getMetadata().getLabels())
                        .orElse(Map.of())
                        .get(Labels.TEARDOWN));
        return new Observation.Parent(recorded, held, collected);
    }

    /**
     * Environments that garbage collection alone deletes (no finalizer) are never handed to a cleanup: what is
     * kept per environment is dropped here for those no longer in the cache, every few minutes.
     */
    private void forgetDeletedEnvironments(Context<TestEnvironment> context) {
        Instant now = clock.instant();
        if (now.isBefore(lastSweep.plus(SWEEP_INTERVAL))) {
            return;
        }
        lastSweep = now;
        Set<String> live = context.getPrimaryCache()
                .list()
                .map(e -> e.getMetadata().getUid())
                .collect(Collectors.toSet());
        converter.retainOnly(live);
        normalizedPaths.retainOnly(live);
        events.retainOnly(live);
    }

    private static Set<GroupVersionKind> kindsOf(EnvironmentModel model) {
        Set<GroupVersionKind> kinds = model.components().stream()
                .flatMap(c -> c.manifests().stream())
                .map(Manifest::ref)
                .filter(ref -> ref.apiVersion() != null && ref.kind() != null)
                .map(ref -> new GroupVersionKind(ref.apiVersion(), ref.kind()))
                .collect(Collectors.toCollection(HashSet::new));
        if (model.cleanup().heartbeat()) {
            kinds.add(Watches.LEASE);
        }
        if (!model.outputs().isEmpty()) {
            // the binding Secret: whether it is the environment's is then read from the cache
            kinds.add(new GroupVersionKind("v1", "Secret"));
        }
        return kinds;
    }
}
