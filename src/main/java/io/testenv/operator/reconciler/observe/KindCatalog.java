package io.testenv.operator.reconciler.observe;

import io.fabric8.kubernetes.api.model.APIGroup;
import io.fabric8.kubernetes.api.model.APIResource;
import io.fabric8.kubernetes.api.model.APIResourceList;
import io.fabric8.kubernetes.api.model.KubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.javaoperatorsdk.operator.processing.GroupVersionKind;
import io.testenv.operator.planner.model.Scope;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Resolves kinds to their REST resource (plural, scope): built-in kinds from fabric8's model, others from the
 * API server's discovery. Found kinds are cached for the life of the process; a kind not served yet is asked
 * again next time, since its CRD may be on its way.
 */
@ApplicationScoped
public class KindCatalog {

    private final KubernetesClient client;
    private final Map<GroupVersionKind, ResourceDefinitionContext> known = new ConcurrentHashMap<>();

    private final Map<String, ResourceDefinitionContext> knownGroupKinds = new ConcurrentHashMap<>();

    public KindCatalog(KubernetesClient client) {
        this.client = client;
    }

    public Scope scopeOf(GroupVersionKind gvk) {
        return resolve(gvk)
                .map(c -> c.isNamespaceScoped() ? Scope.NAMESPACED : Scope.CLUSTER)
                .orElse(Scope.UNKNOWN);
    }

    public Optional<ResourceDefinitionContext> resolve(GroupVersionKind gvk) {
        ResourceDefinitionContext cached = known.get(gvk);
        if (cached != null) {
            return Optional.of(cached);
        }
        Optional<ResourceDefinitionContext> found = lookUp(gvk);
        found.ifPresent(context -> known.put(gvk, context));
        return found;
    }

    /**
     * A kind by group and kind only, at its group's preferred version (an ApplySet records group-kinds). Found
     * kinds are kept, as by version: the inventory and the finalizer decision ask for every recorded group-kind on
     * every reconcile.
     */
    public Optional<ResourceDefinitionContext> resolve(String group, String kind) {
        if (group.isEmpty()) {
            return resolve(new GroupVersionKind("v1", kind));
        }
        ResourceDefinitionContext cached = knownGroupKinds.get(kind + "." + group);
        if (cached != null) {
            return Optional.of(cached);
        }
        Optional<ResourceDefinitionContext> found = lookUpPreferred(group, kind);
        found.ifPresent(context -> knownGroupKinds.put(kind + "." + group, context));
        return found;
    }

    private Optional<ResourceDefinitionContext> lookUpPreferred(String group, String kind) {
        APIGroup apiGroup;
        try {
            apiGroup = client.getApiGroup(group);
        } catch (KubernetesClientException e) {
            if (e.getCode() == 404) {
                return Optional.empty();
            }
            throw e;
        }
        if (apiGroup == null || apiGroup.getPreferredVersion() == null) {
            return Optional.empty();
        }
        return resolve(new GroupVersionKind(apiGroup.getPreferredVersion().getGroupVersion(), kind));
    }

    private Optional<ResourceDefinitionContext> lookUp(GroupVersionKind gvk) {
        Class<? extends KubernetesResource> builtIn =
                client.getKubernetesSerialization().getRegisteredKubernetesResource(gvk.apiVersion(), gvk.getKind());
        if (builtIn != null) {
            return Optional.of(ResourceDefinitionContext.fromResourceType(builtIn));
        }
        APIResourceList resources;
        try {
            resources = client.getApiResources(gvk.apiVersion());
        } catch (KubernetesClientException e) {
            if (e.getCode() == 404) {
                return Optional.empty();
            }
            throw e;
        }
        if (resources == null) {
            return Optional.empty();
        }
        return resources.getResources().stream()
                .filter(r -> gvk.getKind().equals(r.getKind()) && !r.getName().contains("/"))
                .findFirst()
                .map(r -> context(gvk, r));
    }

    private static ResourceDefinitionContext context(GroupVersionKind gvk, APIResource resource) {
        return new ResourceDefinitionContext.Builder()
                .withGroup(gvk.getGroup())
                .withVersion(gvk.getVersion())
                .withKind(gvk.getKind())
                .withPlural(resource.getName())
                .withNamespaced(Boolean.TRUE.equals(resource.getNamespaced()))
                .build();
    }
}
