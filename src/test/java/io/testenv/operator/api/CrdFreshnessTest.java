package io.testenv.operator.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.testenv.operator.controlplane.KubeApiServerResource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * crds/ holds the CRD generated from the Java model, checked in. The build regenerates it (into
 * target/kubernetes) every time the application is built, here for this test; the two must be identical.
 * {@code ./mvnw verify -Dcrds.update=true} writes the generated CRD into crds/.
 */
@QuarkusTest
@WithTestResource(KubeApiServerResource.class)
class CrdFreshnessTest {

    static final java.util.List<String> FILES = java.util.List.of(
            "testenvironments.testenv.io-v1.yml",
            "testenvironmentpools.testenv.io-v1.yml",
            "testenvironmentclaims.testenv.io-v1.yml");

    @Test
    void checkedInCrdsAreWhatTheBuildGenerates() throws IOException {
        for (String file : FILES) {
            checkedInCrdIsWhatTheBuildGenerates(file);
        }
    }

    private void checkedInCrdIsWhatTheBuildGenerates(String file) throws IOException {
        Path generated = Path.of("target", "kubernetes", file);
        Path checkedIn = Path.of("crds", file);
        assertThat(generated).as("the build generates the CRD").exists();
        if (Boolean.getBoolean("crds.update")) {
            Files.copy(generated, checkedIn, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }

        assertThat(Files.readString(checkedIn))
                .as("crds/%s is stale: run ./mvnw verify -Dcrds.update=true and commit crds/", file)
                .isEqualTo(Files.readString(generated));
    }
}
