package io.testenv.operator.reconciler.pool;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.api.config.ControllerConfigurationOverrider;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Cleaner;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.DeleteControl;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import io.javaoperatorsdk.operator.processing.retry.GradualRetry;
import io.quarkiverse.operatorsdk.runtime.api.ConfigurableReconciler;
import io.quarkus.logging.Log;
import io.testenv.operator.api.TestEnvironment;
import io.testenv.operator.api.TestEnvironmentClaim;
import io.testenv.operator.api.TestEnvironmentClaimStatus;
import io.testenv.operator.api.TestEnvironmentPool;
import io.testenv.operator.config.Shard;
import io.testenv.operator.planner.model.GoDuration;
import io.testenv.operator.planner.pool.ClaimPlanner;
import io.testenv.operator.planner.pool.ClaimPlanner.ClaimDecision;
import io.testenv.operator.planner.pool.ClaimPlanner.ClaimView;
import io.testenv.operator.planner.pool.ClaimPlanner.EnvironmentView;
import io.testenv.operator.planner.pool.ClaimPlanner.PoolView;
import io.testenv.operator.planner.pool.PoolModel;
import io.testenv.operator.planner.pool.PoolReasons;
import io.testenv.operator.planner.pool.Settle;
import io.testenv.operator.planner.state.ConditionRecord;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * A claim, in named steps: observe its pool and the environment bound to it (bound by the pool, which serves its
 * claims first come first served), decide ({@link ClaimPlanner}), delete the environment when the lifetime is over,
 * and record the status: the environment's conditions and outputs, or why there is no environment.
 */
@ControllerConfiguration(
        name = "testenvironmentclaim",
        fieldManager = io.testenv.operator.reconciler.marks.FieldManagers.OPERATOR)
@GradualRetry(maxAttempts = -1, initialInterval = 500, intervalMultiplier = 2, maxInterval = 30_000)
public class ClaimReconciler
        implements Reconciler<TestEnvironmentClaim>,
                Cleaner<TestEnvironmentClaim>,
                ConfigurableReconciler<TestEnvironmentClaim> {

    static final String ENVIRONMENTS = "claim-environments";
    static final String POOLS = "claim-pools";

    private final KubernetesClient client;
    private final ClaimMetrics metrics;

    private final Shard shard;

    public ClaimReconciler(KubernetesClient client, ClaimMetrics metrics, Shard shard) {
        this.client = client;
        this.metrics = metrics;
        this.shard = shard;
    }

    /** Only this replica's shard of the claims (labelled testenv.io/shard as their pool is). */
    @Override
    public void updateConfigurationFrom(ControllerConfigurationOverrider<TestEnvironmentClaim> configuration) {
        configuration.withLabelSelector(shard.selector());
    }

    @Override
    public List<EventSource<?, TestEnvironmentClaim>> prepareEventSources(
            EventSourceContext<TestEnvironmentClaim> context) {
        var environments = new InformerEventSource<>(
                InformerEventSourceConfiguration.from(TestEnvironment.class, TestEnvironmentClaim.class)
                        .withName(ENVIRONMENTS)
                        .withLabelSelector(PoolMarks.CLAIM)
                        .withSecondaryToPrimaryMapper(env -> Set.of(new ResourceID(
                                env.getMetadata().getLabels().get(PoolMarks.CLAIM),
                                env.getMetadata().getNamespace())))
                        .build(),
                context);
        var pools = new InformerEventSource<>(
                InformerEventSourceConfiguration.from(TestEnvironmentPool.class, TestEnvironmentClaim.class)
                        .withName(POOLS)
                        .withSecondaryToPrimaryMapper(pool -> context.getPrimaryCache()
                                .list(
                                        pool.getMetadata().getNamespace(),
                                        claim -> pool.getMetadata()
                                                .getName()
                                                .equals(claim.getSpec().getPool()))
                                .map(ResourceID::fromResource)
                                .collect(Collectors.toSet()))
                        .build(),
                context);
        return List.of(environments, pools);
    }

    @Override
    public UpdateControl<TestEnvironmentClaim> reconcile(
            TestEnvironmentClaim claim, Context<TestEnvironmentClaim> context) {
        Instant now = Instant.now();
        String namespace = claim.getMetadata().getNamespace();
        String name = claim.getMetadata().getName();
        Optional<TestEnvironment> environment = bound(claim, context);
        Optional<TestEnvironmentPool> pool = Optional.ofNullable(claim.getSpec().getPool())
                .flatMap(poolName -> PoolReconciler.cache(context, TestEnvironmentPool.class, POOLS)
                        .get(new ResourceID(poolName, namespace)));
        TestEnvironmentClaimStatus before =
                claim.getStatus() == null ? new TestEnvironmentClaimStatus() : claim.getStatus();

        ClaimView view = new ClaimView(
                PoolReconciler.claim(claim),
                duration(claim.getSpec().getLifetime()),
                before.getEnvironment(),
                claim.getMetadata().getGeneration());
        ClaimDecision decision =
                ClaimPlanner.decide(view, pool.map(this::poolView), environment.map(ClaimReconciler::view), now);

        if (decision.deleteEnvironment()) {
            Log.infof(
                    "claim %s/%s: lifetime over, deleting environment %s",
                    namespace, name, environment.get().getMetadata().getName());
            client.resource(environment.get()).delete();
        }
        return record(claim, before, decision, environment, now);
    }

    /**
     * The claim's environment goes with it. Its owner reference alone would do that through garbage collection; the
     * finalizer makes it happen at once and where garbage collection does not run, and never leaves it to the pool.
     */
    @Override
    public DeleteControl cleanup(TestEnvironmentClaim claim, Context<TestEnvironmentClaim> context) {
        bound(claim, context)
                .filter(env -> env.getMetadata().getDeletionTimestamp() == null)
                .ifPresent(env -> {
                    Log.infof(
                            "claim %s/%s deleted: deleting environment %s",
                            claim.getMetadata().getNamespace(),
                            claim.getMetadata().getName(),
                            env.getMetadata().getName());
                    client.resource(env).delete();
                });
        return DeleteControl.defaultDelete();
    }

    /** The environment bound to this claim: labelled with its name and owned by it (not by an earlier namesake). */
    private static Optional<TestEnvironment> bound(TestEnvironmentClaim claim, Context<TestEnvironmentClaim> context) {
        String name = claim.getMetadata().getName();
        String uid = claim.getMetadata().getUid();
        return PoolReconciler.cache(context, TestEnvironment.class, ENVIRONMENTS)
                .list(
                        claim.getMetadata().getNamespace(),
                        env -> name.equals(env.getMetadata().getLabels().get(PoolMarks.CLAIM))
                                && env.getMetadata().getOwnerReferences().stream()
                                        .anyMatch(owner -> uid.equals(owner.getUid())))
                .findFirst();
    }

    private UpdateControl<TestEnvironmentClaim> record(
            TestEnvironmentClaim claim,
            TestEnvironmentClaimStatus before,
            ClaimDecision decision,
            Optional<TestEnvironment> environment,
            Instant now) {
        List<ConditionRecord> previous = PoolMarks.fromWire(before.getConditions());
        List<ConditionRecord> conditions = Settle.conditions(previous, decision.conditions());
        TestEnvironmentClaimStatus status = new TestEnvironmentClaimStatus();
        status.setObservedGeneration(claim.getMetadata().getGeneration());
        status.setEnvironment(environment.map(e -> e.getMetadata().getName()).orElse(before.getEnvironment()));
        status.setTargetNamespace(environment
                .map(e -> e.getStatus() == null ? null : e.getStatus().getTargetNamespace())
                .orElse(before.getTargetNamespace()));
        status.setExpiresAt(decision.expiresAt().map(Instant::toString).orElse(null));
        status.setOutputs(decision.outputs() == null || decision.outputs().isEmpty() ? null : decision.outputs());
        status.setConditions(PoolMarks.toWire(conditions));
        boolean wasReady = previous.stream().anyMatch(c -> c.type().equals(PoolReasons.READY) && c.isTrue());
        conditions.stream()
                .filter(c -> c.type().equals(PoolReasons.READY) && c.isTrue() && !wasReady)
                .findFirst()
                .ifPresent(ready -> metrics.claimReady(
                        claim.getMetadata().getNamespace(),
                        claim.getSpec().getPool(),
                        Duration.between(PoolMarks.instant(claim.getMetadata().getCreationTimestamp()), now)));
        UpdateControl<TestEnvironmentClaim> control;
        var serialization = client.getKubernetesSerialization();
        if (serialization.convertValue(before, Map.class).equals(serialization.convertValue(status, Map.class))) {
            control = UpdateControl.noUpdate();
        } else {
            claim.setStatus(status);
            claim.getMetadata().setManagedFields(null);
            control = UpdateControl.patchStatus(claim);
        }
        decision.expiresAt()
                .filter(now::isBefore)
                .ifPresent(at -> control.rescheduleAfter(
                        Math.max(100, Duration.between(now, at).toMillis())));
        return control;
    }

    private PoolView poolView(TestEnvironmentPool pool) {
        var lifetime = pool.getSpec().getClaimLifetime();
        boolean stalled = pool.getStatus() != null
                && PoolMarks.fromWire(pool.getStatus().getConditions()).stream()
                        .anyMatch(c -> c.type().equals(PoolReasons.STALLED) && c.isTrue());
        return new PoolView(
                stalled,
                lifetime == null ? null : duration(lifetime.getDefaultLifetime()),
                lifetime == null ? null : duration(lifetime.getMaximum()),
                new PoolModel(
                        0,
                        null,
                        "",
                        PoolReconciler.componentNames(
                                pool.getSpec().getTemplate() == null
                                        ? null
                                        : pool.getSpec().getTemplate().getComponents())));
    }

    private static EnvironmentView view(TestEnvironment env) {
        var status = env.getStatus();
        Map<String, ConditionRecord> conditions =
                PoolMarks.fromWire(status == null ? null : status.getConditions()).stream()
                        .collect(Collectors.toMap(ConditionRecord::type, Function.identity(), (a, b) -> a));
        return new EnvironmentView(
                env.getMetadata().getName(),
                status == null ? null : status.getTargetNamespace(),
                Optional.ofNullable(env.getMetadata().getGeneration()).orElse(0L),
                status == null || status.getObservedGeneration() == null ? -1 : status.getObservedGeneration(),
                conditions,
                status == null || status.getOutputs() == null ? Map.of() : status.getOutputs(),
                env.getMetadata().getDeletionTimestamp() != null);
    }

    private static Duration duration(String text) {
        return text == null ? null : GoDuration.parse(text).orElse(null);
    }
}
