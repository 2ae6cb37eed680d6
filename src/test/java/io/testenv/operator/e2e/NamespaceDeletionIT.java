package io.testenv.operator.e2e;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.testenv.operator.api.TestEnvironment;
import io.testenv.operator.playground.Playground;
import java.io.IOException;
import java.time.Duration;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Deleting the namespace of a Ready environment on the kwok cluster (real namespace controller and garbage
 * collector): the namespace goes, the environment's reverse teardown runs without hanging it, its pods go, and
 * the CRD it installed (which garbage collection cannot reach) is deleted too.
 */
class NamespaceDeletionIT {

    static Playground playground;

    @BeforeAll
    static void startPlayground() throws IOException {
        playground = Playground.startOnFreePorts(20, "namespace-deletion", System.out);
    }

    @AfterAll
    static void stopPlayground() {
        if (playground != null) {
            playground.close();
        }
    }

    @Test
    void aNamespaceBeingDeletedTakesItsEnvironmentAlongWithoutHanging() {
        KubernetesClient client = playground.client();
        String ns = "doomed";
        client.namespaces()
                .resource(new NamespaceBuilder()
                        .withNewMetadata()
                        .withName(ns)
                        .endMetadata()
                        .build())
                .create();
        TestEnvironment env = client.getKubernetesSerialization().unmarshal("""
                apiVersion: testenv.io/v1alpha1
                kind: TestEnvironment
                metadata: {name: doomed, namespace: doomed}
                spec:
                  teardown: Reverse
                  components:
                  - name: crds
                    manifests:
                    - apiVersion: apiextensions.k8s.io/v1
                      kind: CustomResourceDefinition
                      metadata: {name: dooms.example.com}
                      spec:
                        group: example.com
                        names: {kind: Doom, plural: dooms}
                        scope: Namespaced
                        versions: [{name: v1, served: true, storage: true, schema: {openAPIV3Schema: {type: object}}}]
                  - name: web
                    dependsOn: [{component: crds}]
                    manifests:
                    - apiVersion: apps/v1
                      kind: Deployment
                      metadata: {name: web}
                      spec:
                        replicas: 2
                        selector: {matchLabels: {app: web}}
                        template:
                          metadata: {labels: {app: web}}
                          spec: {containers: [{name: web, image: registry.example/web:1}]}
                """, TestEnvironment.class);
        client.resource(env).create();
        Awaitility.await().atMost(Duration.ofMinutes(1)).until(() -> {
            TestEnvironment current = client.resource(env).get();
            return current.getStatus() != null
                    && current.getStatus().getConditions().stream()
                            .anyMatch(c ->
                                    c.getType().equals("Ready") && c.getStatus().equals("True"));
        });

        long deleted = System.nanoTime();
        client.namespaces().withName(ns).delete();

        Awaitility.await()
                .atMost(Duration.ofMinutes(2))
                .until(() -> client.namespaces().withName(ns).get() == null);
        Awaitility.await()
                .atMost(Duration.ofSeconds(30))
                .until(() -> client.apiextensions()
                                .v1()
                                .customResourceDefinitions()
                                .withName("dooms.example.com")
                                .get()
                        == null);
        System.out.printf(
                "namespace deletion: the namespace, its environment, pods and the CRD gone in %.1f s%n",
                (System.nanoTime() - deleted) / 1e9);
    }
}
