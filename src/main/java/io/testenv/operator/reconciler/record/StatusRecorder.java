package io.testenv.operator.reconciler.record;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.PrimaryUpdateAndCacheUtils;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.quarkus.logging.Log;
import io.testenv.operator.api.TestEnvironment;
import io.testenv.operator.api.TestEnvironmentStatus;
import io.testenv.operator.planner.Plan;
import io.testenv.operator.planner.Transitions;
import io.testenv.operator.planner.trace.BringUpSpans;
import io.testenv.operator.reconciler.observe.BringUp;
import io.testenv.operator.reconciler.observe.StatusMapper;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Owns what a reconcile leaves behind: the status (patched only when it changed), the Events and the metrics of
 * its transitions, and when to look again.
 */
@ApplicationScoped
public class StatusRecorder {

    private final EventRecorder events;
    private final BringUpMetrics metrics;
    private final TraceExporter traces;
    private final KubernetesSerialization serialization;

    public StatusRecorder(EventRecorder events, BringUpMetrics metrics, TraceExporter traces, KubernetesClient client) {
        this.events = events;
        this.metrics = metrics;
        this.traces = traces;
        this.serialization = client.getKubernetesSerialization();
    }

    public void reconciled() {
        metrics.reconciled();
    }

    public void teardownReconciled() {
        metrics.teardownReconciled();
    }

    /** The metrics of what changed. */
    public void measure(BringUp run, Transitions transitions) {
        metrics.record(run.model().strategy().name(), transitions);
    }

    /**
     * Writes the status when it changed, with JOSDK's patch-and-cache: the next reconcile reads this status even
     * when the informer has not delivered it yet, so recorded times and transitions are never lost to a stale
     * cache; and when to look again. A bring-up that concluded (Ready or Failed) in this status is exported as a
     * trace when the environment asks for one, once the status that says so is written.
     */
    public UpdateControl<TestEnvironment> record(BringUp run, Plan plan, Transitions transitions) {
        TestEnvironmentStatus after = StatusMapper.statusOf(plan);
        if (!sameStatus(run.env().getStatus(), after)) {
            events.record(run.env(), transitions.events());
            PrimaryUpdateAndCacheUtils.ssaPatchStatusAndCacheResource(
                    run.env(), statusOnly(run.env(), after), run.context());
            if (BringUpSpans.concludedNow(run.before(), plan, transitions)) {
                traces.export(run, plan);
            }
        }
        UpdateControl<TestEnvironment> control = UpdateControl.noUpdate();
        Instant now = run.now();
        plan.wakeAt()
                .ifPresent(at -> control.rescheduleAfter(
                        Math.max(1, Duration.between(now, at).toMillis())));
        return control;
    }

    /** A first status for an environment that has none, so that none sits without a status. */
    public void firstStatus(TestEnvironment env, Context<TestEnvironment> context, Plan first) {
        if (StatusMapper.written(env.getStatus())) {
            return;
        }
        try {
            PrimaryUpdateAndCacheUtils.ssaPatchStatusAndCacheResource(
                    env, statusOnly(env, StatusMapper.statusOf(first)), context);
        } catch (KubernetesClientException e) {
            Log.debugf(
                    "%s/%s: no first status either (%d)",
                    env.getMetadata().getNamespace(), env.getMetadata().getName(), e.getCode());
        }
    }

    /** Components applied again because an object drifted: an Event each, and the drift counted. */
    public void driftCorrected(TestEnvironment env, List<Transitions.Event> corrected) {
        corrected.forEach(event -> {
            metrics.drift("Correct");
            events.record(env, event);
        });
    }

    public void event(TestEnvironment env, Transitions.Event event) {
        events.record(env, event);
    }

    /** What the status patch sends: identity and status only, so the apply claims no spec field. */
    private static TestEnvironment statusOnly(TestEnvironment env, TestEnvironmentStatus status) {
        TestEnvironment patch = new TestEnvironment();
        patch.setMetadata(new ObjectMetaBuilder()
                .withName(env.getMetadata().getName())
                .withNamespace(env.getMetadata().getNamespace())
                .build());
        patch.setSpec(null);
        patch.setStatus(status);
        return patch;
    }

    private boolean sameStatus(TestEnvironmentStatus before, TestEnvironmentStatus after) {
        return before != null
                && Objects.equals(
                        serialization.convertValue(before, Map.class), serialization.convertValue(after, Map.class));
    }
}
