package io.testenv.operator.planner;

import io.testenv.operator.planner.model.Scope;
import java.util.Collection;

/**
 * Whether deleting an environment needs the operator, and so a finalizer: garbage collection reaches every
 * namespaced object through its owner reference, but not a cluster-scoped one, and it keeps no order. So the
 * operator must take part when the spec asks for a reverse teardown, or when the environment declares or still
 * records (an ApplySet keeps the group-kinds of removed components until they are pruned) a kind that is
 * cluster-scoped or whose scope is not known yet (its CRD is not served yet: it may turn out cluster-scoped), or when
 * the operator makes a namespace for the environment (a namespace cannot be owned by a namespaced object). For
 * that namespace the finalizer is on before the namespace is created, so that no deletion can miss it.
 */
public final class Finalization {

    private Finalization() {}

    /**
     * @param reverseTeardown {@code spec.teardown: Reverse}
     * @param kindScopes the scopes of the kinds the spec declares and the ApplySet records
     */
    public static boolean needed(boolean reverseTeardown, Collection<Scope> kindScopes) {
        return needed(reverseTeardown, kindScopes, false);
    }

    /** @param ownsNamespace the environment has (or is about to have) a namespace made for it */
    public static boolean needed(boolean reverseTeardown, Collection<Scope> kindScopes, boolean ownsNamespace) {
        return ownsNamespace || reverseTeardown || kindScopes.stream().anyMatch(scope -> scope != Scope.NAMESPACED);
    }
}
