package io.testenv.operator.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.ManagedFieldsEntry;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.processing.GroupVersionKind;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.testenv.operator.controlplane.InjectKubeApi;
import io.testenv.operator.controlplane.KubeApi;
import io.testenv.operator.controlplane.KubeApiServerResource;
import io.testenv.operator.planner.model.ObjectRef;
import io.testenv.operator.reconciler.observe.Watches;
import io.testenv.operator.tenancy.Tenants;
import io.testenv.operator.testing.Controllers;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The informer caches on a real API server keep what the operator reads and drop the rest: who wrote an object and
 * when, without the fields each writer owns; only the metadata of an object no environment may own (a Pod its
 * status too). Drift is still seen from the cache, and an object the environment did not create is still refused.
 */
@QuarkusTest
@WithTestResource(KubeApiServerResource.class)
class InformerCacheTest {

    static final GroupVersionKind CONFIG_MAP = new GroupVersionKind("v1", "ConfigMap");
    static final GroupVersionKind DEPLOYMENT = new GroupVersionKind("apps/v1", "Deployment");
    static final GroupVersionKind POD = new GroupVersionKind("v1", "Pod");
    static int counter;

    @InjectKubeApi
    KubeApi api;

    @Inject
    Watches watches;

    KubernetesClient admin;
    Tenants tenants;
    Controllers controllers;
    String ns;

    @BeforeEach
    void setUp() {
        admin = api.client();
        tenants = new Tenants(admin);
        controllers = new Controllers(admin);
        ns = "cache-" + (++counter);
        tenants.namespace(ns);
    }

    @Test
    void anEnvironmentsObjectsAreCachedWithTheirWritersButNotTheFieldsTheyOwnAndDriftIsSeen() {
        tenants.create(
                ns,
                Tenants.env("cached", DriftTest.WEB_AND_SETTINGS)
                        .replace("  timeout: 20s\n", "  timeout: 20s\n  drift: Report\n"));
        Awaitility.await().atMost(Tenants.TIMEOUT).until(() -> tenants.exists("apps/v1", "Deployment", ns, "web"));
        controllers.markDeploymentReady(ns, "web");
        tenants.await(ns, "cached", "Ready", "True");

        // someone else takes the ConfigMap's data with a field manager of their own
        admin.configMaps()
                .inNamespace(ns)
                .resource(new ConfigMapBuilder()
                        .withNewMetadata()
                        .withName("settings")
                        .withNamespace(ns)
                        .endMetadata()
                        .addToData("mode", "production")
                        .build())
                .fieldManager("intruder")
                .forceConflicts()
                .serverSideApply();

        var ready = tenants.await(ns, "cached", "Ready", "False");
        assertThat(ready.getMessage()).contains("changed outside the environment: ConfigMap settings: data.mode");
        GenericKubernetesResource server = current(CONFIG_MAP, "settings");
        GenericKubernetesResource cached = cachedAt(CONFIG_MAP, "settings", server);
        assertThat(managers(server)).contains("intruder").anyMatch(m -> m.startsWith("testenv-operator/"));
        assertThat(server.getMetadata().getManagedFields())
                .allSatisfy(e -> assertThat(e.getFieldsV1()).isNotNull());
        assertThat(managers(cached)).isEqualTo(managers(server));
        assertThat(cached.getMetadata().getManagedFields())
                .allSatisfy(e -> assertThat(e.getFieldsV1()).isNull());
        assertThat(cached.getAdditionalProperties().get("data")).isEqualTo(Map.of("mode", "production"));
        assertThat(cached.getMetadata().getAnnotations())
                .isEqualTo(server.getMetadata().getAnnotations());

        // the time of the status write, which dates readiness, is kept
        GenericKubernetesResource web = current(DEPLOYMENT, "web");
        GenericKubernetesResource cachedWeb = cachedAt(DEPLOYMENT, "web", web);
        assertThat(statusWrites(cachedWeb)).isNotEmpty().isEqualTo(statusWrites(web));
        assertThat(cachedWeb.getAdditionalProperties()).containsKeys("spec", "status");

        // a pod of the environment's workload: its status (readiness, problems), not its spec
        controllers.createPodOf("apps/v1", "Deployment", ns, "web", "web-1");
        controllers.setPodWaiting(ns, "web-1", "web", "ImagePullBackOff", "Back-off pulling image");
        GenericKubernetesResource pod = current(POD, "web-1");
        GenericKubernetesResource cachedPod = cachedAt(POD, "web-1", pod);
        assertThat(cachedPod.getAdditionalProperties().keySet()).containsExactly("status");
        assertThat(cachedPod.getAdditionalProperties().get("status"))
                .isEqualTo(pod.getAdditionalProperties().get("status"));
    }

    @Test
    void anObjectNoEnvironmentOwnsIsCachedWithItsMetadataOnlyAndStillRefused() {
        admin.configMaps()
                .inNamespace(ns)
                .resource(new ConfigMapBuilder()
                        .withNewMetadata()
                        .withName("settings")
                        .addToLabels(Map.of(
                                "testenv.io/environment", "copied",
                                "testenv.io/environment-namespace", ns,
                                "testenv.io/component", "web"))
                        .endMetadata()
                        .addToData("mode", "production")
                        .build())
                .create();
        tenants.create(ns, Tenants.env("copied", DriftTest.WEB_AND_SETTINGS));

        tenants.assertRefused(ns, "copied", "ComponentFailed", "ConfigMap settings already exists");
        GenericKubernetesResource foreign = current(CONFIG_MAP, "settings");
        assertThat(foreign.getAdditionalProperties().get("data")).isEqualTo(Map.of("mode", "production"));
        assertThat(managers(foreign)).doesNotContain("testenv-operator");
        GenericKubernetesResource cachedForeign = cachedAt(CONFIG_MAP, "settings", foreign);
        assertThat(cachedForeign.getAdditionalProperties()).isEmpty();
        assertThat(cachedForeign.getMetadata().getLabels())
                .isEqualTo(foreign.getMetadata().getLabels());
        assertThat(managers(cachedForeign)).isEqualTo(managers(foreign));
    }

    GenericKubernetesResource current(GroupVersionKind gvk, String name) {
        return admin.genericKubernetesResources(gvk.apiVersion(), gvk.getKind())
                .inNamespace(ns)
                .withName(name)
                .get();
    }

    /** The cached object once the cache holds the version read from the server. */
    GenericKubernetesResource cachedAt(GroupVersionKind gvk, String name, GenericKubernetesResource server) {
        ObjectRef ref = new ObjectRef(gvk.apiVersion(), gvk.getKind(), ns, name);
        String version = server.getMetadata().getResourceVersion();
        Awaitility.await()
                .atMost(Tenants.TIMEOUT)
                .until(() -> watches.cached(gvk, ref)
                        .map(o -> version.equals(o.getMetadata().getResourceVersion()))
                        .orElse(false));
        return watches.cached(gvk, ref).orElseThrow();
    }

    static List<String> managers(GenericKubernetesResource object) {
        return Optional.ofNullable(object.getMetadata().getManagedFields()).orElse(List.of()).stream()
                .map(ManagedFieldsEntry::getManager)
                .toList();
    }

    static List<String> statusWrites(GenericKubernetesResource object) {
        return object.getMetadata().getManagedFields().stream()
                .filter(e -> Objects.equals(e.getSubresource(), "status"))
                .map(e -> e.getManager() + "@" + e.getTime())
                .toList();
    }
}
