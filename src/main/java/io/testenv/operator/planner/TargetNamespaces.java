package io.testenv.operator.planner;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Which namespaces are the one made for an environment (spec.targetNamespace), decided from the namespaces found
 * with the environment's uid label. One environment has one such namespace: the shell looks for it before creating
 * one, so that a crash between the creation and the status that records it does not make a second. Should several
 * exist all the same (a copied label, a race no operator should lose), the oldest is used, and teardown deletes
 * each of them that carries the environment's uid.
 */
public final class TargetNamespaces {

    private TargetNamespaces() {}

    /**
     * A namespace found by the environment's uid label.
     *
     * @param uid the value of its uid label, as found (the label selector asked for the environment's)
     * @param createdAt its creation timestamp, null when not known
     * @param terminating whether it is being deleted
     */
    public record Found(String name, String uid, Instant createdAt, boolean terminating) {}

    /** The namespace the environment's objects go into: the oldest found that is the environment's. */
    public static Optional<String> existing(String environmentUid, List<Found> found) {
        return found.stream()
                .filter(ns -> isEnvironments(environmentUid, ns))
                .min(Comparator.comparing(Found::createdAt, Comparator.nullsLast(Comparator.naturalOrder()))
                        .thenComparing(Found::name))
                .map(Found::name);
    }

    /** The namespaces to delete with the environment: each found that is its own and not being deleted already. */
    public static List<String> toDelete(String environmentUid, List<Found> found) {
        return found.stream()
                .filter(ns -> isEnvironments(environmentUid, ns) && !ns.terminating())
                .map(Found::name)
                .sorted()
                .toList();
    }

    private static boolean isEnvironments(String environmentUid, Found namespace) {
        return environmentUid != null && Objects.equals(environmentUid, namespace.uid());
    }
}
