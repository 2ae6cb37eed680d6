package io.testenv.operator.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.api.model.APIResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.MixedOperation;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceList;

class ApiServerTest {

    static ApiServer server;
    static KubernetesClient client;
    static int counter;
    String name;

    @BeforeAll
    static void start() {
        server = ApiServer.start();
        client = server.client();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @BeforeEach
    void uniqueName() {
        name = "obj-" + (++counter);
    }

    static MixedOperation<GenericKubernetesResource, GenericKubernetesResourceList, Resource<GenericKubernetesResource>> deployments() {
        return client.genericKubernetesResources("apps/v1", "Deployment");
    }

    GenericKubernetesResource deployment(int replicas, List<String> args) {
        return new GenericKubernetesResourceBuilder().withApiVersion("apps/v1").withKind("Deployment")
                .withNewMetadata().withName(name).withNamespace("test").addToLabels("app", name).endMetadata()
                .addToAdditionalProperties("spec", Map.of("replicas", replicas, "template", Map.of("spec",
                        Map.of("containers", List.of(Map.of("name", "app", "image", "x", "args", args))))))
                .build();
    }

    GenericKubernetesResource apply(GenericKubernetesResource object) {
        return deployments().inNamespace("test").resource(object).fieldManager("testenv-operator").forceConflicts()
                .serverSideApply();
    }

    static Object at(GenericKubernetesResource object, String... path) {
        return Manifests.at(object, path);
    }

    @Test
    void serverSideApplyCreatesWhenAbsent() {
        GenericKubernetesResource created = apply(deployment(1, List.of("a")));

        assertThat(created.getMetadata().getUid()).isNotBlank();
        assertThat(created.getMetadata().getGeneration()).isEqualTo(1L);
        assertThat(deployments().inNamespace("test").withName(name).get()).isNotNull();
    }

    @Test
    void serverSideApplyMergesReplacingListsAndKeepingOtherFields() {
        apply(deployment(1, List.of("a", "b")));
        GenericKubernetesResource edited = deployments().inNamespace("test").withName(name).get();
        edited.getMetadata().getAnnotations().put("kept", "yes");
        deployments().inNamespace("test").resource(edited).update();

        GenericKubernetesResource applied = apply(deployment(2, List.of("c")));

        assertThat(at(applied, "spec", "replicas")).isEqualTo(2);
        assertThat(at(applied, "spec", "template", "spec", "containers")).asList().hasSize(1);
        assertThat(applied.getMetadata().getAnnotations()).containsEntry("kept", "yes");
        assertThat(applied.getMetadata().getGeneration()).isEqualTo(2L);
    }

    @Test
    void reapplyingTheSameObjectChangesNothing() {
        GenericKubernetesResource first = apply(deployment(1, List.of("a")));
        GenericKubernetesResource second = apply(deployment(1, List.of("a")));

        assertThat(second.getMetadata().getResourceVersion()).isEqualTo(first.getMetadata().getResourceVersion());
        assertThat(second.getMetadata().getGeneration()).isEqualTo(1L);
    }

    @Test
    void statusApplyChangesOnlyTheStatusAndNotTheGeneration() {
        apply(deployment(1, List.of("a")));
        GenericKubernetesResource status = deployment(5, List.of("ignored"));
        status.setAdditionalProperty("status", Map.of("readyReplicas", 1));

        GenericKubernetesResource result = deployments().inNamespace("test").resource(status).subresource("status")
                .patch(new PatchContext.Builder().withFieldManager("controller").withForce(true)
                        .withPatchType(PatchType.SERVER_SIDE_APPLY).build());

        assertThat(at(result, "status", "readyReplicas")).isEqualTo(1);
        assertThat(at(result, "spec", "replicas")).isEqualTo(1);
        assertThat(result.getMetadata().getGeneration()).isEqualTo(1L);
    }

    @Test
    void statusInAMainResourceApplyIsIgnored() {
        GenericKubernetesResource object = deployment(1, List.of("a"));
        object.setAdditionalProperty("status", Map.of("readyReplicas", 7));

        GenericKubernetesResource created = apply(object);

        assertThat(at(created, "status")).isNull();
    }

    @Test
    void mergePatchReplacesListsAndNullDeletes() {
        apply(deployment(1, List.of("a", "b")));

        GenericKubernetesResource patched = deployments().inNamespace("test").withName(name).patch(
                PatchContext.of(PatchType.JSON_MERGE),
                "{\"metadata\":{\"labels\":{\"app\":null,\"tier\":\"db\"}},"
                        + "\"spec\":{\"template\":{\"spec\":{\"containers\":[{\"name\":\"only\",\"image\":\"y\"}]}}}}");

        assertThat(patched.getMetadata().getLabels()).containsOnlyKeys("tier");
        assertThat(at(patched, "spec", "template", "spec", "containers")).asList()
                .containsExactly(Map.of("name", "only", "image", "y"));
        assertThat(patched.getMetadata().getGeneration()).isEqualTo(2L);
    }

    @Test
    void discoveryServesBuiltInKinds() {
        List<APIResource> apps = client.getApiResources("apps/v1").getResources();

        assertThat(apps).extracting(APIResource::getName).contains("deployments", "deployments/status",
                "statefulsets", "replicasets");
        APIResource deployments = apps.stream().filter(r -> r.getName().equals("deployments")).findFirst().orElseThrow();
        assertThat(deployments.getNamespaced()).isTrue();
        assertThat(deployments.getShortNames()).containsExactly("deploy");
        assertThat(deployments.getVerbs()).contains("watch", "patch");
        assertThat(client.getApiResources("v1").getResources()).extracting(APIResource::getKind).contains("Pod");
        assertThat(client.getApiResources("nothing.example.com/v1")).isNull();
    }

    @Test
    void crdCreatedThroughTheApiIsServedAtOnce() {
        client.apiextensions().v1().customResourceDefinitions().resource(widgetCrd()).create();

        List<APIResource> resources = client.getApiResources("example.com/v1").getResources();
        assertThat(resources).extracting(APIResource::getName).containsExactly("widgets", "widgets/status");
        assertThat(resources.get(0).getShortNames()).containsExactly("wd");

        MixedOperation<GenericKubernetesResource, GenericKubernetesResourceList, Resource<GenericKubernetesResource>> widgets =
                client.genericKubernetesResources("example.com/v1", "Widget");
        widgets.inNamespace("test").resource(new GenericKubernetesResourceBuilder().withApiVersion("example.com/v1")
                .withKind("Widget").withNewMetadata().withName("w1").endMetadata().build())
                .fieldManager("t").serverSideApply();
        assertThat(widgets.inNamespace("test").list().getItems()).extracting(w -> w.getMetadata().getName())
                .containsExactly("w1");
    }

    @Test
    void deletedCrdLeavesDiscovery() {
        CustomResourceDefinition crd = Manifests.crd("gone.example.com", "sprockets", "Sprocket", "sp");
        client.apiextensions().v1().customResourceDefinitions().resource(crd).create();
        assertThat(client.getApiResources("gone.example.com/v1")).isNotNull();

        client.apiextensions().v1().customResourceDefinitions().resource(crd).withGracePeriod(0).delete();

        await().atMost(Duration.ofSeconds(5)).until(() -> client.getApiResources("gone.example.com/v1") == null);
    }

    @Test
    void createsWithGenerateNameEachGetANewObject() {
        var events = client.v1().events().inNamespace("test");
        for (int i = 0; i < 3; i++) {
            events.resource(new io.fabric8.kubernetes.api.model.EventBuilder().withNewMetadata()
                    .withGenerateName(name + ".").endMetadata().withReason("Tested").build()).create();
        }

        assertThat(events.list().getItems()).extracting(e -> e.getMetadata().getName())
                .filteredOn(n -> n.startsWith(name + ".")).hasSize(3).doesNotHaveDuplicates();
    }

    @Test
    void labelSelectedInformerSeesApplyAndStatusChanges() {
        List<String> events = new CopyOnWriteArrayList<>();
        SharedIndexInformer<GenericKubernetesResource> informer = deployments().inAnyNamespace().withLabel("app", name)
                .inform(new ResourceEventHandler<>() {
                    @Override
                    public void onAdd(GenericKubernetesResource obj) {
                        events.add("ADDED " + obj.getMetadata().getGeneration());
                    }

                    @Override
                    public void onUpdate(GenericKubernetesResource old, GenericKubernetesResource obj) {
                        events.add("MODIFIED " + (at(obj, "status") != null ? "status" : "spec"));
                    }

                    @Override
                    public void onDelete(GenericKubernetesResource obj, boolean unknown) {
                        events.add("DELETED");
                    }
                });
        try {
            apply(deployment(1, List.of("a")));
            await().atMost(Duration.ofSeconds(10)).until(() -> events.contains("ADDED 1"));
            new Controllers(client).markDeploymentReady("test", name);
            await().atMost(Duration.ofSeconds(10)).until(() -> events.contains("MODIFIED status"));
        } finally {
            informer.close();
        }
    }

    @Test
    void clusterScopedInformerWorks() {
        List<String> names = new CopyOnWriteArrayList<>();
        SharedIndexInformer<CustomResourceDefinition> informer = client.apiextensions().v1().customResourceDefinitions()
                .withLabel("suite", "api-server").inform(new ResourceEventHandler<>() {
                    @Override
                    public void onAdd(CustomResourceDefinition obj) {
                        names.add(obj.getMetadata().getName());
                    }

                    @Override
                    public void onUpdate(CustomResourceDefinition old, CustomResourceDefinition obj) {
                    }

                    @Override
                    public void onDelete(CustomResourceDefinition obj, boolean unknown) {
                    }
                });
        try {
            CustomResourceDefinition crd = widgetCrd();
            crd.getMetadata().setName("gadgets.example.org");
            crd.getSpec().setGroup("example.org");
            crd.getSpec().getNames().setPlural("gadgets");
            crd.getSpec().getNames().setKind("Gadget");
            crd.getSpec().getNames().setShortNames(List.of());
            crd.getMetadata().setLabels(Map.of("suite", "api-server"));
            client.apiextensions().v1().customResourceDefinitions().resource(crd).create();
            await().atMost(Duration.ofSeconds(10)).until(() -> names.contains("gadgets.example.org"));
        } finally {
            informer.close();
        }
    }

    @Test
    void controllersWriteStatusesWithTheObservedGeneration() {
        apply(deployment(3, List.of("a")));
        apply(deployment(3, List.of("b")));

        new Controllers(client).markDeploymentReady("test", name);

        GenericKubernetesResource ready = deployments().inNamespace("test").withName(name).get();
        assertThat(at(ready, "status", "observedGeneration")).isEqualTo(2);
        assertThat(at(ready, "status", "availableReplicas")).isEqualTo(3);
    }

    static CustomResourceDefinition widgetCrd() {
        return Manifests.crd("example.com", "widgets", "Widget", "wd");
    }
}
