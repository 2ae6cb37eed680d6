package io.testenv.operator.planner;

import io.testenv.operator.planner.model.ObjectRef;
import java.util.Map;

/**
 * The Secret that holds an environment's outputs once it is Ready, one key per output: the resolved values, and the
 * secret ones copied from the Secrets the environment declares (only the shell reads those).
 *
 * @param fromSecrets the secret outputs: output name to the Secret and key it is copied from
 */
public record BindingSecret(String name, Map<String, String> values, Map<String, SecretKey> fromSecrets) {

    public BindingSecret {
        values = Map.copyOf(values);
        fromSecrets = Map.copyOf(fromSecrets);
    }

    /** A key of a Secret the environment declares. */
    public record SecretKey(ObjectRef secret, String key) {}
}
