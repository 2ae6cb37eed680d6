package io.testenv.junit5;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The TestEnvironment a {@link WithTestEnvironment} names: a classpath resource or a file. */
final class EnvironmentFile {

    private EnvironmentFile() {}

    /** The one TestEnvironment of the file (other documents, such as the samples' Namespace, are left out). */
    static GenericKubernetesResource load(KubernetesClient cluster, String source) {
        String yaml;
        try (InputStream resource =
                Thread.currentThread().getContextClassLoader().getResourceAsStream(source)) {
            if (resource != null) {
                yaml = new String(resource.readAllBytes(), StandardCharsets.UTF_8);
            } else if (Files.isRegularFile(Path.of(source))) {
                yaml = Files.readString(Path.of(source));
            } else {
                throw new IllegalArgumentException("@WithTestEnvironment(\"" + source + "\"): neither a classpath "
                        + "resource nor a file relative to " + Path.of("").toAbsolutePath());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        // a file may hold other documents too (the samples' Namespace): the TestEnvironment is the one applied
        List<GenericKubernetesResource> environments =
                cluster.load(new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8))).items().stream()
                        .filter(o -> EnvironmentSession.KIND.equals(o.getKind()))
                        .map(o -> cluster.getKubernetesSerialization().convertValue(o, GenericKubernetesResource.class))
                        .toList();
        if (environments.size() != 1 || environments.get(0).getMetadata().getName() == null) {
            throw new IllegalArgumentException(source + " holds " + environments.size() + " TestEnvironments; "
                    + "@WithTestEnvironment needs exactly one, with a metadata.name");
        }
        GenericKubernetesResource env = environments.get(0);
        env.setApiVersion(Optional.ofNullable(env.getApiVersion()).orElse(EnvironmentSession.API_VERSION));
        if (env.getMetadata().getAnnotations() == null) {
            env.getMetadata().setAnnotations(new LinkedHashMap<>());
        }
        return env;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> spec(GenericKubernetesResource env) {
        Object spec = env.getAdditionalProperties().get("spec");
        if (!(spec instanceof Map<?, ?>)) {
            spec = new LinkedHashMap<String, Object>();
            env.getAdditionalProperties().put("spec", spec);
        }
        return (Map<String, Object>) spec;
    }
}
