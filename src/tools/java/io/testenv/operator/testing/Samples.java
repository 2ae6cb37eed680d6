package io.testenv.operator.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * The samples as the tests use them: each file holds the sample's Namespace (and, for those acting as a
 * ServiceAccount, its RBAC) before its TestEnvironment, which names that namespace. Tests place the environment
 * in namespaces of their own.
 */
public final class Samples {

    private Samples() {}

    /** The TestEnvironment document of {@code samples/<file>}, without its namespace. */
    public static String environment(String file) {
        String text = read(file);
        String document = Arrays.stream(text.split("(?m)^---$"))
                .filter(d -> d.contains("\nkind: TestEnvironment\n"))
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("samples/" + file + " has no TestEnvironment"));
        return document.replaceFirst("(?m)^  namespace: .*\\n", "");
    }

    private static String read(String file) {
        try {
            return Files.readString(Path.of("samples", file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
