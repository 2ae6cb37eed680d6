package io.testenv.operator.api;

/** Coarse state of an environment, for printer columns; the conditions carry the detail. */
public enum EnvironmentPhase {
    Pending,
    Progressing,
    Ready,
    Failed
}
