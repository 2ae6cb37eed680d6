package io.testenv.operator.api;

/** What the operator does when an object of a Ready environment is changed outside it. */
public enum DriftPolicy {
    /** Apply the declared fields again (taking them back from whoever changed them), and report it. */
    Correct,
    /** Report it, and count the object as not ready until it holds what was declared again. */
    Report
}
