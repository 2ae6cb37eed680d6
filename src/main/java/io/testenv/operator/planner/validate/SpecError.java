package io.testenv.operator.planner.validate;

import io.testenv.operator.planner.state.Reasons;

/** One problem that keeps a spec from being applied: a CamelCase reason and a sentence naming where it is. */
public record SpecError(String reason, String message) {

    public static SpecError invalid(String message) {
        return new SpecError(Reasons.INVALID_SPEC, message);
    }
}
