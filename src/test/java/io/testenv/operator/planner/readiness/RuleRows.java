package io.testenv.operator.planner.readiness;

import static org.assertj.core.api.Assertions.assertThat;

import io.testenv.operator.api.ObjectState;
import org.junit.jupiter.params.provider.Arguments;

/**
 * The rows of the rule tables: a case name, the object as the API server returns it, and the state, reason and
 * message part it gets. A name that says "kstatus: ..." marks a case where we differ from kstatus on purpose.
 */
final class RuleRows {

    private RuleRows() {}

    static Arguments row(String name, ObjectState state, String reason, String messagePart, String yaml) {
        return Arguments.of(name, state, reason, messagePart, yaml);
    }

    static void assertDecides(ObjectState state, String reason, String messagePart, String yaml) {
        ObjectHealth health = ReadinessRules.standard().evaluate(Yaml.object(yaml));

        assertThat(health.state()).as("state of " + health).isEqualTo(state);
        assertThat(health.reason()).as("reason of " + health).isEqualTo(reason);
        assertThat(health.message()).as("message of " + health).contains(messagePart);
    }
}
