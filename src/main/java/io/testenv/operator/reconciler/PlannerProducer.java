package io.testenv.operator.reconciler;

import java.time.Clock;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import io.testenv.operator.config.OperatorConfig;
import io.testenv.operator.planner.Planner;
import io.testenv.operator.planner.PlannerPolicy;
import io.testenv.operator.planner.readiness.CelHealth;
import io.testenv.operator.planner.readiness.ReadinessRules;

/** Wires the pure planner with the operator's configuration, and the clock the reconciler reads. */
@ApplicationScoped
public class PlannerProducer {

    @Produces
    @Singleton
    PlannerPolicy policy(OperatorConfig config) {
        return new PlannerPolicy(config.clusterScopedKinds().orElse(Set.of()), config.kindRetryDelay());
    }

    @Produces
    @ApplicationScoped
    Planner planner(PlannerPolicy policy) {
        return new Planner(ReadinessRules.standard(), new CelHealth(), policy);
    }

    @Produces
    @ApplicationScoped
    Clock clock() {
        return Clock.systemUTC();
    }
}
