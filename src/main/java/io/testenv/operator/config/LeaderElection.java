package io.testenv.operator.config;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;

import io.javaoperatorsdk.operator.api.config.LeaderElectionConfiguration;
import io.quarkus.arc.lookup.LookupIfProperty;

/**
 * Leader election for running several replicas: one reconciles, the others wait on the Lease. Active in the
 * prod profile (quarkus-operator-sdk's default) unless {@code testenv.leader-election.enabled=false}.
 */
@ApplicationScoped
public class LeaderElection {

    static final String LEASE = "testenv-operator";

    @Produces
    @ApplicationScoped
    @LookupIfProperty(name = "testenv.leader-election.enabled", stringValue = "true", lookupIfMissing = true)
    LeaderElectionConfiguration leaderElection() {
        return new LeaderElectionConfiguration(LEASE);
    }
}
