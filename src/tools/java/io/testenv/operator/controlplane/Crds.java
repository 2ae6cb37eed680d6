package io.testenv.operator.controlplane;

import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/** Installing a CRD as a user does, on a real API server, which validates it and reports when it is served. */
public final class Crds {

    private Crds() {}

    /** Installs every CRD of the directory ({@code crds/}: the TestEnvironment's, the pool's and the claim's). */
    public static void installAll(KubernetesClient client, Path directory) throws IOException {
        List<Path> files;
        try (Stream<Path> listed = Files.list(directory)) {
            files = listed.filter(f -> f.getFileName().toString().endsWith(".yml"))
                    .sorted()
                    .toList();
        }
        for (Path file : files) {
            install(client, file);
        }
    }

    /** Applies the CRD file and waits until the API server has established it. */
    public static void install(KubernetesClient client, Path file) throws IOException {
        CustomResourceDefinition crd =
                client.getKubernetesSerialization().unmarshal(Files.readString(file), CustomResourceDefinition.class);
        client.resource(crd).forceConflicts().serverSideApply();
        client.apiextensions()
                .v1()
                .customResourceDefinitions()
                .withName(crd.getMetadata().getName())
                .waitUntilCondition(
                        c -> c != null
                                && c.getStatus() != null
                                && c.getStatus().getConditions() != null
                                && c.getStatus().getConditions().stream()
                                        .anyMatch(s -> s.getType().equals("Established")
                                                && s.getStatus().equals("True")),
                        60,
                        TimeUnit.SECONDS);
    }
}
