package io.testenv.operator.api;

import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Singular;
import io.fabric8.kubernetes.model.annotation.Version;
import io.testenv.operator.api.json.LenientSpecDeserializer;
import io.testenv.operator.api.json.LenientStatusDeserializer;

/**
 * A test environment: named components (groups of Kubernetes manifests) brought up as a graph, each
 * component applied as soon as the gates on its dependencies open. Plural and singular are given so that fabric8
 * does not derive them with its regular expressions in every constructor (every watch event).
 */
@Group(TestEnvironment.GROUP)
@Version(TestEnvironment.VERSION)
@Plural("testenvironments")
@Singular("testenvironment")
@ShortNames({"te", "testenv"})
@AdditionalPrinterColumn(
        name = "Expires",
        jsonPath = ".status.expiresAt",
        type = AdditionalPrinterColumn.Type.DATE,
        priority = 1)
@AdditionalPrinterColumn(
        name = "Age",
        jsonPath = ".metadata.creationTimestamp",
        type = AdditionalPrinterColumn.Type.DATE)
public class TestEnvironment extends CustomResource<TestEnvironmentSpec, TestEnvironmentStatus> implements Namespaced {

    public static final String GROUP = "testenv.io";
    public static final String VERSION = "v1alpha1";
    public static final String API_VERSION = GROUP + "/" + VERSION;

    /** Read leniently: an unreadable spec fails its own environment, never the shared watch. */
    @Override
    @JsonDeserialize(using = LenientSpecDeserializer.class)
    public void setSpec(TestEnvironmentSpec spec) {
        super.setSpec(spec);
    }

    @Override
    @JsonDeserialize(using = LenientStatusDeserializer.class)
    public void setStatus(TestEnvironmentStatus status) {
        super.setStatus(status);
    }

    @Override
    protected TestEnvironmentSpec initSpec() {
        return new TestEnvironmentSpec();
    }

    @Override
    protected TestEnvironmentStatus initStatus() {
        return new TestEnvironmentStatus();
    }
}
