package io.testenv.operator.planner.readiness;

/** PersistentVolumeClaim: ready when Bound; failed when Lost, as its volume is gone for good (kstatus: in progress). */
public final class PersistentVolumeClaimRule implements ReadinessRule {

    @Override
    public ObjectHealth evaluate(ObjectView object) {
        String phase = object.stringAt("status", "phase").orElse("Pending");
        return switch (phase) {
            case "Bound" -> ObjectHealth.ready("Bound", "bound");
            case "Lost" -> ObjectHealth.failed("Lost", "lost its volume");
            default -> ObjectHealth.inProgress(phase, "phase " + phase);
        };
    }
}
