package io.testenv.operator.reconciler;

import io.fabric8.kubernetes.client.KubernetesClientException;
import io.javaoperatorsdk.operator.api.config.ControllerConfigurationOverrider;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.retry.GradualRetry;
import io.quarkiverse.operatorsdk.runtime.api.ConfigurableReconciler;
import io.quarkus.logging.Log;
import io.testenv.operator.api.TestEnvironment;
import io.testenv.operator.config.Shard;
import io.testenv.operator.planner.Plan;
import io.testenv.operator.planner.Planner;
import io.testenv.operator.planner.Transitions;
import io.testenv.operator.planner.state.Observation;
import io.testenv.operator.reconciler.apply.Executor;
import io.testenv.operator.reconciler.apply.Finalizers;
import io.testenv.operator.reconciler.apply.ServerMessages;
import io.testenv.operator.reconciler.marks.FieldManagers;
import io.testenv.operator.reconciler.observe.BringUp;
import io.testenv.operator.reconciler.observe.Observer;
import io.testenv.operator.reconciler.record.StatusRecorder;
import java.util.List;

/**
 * The bring-up, in named steps: observe the environment (its model, identity and objects, from the informer
 * caches), plan, carry the plan out (the finalizer, the applies as long as they open further gates, the prune, the
 * expiry, the heartbeat Lease), and record the status and its transitions. Every decision is the planner's.
 */
@ControllerConfiguration(
        name = "testenvironment",
        fieldManager = FieldManagers.OPERATOR,
        generationAwareEventProcessing = false,
        informer = @Informer(onUpdateFilter = BringUpEvents.class))
// A reconcile that throws met a transient error (5xx, 429, a timeout, a concurrent change): it is tried again
// until it succeeds, from 0.5 s doubling to 30 s, never given up on: an environment is never left behind because
// the API server was briefly unavailable. Permanent errors are not thrown; they become conditions.
@GradualRetry(maxAttempts = -1, initialInterval = 500, intervalMultiplier = 2, maxInterval = 30_000)
public class TestEnvironmentReconciler implements Reconciler<TestEnvironment>, ConfigurableReconciler<TestEnvironment> {

    private final InFlight inFlight;
    private final Observer observer;
    private final Planner planner;
    private final Executor executor;
    private final StatusRecorder recorder;
    private final Shard shard;

    public TestEnvironmentReconciler(
            InFlight inFlight,
            Observer observer,
            Planner planner,
            Executor executor,
            StatusRecorder recorder,
            Shard shard) {
        this.inFlight = inFlight;
        this.observer = observer;
        this.planner = planner;
        this.executor = executor;
        this.recorder = recorder;
        this.shard = shard;
    }

    /** Only this replica's shard of the environments reaches the informer, so only those are ever reconciled. */
    @Override
    public void updateConfigurationFrom(ControllerConfigurationOverrider<TestEnvironment> configuration) {
        Log.infof("reconciling %s", shard.describe());
        configuration.withLabelSelector(shard.selector());
    }

    @Override
    public List<EventSource<?, TestEnvironment>> prepareEventSources(EventSourceContext<TestEnvironment> context) {
        return observer.eventSources(context);
    }

    @Override
    public UpdateControl<TestEnvironment> reconcile(TestEnvironment env, Context<TestEnvironment> context) {
        recorder.reconciled();
        String uid = env.getMetadata().getUid();
        if (!inFlight.enterBringUp(uid)) {
            // stopping, or the environment is being or has been torn down
            return UpdateControl.noUpdate();
        }
        try {
            return bringUp(observer.open(env, context));
        } catch (KubernetesClientException e) {
            // An API error outside the applies (putting the finalizer on, recording the ApplySet, a status write):
            // retried with back-off, its message without values. An environment that has no status yet gets one
            // first, so that none sits without a status, and its deadline runs.
            String message = "retrying: API error (" + e.getCode() + "): "
                    + ServerMessages.redacted(e.getStatus(), e.getClass().getSimpleName());
            recorder.firstStatus(env, context, planner.retrying(observer.model(env), message, observer.now()));
            throw new RetryLater(message);
        } finally {
            inFlight.exitBringUp(uid);
        }
    }

    private UpdateControl<TestEnvironment> bringUp(BringUp run) {
        Observation observation = observer.observe(run);
        Plan plan = planner.plan(run.model(), observation, run.before(), run.now());
        if (!executor.settleFinalizer(run, plan.actions().finalizer())) {
            // Its deletion will need the operator, whose finalizer is not on yet: nothing is applied before it is.
            return UpdateControl.<TestEnvironment>noUpdate().rescheduleAfter(Finalizers.FINALIZER_WAIT.toMillis());
        }
        if (plan.actions().namespaceToCreate().isPresent()) {
            run = executor.createTargetNamespace(
                    run, plan.actions().namespaceToCreate().get());
            observation = observer.observe(run);
            plan = planner.plan(run.model(), observation, run.before(), run.now());
        }
        if (executor.relearn(run, plan.actions().relearn())) {
            observation = observer.withLearntPaths(run, observation);
            plan = planner.plan(run.model(), observation, run.before(), run.now());
        }
        Executor.Applied applied = executor.applyAll(run, observation, plan);
        plan = applied.plan();
        executor.prune(run, plan);
        executor.bind(run, plan);
        Transitions transitions = applied.transitionsSince(run.before(), run.model());
        recorder.measure(run, transitions);
        if (plan.actions().expired()) {
            executor.expire(run, plan);
            return UpdateControl.noUpdate();
        }
        executor.keepHeartbeat(run, plan);
        UpdateControl<TestEnvironment> control = recorder.record(run, plan, transitions);
        if (plan.actions().retrying().isPresent()) {
            // The status says what is retried; JOSDK's retry backs this environment off on its own, holding no
            // thread or apply slot while it waits. The deadline still fires at the next attempt.
            throw new RetryLater(plan.actions().retrying().get());
        }
        return control;
    }
}
