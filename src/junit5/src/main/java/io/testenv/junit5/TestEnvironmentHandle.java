package io.testenv.junit5;

import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.Map;

/** A Ready environment, as a test sees it: inject it as a parameter or a field. */
public interface TestEnvironmentHandle {

    /** The namespace the environment and its objects live in. */
    String namespace();

    /** The environment's {@code metadata.name}. */
    String name();

    /** {@code status.outputs.<name>}; an {@link IllegalArgumentException} naming the outputs there are if absent. */
    String output(String name);

    /** Every output, by name. */
    Map<String, String> outputs();

    /** The environment's status, as the API server has it now. */
    Map<String, Object> status();

    /** A client for the environment's namespace (the cluster from the usual kubeconfig resolution). */
    KubernetesClient client();

    /** How the bring-up went: per-component times, the critical path, the sequential equivalent. */
    Timeline timeline();
}
