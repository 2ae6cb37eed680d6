package io.testenv.operator.reconciler.pool;

import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.javaoperatorsdk.operator.api.config.ControllerConfigurationOverrider;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import io.javaoperatorsdk.operator.processing.retry.GradualRetry;
import io.quarkiverse.operatorsdk.runtime.api.ConfigurableReconciler;
import io.quarkus.logging.Log;
import io.testenv.operator.api.ComponentSpec;
import io.testenv.operator.api.TargetNamespace;
import io.testenv.operator.api.TestEnvironment;
import io.testenv.operator.api.TestEnvironmentClaim;
import io.testenv.operator.api.TestEnvironmentPool;
import io.testenv.operator.api.TestEnvironmentPoolStatus;
import io.testenv.operator.api.TestEnvironmentSpec;
import io.testenv.operator.config.Shard;
import io.testenv.operator.planner.pool.BackOff;
import io.testenv.operator.planner.pool.Claim;
import io.testenv.operator.planner.pool.Member;
import io.testenv.operator.planner.pool.PoolModel;
import io.testenv.operator.planner.pool.PoolPlan;
import io.testenv.operator.planner.pool.PoolPlanner;
import io.testenv.operator.planner.pool.Settle;
import io.testenv.operator.reconciler.apply.ServerMessages;
import io.testenv.operator.reconciler.marks.FieldManagers;
import io.testenv.operator.reconciler.marks.Labels;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * A warm pool, in named steps: observe its environments and claims (informer caches, with its own writes not yet
 * seen), plan ({@link PoolPlanner}), carry the plan out (delete, bind, create), and record the status.
 */
@ControllerConfiguration(name = "testenvironmentpool", fieldManager = FieldManagers.OPERATOR)
@GradualRetry(maxAttempts = -1, initialInterval = 500, intervalMultiplier = 2, maxInterval = 30_000)
public class PoolReconciler implements Reconciler<TestEnvironmentPool>, ConfigurableReconciler<TestEnvironmentPool> {

    static final String ENVIRONMENTS = "pool-environments";
    static final String CLAIMS = "pool-claims";

    private final KubernetesClient client;
    private final Expectations expectations = new Expectations();
    private final Map<String, BackOff> backOffs = new java.util.concurrent.ConcurrentHashMap<>();

    private final Shard shard;

    public PoolReconciler(KubernetesClient client, Shard shard) {
        this.client = client;
        this.shard = shard;
    }

    /** Only this replica's shard of the pools (the label testenv.io/shard, as for environments). */
    @Override
    public void updateConfigurationFrom(ControllerConfigurationOverrider<TestEnvironmentPool> configuration) {
        configuration.withLabelSelector(shard.selector());
    }

    @Override
    public List<EventSource<?, TestEnvironmentPool>> prepareEventSources(
            EventSourceContext<TestEnvironmentPool> context) {
        var environments = new InformerEventSource<>(
                InformerEventSourceConfiguration.from(TestEnvironment.class, TestEnvironmentPool.class)
                        .withName(ENVIRONMENTS)
                        .withLabelSelector(PoolMarks.POOL)
                        .withSecondaryToPrimaryMapper(env -> Set.of(new ResourceID(
                                env.getMetadata().getLabels().get(PoolMarks.POOL),
                                env.getMetadata().getNamespace())))
                        .build(),
                context);
        var claims = new InformerEventSource<>(
                InformerEventSourceConfiguration.from(TestEnvironmentClaim.class, TestEnvironmentPool.class)
                        .withName(CLAIMS)
                        .withSecondaryToPrimaryMapper(claim -> claim.getSpec().getPool() == null
                                ? Set.of()
                                : Set.of(new ResourceID(
                                        claim.getSpec().getPool(),
                                        claim.getMetadata().getNamespace())))
                        .build(),
                context);
        return List.of(environments, claims);
    }

    @Override
    public UpdateControl<TestEnvironmentPool> reconcile(
            TestEnvironmentPool pool, Context<TestEnvironmentPool> context) {
        Instant now = Instant.now();
        String namespace = pool.getMetadata().getNamespace();
        String name = pool.getMetadata().getName();
        String key = namespace + "/" + name;
        TestEnvironmentSpec template = pool.getSpec().getTemplate();
        String hash = hash(template);
        PoolModel model = new PoolModel(
                Optional.ofNullable(pool.getSpec().getSize()).orElse(0),
                pool.getSpec().getMaxSize(),
                hash,
                componentNames(template.getComponents()));

        Map<String, TestEnvironment> environments = cache(context, TestEnvironment.class, ENVIRONMENTS)
                .list(
                        namespace,
                        env -> name.equals(env.getMetadata().getLabels().get(PoolMarks.POOL)))
                .collect(Collectors.toMap(env -> env.getMetadata().getName(), Function.identity()));
        Map<String, TestEnvironmentClaim> claims = cache(context, TestEnvironmentClaim.class, CLAIMS)
                .list(namespace, claim -> name.equals(claim.getSpec().getPool()))
                .collect(Collectors.toMap(claim -> claim.getMetadata().getName(), Function.identity()));
        List<Member> members = expectations.over(
                key, environments.values().stream().map(PoolReconciler::member).toList(), now);
        TestEnvironmentPoolStatus before =
                pool.getStatus() == null ? new TestEnvironmentPoolStatus() : pool.getStatus();
        BackOff recorded = hash.equals(before.getTemplateHash())
                ? new BackOff(
                        Optional.ofNullable(before.getFailures()).orElse(0),
                        before.getRetryAt() == null ? null : Instant.parse(before.getRetryAt()))
                : BackOff.NONE;
        // the status write of the last pass may not be in the cache yet: the back-off it recorded is remembered too,
        // so that a reconcile right after a failure never probes again before its wait is over
        BackOff remembered = backOffs.get(key + "/" + hash);
        BackOff backOff = remembered != null && remembered.failures() > recorded.failures() ? remembered : recorded;

        PoolPlan plan = PoolPlanner.plan(
                model,
                members,
                claims.values().stream().map(PoolReconciler::claim).toList(),
                backOff,
                now,
                pool.getMetadata().getGeneration());

        for (PoolPlan.Deletion deletion : plan.delete()) {
            Log.infof("pool %s: deleting environment %s (%s)", key, deletion.environment(), deletion.reason());
            client.resources(TestEnvironment.class)
                    .inNamespace(namespace)
                    .withName(deletion.environment())
                    .delete();
            expectations.expect(
                    key, new Member(deletion.environment(), now, hash, Member.State.Deleting, null, null), now);
        }
        for (PoolPlan.Binding binding : plan.bindings()) {
            bind(environments.get(binding.environment()), claims.get(binding.claim()));
            expectations.expect(
                    key, new Member(binding.environment(), now, hash, Member.State.Ready, binding.claim(), null), now);
        }
        String refused = null;
        for (int i = 0; i < plan.create(); i++) {
            try {
                TestEnvironment created =
                        client.resource(environment(pool, hash)).create();
                expectations.expect(
                        key, Member.of(created.getMetadata().getName(), now, hash, Member.State.BringingUp), now);
            } catch (KubernetesClientException e) {
                if (e.getCode() != 400 && e.getCode() != 422) {
                    throw e;
                }
                refused = "the API server refuses the template's environment (" + e.getCode() + "): "
                        + ServerMessages.redacted(e.getStatus(), e.getClass().getSimpleName());
                break;
            }
        }
        if (refused != null) {
            plan = PoolPlanner.refused(plan, refused, now);
        }
        String memo = key + "/" + hash;
        backOffs.keySet().removeIf(k -> k.startsWith(key + "/") && !k.equals(memo));
        if (plan.backOff().stalled()) {
            backOffs.put(memo, plan.backOff());
        } else {
            backOffs.remove(memo);
        }
        return record(pool, plan, hash, now);
    }

    private UpdateControl<TestEnvironmentPool> record(
            TestEnvironmentPool pool, PoolPlan plan, String hash, Instant now) {
        TestEnvironmentPoolStatus before =
                pool.getStatus() == null ? new TestEnvironmentPoolStatus() : pool.getStatus();
        BackOff backOff = plan.backOff();
        var conditions = plan.conditions();
        TestEnvironmentPoolStatus status = new TestEnvironmentPoolStatus();
        status.setObservedGeneration(pool.getMetadata().getGeneration());
        status.setTemplateHash(hash);
        status.setTemplateGeneration(
                hash.equals(before.getTemplateHash()) && before.getTemplateGeneration() != null
                        ? before.getTemplateGeneration()
                        : pool.getMetadata().getGeneration());
        status.setReady(plan.ready());
        status.setBringingUp(plan.bringingUp());
        status.setClaimed(plan.claimed());
        status.setFailures(backOff.failures() == 0 ? null : backOff.failures());
        status.setRetryAt(backOff.retryAt() == null ? null : backOff.retryAt().toString());
        status.setConditions(
                PoolMarks.toWire(Settle.conditions(PoolMarks.fromWire(before.getConditions()), conditions)));
        Optional<Instant> wakeAt = plan.wakeAt();
        UpdateControl<TestEnvironmentPool> control;
        if (same(before, status)) {
            control = UpdateControl.noUpdate();
        } else {
            pool.setStatus(status);
            pool.getMetadata().setManagedFields(null);
            control = UpdateControl.patchStatus(pool);
        }
        wakeAt.ifPresent(at ->
                control.rescheduleAfter(Math.max(100, Duration.between(now, at).toMillis())));
        return control;
    }

    private boolean same(TestEnvironmentPoolStatus a, TestEnvironmentPoolStatus b) {
        var serialization = client.getKubernetesSerialization();
        return serialization.convertValue(a, Map.class).equals(serialization.convertValue(b, Map.class));
    }

    /** The claim takes the environment: its label, its ownership (the claim's alone), its components. */
    private void bind(TestEnvironment cached, TestEnvironmentClaim claim) {
        TestEnvironment env = client.getKubernetesSerialization().clone(cached);
        env.getMetadata().setManagedFields(null);
        env.getMetadata().getLabels().put(PoolMarks.CLAIM, claim.getMetadata().getName());
        OwnerReference owner = new OwnerReferenceBuilder()
                .withApiVersion(TestEnvironment.API_VERSION)
                .withKind(HasKind.CLAIM)
                .withName(claim.getMetadata().getName())
                .withUid(claim.getMetadata().getUid())
                .withController(true)
                .withBlockOwnerDeletion(true)
                .build();
        // Deleting the claim deletes the environment (garbage collection, with or without the operator); the pool no
        // longer owns it, so deleting the pool leaves claimed environments to their claims.
        env.getMetadata().setOwnerReferences(List.of(owner));
        List<ComponentSpec> components = new ArrayList<>(env.getSpec().getComponents());
        Optional.ofNullable(claim.getSpec().getComponents()).ifPresent(components::addAll);
        env.getSpec().setComponents(components);
        if (claim.getSpec().getHeartbeat() != null) {
            env.getSpec().setHeartbeat(claim.getSpec().getHeartbeat());
        }
        Log.infof(
                "pool %s: environment %s bound to claim %s",
                env.getMetadata().getLabels().get(PoolMarks.POOL),
                env.getMetadata().getName(),
                claim.getMetadata().getName());
        client.resource(env).update();
    }

    private TestEnvironment environment(TestEnvironmentPool pool, String hash) {
        TestEnvironment env = new TestEnvironment();
        String name = pool.getMetadata().getName();
        env.getMetadata().setGenerateName(prefix(name));
        env.getMetadata().setNamespace(pool.getMetadata().getNamespace());
        Map<String, String> labels = new HashMap<>(Map.of(
                PoolMarks.POOL, name,
                PoolMarks.TEMPLATE, hash,
                PoolMarks.GENERATION, String.valueOf(pool.getMetadata().getGeneration())));
        // the pool's shard brings its environments up too
        Optional.ofNullable(pool.getMetadata().getLabels())
                .map(l -> l.get(Labels.SHARD))
                .ifPresent(key -> labels.put(Labels.SHARD, key));
        env.getMetadata().setLabels(labels);
        env.getMetadata()
                .setOwnerReferences(List.of(new OwnerReferenceBuilder()
                        .withApiVersion(TestEnvironment.API_VERSION)
                        .withKind(HasKind.POOL)
                        .withName(name)
                        .withUid(pool.getMetadata().getUid())
                        .withController(true)
                        .withBlockOwnerDeletion(true)
                        .build()));
        TestEnvironmentSpec spec = client.getKubernetesSerialization()
                .unmarshal(
                        client.getKubernetesSerialization()
                                .asJson(pool.getSpec().getTemplate()),
                        TestEnvironmentSpec.class);
        spec.setTargetNamespace(new TargetNamespace(prefix(name)));
        env.setSpec(spec);
        return env;
    }

    /** generateName for the environments and their namespaces: the pool's name, shortened to leave room. */
    static String prefix(String pool) {
        String base = pool.length() > TargetNamespace.MAX_GENERATE_NAME - 1
                ? pool.substring(0, TargetNamespace.MAX_GENERATE_NAME - 1)
                : pool;
        return base.replaceAll("[^-a-z0-9]", "-") + "-";
    }

    static Member member(TestEnvironment env) {
        String claim = env.getMetadata().getLabels().get(PoolMarks.CLAIM);
        String template =
                Objects.requireNonNullElse(env.getMetadata().getLabels().get(PoolMarks.TEMPLATE), "");
        Instant created = PoolMarks.instant(env.getMetadata().getCreationTimestamp());
        var conditions = PoolMarks.fromWire(
                env.getStatus() == null ? null : env.getStatus().getConditions());
        Member.State state;
        String message = null;
        var failed = conditions.stream()
                .filter(c -> c.type().equals("Failed") && c.isTrue())
                .findFirst();
        boolean current = env.getStatus() != null
                && env.getStatus().getObservedGeneration() != null
                && env.getStatus()
                        .getObservedGeneration()
                        .equals(env.getMetadata().getGeneration());
        if (env.getMetadata().getDeletionTimestamp() != null) {
            state = Member.State.Deleting;
        } else if (failed.isPresent()) {
            state = Member.State.Failed;
            message = failed.get().message();
        } else if (current && conditions.stream().anyMatch(c -> c.type().equals("Ready") && c.isTrue())) {
            state = Member.State.Ready;
        } else {
            state = Member.State.BringingUp;
        }
        return new Member(env.getMetadata().getName(), created, template, state, claim, message);
    }

    static Claim claim(TestEnvironmentClaim claim) {
        return new Claim(
                claim.getMetadata().getName(),
                PoolMarks.instant(claim.getMetadata().getCreationTimestamp()),
                componentNames(claim.getSpec().getComponents()).stream()
                        .sorted()
                        .toList(),
                claim.getMetadata().getDeletionTimestamp() != null,
                claim.getStatus() != null && claim.getStatus().getEnvironment() != null);
    }

    static Set<String> componentNames(List<ComponentSpec> components) {
        return Optional.ofNullable(components).orElse(List.of()).stream()
                .map(ComponentSpec::getName)
                .filter(Objects::nonNull)
                .collect(Collectors.toSet());
    }

    String hash(TestEnvironmentSpec template) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest(client.getKubernetesSerialization().asJson(template).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest).substring(0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @SuppressWarnings("unchecked")
    static <
                    R extends io.fabric8.kubernetes.api.model.HasMetadata,
                    P extends io.fabric8.kubernetes.api.model.HasMetadata>
            InformerEventSource<R, P> cache(Context<P> context, Class<R> type, String name) {
        return (InformerEventSource<R, P>) context.eventSourceRetriever().getEventSourceFor(type, name);
    }

    /** Kinds named in owner references. */
    static final class HasKind {
        static final String POOL = "TestEnvironmentPool";
        static final String CLAIM = "TestEnvironmentClaim";

        private HasKind() {}
    }
}
