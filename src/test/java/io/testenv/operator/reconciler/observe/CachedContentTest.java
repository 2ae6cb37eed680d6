package io.testenv.operator.reconciler.observe;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.ManagedFieldsEntry;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.testenv.operator.planner.readiness.ObjectView;
import io.testenv.operator.planner.readiness.PodProblems;
import io.testenv.operator.planner.readiness.Readiness;
import io.testenv.operator.planner.state.DriftCheck;
import io.testenv.operator.planner.state.Timings;
import io.testenv.operator.reconciler.apply.Ownership;
import io.testenv.operator.reconciler.marks.Marks;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What the informer caches keep of an object: who wrote it and when, but not which fields each writer owns; the
 * whole of an object an environment may own; only the metadata (and a Pod's status) of the rest. Nothing the
 * planner, the drift check, the ownership check or a message reads is lost.
 */
class CachedContentTest {

    static final KubernetesClient CLIENT = new KubernetesClientBuilder().build();
    static final KubernetesSerialization JSON = CLIENT.getKubernetesSerialization();
    static final String ENV_UID = "env-uid";

    @AfterAll
    static void close() {
        CLIENT.close();
    }

    static String text(String fixture) {
        try (InputStream in = CachedContentTest.class.getResourceAsStream("/cache/" + fixture + ".json")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static GenericKubernetesResource read(String fixture) {
        return JSON.unmarshal(text(fixture), GenericKubernetesResource.class);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            deployment-ours        | spec status | kube-controller-manager testenv-operator/env-uid
            pod-of-workload        | status      | kube-controller-manager kwok
            replicaset-of-workload |             | kube-controller-manager kube-controller-manager
            configmap-foreign      |             | kubectl-client-side-apply
            """)
    void keepsTheContentOfWhatAnEnvironmentMayOwnAndWhoWroteWhatWhen(
            String fixture, String keptContent, String managers) {
        GenericKubernetesResource original = read(fixture);
        GenericKubernetesResource trimmed = CachedContent.trim(read(fixture));

        assertThat(trimmed.getAdditionalProperties().keySet()).containsExactlyInAnyOrderElementsOf(words(keptContent));
        assertThat(trimmed.getApiVersion()).isEqualTo(original.getApiVersion());
        assertThat(trimmed.getKind()).isEqualTo(original.getKind());
        assertThat(trimmed.getAdditionalProperties())
                .allSatisfy((key, value) -> assertThat(value)
                        .isEqualTo(original.getAdditionalProperties().get(key)));
        assertThat(trimmed.getMetadata().getManagedFields())
                .extracting(ManagedFieldsEntry::getManager)
                .containsExactlyInAnyOrderElementsOf(words(managers));
        assertThat(trimmed.getMetadata().getManagedFields())
                .allSatisfy(entry -> assertThat(entry.getFieldsV1()).isNull());
        assertThat(trimmed.getMetadata().getManagedFields())
                .usingRecursiveFieldByFieldElementComparatorIgnoringFields("fieldsV1")
                .containsExactlyElementsOf(original.getMetadata().getManagedFields());
        trimmed.getMetadata().setManagedFields(null);
        original.getMetadata().setManagedFields(null);
        assertThat(trimmed.getMetadata()).isEqualTo(original.getMetadata());
    }

    @ParameterizedTest
    @ValueSource(strings = {"deployment-ours", "pod-of-workload", "replicaset-of-workload", "configmap-foreign"})
    void changesNothingTheOperatorDecidesFrom(String fixture) {
        GenericKubernetesResource original = read(fixture);
        GenericKubernetesResource trimmed = CachedContent.trim(read(fixture));
        Map<String, Object> before = PlannerView.of(original, JSON);
        Map<String, Object> after = PlannerView.of(trimmed, JSON);

        // ownership: whose it is, and who a Conflict's message says holds it
        assertThat(Marks.belongsTo(trimmed, ENV_UID)).isEqualTo(Marks.belongsTo(original, ENV_UID));
        assertThat(Ownership.describeManagers(trimmed)).isEqualTo(Ownership.describeManagers(original));
        // the time its status was written, which dates a dependency's readiness
        assertThat(Timings.statusRecordedAt(after)).isEqualTo(Timings.statusRecordedAt(before));
        // the component it serves, its readiness and a pod's problems
        assertThat(Watches.environmentOf(trimmed)).isEqualTo(Watches.environmentOf(original));
        if (Marks.belongsTo(original, ENV_UID) || original.getKind().equals("Pod")) {
            assertThat(Readiness.compute(after)).isEqualTo(Readiness.compute(before));
            assertThat(PodProblems.of(new ObjectView(after))).isEqualTo(PodProblems.of(new ObjectView(before)));
        }
        // drift: an environment's own object is compared whole
        if (Marks.belongsTo(original, ENV_UID)) {
            assertThat(after).isEqualTo(withoutFieldsV1(before));
        }
    }

    @Test
    void driftOfAnEnvironmentsObjectIsStillSeen() {
        Map<String, Object> declared = Map.of(
                "apiVersion",
                "apps/v1",
                "kind",
                "Deployment",
                "metadata",
                Map.of("name", "web"),
                "spec",
                Map.of("replicas", 2));
        GenericKubernetesResource live = CachedContent.trim(read("deployment-ours"));

        assertThat(DriftCheck.changedPaths(declared, PlannerView.of(live, JSON), Set.of()))
                .containsExactly("spec.replicas");
    }

    @Test
    void aPodAnEnvironmentDeclaresIsKeptWhole() {
        GenericKubernetesResource pod = read("pod-of-workload");
        pod.getMetadata().setOwnerReferences(List.of());
        pod.getMetadata().setAnnotations(Map.of(Marks.ENVIRONMENT_UID, ENV_UID));

        assertThat(CachedContent.trim(pod).getAdditionalProperties()).containsKeys("spec", "status");
    }

    @Test
    void anObjectWhoseControllerIsAnEnvironmentIsKeptWholeWithoutTheAnnotation() {
        GenericKubernetesResource object = read("deployment-ours");
        object.getMetadata().setAnnotations(Map.of());

        assertThat(Marks.belongsTo(object, ENV_UID)).isTrue();
        assertThat(CachedContent.trim(object).getAdditionalProperties()).containsKeys("spec", "status");
    }

    @Test
    void anOwnerReferenceOfAnotherKindWithAnEnvironmentsUidMakesNothingTheEnvironments() {
        GenericKubernetesResource object = read("configmap-foreign");
        object.getMetadata()
                .setOwnerReferences(List.of(new OwnerReferenceBuilder()
                        .withApiVersion("v1")
                        .withKind("ConfigMap")
                        .withName("env")
                        .withUid(ENV_UID)
                        .withController(true)
                        .build()));

        assertThat(Marks.belongsTo(object, ENV_UID)).isFalse();
        assertThat(Marks.mayBelongToAnEnvironment(object)).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"deployment-ours", "pod-of-workload", "replicaset-of-workload", "configmap-foreign"})
    void trimsInPlaceOnceAndForAll(String fixture) {
        GenericKubernetesResource object = read(fixture);
        GenericKubernetesResource untouched = read(fixture);

        GenericKubernetesResource trimmed = CachedContent.trim(object);
        String once = JSON.asJson(trimmed);

        assertThat(trimmed).isSameAs(object);
        assertThat(JSON.asJson(CachedContent.trim(trimmed))).isEqualTo(once);
        assertThat(untouched).isEqualTo(read(fixture));
        assertThat(once.length()).isLessThan(JSON.asJson(untouched).length());
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> withoutFieldsV1(Map<String, Object> view) {
        Map<String, Object> copy = JSON.convertValue(view, Map.class);
        ((List<Map<String, Object>>) ((Map<String, Object>) copy.get("metadata")).get("managedFields"))
                .forEach(entry -> entry.remove("fieldsV1"));
        return copy;
    }

    static List<String> words(String text) {
        return text == null
                ? List.of()
                : Arrays.stream(text.trim().split("\\s+"))
                        .filter(w -> !w.isEmpty())
                        .toList();
    }
}
