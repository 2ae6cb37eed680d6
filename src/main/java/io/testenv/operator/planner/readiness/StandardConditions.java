package io.testenv.operator.planner.readiness;

import java.util.Optional;

/**
 * The standard conditions of kstatus, which controllers such as Flux's set on their own resources and which hold
 * for every kind: {@code Stalled=True} means the controller has given up (the object fails at once),
 * {@code Reconciling=True} means it is still working (the object is in progress, whatever else it reports). Both
 * follow the abnormal-true convention: absent or False, they say nothing.
 */
public final class StandardConditions {

    public static final String STALLED = "Stalled";
    public static final String RECONCILING = "Reconciling";

    private StandardConditions() {}

    /** The verdict of the standard conditions, Stalled first; empty when neither is True. */
    public static Optional<ObjectHealth> of(ObjectView object) {
        var stalled = object.conditionWithStatus(STALLED, "True");
        if (stalled.isPresent()) {
            return Optional.of(
                    ObjectHealth.failed(STALLED, describe("stalled", ObjectView.reasonAndMessage(stalled.get()))));
        }
        var reconciling = object.conditionWithStatus(RECONCILING, "True");
        if (reconciling.isPresent()) {
            return Optional.of(ObjectHealth.inProgress(
                    RECONCILING, describe("reconciling", ObjectView.reasonAndMessage(reconciling.get()))));
        }
        return Optional.empty();
    }

    private static String describe(String what, String why) {
        return why.isEmpty() ? what : what + ": " + why;
    }
}
