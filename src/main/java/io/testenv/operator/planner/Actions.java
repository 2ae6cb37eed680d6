package io.testenv.operator.planner;

import io.testenv.operator.planner.model.Manifest;
import io.testenv.operator.planner.model.TargetNamespace;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * What the shell carries out for a plan besides applying its components ({@link Plan#toApply()}), in this order:
 * the finalizer step; the dry runs that teach the paths the API server rewrites; the applies, with force for the
 * components whose drift is corrected; the ApplySet record and the prune; the expiry.
 *
 * @param force the components of {@link Plan#toApply()} applied with force: their drift is corrected
 * @param membership the ApplySet's record and prune, absent when nothing may be written for the environment (its
 *        spec or identity cannot be)
 * @param finalizer whether the teardown finalizer must be held or released, and whether applies may go on
 * @param expiresAt when the environment deletes itself, after its time to live
 * @param expiredBy why the environment is deleted now (its time to live or its heartbeat ran out), and its status
 *        not written; empty while it lives
 * @param retrying the first transient apply error, while the environment goes on: it is retried with back-off
 * @param relearn the objects read as drifted whose rewritten paths are unknown: a dry-run apply teaches them
 * @param binding the Secret with the outputs, once the environment is Ready
 * @param heartbeat the environment's heartbeat Lease: whether to write (or delete) it, and when it runs out
 * @param targetNamespace the namespace made for the environment's objects, recorded in the status once its name is
 *        known; created (after the finalizer is on, before any apply) while it is not; absent when the environment
 *        has none, or may not have one
 */
public record Actions(
        Set<String> force,
        Optional<Membership> membership,
        FinalizerStep finalizer,
        Optional<Instant> expiresAt,
        Optional<Expiry.Cause> expiredBy,
        Optional<String> retrying,
        List<Relearn> relearn,
        Optional<BindingSecret> binding,
        Optional<HeartbeatLease> heartbeat,
        Optional<TargetNamespace> targetNamespace) {

    public Actions {
        force = Set.copyOf(force);
        relearn = List.copyOf(relearn);
    }

    public static Actions none() {
        return new Actions(
                Set.of(),
                Optional.empty(),
                FinalizerStep.KEEP,
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                List.of(),
                Optional.empty(),
                Optional.empty(),
                Optional.empty());
    }

    /** The namespace to create before anything is applied: the environment's own, named from this prefix. */
    public Optional<TargetNamespace> namespaceToCreate() {
        return targetNamespace.filter(t -> !t.known());
    }

    /** Whether the environment is deleted now, its time to live or its heartbeat over. */
    public boolean expired() {
        return expiredBy.isPresent();
    }

    /** Whether the environment's namespace goes with it: its heartbeat ran out, and the spec asks for that. */
    public boolean deletesNamespace() {
        return expiredBy.orElse(null) == Expiry.Cause.HeartbeatExpired
                && heartbeat.map(HeartbeatLease::deleteNamespace).orElse(false);
    }

    /**
     * The environment's heartbeat Lease.
     *
     * @param name the Lease's name, the environment's
     * @param timeoutSeconds its duration; null when the spec no longer asks for a heartbeat: the Lease is deleted
     * @param write whether the Lease must be written (or deleted) now: it is missing, or differs from the spec
     * @param expiresAt when the heartbeat runs out, once a Lease of the environment's own is observed
     * @param deleteNamespace whether its running out also deletes the namespace made for the environment
     */
    public record HeartbeatLease(
            String name, Integer timeoutSeconds, boolean write, Optional<Instant> expiresAt, boolean deleteNamespace) {}

    /** One object to dry-run: a manifest of a component. */
    public record Relearn(String component, Manifest manifest) {}

    /** The write the teardown finalizer and its label need. */
    public enum FinalizerWrite {
        /** Nothing to write. */
        NONE,
        /** Garbage collection reaches everything: label the environment so, and take the finalizer off. */
        RELEASE,
        /** The operator is needed again: take the label off, so the teardown controller puts its finalizer back. */
        RECLAIM
    }

    /**
     * @param needed whether the environment's deletion needs the operator ({@link Finalization})
     * @param held whether the finalizer is on
     */
    public record FinalizerStep(boolean needed, boolean held, FinalizerWrite write) {

        static final FinalizerStep KEEP = new FinalizerStep(false, false, FinalizerWrite.NONE);

        /** Whether anything may be applied once the write (if any) succeeded: not before the finalizer is on. */
        public boolean proceed() {
            return !needed || held;
        }
    }
}
