package io.testenv.operator.planner;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The API model is the wire format alone: nothing in it imports or names the planner or the reconciler. */
class ApiPurityTest {

    static final Pattern FORBIDDEN = Pattern.compile("\\bio\\.testenv\\.operator\\.(planner|reconciler)\\b");

    @Test
    void apiImportsNothingOfThePlannerOrTheReconciler() throws IOException {
        List<Path> sources = PlannerPurityTest.sources("src/main/java/io/testenv/operator/api");
        assertThat(sources).hasSizeGreaterThan(10);
        assertThat(PlannerPurityTest.offenders(sources, FORBIDDEN)).isEmpty();
    }

    @Test
    void theBanCatchesAnImportOfEither() {
        assertThat(FORBIDDEN
                        .matcher("import io.testenv.operator.planner.readiness.CelHealth;")
                        .find())
                .isTrue();
        assertThat(FORBIDDEN
                        .matcher("import static io.testenv.operator.reconciler.marks.Labels.ENVIRONMENT;")
                        .find())
                .isTrue();
        assertThat(FORBIDDEN
                        .matcher("import io.testenv.operator.api.json.LenientSpecDeserializer;")
                        .find())
                .isFalse();
    }
}
