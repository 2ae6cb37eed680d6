package io.testenv.operator.planner;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/** The API model is the wire format alone: nothing in it imports or names the planner or the reconciler. */
class ApiPurityTest {

    static final Pattern FORBIDDEN = Pattern.compile("\\bio\\.testenv\\.operator\\.(planner|reconciler)\\b");

    @Test
    void apiImportsNothingOfThePlannerOrTheReconciler() throws IOException {
        Path api = Path.of("src/main/java/io/testenv/operator/api");
        List<Path> sources;
        try (Stream<Path> files = Files.walk(api)) {
            sources = files.filter(p -> p.toString().endsWith(".java")).toList();
        }
        assertThat(sources).hasSizeGreaterThan(10);
        List<String> offenders = sources.stream().filter(ApiPurityTest::namesForbidden).map(Path::toString).toList();
        assertThat(offenders).isEmpty();
    }

    @Test
    void theBanCatchesAnImportOfEither() {
        assertThat(FORBIDDEN.matcher("import io.testenv.operator.planner.readiness.CelHealth;").find()).isTrue();
        assertThat(FORBIDDEN.matcher("import static io.testenv.operator.reconciler.Labels.ENVIRONMENT;").find())
                .isTrue();
        assertThat(FORBIDDEN.matcher("import io.testenv.operator.api.json.LenientSpecDeserializer;").find())
                .isFalse();
    }

    private static boolean namesForbidden(Path source) {
        try {
            return FORBIDDEN.matcher(Files.readString(source)).find();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
