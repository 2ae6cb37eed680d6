package io.testenv.operator.reconciler;

import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;

import io.micrometer.core.instrument.Counter;
import io.quarkus.runtime.Startup;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.testenv.operator.api.EnvironmentPhase;
import io.testenv.operator.api.TestEnvironmentStatus;
import io.testenv.operator.config.OperatorConfig;
import io.testenv.operator.planner.ComponentPlan;
import io.testenv.operator.planner.Plan;
import io.testenv.operator.planner.Reasons;
import io.testenv.operator.planner.Timings;
import io.testenv.operator.planner.model.ComponentModel;
import io.testenv.operator.planner.model.ObjectRef;
import io.testenv.operator.planner.model.EnvironmentModel;

/**
 * The operator's own metrics (Prometheus at /q/metrics): how long environments and components take to get ready,
 * gate latency (a gate opening to the dependent's apply being sent), outcomes, and reconciles. Component names
 * label the component metric up to a bound; beyond it they count as "other". Created at start-up, so that the
 * series exist before the first environment.
 */
@Startup
@ApplicationScoped
public class BringUpMetrics {

    static final String OTHER = "other";

    private final MeterRegistry registry;
    private final int componentLabels;
    private final Set<String> labelledComponents = ConcurrentHashMap.newKeySet();
    private final Map<String, Timer> componentTimers = new ConcurrentHashMap<>();
    private final Timer gateLatency;
    private final Counter reconciles;

    public BringUpMetrics(MeterRegistry registry, OperatorConfig config) {
        this.registry = registry;
        this.componentLabels = config.metricsComponentLabels();
        this.gateLatency = Timer.builder("testenv.gate.latency")
                .description("From a gate opening (the dependency's ready status recorded by its controller, or its "
                        + "apply) to the dependent's apply being sent")
                .publishPercentileHistogram().minimumExpectedValue(Duration.ofMillis(1))
                .maximumExpectedValue(Duration.ofSeconds(30))
                .serviceLevelObjectives(Duration.ofMillis(10), Duration.ofMillis(50), Duration.ofMillis(250))
                .register(registry);
        this.reconciles = Counter.builder("testenv.reconciles").description("Reconciles of TestEnvironments")
                .register(registry);
    }

    void reconciled() {
        reconciles.increment();
    }

    /**
     * Records what changed between the status written before and the plan about to be written: components and the
     * environment that became ready, a failure, and the gate latency of every component applied in this
     * reconcile.
     */
    void record(EnvironmentModel model, TestEnvironmentStatus before, Plan plan, Set<String> appliedNow,
            Map<ObjectRef, Map<String, Object>> observed) {
        Map<String, String> readyBefore = new java.util.HashMap<>();
        if (before != null && before.getComponents() != null) {
            before.getComponents().forEach(c -> readyBefore.put(c.getName(), String.valueOf(c.getReadyAt())));
        }
        for (ComponentPlan component : plan.components()) {
            String readyAt = StatusMapper.format(component.readyAt());
            if (readyAt != null && !readyAt.equals(readyBefore.get(component.name()))) {
                plan.timing().component(component.name()).ready().ifPresent(d -> componentReady(component.name(), d));
            }
        }
        for (ComponentModel component : model.components()) {
            if (appliedNow.contains(component.name())) {
                Timings.gateLatency(component, plan.components(), observed).ifPresent(this::gateLatency);
            }
        }
        String readyAt = StatusMapper.format(plan.readyAt());
        String readyAtBefore = before == null || before.getTiming() == null ? null : before.getTiming().getReadyAt();
        if (readyAt != null && !readyAt.equals(readyAtBefore)) {
            plan.timing().elapsed().ifPresent(d -> environmentReady(model.strategy().name(), d));
        }
        Map<String, String> reasonBefore = new java.util.HashMap<>();
        if (before != null && before.getComponents() != null) {
            before.getComponents().forEach(c -> reasonBefore.put(c.getName(), c.getReason()));
        }
        plan.components().stream()
                .filter(c -> Reasons.DRIFTED.equals(c.reason()) && !Reasons.DRIFTED.equals(reasonBefore.get(c.name())))
                .forEach(c -> drift("Report"));
        if (plan.phase() == EnvironmentPhase.Failed && (before == null || before.getPhase() != EnvironmentPhase.Failed)) {
            plan.condition(Reasons.FAILED_CONDITION).ifPresent(c -> environmentFailed(c.reason()));
        }
    }

    /** An object changed outside its environment was found, and corrected or reported (the policy). */
    void drift(String policy) {
        Counter.builder("testenv.drift").description("Objects of environments changed outside them, by spec.drift")
                .tag("policy", policy).register(registry).increment();
    }

    void environmentReady(String strategy, Duration elapsed) {
        Timer.builder("testenv.environment.ready").description("Time from the start of a bring-up to Ready")
                .tag("strategy", strategy).publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(100)).maximumExpectedValue(Duration.ofHours(1))
                .register(registry).record(elapsed);
        outcome("Ready", "AllComponentsReady");
    }

    void environmentFailed(String reason) {
        outcome("Failed", reason);
    }

    void componentReady(String component, Duration ready) {
        String label = labelledComponents.contains(component) || labelledComponents.size() < componentLabels
                && labelledComponents.add(component) ? component : OTHER;
        componentTimers.computeIfAbsent(label, name -> Timer.builder("testenv.component.ready")
                .description("Time from a component's apply to all its objects ready").tag("component", name)
                .publishPercentileHistogram().minimumExpectedValue(Duration.ofMillis(100))
                .maximumExpectedValue(Duration.ofHours(1)).register(registry)).record(ready);
    }

    void gateLatency(Duration latency) {
        gateLatency.record(latency);
    }

    private void outcome(String outcome, String reason) {
        Counter.builder("testenv.environments").description("Environments that reached an outcome")
                .tags("outcome", outcome, "reason", reason).register(registry).increment();
    }
}
