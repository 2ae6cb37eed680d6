package io.testenv.operator.reconciler;

import io.javaoperatorsdk.operator.api.config.ControllerConfigurationOverrider;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Cleaner;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.DeleteControl;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.retry.GradualRetry;
import io.quarkiverse.operatorsdk.runtime.api.ConfigurableReconciler;
import io.quarkus.logging.Log;
import io.testenv.operator.api.TestEnvironment;
import io.testenv.operator.config.Shard;
import io.testenv.operator.planner.Membership;
import io.testenv.operator.planner.TargetNamespaces;
import io.testenv.operator.planner.TeardownPlanner;
import io.testenv.operator.planner.TeardownPlanner.TeardownPlan;
import io.testenv.operator.planner.model.EnvironmentModel;
import io.testenv.operator.planner.model.ObjectRef;
import io.testenv.operator.reconciler.apply.Inventory;
import io.testenv.operator.reconciler.apply.NamespaceWriter;
import io.testenv.operator.reconciler.marks.ApplySet;
import io.testenv.operator.reconciler.marks.FieldManagers;
import io.testenv.operator.reconciler.marks.Labels;
import io.testenv.operator.reconciler.observe.Identities;
import io.testenv.operator.reconciler.observe.Observer;
import io.testenv.operator.reconciler.record.StatusRecorder;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The deletion of the environments garbage collection cannot take alone, and only of those. It sees every
 * TestEnvironment not labelled {@code testenv.io/teardown: garbage-collection} (so, safely, any the operator has not judged yet) and,
 * as a java-operator-sdk {@link Cleaner}, holds its finalizer on them. {@link TestEnvironmentReconciler} labels an
 * environment and takes the finalizer off once garbage collection reaches everything it owns
 * ({@link io.testenv.operator.planner.Finalization}), and takes the label off again when that changes; this
 * controller then puts its finalizer back.
 */
// As the bring-up: transient errors are retried without a limit, so a deletion never stalls for a 5xx burst.
@GradualRetry(maxAttempts = -1, initialInterval = 500, intervalMultiplier = 2, maxInterval = 30_000)
@ControllerConfiguration(
        name = "testenvironment-teardown",
        fieldManager = FieldManagers.OPERATOR,
        informer = @Informer(labelSelector = Labels.TEARDOWN_SELECTOR))
public class TeardownReconciler
        implements Reconciler<TestEnvironment>, Cleaner<TestEnvironment>, ConfigurableReconciler<TestEnvironment> {

    public static final Duration REVERSE_TEARDOWN_POLL = Duration.ofMillis(500);

    private final InFlight inFlight;
    private final Observer observer;
    private final Inventory inventory;
    private final StatusRecorder recorder;
    private final NamespaceWriter namespaces;
    /** The objects whose hold on a teardown was reported, by environment uid: each is reported once. */
    private final Map<String, Set<ObjectRef>> reportedHolds = new ConcurrentHashMap<>();

    private final Shard shard;

    public TeardownReconciler(
            InFlight inFlight,
            Observer observer,
            Inventory inventory,
            StatusRecorder recorder,
            NamespaceWriter namespaces,
            Shard shard) {
        this.inFlight = inFlight;
        this.observer = observer;
        this.inventory = inventory;
        this.recorder = recorder;
        this.namespaces = namespaces;
        this.shard = shard;
    }

    /** The environments of the teardown selector that are in this replica's shard, and only those. */
    @Override
    public void updateConfigurationFrom(ControllerConfigurationOverrider<TestEnvironment> configuration) {
        configuration.withLabelSelector(shard.selector(Labels.TEARDOWN_SELECTOR));
    }

    /** Nothing to do while the environment lives: java-operator-sdk has put the finalizer on. */
    @Override
    public UpdateControl<TestEnvironment> reconcile(TestEnvironment env, Context<TestEnvironment> context) {
        recorder.teardownReconciled();
        return UpdateControl.noUpdate();
    }

    /**
     * Deletes what garbage collection cannot reach: the environment's cluster-scoped members, found through its
     * ApplySet (so also those of components removed from the spec), and only those that carry the environment's
     * uid, as its identity. Namespaced members go with their owner reference; the namespace made for the
     * environment, and everything in it, is deleted last, with the operator's rights and only if it carries the
     * environment's uid label. With no identity to act as, nothing is deleted and nothing blocks the deletion.
     */
    @Override
    public DeleteControl cleanup(TestEnvironment env, Context<TestEnvironment> context) {
        recorder.teardownReconciled();
        String uid = env.getMetadata().getUid();
        if (!inFlight.enterTeardown(uid)) {
            // stopping: the finalizer stays, and the next operator tears the environment down; or a bring-up of it
            // still runs, and its applies are waited for
            return inFlight.isDraining()
                    ? DeleteControl.noFinalizerRemoval()
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
        EnvironmentModel model = observer.model(env);
        Identities.Identity identity = observer.identityOf(model);
        String where =
                env.getMetadata().getNamespace() + "/" + env.getMetadata().getName();
        if (identity.problemIfAny().isPresent()) {
            Log.warnf("TestEnvironment %s is deleted without clean-up: %s", where, identity.problem());
            // the namespace made for it was the operator's to make, and is the operator's to delete
            namespaces.delete(
                    env, TargetNamespaces.toDelete(env.getMetadata().getUid(), observer.targetNamespaces(env, model)));
            return forget(env);
        }
        Set<String> kinds = new TreeSet<>(ApplySet.recordedGroupKinds(env));
        kinds.addAll(Membership.groupKindsOf(model));
        List<Inventory.Member> members = inventory.members(env, identity.client(), kinds);
        Instant deletedAt = Optional.ofNullable(env.getMetadata().getDeletionTimestamp())
                .map(Instant::parse)
                .orElse(observer.now());
        TeardownPlan plan = TeardownPlanner.plan(
                model,
                deletedAt,
                observer.now(),
                members.stream()
                        .map(m -> new TeardownPlanner.Member(
                                m.ref(), m.component(), m.kind().isNamespaceScoped()))
                        .toList(),
                observer.podComponents(env),
                observer.heldBy(members.stream().map(Inventory.Member::ref).toList()),
                reportedHolds.getOrDefault(env.getMetadata().getUid(), Set.of()),
                env.getMetadata().getUid(),
                observer.targetNamespaces(env, model));
        if (plan.overdue()) {
            Log.warnf("%s: reverse teardown took longer than %s; the rest goes at once", where, model.timeout());
        }
        Set<ObjectRef> deleting = Set.copyOf(plan.delete());
        inventory.prune(members.stream().filter(m -> deleting.contains(m.ref())).toList(), Set.of(), identity.client());
        if (!plan.done()) {
            Log.debugf("%s: tearing down %s; waiting: %s", where, plan.delete(), plan.waiting());
            reportedHolds.put(env.getMetadata().getUid(), plan.reported());
            plan.events().forEach(event -> recorder.event(env, event));
            return DeleteControl.noFinalizerRemoval().rescheduleAfter(REVERSE_TEARDOWN_POLL);
        }
        namespaces.delete(env, plan.namespaces());
        return forget(env);
    }

    private DeleteControl forget(TestEnvironment env) {
        observer.forget(env);
        reportedHolds.remove(env.getMetadata().getUid());
        return DeleteControl.defaultDelete();
    }
}
