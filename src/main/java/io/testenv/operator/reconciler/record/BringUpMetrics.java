package io.testenv.operator.reconciler.record;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.runtime.Startup;
import io.testenv.operator.config.OperatorConfig;
import io.testenv.operator.planner.Transitions;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The operator's own metrics (Prometheus at /q/metrics): how long environments and components take to get ready,
 * gate latency (a gate opening to the dependent's apply being sent), outcomes, and reconciles. Component names
 * label the component metric up to a bound; beyond it they count as "other". Created at start-up, so that the
 * series exist before the first environment.
 */
@Startup
@ApplicationScoped
public class BringUpMetrics {

    public static final String OTHER = "other";

    private final MeterRegistry registry;
    private final int componentLabels;
    private final Set<String> labelledComponents = ConcurrentHashMap.newKeySet();
    private final Map<String, Timer> componentTimers = new ConcurrentHashMap<>();
    private final Timer gateLatency;
    private final Counter reconciles;
    private final Counter teardownReconciles;

    public BringUpMetrics(MeterRegistry registry, OperatorConfig config) {
        this.registry = registry;
        this.componentLabels = config.metricsComponentLabels();
        this.gateLatency = Timer.builder("testenv.gate.latency")
                .description("From a gate opening (the dependency's ready status recorded by its controller, or its "
                        + "apply) to the dependent's apply being sent")
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(1))
                .maximumExpectedValue(Duration.ofSeconds(30))
                .serviceLevelObjectives(Duration.ofMillis(10), Duration.ofMillis(50), Duration.ofMillis(250))
                .register(registry);
        this.reconciles = reconcileCounter(registry, "bring-up");
        this.teardownReconciles = reconcileCounter(registry, "teardown");
    }

    private static Counter reconcileCounter(MeterRegistry registry, String controller) {
        return Counter.builder("testenv.reconciles")
                .description("Reconciles of TestEnvironments, by controller, every early return included")
                .tag("controller", controller)
                .register(registry);
    }

    /** A reconcile of the bring-up controller, counted before anything else it does. */
    public void reconciled() {
        reconciles.increment();
    }

    /** A reconcile (or cleanup) of the teardown controller. */
    public void teardownReconciled() {
        teardownReconciles.increment();
    }

    /** Records what changed in a reconcile, as the planner's transitions say. */
    public void record(String strategy, Transitions transitions) {
        transitions.componentsReady().forEach(this::componentReady);
        transitions.gateLatencies().forEach(this::gateLatency);
        transitions.environmentReady().ifPresent(elapsed -> environmentReady(strategy, elapsed));
        for (int i = 0; i < transitions.driftReported(); i++) {
            drift("Report");
        }
        transitions.failed().ifPresent(this::environmentFailed);
    }

    /** An object changed outside its environment was found, and corrected or reported (the policy). */
    public void drift(String policy) {
        Counter.builder("testenv.drift")
                .description("Objects of environments changed outside them, by spec.drift")
                .tag("policy", policy)
                .register(registry)
                .increment();
    }

    public void environmentReady(String strategy, Duration elapsed) {
        Timer.builder("testenv.environment.ready")
                .description("Time from the start of a bring-up to Ready")
                .tag("strategy", strategy)
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(100))
                .maximumExpectedValue(Duration.ofHours(1))
                .register(registry)
                .record(elapsed);
        outcome("Ready", "AllComponentsReady");
    }

    public void environmentFailed(String reason) {
        outcome("Failed", reason);
    }

    public void componentReady(String component, Duration ready) {
        String label = labelledComponents.contains(component)
                        || labelledComponents.size() < componentLabels && labelledComponents.add(component)
                ? component
                : OTHER;
        componentTimers
                .computeIfAbsent(
                        label,
                        name -> Timer.builder("testenv.component.ready")
                                .description("Time from a component's apply to all its objects ready")
                                .tag("component", name)
                                .publishPercentileHistogram()
                                .minimumExpectedValue(Duration.ofMillis(100))
                                .maximumExpectedValue(Duration.ofHours(1))
                                .register(registry))
                .record(ready);
    }

    public void gateLatency(Duration latency) {
        gateLatency.record(latency);
    }

    private void outcome(String outcome, String reason) {
        Counter.builder("testenv.environments")
                .description("Environments that reached an outcome")
                .tags("outcome", outcome, "reason", reason)
                .register(registry)
                .increment();
    }
}
