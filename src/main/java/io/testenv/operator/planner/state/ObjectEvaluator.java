package io.testenv.operator.planner.state;

import io.testenv.operator.api.ObjectState;
import io.testenv.operator.planner.model.Manifest;
import io.testenv.operator.planner.readiness.CelHealth;
import io.testenv.operator.planner.readiness.ObjectHealth;
import io.testenv.operator.planner.readiness.ObjectView;
import io.testenv.operator.planner.readiness.Readiness;
import io.testenv.operator.planner.readiness.Readiness.CelOverride;
import io.testenv.operator.planner.readiness.ReadinessRules;
import java.util.List;
import java.util.Map;

/** The state of one object of a component: its apply error, its absence, or its kind's readiness rule. */
public final class ObjectEvaluator {

    private final Readiness readiness;

    public ObjectEvaluator(ReadinessRules rules, CelHealth cel) {
        this.readiness = new Readiness(rules, cel);
    }

    public ObjectEvaluation evaluate(Manifest manifest, List<CelOverride> overrides, Observation observation) {
        ApplyError error = observation.applyErrors().get(manifest.ref());
        if (error != null) {
            return new ObjectEvaluation(
                    manifest.ref(),
                    error.permanent() ? ObjectState.Failed : ObjectState.Missing,
                    error.reason(),
                    error.message());
        }
        Map<String, Object> observed = observation.objects().get(manifest.ref());
        if (observed == null) {
            return new ObjectEvaluation(manifest.ref(), ObjectState.Missing, Reasons.NOT_FOUND, "not found");
        }
        ObjectHealth health =
                readiness.evaluate(manifest.ref().group(), manifest.ref().kind(), new ObjectView(observed), overrides);
        return new ObjectEvaluation(manifest.ref(), health.state(), health.reason(), health.message());
    }
}
