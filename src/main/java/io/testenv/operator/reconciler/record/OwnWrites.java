package io.testenv.operator.reconciler.record;

import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.testenv.operator.api.TestEnvironment;

/**
 * What the operator wrote to an environment (its status, the ApplySet record, the finalizer and its label), handed
 * to JOSDK's temporary cache of the primary informer ({@code handleRecentResourceUpdate}), so that the next
 * reconcile reads its own writes even before the informer delivers them: a write is then neither repeated nor
 * undone from a stale copy. The cache takes a write only while it still holds the version the write followed;
 * when the environment changed meanwhile, the informer has something newer and delivers the write too. The
 * in-memory resourceVersion follows each write, so that several writes in one reconcile are cached in turn.
 *
 * <p>None of these writes waits for the informer: no write holds a reconcile thread polling a cache (under load the
 * informer lags by seconds).
 */
public final class OwnWrites {

    private OwnWrites() {}

    public static void remember(Context<TestEnvironment> context, TestEnvironment env, TestEnvironment written) {
        if (written == null || written.getMetadata() == null) {
            return;
        }
        context.eventSourceRetriever()
                .getControllerEventSource()
                .handleRecentResourceUpdate(ResourceID.fromResource(env), written, env);
        env.getMetadata().setResourceVersion(written.getMetadata().getResourceVersion());
    }
}
