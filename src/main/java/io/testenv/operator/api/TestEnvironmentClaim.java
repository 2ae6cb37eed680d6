package io.testenv.operator.api;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Singular;
import io.fabric8.kubernetes.model.annotation.Version;

/**
 * A claim on one Ready environment of a {@link TestEnvironmentPool} in its namespace, with the suite's own
 * components (the service under test) added on top. {@code kubectl wait --for=condition=Ready teclaim/<name>}.
 */
@Group(TestEnvironment.GROUP)
@Version(TestEnvironment.VERSION)
@Plural("testenvironmentclaims")
@Singular("testenvironmentclaim")
@ShortNames({"teclaim"})
@AdditionalPrinterColumn(name = "Pool", jsonPath = ".spec.pool", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
        name = "Ready",
        jsonPath = ".status.conditions[?(@.type==\"Ready\")].status",
        type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
        name = "Reason",
        jsonPath = ".status.conditions[?(@.type==\"Ready\")].reason",
        type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
        name = "Age",
        jsonPath = ".metadata.creationTimestamp",
        type = AdditionalPrinterColumn.Type.DATE)
public class TestEnvironmentClaim extends CustomResource<TestEnvironmentClaimSpec, TestEnvironmentClaimStatus>
        implements Namespaced {

    @Override
    protected TestEnvironmentClaimSpec initSpec() {
        return new TestEnvironmentClaimSpec();
    }

    @Override
    protected TestEnvironmentClaimStatus initStatus() {
        return new TestEnvironmentClaimStatus();
    }
}
