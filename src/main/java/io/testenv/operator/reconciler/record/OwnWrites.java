package io.testenv.operator.reconciler.record;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.controller.ControllerEventSource;
import io.testenv.operator.api.TestEnvironment;
import java.util.Optional;

/**
 * The operator's own writes of an environment's metadata (the ApplySet record, the finalizer and its label), handed
 * to JOSDK's temporary cache of the primary informer, so that the next reconcile reads them even before the
 * informer delivers them and does not write them again from an older copy; and so that the status write, when its
 * version is stale, finds the newer version in the cache at once instead of polling for it. A write is cached only
 * when it is newer than what the cache holds: a change someone made after it is never hidden.
 */
public final class OwnWrites {

    private OwnWrites() {}

    public static void remember(Context<TestEnvironment> context, TestEnvironment written) {
        if (written == null || written.getMetadata() == null) {
            return;
        }
        ResourceID id = ResourceID.fromResource(written);
        ControllerEventSource<TestEnvironment> source =
                context.eventSourceRetriever().getControllerEventSource();
        source.get(id)
                .filter(cached -> newer(written, cached))
                .ifPresent(cached -> source.handleRecentResourceUpdate(id, written, cached));
    }

    /** Whether the first is a later version than the second (resourceVersions compared as etcd revisions). */
    static boolean newer(HasMetadata first, HasMetadata second) {
        Optional<Long> a = revision(first);
        Optional<Long> b = revision(second);
        return a.isPresent() && b.isPresent() && a.get() > b.get();
    }

    private static Optional<Long> revision(HasMetadata object) {
        try {
            return Optional.of(Long.parseLong(object.getMetadata().getResourceVersion()));
        } catch (NumberFormatException | NullPointerException e) {
            return Optional.empty();
        }
    }
}
