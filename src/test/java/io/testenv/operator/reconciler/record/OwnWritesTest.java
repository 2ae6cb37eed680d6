package io.testenv.operator.reconciler.record;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.testenv.operator.api.TestEnvironment;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** A write is cached only when it is later than what the cache holds: a newer change is never hidden. */
class OwnWritesTest {

    @ParameterizedTest(name = "written {0}, cached {1}: {2}")
    @CsvSource(nullValues = "none", textBlock = """
            12,  11,   true
            11,  12,   false
            12,  12,   false
            100, 99,   true
            none, 11,  false
            12,  none, false
            abc, 11,   false
            """)
    void cachesOnlyALaterVersion(String written, String cached, boolean expected) {
        assertThat(OwnWrites.newer(env(written), env(cached))).isEqualTo(expected);
    }

    private static TestEnvironment env(String resourceVersion) {
        TestEnvironment env = new TestEnvironment();
        env.setMetadata(new ObjectMetaBuilder()
                .withName("env")
                .withNamespace("ci")
                .withResourceVersion(resourceVersion)
                .build());
        return env;
    }
}
