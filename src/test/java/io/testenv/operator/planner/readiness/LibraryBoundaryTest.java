package io.testenv.operator.planner.readiness;

import static org.assertj.core.api.Assertions.assertThat;

import io.testenv.operator.api.ObjectState;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The readiness package is a library other tools call ({@link Readiness}): it imports nothing but the JDK and
 * CEL-Java (with the Guava and protobuf types CEL's values come in), and of the rest of the operator only the
 * state its rules decide, the API's {@link ObjectState}, an enum that itself imports nothing.
 */
class LibraryBoundaryTest {

    static final Pattern IMPORT = Pattern.compile("^import\\s+(?:static\\s+)?([\\w.]+)", Pattern.MULTILINE);
    static final List<String> ALLOWED = List.of(
            "java.",
            "dev.cel.",
            "com.google.common.primitives.",
            "com.google.protobuf.",
            "io.testenv.operator.api.ObjectState");

    @Test
    void readinessImportsOnlyTheJdkAndCel() throws IOException {
        Path readiness = Path.of("src/main/java/io/testenv/operator/planner/readiness");
        List<Path> sources;
        try (Stream<Path> files = Files.list(readiness)) {
            sources = files.filter(p -> p.toString().endsWith(".java")).toList();
        }
        assertThat(sources).hasSizeGreaterThan(15);
        for (Path source : sources) {
            Matcher imports = IMPORT.matcher(Files.readString(source));
            while (imports.find()) {
                String imported = imports.group(1);
                assertThat(ALLOWED)
                        .as(source.getFileName() + " imports " + imported)
                        .anyMatch(imported::startsWith);
            }
        }
    }

    @Test
    void theStateItImportsImportsNothing() throws IOException {
        String state = Files.readString(Path.of("src/main/java/io/testenv/operator/api/ObjectState.java"));

        assertThat(IMPORT.matcher(state).find()).as("ObjectState imports").isFalse();
    }
}
