package io.testenv.operator.config;

import io.javaoperatorsdk.operator.api.config.LeaderElectionConfiguration;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Dependent;
import jakarta.enterprise.inject.Produces;

/**
 * Leader election for running several replicas: one reconciles, the others wait on the Lease
 * {@value #LEASE}. quarkus-operator-sdk looks this bean up in the prod profile; a null configuration (when
 * {@code testenv.leader-election.enabled=false}) leaves leader election off.
 */
@ApplicationScoped
public class LeaderElection {

    public static final String LEASE = "testenv-operator";

    @Produces
    @Dependent
    public LeaderElectionConfiguration leaderElection(OperatorConfig config) {
        return config.leaderElection().enabled() ? new LeaderElectionConfiguration(LEASE) : null;
    }
}
