package io.testenv.operator.planner;

import io.testenv.operator.planner.model.EnvironmentModel;
import io.testenv.operator.planner.model.Manifest;
import io.testenv.operator.planner.model.ObjectRef;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * The environment's ApplySet for one reconcile: the group-kinds to record before any member is applied (those
 * recorded so far and the spec's, so that no member is lost to a crash in between), the spec's own, and the objects
 * the spec declares; a member outside them is pruned.
 */
public record Membership(Set<String> groupKinds, Set<String> specGroupKinds, Set<ObjectRef> declared) {

    public Membership {
        groupKinds = Set.copyOf(groupKinds);
        specGroupKinds = Set.copyOf(specGroupKinds);
        declared = Set.copyOf(declared);
    }

    public static Membership of(EnvironmentModel model, Set<String> recorded) {
        Set<String> spec = groupKindsOf(model);
        Set<String> all = new TreeSet<>(recorded);
        all.addAll(spec);
        Set<ObjectRef> declared = model.components().stream()
                .flatMap(c -> c.manifests().stream())
                .map(Manifest::ref)
                .collect(Collectors.toSet());
        return new Membership(all, spec, declared);
    }

    /**
     * The group-kinds to record once the prune left {@code remaining} members: the spec's, when the record holds
     * more and every member left is declared; else nothing changes.
     */
    public Optional<Set<String>> narrowedAfterPrune(long remaining) {
        boolean allDeclared = remaining <= declared.size();
        return allDeclared && !groupKinds.equals(specGroupKinds) ? Optional.of(specGroupKinds) : Optional.empty();
    }

    /** The group-kinds of the spec's objects. */
    public static Set<String> groupKindsOf(EnvironmentModel model) {
        return model.components().stream()
                .flatMap(c -> c.manifests().stream())
                .map(Manifest::ref)
                .filter(ref -> ref.apiVersion() != null && ref.kind() != null)
                .map(Membership::groupKind)
                .collect(Collectors.toCollection(TreeSet::new));
    }

    /** {@code Kind.group}, or {@code Kind} for the core group, as the ApplySet annotation lists them. */
    public static String groupKind(ObjectRef ref) {
        return ref.group().isEmpty() ? ref.kind() : ref.kind() + "." + ref.group();
    }
}
