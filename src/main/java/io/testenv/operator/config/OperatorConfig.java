package io.testenv.operator.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;

/** Settings of the operator ({@code testenv.*} properties, or TESTENV_* environment variables). */
@ConfigMapping(prefix = "testenv")
public interface OperatorConfig {

    /**
     * The cluster-scoped kinds components may create, each {@code Kind} or {@code Kind.group} (for example
     * {@code CustomResourceDefinition}). None by default: environments create objects in their own namespace only.
     */
    public Optional<Set<String>> clusterScopedKinds();

    /**
     * The ServiceAccount (in the environment's namespace) an environment without {@code spec.serviceAccountName}
     * acts as. Setting it makes impersonation mandatory: no environment acts with the operator's own rights.
     * Set but empty, it fails closed: no environment is applied. Declared here so that the property is part of
     * the mapping; read raw, to tell "set but empty" from "unset", by {@code reconciler.DefaultServiceAccount}.
     */
    public Optional<String> defaultServiceAccount();

    /** How many server-side apply requests run at once, across all environments. */
    @WithDefault("16")
    public int applyConcurrency();

    /** How long to wait before applying again an object whose kind the API server does not serve yet. */
    @WithDefault("5s")
    public Duration kindRetryDelay();

    public LeaderElectionSettings leaderElection();

    public TargetNamespaceSettings targetNamespaces();

    /**
     * The shard this replica serves: it reconciles only the TestEnvironments labelled {@code testenv.io/shard} with
     * this key, and elects its leader on a Lease of its own. Unset, it reconciles only those without that label. A
     * DNS label (lowercase letters, digits and '-', at most 63 characters); read through {@link Shard}.
     */
    public Optional<String> shard();

    /** How long an informer that had synced may go without watching before the operator reports not live. */
    @WithDefault("60s")
    public Duration livenessGrace();

    /**
     * How long a stopping operator (SIGTERM) waits for the reconciles in flight to finish their applies and status
     * writes; under a pod's default 30 s terminationGracePeriodSeconds.
     */
    @WithDefault("20s")
    public Duration shutdownGrace();

    /**
     * How many distinct component names label the component metrics; further names are counted as "other", so
     * that many environments with generated names cannot blow up the metrics' cardinality.
     */
    @WithDefault("100")
    public int metricsComponentLabels();

    public interface TargetNamespaceSettings {
        /**
         * Whether environments may have a namespace made for them (spec.targetNamespace). Creating namespaces is a
         * cluster-scoped right: on only where the deployment grants it (deploy/cluster-wide sets it). Off, such an
         * environment fails with reason TargetNamespaceNotAllowed and nothing is created.
         */
        @WithDefault("false")
        boolean enabled();
    }

    public interface LeaderElectionSettings {
        /** Whether replicas elect a leader through a Lease (prod profile only). */
        @WithDefault("true")
        boolean enabled();
    }
}
