package io.testenv.operator.planner.readiness;

/** CustomResourceDefinition: ready when Established; failed when its names are not accepted. */
public final class CustomResourceDefinitionRule implements ReadinessRule {

    @Override
    public ObjectHealth evaluate(ObjectView object) {
        var names = object.condition("NamesAccepted");
        if (names.isPresent() && "False".equals(names.get().get("status"))) {
            return ObjectHealth.failed(
                    "NamesNotAccepted", "names not accepted: " + ObjectView.text(names.get(), "message"));
        }
        if (object.isTrue("Established")) {
            return ObjectHealth.ready("Established", "established");
        }
        return ObjectHealth.inProgress("NotEstablished", "not established yet");
    }
}
