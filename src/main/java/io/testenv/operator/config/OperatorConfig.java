package io.testenv.operator.config;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Settings of the operator ({@code testenv.*} properties, or TESTENV_* environment variables). */
@ConfigMapping(prefix = "testenv")
public interface OperatorConfig {

    /** Whether components may create cluster-scoped objects such as CustomResourceDefinitions. */
    @WithDefault("false")
    boolean allowClusterScoped();

    /** Whether components may create objects outside their environment's namespace. */
    @WithDefault("false")
    boolean allowOtherNamespaces();

    /** How many server-side apply requests run at once, across all environments. */
    @WithDefault("16")
    int applyConcurrency();

    /** How long to wait before applying again an object whose kind the API server does not serve yet. */
    @WithDefault("5s")
    Duration kindRetryDelay();

    LeaderElectionSettings leaderElection();

    /**
     * How many distinct component names label the component metrics; further names are counted as "other", so
     * that many environments with generated names cannot blow up the metrics' cardinality.
     */
    @WithDefault("100")
    int metricsComponentLabels();

    interface LeaderElectionSettings {
        /** Whether replicas elect a leader through a Lease (prod profile only). */
        @WithDefault("true")
        boolean enabled();
    }
}
