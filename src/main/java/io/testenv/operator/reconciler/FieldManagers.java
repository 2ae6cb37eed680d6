package io.testenv.operator.reconciler;

import java.util.Set;

/**
 * The field manager an environment's objects are applied with: one per environment,
 * {@code testenv-operator/<environment uid>}, so that server-side apply reports two environments that declare the
 * same object as a conflict, instead of letting the second take over the first one's object.
 */
final class FieldManagers {

    /** The manager every environment shared before: its fields on an environment's objects are taken over. */
    static final String SHARED = Labels.FIELD_MANAGER;

    private FieldManagers() {
    }

    static String of(String environmentUid) {
        return SHARED + "/" + environmentUid;
    }

    /** Whether the former shared manager is the only one a conflict names. */
    static boolean onlyTheShared(Set<String> conflicting) {
        return conflicting.equals(Set.of(SHARED));
    }
}
