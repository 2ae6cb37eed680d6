package io.testenv.junit5;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What a failed (or, on request, a Ready) environment leaves for whoever reads the test report: its YAML with
 * status, the Events of its namespace, every object's state as the operator reports it, and the timeline. Object
 * contents are never read: only the states and messages the operator and the controllers wrote, which name no
 * value.
 */
final class Diagnostics {

    private Diagnostics() {}

    static void write(
            Path dir,
            KubernetesClient cluster,
            String namespace,
            String name,
            GenericKubernetesResource env,
            Timeline timeline) {
        try {
            Files.createDirectories(dir);
            if (env != null) {
                env.getMetadata().setManagedFields(null);
                Files.writeString(
                        dir.resolve(name + ".yaml"),
                        cluster.getKubernetesSerialization().asYaml(env));
            }
            Files.writeString(dir.resolve(name + ".events.txt"), events(cluster, namespace));
            Files.writeString(dir.resolve(name + ".objects.txt"), objects(env));
            Files.writeString(dir.resolve(name + ".timeline.md"), timeline.markdown("environment " + name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String events(KubernetesClient cluster, String namespace) {
        StringBuilder out = new StringBuilder();
        List<Event> events = cluster.v1().events().inNamespace(namespace).list().getItems().stream()
                .sorted(Comparator.comparing(
                        e -> Objects.requireNonNullElse(
                                e.getLastTimestamp(),
                                Objects.requireNonNullElse(
                                        e.getEventTime() == null
                                                ? null
                                                : e.getEventTime().getTime(),
                                        "")),
                        Comparator.naturalOrder()))
                .toList();
        for (Event event : events) {
            out.append(Objects.requireNonNullElse(event.getLastTimestamp(), ""))
                    .append(' ')
                    .append(event.getType())
                    .append(' ')
                    .append(event.getReason())
                    .append(' ')
                    .append(event.getInvolvedObject().getKind())
                    .append('/')
                    .append(event.getInvolvedObject().getName())
                    .append(": ")
                    .append(event.getMessage())
                    .append('\n');
        }
        return out.toString();
    }

    /** status.components[].objects: kind, name, state, reason and message of every object, by component. */
    private static String objects(GenericKubernetesResource env) {
        StringBuilder out = new StringBuilder();
        if (StatusView.status(env).get("components") instanceof List<?> components) {
            for (Object item : components) {
                if (!(item instanceof Map<?, ?> component)) {
                    continue;
                }
                out.append("component ")
                        .append(component.get("name"))
                        .append(": ")
                        .append(component.get("phase"))
                        .append(component.get("reason") == null ? "" : " " + component.get("reason"))
                        .append(component.get("message") == null ? "" : " - " + component.get("message"))
                        .append('\n');
                if (component.get("objects") instanceof List<?> objects) {
                    for (Object o : objects) {
                        if (o instanceof Map<?, ?> object) {
                            out.append("  ")
                                    .append(object.get("kind"))
                                    .append('/')
                                    .append(object.get("name"))
                                    .append(": ")
                                    .append(object.get("state"))
                                    .append(object.get("reason") == null ? "" : " " + object.get("reason"))
                                    .append(object.get("message") == null ? "" : " - " + object.get("message"))
                                    .append('\n');
                        }
                    }
                }
            }
        }
        return out.toString();
    }
}
