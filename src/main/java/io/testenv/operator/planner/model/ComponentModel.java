package io.testenv.operator.planner.model;

import io.testenv.operator.planner.readiness.Readiness.CelOverride;
import java.util.List;

/** A component: manifests applied together, gated on its dependencies. */
public record ComponentModel(String name, List<Manifest> manifests, List<Gate> dependsOn, List<CelOverride> health) {

    public ComponentModel {
        manifests = List.copyOf(manifests);
        dependsOn = List.copyOf(dependsOn);
        health = List.copyOf(health);
    }
}
