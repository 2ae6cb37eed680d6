package io.testenv.operator.planner;

import static org.assertj.core.api.Assertions.assertThat;

import io.testenv.operator.planner.model.GoDuration;
import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class GoDurationTest {

    @ParameterizedTest(name = "{0} = {1} ms")
    @CsvSource({"90s, 90000", "10m, 600000", "1h30m, 5400000", "1.5h, 5400000", "500ms, 500", "2m30s, 150000"})
    void parsesKubernetesDurations(String text, long millis) {
        assertThat(GoDuration.parse(text)).contains(Duration.ofMillis(millis));
    }

    @ParameterizedTest(name = "''{0}''")
    @ValueSource(strings = {"", "10", "ten minutes", "10 m", "-5s", "1d", "m10"})
    void rejectsWhatIsNotADuration(String text) {
        assertThat(GoDuration.parse(text)).isEmpty();
    }

    @ParameterizedTest(name = "{0} ms = {1}")
    @CsvSource({"600000, 10m", "5400000, 1h30m", "45000, 45s", "1500, 1s500ms"})
    void formatsTheShortestText(long millis, String text) {
        assertThat(GoDuration.format(Duration.ofMillis(millis))).isEqualTo(text);
    }
}
