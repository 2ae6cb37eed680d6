package io.testenv.junit5;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The extension's generated names and the durations it reads. */
class NamesTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "DataStorageIT, testenv-datastorageit-",
        "PerMethod.first, testenv-permethod-first-",
        "suite.datastorage, testenv-suite-datastorage-",
        "ATestClassWithAVeryLongNameThatGoesOnAndOnPastWhatAnyLabelHolds, testenv-atestclasswithaverylongnamethatgoesonandonpastwha-",
        "__Odd__Name__, testenv-odd-name-"
    })
    void namespacesAreDnsLabelsWithinSixtyThreeCharacters(String owner, String prefix) {
        String name = Names.namespace(owner);
        assertThat(name).startsWith(prefix).hasSizeLessThanOrEqualTo(63).matches("[a-z0-9]([-a-z0-9]*[a-z0-9])?");
        assertThat(name.substring(prefix.length())).hasSize(5);
        assertThat(Names.namespace(owner))
                .as("random: two classes never share one")
                .isNotEqualTo(name);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"90s, 90000", "10m, 600000", "1h30m, 5400000", "1.5h, 5400000", "250ms, 250"})
    void goDurations(String text, long millis) {
        assertThat(Settings.duration(text)).isEqualTo(Duration.ofMillis(millis));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"ten minutes", "10", "5m oops", "m"})
    void notDurations(String text) {
        assertThatThrownBy(() -> Settings.duration(text)).isInstanceOf(IllegalArgumentException.class);
    }
}
