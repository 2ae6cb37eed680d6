package io.testenv.operator.reconciler.marks;

import java.util.Set;

/**
 * The field managers the operator writes with. An environment's objects are applied with one manager per
 * environment, {@code testenv-operator/<environment uid>}, so that server-side apply reports two environments that
 * declare the same object as a conflict, instead of letting the second take over the first one's object.
 */
public final class FieldManagers {

    /** The operator's own writes: status, finalizer, Events. */
    public static final String OPERATOR = "testenv-operator";
    /** The parent's ApplySet label and annotations. */
    public static final String APPLYSET = "testenv-operator-applyset";
    /** The manager every environment shared before: its fields on an environment's objects are taken over. */
    public static final String SHARED = OPERATOR;

    private FieldManagers() {}

    public static String of(String environmentUid) {
        return SHARED + "/" + environmentUid;
    }

    /** Whether the former shared manager is the only one a conflict names. */
    public static boolean onlyTheShared(Set<String> conflicting) {
        return conflicting.equals(Set.of(SHARED));
    }
}
