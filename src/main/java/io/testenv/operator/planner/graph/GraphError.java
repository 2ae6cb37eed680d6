package io.testenv.operator.planner.graph;

/** One problem with the dependency graph of an environment, with a message a user can act on. */
public record GraphError(Kind kind, String message) {

    public enum Kind {
        DUPLICATE_NAME,
        UNKNOWN_DEPENDENCY,
        SELF_DEPENDENCY,
        CYCLE
    }

    @Override
    public String toString() {
        return message;
    }
}
