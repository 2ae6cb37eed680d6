package io.testenv.operator.planner.gates;

import io.testenv.operator.api.GateCondition;
import io.testenv.operator.api.Strategy;
import io.testenv.operator.planner.model.ComponentModel;
import io.testenv.operator.planner.model.Gate;
import io.testenv.operator.planner.state.ComponentState;
import io.testenv.operator.planner.state.Reasons;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Decides whether a component not yet applied in this generation may be applied now. The components it
 * depends on (and, for Sequential, every component before it in topological order) are already decided.
 */
public final class Gates {

    public record Decision(boolean open, String reason, String message) {

        static final Decision OPEN = new Decision(true, Reasons.APPLYING, "");

        static Decision blocked(String reason, String message) {
            return new Decision(false, reason, message);
        }
    }

    private Gates() {}

    public static Decision decide(
            Strategy strategy,
            ComponentModel component,
            List<String> order,
            Map<String, ComponentState> decided,
            Map<String, ComponentModel> byName) {
        return switch (strategy) {
            case AllAtOnce -> Decision.OPEN;
            case Sequential -> sequential(component, order, decided);
            case Parallel -> parallel(component, decided, byName);
        };
    }

    /**
     * A dependency that failed, or is blocked because one of its own failed, blocks the component as
     * DependencyFailed, naming the components that failed (not the ones in between), so everything downstream
     * of a failure says the same thing.
     */
    private static Decision parallel(
            ComponentModel component, Map<String, ComponentState> decided, Map<String, ComponentModel> byName) {
        Set<String> failed = new TreeSet<>();
        List<String> waiting = new ArrayList<>();
        for (Gate gate : component.dependsOn()) {
            Set<String> roots = failedRoots(gate.component(), decided, byName);
            if (!roots.isEmpty()) {
                failed.addAll(roots);
            } else if (!meets(decided.get(gate.component()), gate.condition())) {
                waiting.add(gate.toString());
            }
        }
        if (!failed.isEmpty()) {
            return Decision.blocked(Reasons.DEPENDENCY_FAILED, "dependency failed: " + String.join(", ", failed));
        }
        if (!waiting.isEmpty()) {
            return Decision.blocked(Reasons.WAITING_FOR_GATE, "waiting for gate " + String.join(", ", waiting));
        }
        return Decision.OPEN;
    }

    private static Decision sequential(
            ComponentModel component, List<String> order, Map<String, ComponentState> decided) {
        for (String earlier : order.subList(0, order.indexOf(component.name()))) {
            ComponentState previous = decided.get(earlier);
            if (previous.isFailed()) {
                return Decision.blocked(
                        Reasons.DEPENDENCY_FAILED, "sequential bring-up stopped: " + earlier + " failed");
            }
            if (!previous.isReady()) {
                return Decision.blocked(
                        Reasons.WAITING_FOR_TURN, "waiting for " + earlier + " to be Ready (sequential order)");
            }
        }
        return Decision.OPEN;
    }

    /** The failed components at the root of a component's failure: itself, or those of its dependencies. */
    public static Set<String> failedRoots(
            String name, Map<String, ComponentState> decided, Map<String, ComponentModel> byName) {
        ComponentState plan = decided.get(name);
        if (plan.isFailed()) {
            return Set.of(name);
        }
        if (!Reasons.DEPENDENCY_FAILED.equals(plan.reason()) || !byName.containsKey(name)) {
            return Set.of();
        }
        Set<String> roots = new TreeSet<>();
        for (Gate gate : byName.get(name).dependsOn()) {
            roots.addAll(failedRoots(gate.component(), decided, byName));
        }
        return roots;
    }

    public static boolean meets(ComponentState dependency, GateCondition condition) {
        return condition == GateCondition.Applied ? dependency.isApplied() : dependency.isReady();
    }
}
