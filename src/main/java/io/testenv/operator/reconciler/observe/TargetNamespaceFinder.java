package io.testenv.operator.reconciler.observe;

import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.quarkus.logging.Log;
import io.testenv.operator.api.TestEnvironment;
import io.testenv.operator.config.OperatorConfig;
import io.testenv.operator.planner.TargetNamespaces;
import io.testenv.operator.planner.model.EnvironmentModel;
import io.testenv.operator.reconciler.marks.Labels;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Finds the namespace made for an environment (spec.targetNamespace), with the operator's own rights (creating it
 * was the operator's right, not the environment's identity's). Its name, once recorded in the status, is taken from
 * there without a request; before that (the first reconcile, or after a crash between its creation and the status
 * write) one LIST by the environment's uid label answers, so that a namespace made before is found, never made twice.
 */
@ApplicationScoped
public class TargetNamespaceFinder {

    private final KubernetesClient client;
    private final boolean enabled;

    public TargetNamespaceFinder(KubernetesClient client, OperatorConfig config) {
        this.client = client;
        this.enabled = config.targetNamespaces().enabled();
    }

    /**
     * The model with its target namespace's name when the namespace exists: as recorded in the status, else as
     * found. Unchanged when the spec asks for none, or when the operator may not make namespaces and none is recorded
     * (the planner refuses the spec).
     */
    public EnvironmentModel resolve(TestEnvironment env, EnvironmentModel model) {
        if (model.target().isEmpty()) {
            return model;
        }
        Optional<String> recorded = recorded(env);
        if (recorded.isPresent()) {
            return model.withTargetNamespace(recorded.get());
        }
        if (!enabled) {
            return model;
        }
        return TargetNamespaces.existing(env.getMetadata().getUid(), list(env))
                .map(model::withTargetNamespace)
                .orElse(model);
    }

    /**
     * Every namespace labelled with the environment's uid, for its teardown; none when it asked for none and none is
     * recorded. A LIST the operator may not make (a variant without the right, one that had it before) finds none,
     * with a warning: the deletion of the environment is never held up by it.
     */
    public List<TargetNamespaces.Found> forTeardown(TestEnvironment env, EnvironmentModel model) {
        if (model.target().isEmpty() && recorded(env).isEmpty()) {
            return List.of();
        }
        try {
            return list(env);
        } catch (KubernetesClientException e) {
            if (e.getCode() != 403) {
                throw e;
            }
            Log.warnf(
                    "%s/%s: the operator may not list namespaces; the namespace made for the environment, if any, "
                            + "stays (%s)",
                    env.getMetadata().getNamespace(),
                    env.getMetadata().getName(),
                    recorded(env).orElse("not recorded"));
            return List.of();
        }
    }

    private List<TargetNamespaces.Found> list(TestEnvironment env) {
        return client
                .namespaces()
                .withLabel(Labels.ENVIRONMENT_UID, env.getMetadata().getUid())
                .list()
                .getItems()
                .stream()
                .map(TargetNamespaceFinder::found)
                .toList();
    }

    private static TargetNamespaces.Found found(Namespace namespace) {
        Map<String, String> labels =
                Optional.ofNullable(namespace.getMetadata().getLabels()).orElse(Map.of());
        Instant created = Optional.ofNullable(namespace.getMetadata().getCreationTimestamp())
                .map(Instant::parse)
                .orElse(null);
        return new TargetNamespaces.Found(
                namespace.getMetadata().getName(),
                labels.get(Labels.ENVIRONMENT_UID),
                created,
                namespace.getMetadata().getDeletionTimestamp() != null);
    }

    private static Optional<String> recorded(TestEnvironment env) {
        return Optional.ofNullable(env.getStatus())
                .map(s -> s.getTargetNamespace())
                .filter(name -> !name.isBlank());
    }
}
