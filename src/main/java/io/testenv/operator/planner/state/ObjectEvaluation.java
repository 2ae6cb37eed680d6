package io.testenv.operator.planner.state;

import io.testenv.operator.api.ObjectState;
import io.testenv.operator.planner.model.ObjectRef;

/** The state of one object of a component. */
public record ObjectEvaluation(ObjectRef ref, ObjectState state, String reason, String message) {}
