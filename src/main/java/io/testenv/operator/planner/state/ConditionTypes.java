package io.testenv.operator.planner.state;

/**
 * The types of an environment's conditions: Ready, Failed, kstatus' Reconciling and Stalled, and one gate condition
 * per component.
 */
public final class ConditionTypes {

    public static final String READY = "Ready";
    public static final String FAILED = "Failed";
    /** kstatus' condition: True while a bring-up is in flight (neither Ready nor Failed). */
    public static final String RECONCILING = "Reconciling";
    /** kstatus' condition: True when the environment has failed, as Failed. */
    public static final String STALLED = "Stalled";

    public static final String COMPONENT_PREFIX = "component.testenv.io/";

    private ConditionTypes() {}

    /** The type of a component's gate condition: {@code component.testenv.io/<name>}. */
    public static String component(String name) {
        return COMPONENT_PREFIX + name;
    }
}
