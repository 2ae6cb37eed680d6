package io.testenv.operator.reconciler.apply;

import io.testenv.operator.api.TestEnvironment;
import io.testenv.operator.planner.Actions;
import io.testenv.operator.planner.Membership;
import io.testenv.operator.planner.Plan;
import io.testenv.operator.planner.Planner;
import io.testenv.operator.planner.Transitions;
import io.testenv.operator.planner.model.ComponentModel;
import io.testenv.operator.planner.model.EnvironmentModel;
import io.testenv.operator.planner.model.Manifest;
import io.testenv.operator.planner.model.ObjectRef;
import io.testenv.operator.planner.model.TargetNamespace;
import io.testenv.operator.planner.state.History;
import io.testenv.operator.planner.state.Observation;
import io.testenv.operator.reconciler.observe.BringUp;
import io.testenv.operator.reconciler.observe.NormalizedPaths;
import io.testenv.operator.reconciler.record.StatusRecorder;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Carries out a plan's actions, each as the plan says, deciding nothing: the finalizer step, the dry runs, the
 * ApplySet record, the applies (planning again after each pass, as long as applies open further gates), the prune
 * and the expiry.
 */
@ApplicationScoped
public class Executor {

    /** What the applies of one reconcile left: the last plan, what it was made from, and the components applied. */
    public record Applied(Plan plan, Observation observation, Set<String> components) {

        /** What changed since the status written before: for the Events and the metrics. */
        public Transitions transitionsSince(History before, EnvironmentModel model) {
            return Transitions.between(before, plan, model, components, observation.objects());
        }
    }

    private final Planner planner;
    private final Applier applier;
    private final Inventory inventory;
    private final Finalizers finalizers;
    private final NormalizedPaths normalizedPaths;
    private final StatusRecorder recorder;
    private final BindingWriter bindings;
    private final HeartbeatWriter heartbeats;
    private final NamespaceWriter namespaces;

    public Executor(
            Planner planner,
            Applier applier,
            Inventory inventory,
            Finalizers finalizers,
            NormalizedPaths normalizedPaths,
            StatusRecorder recorder,
            BindingWriter bindings,
            HeartbeatWriter heartbeats,
            NamespaceWriter namespaces) {
        this.planner = planner;
        this.applier = applier;
        this.inventory = inventory;
        this.finalizers = finalizers;
        this.normalizedPaths = normalizedPaths;
        this.recorder = recorder;
        this.bindings = bindings;
        this.heartbeats = heartbeats;
        this.namespaces = namespaces;
    }

    /** Writes the finalizer and its label as the plan says; false when nothing may be applied yet. */
    public boolean settleFinalizer(BringUp run, Actions.FinalizerStep step) {
        return finalizers.settle(run.env(), step, run.context());
    }

    /**
     * Creates the namespace the plan asks for (after the finalizer is on, so that no deletion can miss it); returns
     * the reconcile with its objects placed in it.
     */
    public BringUp createTargetNamespace(BringUp run, TargetNamespace target) {
        String name = namespaces.create(run.env(), target);
        return run.withModel(run.model().withTargetNamespace(name));
    }

    /** Dry-runs the objects whose rewritten paths must be learnt again; true when any was learnt. */
    public boolean relearn(BringUp run, List<Actions.Relearn> objects) {
        boolean learnt = false;
        for (Actions.Relearn object : objects) {
            Optional<Map<String, Object>> answer =
                    applier.dryRun(run.env(), run.identity(), object.component(), object.manifest());
            if (answer.isPresent()) {
                normalizedPaths.learn(run.uid(), object.manifest(), answer.get());
                learnt = true;
            }
        }
        return learnt;
    }

    /**
     * Records the ApplySet's group-kinds before any member is applied, so that no member can be lost to a crash in
     * between; then applies what the plan opens, each component once, and plans again with what the API server
     * answered, until nothing more opens.
     */
    public Applied applyAll(BringUp run, Observation observation, Plan plan) {
        plan.actions()
                .membership()
                .ifPresent(m -> inventory.recordGroupKinds(run.env(), run.context(), m.groupKinds()));
        Set<String> applied = new HashSet<>();
        while (!applied.containsAll(plan.toApply())) {
            List<String> open = plan.toApply();
            List<ComponentModel> opened = run.model().components().stream()
                    .filter(c -> open.contains(c.name()) && applied.add(c.name()))
                    .toList();
            Set<String> force = new HashSet<>(plan.actions().force());
            force.retainAll(opened.stream().map(ComponentModel::name).toList());
            recorder.driftCorrected(run.env(), Transitions.corrected(plan, new TreeSet<>(force)));
            Applier.Outcome outcome = applier.apply(run.env(), run.identity(), opened, force);
            learn(run, opened, outcome);
            observation = observation
                    .withApplied(outcome.applied(), outcome.errors())
                    .withNormalizedPaths(normalizedPaths.of(run.uid()));
            plan = planner.plan(run.model(), observation, plan.asHistory(), run.now());
        }
        return new Applied(plan, observation, applied);
    }

    private void learn(BringUp run, List<ComponentModel> opened, Applier.Outcome outcome) {
        for (ComponentModel component : opened) {
            for (Manifest manifest : component.manifests()) {
                Map<String, Object> answer = outcome.applied().get(manifest.ref());
                if (answer != null) {
                    normalizedPaths.learn(run.uid(), manifest, answer);
                }
            }
        }
    }

    /**
     * Deletes the members of the environment's ApplySet that the spec no longer declares (objects of removed
     * components and manifests), then narrows the recorded group-kinds as the plan says.
     */
    public void prune(BringUp run, Plan plan) {
        if (plan.actions().membership().isEmpty()) {
            return;
        }
        Membership membership = plan.actions().membership().get();
        List<Inventory.Member> members =
                inventory.members(run.env(), run.identity().client(), membership.groupKinds());
        List<ObjectRef> pruned =
                inventory.prune(members, membership.declared(), run.identity().client());
        if (!pruned.isEmpty()) {
            recorder.event(run.env(), Transitions.pruned(pruned));
        }
        membership
                .narrowedAfterPrune(members.size() - pruned.size())
                .ifPresent(kinds -> inventory.recordGroupKinds(run.env(), run.context(), kinds));
    }

    /** Writes the binding Secret the plan holds, once Ready; what kept it from being written is a warning Event. */
    public void bind(BringUp run, Plan plan) {
        plan.actions()
                .binding()
                .ifPresent(binding -> bindings.write(run.env(), run.identity(), binding)
                        .forEach(problem -> recorder.event(run.env(), Transitions.bindingNotWritten(problem))));
    }

    /**
     * Writes (or deletes) the heartbeat Lease when the plan says so; what kept it from being written is a warning
     * Event, and the environment then lives on without a heartbeat until the Lease can be written.
     */
    public void keepHeartbeat(BringUp run, Plan plan) {
        plan.actions()
                .heartbeat()
                .filter(Actions.HeartbeatLease::write)
                .flatMap(lease -> heartbeats.write(run.env(), run.identity(), lease))
                .ifPresent(problem -> recorder.event(run.env(), Transitions.heartbeatNotWritten(problem)));
    }

    /** The environment's time to live or heartbeat is over: it is deleted, and with it everything it created. */
    public void expire(BringUp run, Plan plan) {
        TestEnvironment env = run.env();
        recorder.event(env, Transitions.expired(plan));
        run.context()
                .getClient()
                .resources(TestEnvironment.class)
                .inNamespace(env.getMetadata().getNamespace())
                .withName(env.getMetadata().getName())
                .delete();
        if (plan.actions().deletesNamespace()) {
            long others = run.context()
                    .getPrimaryCache()
                    .list(e -> e.getMetadata()
                                    .getNamespace()
                                    .equals(env.getMetadata().getNamespace())
                            && !e.getMetadata().getUid().equals(run.uid()))
                    .count();
            heartbeats
                    .deleteNamespace(env, run.identity(), others)
                    .ifPresent(problem -> recorder.event(env, Transitions.namespaceNotDeleted(problem)));
        }
    }
}
