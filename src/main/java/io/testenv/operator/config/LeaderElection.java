package io.testenv.operator.config;

import io.javaoperatorsdk.operator.api.config.LeaderElectionConfiguration;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Dependent;
import jakarta.enterprise.inject.Produces;

/**
 * Leader election for running several replicas: one reconciles, the others wait on the Lease
 * {@value Shard#LEASE}, or {@code testenv-operator-<key>} for the replicas of a shard ({@code testenv.shard}), so
 * that each shard has a leader of its own. quarkus-operator-sdk looks this bean up in the prod profile; a null
 * configuration (when {@code testenv.leader-election.enabled=false}) leaves leader election off.
 */
@ApplicationScoped
public class LeaderElection {

    @Produces
    @Dependent
    public LeaderElectionConfiguration leaderElection(OperatorConfig config, Shard shard) {
        return config.leaderElection().enabled() ? new LeaderElectionConfiguration(shard.leaseName()) : null;
    }
}
