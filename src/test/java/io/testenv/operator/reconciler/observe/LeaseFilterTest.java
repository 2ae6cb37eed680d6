package io.testenv.operator.reconciler.observe;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Renewing a heartbeat Lease triggers no reconcile; any other change to it does. */
class LeaseFilterTest {

    static final KubernetesSerialization JSON = new KubernetesSerialization();

    static GenericKubernetesResource lease(String metadataExtra, String spec) {
        return JSON.unmarshal(
                """
                {"apiVersion": "coordination.k8s.io/v1", "kind": "Lease",
                 "metadata": {"name": "env", "namespace": "ci", "resourceVersion": "%s",
                              "labels": {"testenv.io/environment": "env"}%s},
                 "spec": %s}""".formatted(Math.abs(spec.hashCode()), metadataExtra, spec), GenericKubernetesResource.class);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            renewed                  | | {"leaseDurationSeconds": 30, "renewTime": "2026-12-02T10:00:10.000000Z"} | false
            renewed by someone named | | {"leaseDurationSeconds": 30, "holderIdentity": "suite", "renewTime": "2026-12-02T10:00:10.000000Z"} | false
            duration changed         | | {"leaseDurationSeconds": 60} | true
            being deleted            | , "deletionTimestamp": "2026-12-02T10:00:20Z" | {"leaseDurationSeconds": 30} | true
            """)
    void onlyChangesBeyondARenewalReachTheReconciler(String name, String metadata, String spec, boolean reconcile) {
        GenericKubernetesResource old = lease("", "{\"leaseDurationSeconds\": 30}");
        GenericKubernetesResource updated = lease(metadata == null ? "" : metadata, spec);
        assertThat(Watches.notARenewal(updated, old)).isEqualTo(reconcile);
    }
}
