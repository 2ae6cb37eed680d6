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
import java.util.TreeSet;
import java.util.stream.Collectors;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.PrimaryUpdateAndCacheUtils;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.GroupVersionKind;
import io.javaoperatorsdk.operator.processing.retry.GradualRetry;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.quarkus.logging.Log;
import io.testenv.operator.api.EnvironmentPhase;
import io.testenv.operator.api.TestEnvironment;
import io.testenv.operator.api.TestEnvironmentStatus;
import io.testenv.operator.planner.ComponentPlan;
import io.testenv.operator.planner.Expiry;
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
@ControllerConfiguration(name = "testenvironment", fieldManager = Labels.FIELD_MANAGER,
        generationAwareEventProcessing = false, informer = @Informer(onUpdateFilter = BringUpEvents.class))
// A reconcile that throws met a transient error (5xx, 429, a timeout, a concurrent change): it is tried again
// until it succeeds, from 0.5 s doubling to 30 s, never given up on: an environment is never left behind because
// the API server was briefly unavailable. Permanent errors are not thrown; they become conditions.
@GradualRetry(maxAttempts = -1, initialInterval = 500, intervalMultiplier = 2, maxInterval = 30_000)
public class TestEnvironmentReconciler implements Reconciler<TestEnvironment> {

    private final SpecConverter converter;
    private final KindCatalog kinds;
    private final Watches watches;
    private final Applier applier;
    private final Planner planner;
    private final Identities identities;
    private final Inventory inventory;
    private final NormalizedPaths normalizedPaths;
    private final EventRecorder events;
    private final BringUpMetrics metrics;
    private final Finalizers finalizers;
    private final InFlight inFlight;
    private volatile Instant lastSweep = Instant.EPOCH;
    private final Clock clock;
    private final KubernetesSerialization serialization;

    public TestEnvironmentReconciler(SpecConverter converter, KindCatalog kinds, Watches watches, Applier applier, Planner planner,
            Identities identities, Inventory inventory, NormalizedPaths normalizedPaths, EventRecorder events,
            BringUpMetrics metrics, Finalizers finalizers, InFlight inFlight, Clock clock,
            KubernetesClient client) {
        this.inFlight = inFlight;
        this.finalizers = finalizers;
        this.normalizedPaths = normalizedPaths;
        this.identities = identities;
        this.inventory = inventory;
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
        String uid = env.getMetadata().getUid();
        if (!inFlight.enterBringUp(uid)) {
            // stopping, or the environment is being or has been torn down
            return UpdateControl.noUpdate();
        }
        try {
            return reconcileNow(env, context);
        } catch (KubernetesClientException e) {
            // An API error outside the applies (putting the finalizer on, recording the ApplySet, a status write):
            // retried with back-off, its message without values. An environment that has no status yet gets one
            // first, so that none sits without a status, and its deadline runs.
            String message = "retrying: API error (" + e.getCode() + "): " + ServerMessages.redacted(e.getStatus(),
                    e.getClass().getSimpleName());
            recordFirstStatus(env, context, message);
            throw new RetryLater(message);
        } finally {
            inFlight.exitBringUp(uid);
        }
    }

    private UpdateControl<TestEnvironment> reconcileNow(TestEnvironment env, Context<TestEnvironment> context) {
        metrics.reconciled();
        EnvironmentModel model = converter.toModel(env);
        forgetDeletedEnvironments(context);
        if (!finalizers.settle(env, model, context.getClient())) {
            // Its deletion will need the operator, whose finalizer is not on yet: nothing is applied before it is.
            return UpdateControl.<TestEnvironment>noUpdate().rescheduleAfter(Finalizers.FINALIZER_WAIT.toMillis());
        }
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
        if (identity.problemIfAny().isEmpty() && relearnNormalizedPaths(env, identity, model, plan)) {
            observation = observation.withNormalizedPaths(normalizedPaths.of(env.getMetadata().getUid()));
            plan = planner.plan(model, observation, StatusMapper.historyOf(env.getStatus()), clock.instant());
        }
        boolean applicable = identity.problemIfAny().isEmpty() && !Reasons.isSpecLevel(plan.condition(
                Reasons.FAILED_CONDITION).map(c -> c.reason()).orElse(""));
        Set<String> recordedKinds = ApplySet.recordedGroupKinds(env);
        Set<String> specKinds = groupKindsOf(model);
        Set<String> inventoryKinds = new TreeSet<>(recordedKinds);
        inventoryKinds.addAll(specKinds);
        if (applicable) {
            // Recorded before any member is applied, so that no member can be lost to a crash in between.
            inventory.recordGroupKinds(env, inventoryKinds);
        }
        Set<String> applied = new HashSet<>();
        while (!applied.containsAll(plan.toApply())) {
            List<ComponentModel> opened = opened(model, plan, applied);
            Set<String> correcting = correcting(plan, opened);
            for (String name : correcting) {
                metrics.drift("Correct");
                events.record(env, true, "DriftCorrected", "component " + name + ": "
                        + plan.component(name).map(ComponentPlan::message).orElse("") + "; applied again");
            }
            Applier.Outcome outcome = applier.apply(env, identity, opened, correcting);
            learnNormalizedPaths(env, opened, outcome);
            observation = observation.withApplied(outcome.applied(), outcome.errors())
                    .withNormalizedPaths(normalizedPaths.of(env.getMetadata().getUid()));
            plan = planner.plan(model, observation, plan.asHistory(), clock.instant());
        }
        if (applicable) {
            prune(env, model, identity, inventoryKinds, specKinds);
        }
        metrics.record(model, env.getStatus(), plan, applied, observation.objects());
        Plan decided = plan;
        Optional<Instant> expiresAt = Optional.ofNullable(env.getSpec())
                .flatMap(spec -> Expiry.of(decided, spec.getTtlSecondsAfterReady(), spec.getTtlSecondsAfterFailed()));
        if (expiresAt.isPresent() && !clock.instant().isBefore(expiresAt.get())) {
            return expire(env, decided, context);
        }
        UpdateControl<TestEnvironment> control = record(env, decided, expiresAt, context);
        Optional<String> retrying = retrying(decided);
        if (retrying.isPresent()) {
            // The status says what is retried; JOSDK's retry backs this environment off on its own, holding no
            // thread or apply slot while it waits. The deadline still fires at the next attempt.
            throw new RetryLater(retrying.get());
        }
        return control;
    }

    /** The first component whose apply met a transient error, with the error, while the environment goes on. */
    private static Optional<String> retrying(Plan plan) {
        if (plan.phase() == EnvironmentPhase.Failed) {
            return Optional.empty();
        }
        return plan.components().stream().filter(c -> Reasons.RETRYING.equals(c.reason()))
                .map(c -> "component " + c.name() + ": " + c.message()).findFirst();
    }

    /** A first status for an environment that has none: pending, retrying, its deadline running from now. */
    private void recordFirstStatus(TestEnvironment env, Context<TestEnvironment> context, String message) {
        if (env.getStatus() != null && env.getStatus().getObservedGeneration() != null) {
            return;
        }
        try {
            Plan first = planner.retrying(converter.toModel(env), message, clock.instant());
            PrimaryUpdateAndCacheUtils.ssaPatchStatusAndCacheResource(env, statusOnly(env, StatusMapper.statusOf(first)),
                    context);
        } catch (KubernetesClientException e) {
            Log.debugf("%s/%s: no first status either (%d)", env.getMetadata().getNamespace(),
                    env.getMetadata().getName(), e.getCode());
        }
    }

    static final Duration SWEEP_INTERVAL = Duration.ofMinutes(5);

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
        Set<String> live = context.getPrimaryCache().list().map(e -> e.getMetadata().getUid())
                .collect(Collectors.toSet());
        converter.retainOnly(live);
        normalizedPaths.retainOnly(live);
    }

    /** The environment's time to live is over: it is deleted, and with it everything it created. */
    private UpdateControl<TestEnvironment> expire(TestEnvironment env, Plan plan, Context<TestEnvironment> context) {
        events.record(env, false, "Expired", "deleted after its time to live, " + plan.phase() + " since "
                + (plan.readyAt() != null ? plan.readyAt() : "its failure"));
        context.getClient().resources(TestEnvironment.class).inNamespace(env.getMetadata().getNamespace())
                .withName(env.getMetadata().getName()).delete();
        return UpdateControl.noUpdate();
    }

    /**
     * Deletes the members of the environment's ApplySet that the spec no longer declares (objects of removed
     * components and manifests), then narrows the recorded group-kinds to the spec's.
     */
    private void prune(TestEnvironment env, EnvironmentModel model, Identities.Identity identity,
            Set<String> inventoryKinds, Set<String> specKinds) {
        Set<ObjectRef> desired = model.components().stream().flatMap(c -> c.manifests().stream()).map(Manifest::ref)
                .collect(Collectors.toSet());
        List<Inventory.Member> members = inventory.members(env, identity.client(), inventoryKinds);
        List<ObjectRef> pruned = inventory.prune(members, desired, identity.client());
        if (!pruned.isEmpty()) {
            events.record(env, false, "Pruned", "deleted what the spec no longer declares: " + String.join(", ",
                    pruned.stream().map(ObjectRef::describe).sorted().toList()));
        }
        long remaining = members.size() - pruned.size();
        boolean allDeclared = remaining <= desired.size();
        if (allDeclared && !inventoryKinds.equals(specKinds)) {
            inventory.recordGroupKinds(env, specKinds);
        }
    }

    static Set<String> groupKindsOf(EnvironmentModel model) {
        return model.components().stream().flatMap(c -> c.manifests().stream()).map(Manifest::ref)
                .filter(ref -> ref.apiVersion() != null && ref.kind() != null)
                .map(ApplySet::groupKind)
                .collect(Collectors.toCollection(TreeSet::new));
    }

    /** The opened components that are applied again because an object drifted (spec.drift: Correct). */
    private Set<String> correcting(Plan plan, List<ComponentModel> opened) {
        Set<String> correcting = new TreeSet<>();
        for (ComponentModel component : opened) {
            plan.component(component.name()).filter(c -> Reasons.CORRECTING_DRIFT.equals(c.reason()))
                    .ifPresent(c -> correcting.add(c.name()));
        }
        return correcting;
    }

    /**
     * The declared paths the API server rewrites are learnt from each apply's answer and kept in memory. After a
     * restart they are unknown, and a rewritten value (a quantity normalized) would read as drift. For an object
     * that reads as drifted and whose paths were not learnt since, a dry-run apply teaches them again, once;
     * then the planner decides. Whether the object really drifted is decided as before.
     */
    private boolean relearnNormalizedPaths(TestEnvironment env, Identities.Identity identity, EnvironmentModel model,
            Plan plan) {
        Map<ObjectRef, Set<String>> known = normalizedPaths.of(env.getMetadata().getUid());
        boolean learnt = false;
        for (ComponentModel component : model.components()) {
            boolean drifted = plan.component(component.name()).map(ComponentPlan::reason)
                    .filter(r -> Reasons.DRIFTED.equals(r) || Reasons.CORRECTING_DRIFT.equals(r)).isPresent();
            if (!drifted) {
                continue;
            }
            for (Manifest manifest : component.manifests()) {
                if (known.containsKey(manifest.ref())) {
                    continue;
                }
                Optional<Map<String, Object>> answer = applier.dryRun(env, identity, component.name(), manifest);
                if (answer.isPresent()) {
                    normalizedPaths.learn(env.getMetadata().getUid(), manifest, answer.get());
                    learnt = true;
                }
            }
        }
        return learnt;
    }

    private void learnNormalizedPaths(TestEnvironment env, List<ComponentModel> opened, Applier.Outcome outcome) {
        for (ComponentModel component : opened) {
            for (Manifest manifest : component.manifests()) {
                Map<String, Object> answer = outcome.applied().get(manifest.ref());
                if (answer != null) {
                    normalizedPaths.learn(env.getMetadata().getUid(), manifest, answer);
                }
            }
        }
    }

    /** Components the plan opens that this reconcile has not applied yet; each is applied once a reconcile. */
    private static List<ComponentModel> opened(EnvironmentModel model, Plan plan, Set<String> applied) {
        return model.components().stream()
                .filter(c -> plan.toApply().contains(c.name()) && applied.add(c.name()))
                .toList();
    }

    private Observation observe(TestEnvironment env, Set<GroupVersionKind> kinds) {
        Map<ObjectRef, Map<String, Object>> objects = watches.objectsOf(env, kinds, serialization);
        return new Observation(objects, watches.podsOf(env, serialization), Map.of())
                .withNormalizedPaths(normalizedPaths.of(env.getMetadata().getUid()));
    }

    /**
     * Writes the status when it changed, with JOSDK's patch-and-cache: the next reconcile reads this status
     * even when the informer has not delivered it yet, so recorded times and transitions are never lost to a
     * stale cache.
     */
    private UpdateControl<TestEnvironment> record(TestEnvironment env, Plan plan, Optional<Instant> expiresAt,
            Context<TestEnvironment> context) {
        TestEnvironmentStatus before = env.getStatus();
        TestEnvironmentStatus after = StatusMapper.statusOf(plan);
        expiresAt.ifPresent(at -> after.setExpiresAt(StatusMapper.format(at)));
        if (!sameStatus(before, after)) {
            Set<String> failedTypes = plan.components().stream().filter(ComponentPlan::isFailed)
                    .map(c -> Reasons.componentCondition(c.name())).collect(Collectors.toSet());
            events.recordTransitions(env, before == null ? null : before.getConditions(), after.getConditions(),
                    failedTypes);
            PrimaryUpdateAndCacheUtils.ssaPatchStatusAndCacheResource(env, statusOnly(env, after), context);
        }
        UpdateControl<TestEnvironment> control = UpdateControl.noUpdate();
        Instant now = clock.instant();
        Optional<Instant> wake = plan.wakeAt();
        if (expiresAt.isPresent() && (wake.isEmpty() || expiresAt.get().isBefore(wake.get()))) {
            wake = expiresAt;
        }
        wake.ifPresent(at -> control.rescheduleAfter(Math.max(1, Duration.between(now, at).toMillis())));
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
}
