package io.testenv.operator.planner;

/** CamelCase reasons of conditions and component phases, and the condition types. */
public final class Reasons {

    public static final String READY_CONDITION = "Ready";
    public static final String FAILED_CONDITION = "Failed";
    public static final String COMPONENT_CONDITION_PREFIX = "component.testenv.io/";

    // environment
    public static final String ALL_COMPONENTS_READY = "AllComponentsReady";
    public static final String WAITING_FOR_COMPONENTS = "WaitingForComponents";
    public static final String COMPONENT_FAILED = "ComponentFailed";
    public static final String TIMED_OUT = "TimedOut";
    public static final String INVALID_SPEC = "InvalidSpec";
    public static final String NO_FAILURE = "NoFailure";

    // component
    public static final String PENDING = "Pending";
    public static final String WAITING_FOR_GATE = "WaitingForGate";
    public static final String WAITING_FOR_TURN = "WaitingForTurn";
    public static final String DEPENDENCY_FAILED = "DependencyFailed";
    public static final String APPLYING = "Applying";
    public static final String KIND_NOT_SERVED = "KindNotServed";
    public static final String PROGRESSING = "Progressing";
    public static final String READY = "Ready";
    public static final String APPLY_REJECTED = "ApplyRejected";
    /** The object exists and another environment controls it: it is left alone. */
    public static final String CONFLICT = "Conflict";

    // object
    public static final String NOT_FOUND = "NotFound";

    private Reasons() {
    }

    public static String componentCondition(String component) {
        return COMPONENT_CONDITION_PREFIX + component;
    }
}
