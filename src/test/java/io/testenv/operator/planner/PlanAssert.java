package io.testenv.operator.planner;

import static org.assertj.core.api.Assertions.assertThat;

import io.testenv.operator.api.ComponentPhase;
import io.testenv.operator.api.EnvironmentPhase;
import io.testenv.operator.planner.state.ComponentState;
import io.testenv.operator.planner.state.ConditionRecord;
import io.testenv.operator.planner.state.Reasons;
import java.util.List;
import org.assertj.core.api.AbstractAssert;

/** Reads as the behaviour: {@code assertThat(plan).applies("b", "c").blocks("d").hasPhase(Progressing)}. */
final class PlanAssert extends AbstractAssert<PlanAssert, Plan> {

    private PlanAssert(Plan plan) {
        super(plan, PlanAssert.class);
    }

    static PlanAssert assertThatPlan(Plan plan) {
        return new PlanAssert(plan);
    }

    /** Exactly these components are applied in this pass. */
    PlanAssert applies(String... components) {
        assertThat(actual.toApply()).as("components applied").containsExactlyInAnyOrder(components);
        return this;
    }

    PlanAssert appliesNothing() {
        assertThat(actual.toApply()).as("components applied").isEmpty();
        return this;
    }

    PlanAssert blocks(String... components) {
        return inPhase(ComponentPhase.Blocked, components);
    }

    PlanAssert inPhase(ComponentPhase phase, String... components) {
        for (String name : components) {
            assertThat(component(name).phase()).as("phase of %s", name).isEqualTo(phase);
        }
        return this;
    }

    PlanAssert component(String name, ComponentPhase phase, String reason, String messagePart) {
        ComponentState component = component(name);
        assertThat(component.phase()).as("phase of %s", name).isEqualTo(phase);
        assertThat(component.reason()).as("reason of %s", name).isEqualTo(reason);
        assertThat(component.message()).as("message of %s", name).contains(messagePart);
        return this;
    }

    PlanAssert hasPhase(EnvironmentPhase phase) {
        assertThat(actual.phase()).as("environment phase").isEqualTo(phase);
        return this;
    }

    PlanAssert hasCondition(String type, String status, String reason) {
        ConditionRecord condition =
                actual.condition(type).orElseThrow(() -> new AssertionError("no condition " + type));
        assertThat(List.of(condition.status(), condition.reason()))
                .as("condition %s", type)
                .containsExactly(status, reason);
        return this;
    }

    PlanAssert conditionMessageContains(String type, String... parts) {
        ConditionRecord condition =
                actual.condition(type).orElseThrow(() -> new AssertionError("no condition " + type));
        assertThat(condition.message()).as("message of condition %s", type).contains(parts);
        return this;
    }

    PlanAssert isReady() {
        return hasPhase(EnvironmentPhase.Ready).hasCondition("Ready", "True", Reasons.ALL_COMPONENTS_READY);
    }

    ComponentState component(String name) {
        return actual.component(name).orElseThrow(() -> new AssertionError("no component " + name + " in plan"));
    }
}
