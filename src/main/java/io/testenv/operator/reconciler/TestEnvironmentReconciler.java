package io.testenv.operator.reconciler;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.javaoperatorsdk.operator.api.reconciler.Cleaner;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.DeleteControl;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.PrimaryUpdateAndCacheUtils;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.GroupVersionKind;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.quarkus.logging.Log;
import io.testenv.operator.api.TestEnvironment;
import io.testenv.operator.api.TestEnvironmentStatus;
import io.testenv.operator.planner.ComponentPlan;
import io.testenv.operator.planner.History;
import io.testenv.operator.planner.Observation;
import io.testenv.operator.planner.Plan;
import io.testenv.operator.planner.Planner;
import io.testenv.operator.planner.Reasons;
import io.testenv.operator.planner.model.ComponentModel;
import io.testenv.operator.planner.model.EnvironmentModel;
import io.testenv.operator.planner.model.Manifest;
import io.testenv.operator.planner.model.ObjectRef;

/**
 * The I/O shell around the planner, in named steps: convert the spec, observe the environment's objects
 * (informer caches), plan, apply what the plan opens (again as long as applies open further gates), and record
 * the status and its transitions.
 */
@ControllerConfiguration(name = "testenvironment", fieldManager = Labels.FIELD_MANAGER)
public class TestEnvironmentReconciler implements Reconciler<TestEnvironment>, Cleaner<TestEnvironment> {

    private final SpecConverter converter;
    private final KindCatalog kinds;
    private final Watches watches;
    private final Applier applier;
    private final Planner planner;
    private final Identities identities;
    private final EventRecorder events;
    private final BringUpMetrics metrics;
    private final Clock clock;
    private final KubernetesSerialization serialization;

    public TestEnvironmentReconciler(SpecConverter converter, KindCatalog kinds, Watches watches, Applier applier, Planner planner,
            Identities identities, EventRecorder events, BringUpMetrics metrics, Clock clock, KubernetesClient client) {
        this.identities = identities;
        this.converter = converter;
        this.kinds = kinds;
        this.watches = watches;
        this.applier = applier;
        this.planner = planner;
        this.events = events;
        this.metrics = metrics;
        this.clock = clock;
        this.serialization = client.getKubernetesSerialization();
    }

    @Override
    public List<EventSource<?, TestEnvironment>> prepareEventSources(EventSourceContext<TestEnvironment> context) {
        return watches.standardSources(context);
    }

    @Override
    public UpdateControl<TestEnvironment> reconcile(TestEnvironment env, Context<TestEnvironment> context) {
        metrics.reconciled();
        EnvironmentModel model = converter.toModel(env);
        Identities.Identity identity = identities.of(model);
        Set<GroupVersionKind> used = kindsOf(model);
        Observation observation;
        if (identity.problemIfAny().isPresent()) {
            observation = Observation.unresolvedIdentity(identity.problem());
        } else {
            watches.ensureWatched(used, context.eventSourceRetriever());
            observation = observe(env, used);
        }
        Plan plan = planner.plan(model, observation, StatusMapper.historyOf(env.getStatus()), clock.instant());
        Set<String> applied = new HashSet<>();
        while (!applied.containsAll(plan.toApply())) {
            List<ComponentModel> opened = opened(model, plan, applied);
            Applier.Outcome outcome = applier.apply(env, identity, opened);
            observation = observation.withApplied(outcome.applied(), outcome.errors());
            plan = planner.plan(model, observation, plan.asHistory(), clock.instant());
        }
        metrics.record(model, env.getStatus(), plan, applied);
        return record(env, plan, context);
    }

    /** Components the plan opens that this reconcile has not applied yet; each is applied once a reconcile. */
    private static List<ComponentModel> opened(EnvironmentModel model, Plan plan, Set<String> applied) {
        return model.components().stream()
                .filter(c -> plan.toApply().contains(c.name()) && applied.add(c.name()))
                .toList();
    }

    private Observation observe(TestEnvironment env, Set<GroupVersionKind> kinds) {
        Map<ObjectRef, Map<String, Object>> objects = watches.objectsOf(env, kinds, serialization);
        return new Observation(objects, watches.podsOf(env, serialization), Map.of());
    }

    /**
     * Writes the status when it changed, with JOSDK's patch-and-cache: the next reconcile reads this status
     * even when the informer has not delivered it yet, so recorded times and transitions are never lost to a
     * stale cache.
     */
    private UpdateControl<TestEnvironment> record(TestEnvironment env, Plan plan, Context<TestEnvironment> context) {
        TestEnvironmentStatus before = env.getStatus();
        TestEnvironmentStatus after = StatusMapper.statusOf(plan);
        if (!sameStatus(before, after)) {
            Set<String> failedTypes = plan.components().stream().filter(ComponentPlan::isFailed)
                    .map(c -> Reasons.componentCondition(c.name())).collect(Collectors.toSet());
            events.recordTransitions(env, before == null ? null : before.getConditions(), after.getConditions(),
                    failedTypes);
            PrimaryUpdateAndCacheUtils.ssaPatchStatusAndCacheResource(env, statusOnly(env, after), context);
        }
        UpdateControl<TestEnvironment> control = UpdateControl.noUpdate();
        Instant now = clock.instant();
        plan.wakeAt().ifPresent(at -> control.rescheduleAfter(Math.max(1, Duration.between(now, at).toMillis())));
        return control;
    }

    /** What the status patch sends: identity and status only, so the apply claims no spec field. */
    private static TestEnvironment statusOnly(TestEnvironment env, TestEnvironmentStatus status) {
        TestEnvironment patch = new TestEnvironment();
        patch.setMetadata(new ObjectMetaBuilder().withName(env.getMetadata().getName())
                .withNamespace(env.getMetadata().getNamespace()).build());
        patch.setSpec(null);
        patch.setStatus(status);
        return patch;
    }

    private boolean sameStatus(TestEnvironmentStatus before, TestEnvironmentStatus after) {
        return before != null && Objects.equals(serialization.convertValue(before, Map.class),
                serialization.convertValue(after, Map.class));
    }

    private static Set<GroupVersionKind> kindsOf(EnvironmentModel model) {
        return model.components().stream()
                .flatMap(c -> c.manifests().stream())
                .map(Manifest::ref)
                .filter(ref -> ref.apiVersion() != null && ref.kind() != null)
                .map(ref -> new GroupVersionKind(ref.apiVersion(), ref.kind()))
                .collect(Collectors.toSet());
    }

    /**
     * Deletes what garbage collection cannot reach: objects of the environment that are cluster-scoped (namespaced
     * objects go with their owner reference). Only objects that carry this environment's uid are deleted, as the
     * environment's identity; with no identity to act as, nothing is deleted and nothing blocks the deletion.
     */
    @Override
    public DeleteControl cleanup(TestEnvironment env, Context<TestEnvironment> context) {
        EnvironmentModel model = converter.toModel(env);
        Identities.Identity identity = identities.of(model);
        String namespace = env.getMetadata().getNamespace();
        if (identity.problemIfAny().isEmpty()) {
            for (ComponentModel component : model.components()) {
                for (Manifest manifest : component.manifests()) {
                    deleteIfOurs(env, identity.client(), namespace, manifest.ref());
                }
            }
        }
        converter.forget(env);
        return DeleteControl.defaultDelete();
    }

    private void deleteIfOurs(TestEnvironment env, KubernetesClient client, String namespace, ObjectRef ref) {
        if (ref.name() == null || namespace.equals(ref.namespace()) || ref.apiVersion() == null || ref.kind() == null) {
            return;
        }
        Optional<ResourceDefinitionContext> kind = kinds.resolve(new GroupVersionKind(ref.apiVersion(), ref.kind()));
        if (kind.isEmpty()) {
            return;
        }
        var resources = client.genericKubernetesResources(kind.get());
        var resource = ref.namespace() == null ? resources.withName(ref.name())
                : resources.inNamespace(ref.namespace()).withName(ref.name());
        try {
            GenericKubernetesResource current = resource.get();
            if (current != null && DesiredObjects.belongsTo(current, env.getMetadata().getUid())) {
                resource.delete();
            }
        } catch (KubernetesClientException e) {
            if (e.getCode() != 403 && e.getCode() != 404) {
                throw e;
            }
            Log.warnf("not deleting %s of TestEnvironment %s/%s: %s", ref.describe(), namespace,
                    env.getMetadata().getName(), e.getCode() == 403 ? "forbidden" : "not found");
        }
    }
}
