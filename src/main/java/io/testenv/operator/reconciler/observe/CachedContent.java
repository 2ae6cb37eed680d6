package io.testenv.operator.reconciler.observe;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ManagedFieldsEntry;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.testenv.operator.reconciler.marks.Marks;

/**
 * What the informer caches keep of an object: what the operator reads of it, nothing more, so that the heap grows
 * with what is decided from, not with what the API server and the controllers record.
 *
 * <ul>
 *   <li>Every managedFields entry keeps who wrote (manager, operation, subresource, API version) and when, without
 *       the set of fields it owns ({@code fieldsV1}, most of the entry's size), which nothing reads: a Conflict's
 *       message names the managers, and the time a dependency became ready is the time of the latest write to its
 *       status subresource, whoever made it.
 *   <li>An object no environment may own (no uid annotation, no TestEnvironment as its controller: a ReplicaSet or
 *       a pod of an environment's workload, an object someone else labelled) keeps its apiVersion, kind and
 *       metadata, which say whose it is and which component it serves; a Pod keeps its status too, which tells
 *       the component's readiness and problems. Its spec is never read: drift, CEL and outputs read only an
 *       environment's own objects, and those are kept whole.
 * </ul>
 *
 * The object is trimmed in place: it is the informer's own copy, freshly read from the watch or the list, and the
 * same object is what the informer then hands to the event filters, so they compare trimmed with trimmed.
 */
public final class CachedContent {

    private CachedContent() {}

    /** Trims the object in place, as described above, and returns it. */
    public static <T extends HasMetadata> T trim(T object) {
        ObjectMeta metadata = object.getMetadata();
        if (metadata != null && metadata.getManagedFields() != null) {
            for (ManagedFieldsEntry entry : metadata.getManagedFields()) {
                entry.setFieldsV1(null);
            }
        }
        if (object instanceof GenericKubernetesResource generic && !Marks.mayBelongToAnEnvironment(object)) {
            boolean pod = isPod(generic);
            generic.getAdditionalProperties().keySet().removeIf(key -> !(pod && key.equals("status")));
        }
        return object;
    }

    private static boolean isPod(GenericKubernetesResource object) {
        return "Pod".equals(object.getKind()) && "v1".equals(object.getApiVersion());
    }
}
