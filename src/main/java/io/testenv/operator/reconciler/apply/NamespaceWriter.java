package io.testenv.operator.reconciler.apply;

import io.fabric8.kubernetes.api.model.DeletionPropagation;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.quarkus.logging.Log;
import io.testenv.operator.api.TestEnvironment;
import io.testenv.operator.planner.model.TargetNamespace;
import io.testenv.operator.reconciler.marks.Labels;
import io.testenv.operator.reconciler.marks.Marks;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

/**
 * Creates and deletes the namespace made for an environment (spec.targetNamespace), with the operator's own rights:
 * creating namespaces is a cluster-scoped right the deployment grants the operator (deploy/cluster-wide), never the
 * environment's identity. The namespace is named by the API server (generateName) and carries the environment's
 * uid as a label (how it is found again, and the only thing that lets it be deleted) and annotation, and the
 * environment's name and namespace as labels, as every object the operator makes for an environment does.
 */
@ApplicationScoped
public class NamespaceWriter {

    private final KubernetesClient client;

    public NamespaceWriter(KubernetesClient client) {
        this.client = client;
    }

    /** Creates the environment's namespace; returns its name, as the API server generated it. */
    public String create(TestEnvironment env, TargetNamespace target) {
        String uid = env.getMetadata().getUid();
        Namespace created = client.namespaces()
                .resource(new NamespaceBuilder()
                        .withNewMetadata()
                        .withGenerateName(target.generateName())
                        .addToLabels(Labels.ENVIRONMENT, env.getMetadata().getName())
                        .addToLabels(
                                Labels.ENVIRONMENT_NAMESPACE, env.getMetadata().getNamespace())
                        .addToLabels(Labels.ENVIRONMENT_UID, uid)
                        .addToAnnotations(Marks.ENVIRONMENT_UID, uid)
                        .endMetadata()
                        .build())
                .create();
        String name = created.getMetadata().getName();
        Log.infof(
                "%s/%s: namespace %s created for its objects",
                env.getMetadata().getNamespace(), env.getMetadata().getName(), name);
        return name;
    }

    /**
     * Deletes these namespaces (the planner chose them: each carries the environment's uid label), with everything
     * in them; one already gone is no error.
     */
    public void delete(TestEnvironment env, List<String> names) {
        for (String name : names) {
            try {
                client.namespaces()
                        .withName(name)
                        .withPropagationPolicy(DeletionPropagation.BACKGROUND)
                        .delete();
                Log.infof(
                        "%s/%s: namespace %s deleted with the environment",
                        env.getMetadata().getNamespace(), env.getMetadata().getName(), name);
            } catch (KubernetesClientException e) {
                if (e.getCode() != 404) {
                    throw e;
                }
            }
        }
    }
}
