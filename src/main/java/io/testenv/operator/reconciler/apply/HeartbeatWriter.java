package io.testenv.operator.reconciler.apply;

import io.fabric8.kubernetes.api.model.DeletionPropagation;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.api.model.coordination.v1.LeaseBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.testenv.operator.api.TestEnvironment;
import io.testenv.operator.planner.Actions;
import io.testenv.operator.planner.model.ObjectRef;
import io.testenv.operator.reconciler.marks.FieldManagers;
import io.testenv.operator.reconciler.marks.Labels;
import io.testenv.operator.reconciler.marks.Marks;
import io.testenv.operator.reconciler.observe.Identities;
import io.testenv.operator.reconciler.observe.Watches;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import java.util.Optional;

/**
 * Writes an environment's heartbeat Lease, as its identity, owned by it (so it goes with the environment), with
 * the timeout as its duration; never its {@code renewTime}, which belongs to whoever renews it. Deletes it when
 * the spec no longer asks for a heartbeat. Never writes over or deletes a Lease that is not the environment's.
 */
@ApplicationScoped
public class HeartbeatWriter {

    private final Watches watches;

    public HeartbeatWriter(Watches watches) {
        this.watches = watches;
    }

    /**
     * Deletes the environment's namespace, as its identity, when whoever created the namespace consented (the
     * label {@value Labels#DELETE_WITH_ENVIRONMENT} names the environment) and no other TestEnvironment lives there; returns why
     * not, otherwise.
     */
    public Optional<String> deleteNamespace(TestEnvironment env, Identities.Identity identity, long otherEnvironments) {
        String name = env.getMetadata().getNamespace();
        try {
            Namespace namespace = identity.client().namespaces().withName(name).get();
            if (namespace == null || namespace.getMetadata().getDeletionTimestamp() != null) {
                return Optional.empty();
            }
            Map<String, String> labels =
                    Optional.ofNullable(namespace.getMetadata().getLabels()).orElse(Map.of());
            if (!env.getMetadata().getName().equals(labels.get(Labels.DELETE_WITH_ENVIRONMENT))) {
                return Optional.of("the namespace " + name + " is not labelled " + Labels.DELETE_WITH_ENVIRONMENT + "="
                        + env.getMetadata().getName() + ": left alone");
            }
            if (otherEnvironments > 0) {
                return Optional.of("the namespace " + name + " holds " + otherEnvironments
                        + " other TestEnvironment(s): left alone");
            }
            identity.client()
                    .namespaces()
                    .withName(name)
                    .withPropagationPolicy(DeletionPropagation.BACKGROUND)
                    .delete();
            return Optional.empty();
        } catch (KubernetesClientException e) {
            return Optional.of("the namespace " + name + " could not be deleted: "
                    + ServerMessages.redacted(e.getStatus(), e.getClass().getSimpleName()));
        }
    }

    /** Writes or deletes the Lease as planned; returns what kept it from being done, if anything. */
    public Optional<String> write(TestEnvironment env, Identities.Identity identity, Actions.HeartbeatLease lease) {
        String namespace = env.getMetadata().getNamespace();
        String uid = env.getMetadata().getUid();
        var leases = identity.client().leases().inNamespace(namespace);
        try {
            Optional<? extends HasMetadata> existing = watches.cached(
                    Watches.LEASE, new ObjectRef(Watches.LEASE.apiVersion(), "Lease", namespace, lease.name()));
            if (existing.isEmpty()) {
                existing = Optional.ofNullable(leases.withName(lease.name()).get());
            }
            if (existing.isPresent() && !Marks.belongsTo(existing.get(), uid)) {
                return Optional.of("the Lease " + lease.name() + " exists and is not the environment's: left alone");
            }
            if (lease.timeoutSeconds() == null) {
                existing.ifPresent(l -> leases.withName(lease.name()).delete());
                return Optional.empty();
            }
            Lease applied = leases.resource(new LeaseBuilder()
                            .withNewMetadata()
                            .withName(lease.name())
                            .withNamespace(namespace)
                            .withLabels(Map.of(
                                    Labels.ENVIRONMENT,
                                    env.getMetadata().getName(),
                                    Labels.ENVIRONMENT_NAMESPACE,
                                    namespace))
                            .withAnnotations(Map.of(Marks.ENVIRONMENT_UID, uid))
                            .withOwnerReferences(DesiredObjects.ownerReference(env))
                            .endMetadata()
                            .withNewSpec()
                            .withLeaseDurationSeconds(lease.timeoutSeconds())
                            .endSpec()
                            .build())
                    .fieldManager(FieldManagers.of(uid))
                    .forceConflicts()
                    .serverSideApply();
            watches.recentlyApplied(
                    Watches.LEASE,
                    identity.client()
                            .getKubernetesSerialization()
                            .convertValue(applied, GenericKubernetesResource.class));
            return Optional.empty();
        } catch (KubernetesClientException e) {
            if (ApiErrors.isTransient(e)) {
                throw e;
            }
            return Optional.of("the Lease " + lease.name() + " could not be written: "
                    + ServerMessages.redacted(e.getStatus(), e.getClass().getSimpleName()));
        }
    }
}
