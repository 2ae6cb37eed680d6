package io.testenv.operator.planner.state;

/**
 * What the API server answered when an object could not be applied in this reconcile. A permanent error
 * (the server rejected the object) fails the component; a transient one (its kind is not served yet) keeps it
 * applying and is tried again.
 */
public record ApplyError(boolean permanent, String reason, String message) {

    public static ApplyError rejected(String message) {
        return new ApplyError(true, Reasons.APPLY_REJECTED, message);
    }

    public static ApplyError conflict(String message) {
        return new ApplyError(true, Reasons.CONFLICT, message);
    }

    public static ApplyError forbidden(String message) {
        return new ApplyError(true, Reasons.FORBIDDEN, message);
    }

    /** A transient error (throttling, a timeout, a capacity limit): tried again with back-off. */
    public static ApplyError retrying(String message) {
        return new ApplyError(false, Reasons.RETRYING, "retrying: " + message);
    }

    public static ApplyError kindNotServed(String message) {
        return new ApplyError(false, Reasons.KIND_NOT_SERVED, message);
    }
}
