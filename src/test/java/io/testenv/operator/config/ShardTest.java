package io.testenv.operator.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.testenv.operator.reconciler.marks.Labels;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** What a replica's {@code testenv.shard} makes of its informers' label selectors and its leader-election Lease. */
class ShardTest {

    @ParameterizedTest(name = "shard ''{0}'': selector {1}, teardown {2}, Lease {3}")
    @CsvSource(
            delimiter = '|',
            nullValues = "none",
            value = {
                "none    | !testenv.io/shard        | testenv.io/teardown!=garbage-collection,!testenv.io/shard"
                        + "        | testenv-operator",
                "a       | testenv.io/shard=a       | testenv.io/teardown!=garbage-collection,testenv.io/shard=a"
                        + "       | testenv-operator-a",
                "team-42 | testenv.io/shard=team-42 | testenv.io/teardown!=garbage-collection,testenv.io/shard=team-42"
                        + " | testenv-operator-team-42",
            })
    void selectorsAndLeaseFollowTheKey(String key, String selector, String teardown, String lease) {
        Shard shard = new Shard(Optional.ofNullable(key));
        assertThat(shard.selector()).isEqualTo(selector);
        assertThat(shard.selector(Labels.TEARDOWN_SELECTOR)).isEqualTo(teardown);
        assertThat(shard.leaseName()).isEqualTo(lease);
    }

    @ParameterizedTest(name = "''{0}'' is refused")
    @ValueSource(
            strings = {
                "A",
                "team_a",
                "-a",
                "a-",
                "a.b",
                "a b",
                "",
                "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
            })
    void aKeyThatIsNotADnsLabelIsRefused(String key) {
        assertThatThrownBy(() -> Shard.of(key))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("testenv.shard");
    }
}
