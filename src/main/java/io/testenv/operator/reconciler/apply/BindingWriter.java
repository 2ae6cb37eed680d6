package io.testenv.operator.reconciler.apply;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.javaoperatorsdk.operator.processing.GroupVersionKind;
import io.testenv.operator.api.TestEnvironment;
import io.testenv.operator.planner.BindingSecret;
import io.testenv.operator.planner.model.ObjectRef;
import io.testenv.operator.reconciler.marks.FieldManagers;
import io.testenv.operator.reconciler.marks.Labels;
import io.testenv.operator.reconciler.marks.Marks;
import io.testenv.operator.reconciler.observe.Identities;
import io.testenv.operator.reconciler.observe.Watches;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Writes an environment's binding Secret, as its identity, owned by it: one key per output, the secret ones copied
 * from the Secrets it declares (read from the informer cache, never from the planner's view). Never writes over a
 * Secret that is not the environment's, and never puts a value into what it reports.
 */
@ApplicationScoped
public class BindingWriter {

    static final GroupVersionKind SECRET = new GroupVersionKind("v1", "Secret");

    private final Watches watches;

    public BindingWriter(Watches watches) {
        this.watches = watches;
    }

    /** Writes the Secret; returns what kept it from being written as the plan says, without values. */
    public List<String> write(TestEnvironment env, Identities.Identity identity, BindingSecret binding) {
        String namespace = env.getMetadata().getNamespace();
        List<String> problems = new ArrayList<>();
        Map<String, String> data = new TreeMap<>();
        binding.values().forEach((name, value) -> data.put(name, base64(value)));
        binding.fromSecrets().forEach((name, key) -> {
            Optional<String> value = watches.cached(SECRET, key.secret())
                    .filter(secret -> Marks.belongsTo(secret, env.getMetadata().getUid()))
                    .map(secret -> dataOf(secret).get(key.key()));
            if (value.isPresent()) {
                data.put(name, value.get());
            } else {
                problems.add("output " + name + ": the Secret " + key.secret().name() + " has no key " + key.key());
            }
        });
        ObjectRef ref = new ObjectRef("v1", "Secret", namespace, binding.name());
        Optional<? extends HasMetadata> existing = watches.cached(SECRET, ref);
        if (existing.isEmpty()) {
            existing = Optional.ofNullable(identity.client()
                    .secrets()
                    .inNamespace(namespace)
                    .withName(binding.name())
                    .get());
        }
        if (existing.isPresent()
                && !Marks.belongsTo(existing.get(), env.getMetadata().getUid())) {
            problems.add("the Secret " + binding.name() + " exists and is not the environment's: left alone");
            return problems;
        }
        Secret secret = new SecretBuilder()
                .withNewMetadata()
                .withName(binding.name())
                .withNamespace(namespace)
                .withLabels(Map.of(
                        Labels.ENVIRONMENT, env.getMetadata().getName(), Labels.ENVIRONMENT_NAMESPACE, namespace))
                .withAnnotations(Map.of(Marks.ENVIRONMENT_UID, env.getMetadata().getUid()))
                .withOwnerReferences(DesiredObjects.ownerReference(env))
                .endMetadata()
                .withType("Opaque")
                .withData(data)
                .build();
        try {
            identity.client()
                    .secrets()
                    .inNamespace(namespace)
                    .resource(secret)
                    .fieldManager(FieldManagers.of(env.getMetadata().getUid()))
                    .forceConflicts()
                    .serverSideApply();
        } catch (KubernetesClientException e) {
            if (ApiErrors.isTransient(e)) {
                // retried with back-off, as the applies are: the environment is not left without its binding
                throw e;
            }
            problems.add("the Secret " + binding.name() + " could not be written: "
                    + ServerMessages.redacted(e.getStatus(), e.getClass().getSimpleName()));
        }
        return problems;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, String> dataOf(GenericKubernetesResource secret) {
        Object data = secret.getAdditionalProperties().get("data");
        return data instanceof Map<?, ?> map ? (Map<String, String>) map : Map.of();
    }

    private static String base64(String value) {
        return Base64.getEncoder().encodeToString(value.getBytes(StandardCharsets.UTF_8));
    }
}
