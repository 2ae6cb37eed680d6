package io.testenv.junit5;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Repeatable;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Brings a TestEnvironment up before the tests of a class, in a namespace of its own, and tears it down after.
 * The class fails at once, with the operator's own message, when the environment fails or does not become Ready
 * in time; its tests are then not run.
 *
 * <pre>{@code
 * @WithTestEnvironment("environments/datastorage.yaml")
 * class DataStorageIT {
 *     @TestEnvironmentOutput("DATABASE_URL") String databaseUrl;
 *     @Test void stores(TestEnvironmentHandle env) { ... }
 * }
 * }</pre>
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@Repeatable(WithTestEnvironments.class)
@ExtendWith(TestEnvironmentExtension.class)
public @interface WithTestEnvironment {

    /** The TestEnvironment's YAML: a classpath resource, or a file path relative to the working directory. */
    String value();

    /** How long the environment lives, and who shares it. */
    Scope scope() default Scope.CLASS;

    /**
     * How long to wait for Ready, as a Go duration ({@code 90s}, {@code 5m}); empty: the environment's own
     * {@code spec.timeout} (10m when unset), after which the operator itself fails it.
     */
    String timeout() default "";

    /**
     * Keep the namespace when the environment fails (its name is printed); also set for every class by
     * {@code -Dtestenv.keepOnFailure=true}.
     */
    boolean keepOnFailure() default false;

    /**
     * Write the diagnostics ({@code target/testenv-reports/<class>/}) when the environment is Ready too, not only
     * when it fails; also set by {@code -Dtestenv.reports=always}.
     */
    boolean reportOnSuccess() default false;

    /**
     * The heartbeat's timeout: the extension renews the environment's Lease while the scope runs; once the JVM is
     * gone (SIGKILL, a cancelled CI job), the operator deletes the environment and its namespace this many seconds
     * later. Also set by {@code -Dtestenv.heartbeatSeconds}.
     */
    int heartbeatSeconds() default 30;
}
