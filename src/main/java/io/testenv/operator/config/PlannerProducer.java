package io.testenv.operator.config;

import io.testenv.operator.planner.Planner;
import io.testenv.operator.planner.model.PlannerPolicy;
import io.testenv.operator.planner.readiness.CelHealth;
import io.testenv.operator.planner.readiness.ReadinessRules;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.util.Set;

/** Wires the pure planner with the operator's configuration, and the clock the reconciler reads. */
@ApplicationScoped
public class PlannerProducer {

    @Produces
    @Singleton
    public PlannerPolicy policy(OperatorConfig config) {
        return new PlannerPolicy(
                config.clusterScopedKinds().orElse(Set.of()),
                config.kindRetryDelay(),
                config.targetNamespaces().enabled());
    }

    @Produces
    @ApplicationScoped
    public Planner planner(PlannerPolicy policy) {
        return new Planner(ReadinessRules.standard(), new CelHealth(), policy);
    }

    @Produces
    @ApplicationScoped
    public Clock clock() {
        return Clock.systemUTC();
    }
}
