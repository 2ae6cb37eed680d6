package io.testenv.operator.planner.readiness;

import java.util.Map;
import java.util.Optional;

/** Any object reporting a Ready condition is ready when it is True; without one, it is ready when it exists. */
public final class ReadyConditionRule implements ReadinessRule {

    public static final ReadyConditionRule INSTANCE = new ReadyConditionRule();

    @Override
    public ObjectHealth evaluate(ObjectView object) {
        Optional<Map<String, Object>> ready = object.condition("Ready");
        if (ready.isEmpty()) {
            return ExistsRule.INSTANCE.evaluate(object);
        }
        if ("True".equals(ready.get().get("status"))) {
            return ObjectHealth.ready("Ready", "ready");
        }
        String reason = ObjectView.text(ready.get(), "reason");
        String message = ObjectView.text(ready.get(), "message");
        return ObjectHealth.inProgress(
                reason.isBlank() ? "NotReady" : reason,
                message.isBlank() ? "Ready condition is " + ObjectView.text(ready.get(), "status") : message);
    }
}
