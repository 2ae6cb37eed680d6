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
 * A warm pool: environments brought up from a template ahead of time, each in a namespace of its own, kept at
 * {@code size} Ready and unclaimed, handed out to {@link TestEnvironmentClaim}s.
 */
@Group(TestEnvironment.GROUP)
@Version(TestEnvironment.VERSION)
@Plural("testenvironmentpools")
@Singular("testenvironmentpool")
@ShortNames({"tepool"})
@AdditionalPrinterColumn(name = "Size", jsonPath = ".spec.size", type = AdditionalPrinterColumn.Type.INTEGER)
@AdditionalPrinterColumn(
        name = "Max",
        jsonPath = ".spec.maxSize",
        type = AdditionalPrinterColumn.Type.INTEGER,
        priority = 1)
@AdditionalPrinterColumn(
        name = "Age",
        jsonPath = ".metadata.creationTimestamp",
        type = AdditionalPrinterColumn.Type.DATE)
public class TestEnvironmentPool extends CustomResource<TestEnvironmentPoolSpec, TestEnvironmentPoolStatus>
        implements Namespaced {

    @Override
    protected TestEnvironmentPoolSpec initSpec() {
        return new TestEnvironmentPoolSpec();
    }

    @Override
    protected TestEnvironmentPoolStatus initStatus() {
        return new TestEnvironmentPoolStatus();
    }
}
