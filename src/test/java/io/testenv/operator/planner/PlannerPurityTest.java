package io.testenv.operator.planner;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The planner decides and never does I/O: no Kubernetes client, operator SDK, Quarkus or Jakarta imports. */
class PlannerPurityTest {

    static final Pattern FORBIDDEN = Pattern.compile(
            "^import\\s+(static\\s+)?(io\\.fabric8\\.kubernetes\\.client|io\\.fabric8\\.kubernetes\\.api|io\\.javaoperatorsdk|io\\.quarkus|jakarta)\\.",
            Pattern.MULTILINE);

    @Test
    void plannerImportsNoIoFramework() throws IOException {
        List<Path> sources = sources("src/main/java/io/testenv/operator/planner");
        assertThat(sources).hasSizeGreaterThan(20);
        List<String> offenders = offenders(sources, FORBIDDEN);
        assertThat(offenders).isEmpty();
    }

    @Test
    void theBanCatchesAForbiddenImport() {
        assertThat(FORBIDDEN
                        .matcher("package x;\nimport io.fabric8.kubernetes.client.KubernetesClient;\n")
                        .find())
                .isTrue();
        assertThat(FORBIDDEN
                        .matcher("package x;\nimport io.testenv.operator.api.Strategy;\n")
                        .find())
                .isFalse();
    }

    /** The Java sources below a folder. */
    static List<Path> sources(String folder) throws IOException {
        try (Stream<Path> files = Files.walk(Path.of(folder))) {
            return files.filter(p -> p.toString().endsWith(".java")).toList();
        }
    }

    /** The sources in whose text the pattern finds something. */
    static List<String> offenders(List<Path> sources, Pattern forbidden) {
        return sources.stream()
                .filter(source -> finds(forbidden, source))
                .map(Path::toString)
                .toList();
    }

    private static boolean finds(Pattern forbidden, Path source) {
        try {
            return forbidden.matcher(Files.readString(source)).find();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
