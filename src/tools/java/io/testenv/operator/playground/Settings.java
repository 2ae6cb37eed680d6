package io.testenv.operator.playground;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;

/**
 * Playground settings, read like Quarkus reads configuration: a system property ({@code testenv.playground.speed})
 * or the environment variable of the same name ({@code TESTENV_PLAYGROUND_SPEED}).
 *
 * @param speed how much faster than real time simulated workloads get ready: 60 makes a 60 s PostgreSQL ready in 1 s
 * @param mode {@code auto}: a reachable configured cluster if there is one, else the playground; {@code always};
 *        {@code never}
 * @param port the API server's port on 127.0.0.1 (0 picks a free one)
 * @param directory where the kubeconfig and the operator's log are written
 * @param operatorHttpPort the operator's HTTP port (health, metrics)
 * @param operatorJvmOptions extra JVM options of the operator process ({@code testenv.playground.operator-jvm-options})
 */
public record Settings(
        double speed, String mode, int port, Path directory, int operatorHttpPort, String operatorJvmOptions) {

    public Settings(double speed, String mode, int port, Path directory, int operatorHttpPort) {
        this(speed, mode, port, directory, operatorHttpPort, "");
    }

    public static Settings fromEnvironment() {
        double speed = Double.parseDouble(value("testenv.playground.speed").orElse("1"));
        if (!(speed > 0)) {
            throw new IllegalArgumentException("testenv.playground.speed must be a positive number, not " + speed);
        }
        return new Settings(
                speed,
                value("testenv.playground.mode").orElse("auto").toLowerCase(Locale.ROOT),
                Integer.parseInt(value("testenv.playground.port").orElse("6443")),
                Path.of(value("testenv.playground.dir").orElse("target/playground"))
                        .toAbsolutePath(),
                Integer.parseInt(value("testenv.playground.operator-http-port").orElse("8080")),
                value("testenv.playground.operator-jvm-options").orElse(""));
    }

    static Optional<String> value(String property) {
        String fromProperty = System.getProperty(property);
        if (fromProperty != null && !fromProperty.isBlank()) {
            return Optional.of(fromProperty);
        }
        String variable = property.toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9]", "_");
        return Optional.ofNullable(System.getenv(variable)).filter(v -> !v.isBlank());
    }
}
