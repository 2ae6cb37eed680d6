package io.testenv.operator.playground;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The kubeconfig of the playground's API: one cluster, one context, namespace default. */
final class Kubeconfig {

    private Kubeconfig() {
    }

    static Path write(Path directory, String serverUrl) throws IOException {
        Files.createDirectories(directory);
        Path file = directory.resolve("kubeconfig");
        Files.writeString(file, """
                apiVersion: v1
                kind: Config
                clusters:
                - name: testenv-playground
                  cluster:
                    server: %s
                users:
                - name: testenv-playground
                  user:
                    token: playground
                contexts:
                - name: testenv-playground
                  context:
                    cluster: testenv-playground
                    user: testenv-playground
                    namespace: default
                current-context: testenv-playground
                """.formatted(serverUrl));
        return file;
    }
}
