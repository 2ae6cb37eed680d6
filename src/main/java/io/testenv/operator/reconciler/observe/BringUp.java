package io.testenv.operator.reconciler.observe;

import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.testenv.operator.api.TestEnvironment;
import io.testenv.operator.planner.model.EnvironmentModel;
import io.testenv.operator.planner.state.History;
import java.time.Clock;
import java.time.Instant;

/**
 * One reconcile of one environment: the object as it came, JOSDK's context, the planner's model of its spec, the
 * identity its objects are read and written as, the status written before (as history), and the clock.
 */
public record BringUp(
        TestEnvironment env,
        Context<TestEnvironment> context,
        EnvironmentModel model,
        Identities.Identity identity,
        History before,
        Clock clock) {

    public String uid() {
        return env.getMetadata().getUid();
    }

    public Instant now() {
        return clock.instant();
    }

    /** This reconcile, with the model its objects are now placed by (the namespace made for it known). */
    public BringUp withModel(EnvironmentModel placed) {
        return new BringUp(env, context, placed, identity, before, clock);
    }

    /** Whether anything can be read or written as the environment's identity. */
    public boolean canAct() {
        return identity.problemIfAny().isEmpty();
    }
}
