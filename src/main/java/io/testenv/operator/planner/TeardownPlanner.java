package io.testenv.operator.planner;

import io.testenv.operator.planner.graph.TeardownOrder;
import io.testenv.operator.planner.model.EnvironmentModel;
import io.testenv.operator.planner.model.ObjectRef;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * Decides the deletion of an environment that garbage collection cannot take alone. Namespaced members go with their
 * owner reference; cluster-scoped ones are deleted by the operator. A reverse teardown goes component by component
 * ({@link TeardownOrder}) within the environment's timeout from the deletion's start, so that an object someone
 * else holds with a finalizer cannot hang the deletion: past it, the rest goes at once. The namespace made for the
 * environment goes last, once nothing is waited for: with it go the objects in it.
 */
public final class TeardownPlanner {

    private TeardownPlanner() {}

    /** A member of the environment's ApplySet found in the cluster, with its component label. */
    public record Member(ObjectRef ref, String component, boolean namespaced) {}

    /**
     * @param delete the members to delete now
     * @param done whether the teardown is over: the finalizer comes off
     * @param events the Events to record: members held by someone's finalizer, each reported once
     * @param reported the members whose hold has been reported, this pass's included
     * @param overdue a reverse teardown that ran out of time: the rest goes at once
     * @param waiting the components that still have objects or pods, while a reverse teardown waits
     * @param namespaces the namespaces made for the environment to delete now, with the last members
     */
    public record TeardownPlan(
            List<ObjectRef> delete,
            boolean done,
            List<Transitions.Event> events,
            Set<ObjectRef> reported,
            boolean overdue,
            Set<String> waiting,
            List<String> namespaces) {}

    /**
     * @param deletionStartedAt the deletion's timestamp
     * @param podComponents the components that still have pods
     * @param heldBy the members being deleted that finalizers hold, with those finalizers
     * @param reported the members whose hold was reported already
     */
    public static TeardownPlan plan(
            EnvironmentModel env,
            Instant deletionStartedAt,
            Instant now,
            List<Member> members,
            Set<String> podComponents,
            Map<ObjectRef, List<String>> heldBy,
            Set<ObjectRef> reported) {
        return plan(env, deletionStartedAt, now, members, podComponents, heldBy, reported, null, List.of());
    }

    /**
     * @param environmentUid the environment's uid: a namespace is deleted only when it carries it
     * @param namespaces the namespaces found with the environment's uid label
     */
    public static TeardownPlan plan(
            EnvironmentModel env,
            Instant deletionStartedAt,
            Instant now,
            List<Member> members,
            Set<String> podComponents,
            Map<ObjectRef, List<String>> heldBy,
            Set<ObjectRef> reported,
            String environmentUid,
            List<TargetNamespaces.Found> namespaces) {
        Deadline deadline = new Deadline(deletionStartedAt, env.timeout().orDefault());
        boolean overdue = env.cleanup().reverse() && now.isAfter(deadline.expiresAt());
        if (env.cleanup().reverse() && !overdue) {
            Set<String> remaining = new TreeSet<>(podComponents);
            members.stream().map(Member::component).filter(Objects::nonNull).forEach(remaining::add);
            if (!remaining.isEmpty()) {
                Set<String> deletable = TeardownOrder.deletableNow(env, remaining);
                List<ObjectRef> delete = members.stream()
                        .filter(m -> deletable.contains(m.component()))
                        .map(Member::ref)
                        .toList();
                Set<ObjectRef> reportedNow = new HashSet<>(reported);
                List<Transitions.Event> events = new ArrayList<>();
                for (Member member : members) {
                    List<String> finalizers = heldBy.get(member.ref());
                    if (finalizers != null && !finalizers.isEmpty() && !reported.contains(member.ref())) {
                        reportedNow.add(member.ref());
                        events.add(Transitions.Event.of(
                                Transitions.Severity.Warning,
                                "TeardownHeld",
                                member.ref().describe() + " of component " + member.component()
                                        + " is held by its finalizer" + (finalizers.size() == 1 ? " " : "s ")
                                        + String.join(", ", finalizers) + "; the reverse teardown waits for it, up to "
                                        + env.timeout() + ", then deletes the rest"));
                    }
                }
                return new TeardownPlan(delete, false, events, Set.copyOf(reportedNow), false, remaining, List.of());
            }
        }
        List<ObjectRef> clusterScoped =
                members.stream().filter(m -> !m.namespaced()).map(Member::ref).toList();
        return new TeardownPlan(
                clusterScoped,
                true,
                List.of(),
                reported,
                overdue,
                Set.of(),
                TargetNamespaces.toDelete(environmentUid, namespaces));
    }
}
