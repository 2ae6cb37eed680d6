package io.testenv.operator.planner;

/** One problem that keeps a spec from being applied: a CamelCase reason and a sentence naming where it is. */
public record SpecError(String reason, String message) {

    static SpecError invalid(String message) {
        return new SpecError(Reasons.INVALID_SPEC, message);
    }
}
