package io.testenv.operator.reconciler;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.javaoperatorsdk.operator.ReconcilerUtils;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Cleaner;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.DeleteControl;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.GroupVersionKind;
import io.javaoperatorsdk.operator.processing.retry.GradualRetry;
import io.quarkus.logging.Log;
import io.testenv.operator.api.Teardown;
import io.testenv.operator.api.TestEnvironment;
import io.testenv.operator.planner.GoDuration;
import io.testenv.operator.planner.TeardownOrder;
import io.testenv.operator.planner.model.EnvironmentModel;
import io.testenv.operator.planner.model.ObjectRef;

/**
 * The deletion of the environments garbage collection cannot take alone, and only of those. It sees every
 * TestEnvironment not labelled {@value #GARBAGE_COLLECTED} (so, safely, any the operator has not judged yet) and,
 * as a java-operator-sdk {@link Cleaner}, holds its finalizer on them. {@link TestEnvironmentReconciler} labels an
 * environment and takes the finalizer off once garbage collection reaches everything it owns
 * ({@link io.testenv.operator.planner.Finalization}), and takes the label off again when that changes; this
 * controller then puts its finalizer back.
 */
// As the bring-up: transient errors are retried without a limit, so a deletion never stalls for a 5xx burst.
@GradualRetry(maxAttempts = -1, initialInterval = 500, intervalMultiplier = 2, maxInterval = 30_000)
@ControllerConfiguration(name = "testenvironment-teardown", fieldManager = Labels.FIELD_MANAGER,
        informer = @Informer(labelSelector = TeardownReconciler.SELECTOR))
public class TeardownReconciler implements Reconciler<TestEnvironment>, Cleaner<TestEnvironment> {

    /** Label of an environment whose objects garbage collection reaches, all of them. */
    public static final String TEARDOWN_LABEL = "testenv.io/teardown";
    public static final String GARBAGE_COLLECTED = "garbage-collection";
    static final String SELECTOR = TEARDOWN_LABEL + "!=" + GARBAGE_COLLECTED;
    /** java-operator-sdk's finalizer name for the kind, the same as before this controller existed. */
    public static final String FINALIZER = ReconcilerUtils.getDefaultFinalizerName(TestEnvironment.class);

    static final Duration REVERSE_TEARDOWN_POLL = Duration.ofMillis(500);

    private final SpecConverter converter;
    private final Identities identities;
    private final Inventory inventory;
    private final Watches watches;
    private final NormalizedPaths normalizedPaths;
    private final Clock clock;
    private final KubernetesSerialization serialization;
    private final InFlight inFlight;
    private final EventRecorder events;
    /** The objects whose hold on a teardown was reported, by environment uid: each is reported once. */
    private final Map<String, Set<ObjectRef>> reportedHolds = new ConcurrentHashMap<>();

    public TeardownReconciler(SpecConverter converter, Identities identities, Inventory inventory, Watches watches,
            NormalizedPaths normalizedPaths, InFlight inFlight, Clock clock, KubernetesClient client,
            EventRecorder events) {
        this.inFlight = inFlight;
        this.events = events;
        this.converter = converter;
        this.identities = identities;
        this.inventory = inventory;
        this.watches = watches;
        this.normalizedPaths = normalizedPaths;
        this.clock = clock;
        this.serialization = client.getKubernetesSerialization();
    }

    /** Nothing to do while the environment lives: java-operator-sdk has put the finalizer on. */
    @Override
    public UpdateControl<TestEnvironment> reconcile(TestEnvironment env, Context<TestEnvironment> context) {
        return UpdateControl.noUpdate();
    }

    /**
     * Deletes what garbage collection cannot reach: the environment's cluster-scoped members, found through its
     * ApplySet (so also those of components removed from the spec), and only those that carry the environment's
     * uid, as its identity. Namespaced members go with their owner reference. With no identity to act as,
     * nothing is deleted and nothing blocks the deletion.
     */
    @Override
    public DeleteControl cleanup(TestEnvironment env, Context<TestEnvironment> context) {
        String uid = env.getMetadata().getUid();
        if (!inFlight.enterTeardown(uid)) {
            // stopping: the finalizer stays, and the next operator tears the environment down; or a bring-up of it
            // still runs, and its applies are waited for
            return inFlight.isDraining() ? DeleteControl.noFinalizerRemoval()
                    : DeleteControl.noFinalizerRemoval().rescheduleAfter(REVERSE_TEARDOWN_POLL);
        }
        boolean done = false;
        try {
            DeleteControl control = cleanupNow(env);
            done = control.isRemoveFinalizer();
            return control;
        } finally {
            inFlight.exitTeardown(uid, done);
        }
    }

    private DeleteControl cleanupNow(TestEnvironment env) {
        EnvironmentModel model = converter.toModel(env);
        Identities.Identity identity = identities.of(model);
        if (identity.problemIfAny().isEmpty()) {
            Set<String> kinds = new TreeSet<>(ApplySet.recordedGroupKinds(env));
            kinds.addAll(TestEnvironmentReconciler.groupKindsOf(model));
            List<Inventory.Member> members = inventory.members(env, identity.client(), kinds);
            if (reverseTeardown(env, model)) {
                Set<String> remaining = new TreeSet<>();
                members.stream().map(Inventory.Member::component).filter(Objects::nonNull).forEach(remaining::add);
                remaining.addAll(watches.podsOf(env, serialization).keySet());
                if (!remaining.isEmpty()) {
                    Set<String> now = TeardownOrder.deletableNow(model, remaining);
                    inventory.prune(members.stream().filter(m -> now.contains(m.component())).toList(), Set.of(),
                            identity.client());
                    Log.debugf("%s/%s: tearing down %s; waiting: %s", env.getMetadata().getNamespace(),
                            env.getMetadata().getName(), now, remaining);
                    reportHolds(env, members, model.timeout());
                    return DeleteControl.noFinalizerRemoval().rescheduleAfter(REVERSE_TEARDOWN_POLL);
                }
            }
            inventory.prune(members.stream().filter(member -> !member.kind().isNamespaceScoped()).toList(), Set.of(),
                    identity.client());
        } else {
            Log.warnf("TestEnvironment %s/%s is deleted without clean-up: %s", env.getMetadata().getNamespace(),
                    env.getMetadata().getName(), identity.problem());
        }
        converter.forget(env);
        normalizedPaths.forget(env.getMetadata().getUid());
        reportedHolds.remove(env.getMetadata().getUid());
        return DeleteControl.defaultDelete();
    }

    /**
     * An Event for each member being deleted that a finalizer holds (someone else's controller, or a person): the
     * teardown waits for it, and the author learns which object and which finalizer, once per object.
     */
    private void reportHolds(TestEnvironment env, List<Inventory.Member> members, String timeout) {
        Set<ObjectRef> reported = reportedHolds.computeIfAbsent(env.getMetadata().getUid(),
                uid -> ConcurrentHashMap.newKeySet());
        for (Inventory.Member member : members) {
            GroupVersionKind gvk = new GroupVersionKind(member.ref().apiVersion(), member.ref().kind());
            watches.cached(gvk, member.ref())
                    .filter(o -> o.getMetadata().getDeletionTimestamp() != null)
                    .filter(o -> o.getMetadata().getFinalizers() != null && !o.getMetadata().getFinalizers().isEmpty())
                    .filter(o -> reported.add(member.ref()))
                    .ifPresent(o -> events.record(env, true, "TeardownHeld", member.ref().describe() + " of component "
                            + member.component() + " is held by its finalizer" + (o.getMetadata().getFinalizers()
                                    .size() == 1 ? " " : "s ") + String.join(", ", o.getMetadata().getFinalizers())
                            + "; the reverse teardown waits for it, up to " + timeout + ", then deletes the rest"));
        }
    }

    /**
     * Whether deletion goes component by component: asked for, and still within the environment's timeout from
     * the deletion's start, so that an object someone else holds with a finalizer cannot hang the deletion.
     */
    private boolean reverseTeardown(TestEnvironment env, EnvironmentModel model) {
        if (env.getSpec() == null || env.getSpec().getTeardown() != Teardown.Reverse) {
            return false;
        }
        Instant since = Optional.ofNullable(env.getMetadata().getDeletionTimestamp()).map(Instant::parse)
                .orElse(clock.instant());
        Duration bound = GoDuration.parse(model.timeout()).orElse(Duration.ofMinutes(10));
        if (clock.instant().isAfter(since.plus(bound))) {
            Log.warnf("%s/%s: reverse teardown took longer than %s; the rest goes at once",
                    env.getMetadata().getNamespace(), env.getMetadata().getName(), model.timeout());
            return false;
        }
        return true;
    }
}
