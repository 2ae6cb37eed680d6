package io.testenv.operator.reconciler;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceList;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.NonNamespaceOperation;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.javaoperatorsdk.operator.processing.GroupVersionKind;
import io.testenv.operator.api.TestEnvironment;
import io.testenv.operator.config.OperatorConfig;
import io.testenv.operator.planner.ApplyError;
import io.testenv.operator.planner.Confinement;
import io.testenv.operator.planner.PlannerPolicy;
import io.testenv.operator.planner.SpecError;
import io.testenv.operator.planner.model.ComponentModel;
import io.testenv.operator.planner.model.Manifest;
import io.testenv.operator.planner.model.ObjectRef;

/**
 * Server-side applies the objects of the components a plan opens, all at once on a bounded pool shared by
 * every environment, with field manager {@value Labels#FIELD_MANAGER} and as the environment's identity. An
 * object that is not the environment's, one the API server rejects or forbids, or whose kind it does not serve,
 * is reported per object; a server or network failure fails the whole apply so the reconcile is retried.
 */
@ApplicationScoped
public class Applier {

    /** metav1.CauseTypeFieldManagerConflict: a server-side apply conflict's causes. */
    static final String FIELD_MANAGER_CONFLICT = "FieldManagerConflict";

    /** What the applies of one pass produced: the objects as the server returned them, and the errors. */
    public record Outcome(Map<ObjectRef, Map<String, Object>> applied, Map<ObjectRef, ApplyError> errors) {
    }

    private record Result(ObjectRef ref, Map<String, Object> applied, ApplyError error) {
    }

    private final KubernetesClient client;
    private final KindCatalog kinds;
    private final Watches watches;
    private final PlannerPolicy policy;
    private final ExecutorService pool;

    public Applier(KubernetesClient client, KindCatalog kinds, Watches watches, PlannerPolicy policy,
            OperatorConfig config) {
        this.client = client;
        this.kinds = kinds;
        this.watches = watches;
        this.policy = policy;
        this.pool = Executors.newFixedThreadPool(config.applyConcurrency(), runnable -> {
            Thread thread = new Thread(runnable, "testenv-apply");
            thread.setDaemon(true);
            return thread;
        });
    }

    /**
     * Applies the components' objects as the environment's identity. Each object is first checked to be the
     * environment's or absent: an existing object the environment did not create is a Conflict and is never
     * written to.
     */
    public Outcome apply(TestEnvironment env, Identities.Identity identity, List<ComponentModel> components,
            Set<String> correcting) {
        KubernetesSerialization serialization = client.getKubernetesSerialization();
        List<CompletableFuture<Result>> pending = new ArrayList<>();
        for (ComponentModel component : components) {
            boolean force = correcting.contains(component.name());
            for (Manifest manifest : component.manifests()) {
                GenericKubernetesResource desired = DesiredObjects.of(env, component.name(), manifest, serialization);
                pending.add(CompletableFuture.supplyAsync(() -> applyOne(env.getMetadata().getUid(), identity,
                        manifest.ref(), desired, force, serialization), pool));
            }
        }
        Map<ObjectRef, Map<String, Object>> applied = new HashMap<>();
        Map<ObjectRef, ApplyError> errors = new HashMap<>();
        RuntimeException failure = null;
        for (CompletableFuture<Result> future : pending) {
            try {
                Result result = future.join();
                if (result.error() != null) {
                    errors.put(result.ref(), result.error());
                } else {
                    applied.put(result.ref(), result.applied());
                }
            } catch (CompletionException e) {
                failure = e.getCause() instanceof RuntimeException cause ? cause : e;
            }
        }
        if (failure != null) {
            throw failure;
        }
        return new Outcome(applied, errors);
    }

    @SuppressWarnings("unchecked")
    private Result applyOne(String environmentUid, Identities.Identity identity, ObjectRef ref,
            GenericKubernetesResource desired, boolean force, KubernetesSerialization serialization) {
        GroupVersionKind gvk = new GroupVersionKind(ref.apiVersion(), ref.kind());
        Optional<ResourceDefinitionContext> context = kinds.resolve(gvk);
        if (context.isEmpty()) {
            return new Result(ref, null, ApplyError.kindNotServed(ref.kind() + " (" + ref.apiVersion()
                    + ") is not served by the API server; if a component installs its CRD, list that component in "
                    + "dependsOn"));
        }
        if (!context.get().isNamespaceScoped()) {
            // A kind served only after the spec was checked (its CRD came with a component) is checked here.
            Optional<SpecError> refused = Confinement.clusterScoped("", ref, policy);
            if (refused.isPresent()) {
                return new Result(ref, null, new ApplyError(true, refused.get().reason(), refused.get().message()));
            }
        }
        Resource<GenericKubernetesResource> resource = resourceOf(identity.client(), context.get(), ref, desired);
        try {
            Optional<ApplyError> notOurs = checkOwnership(environmentUid, gvk, ref, resource);
            if (notOurs.isPresent()) {
                return new Result(ref, null, notOurs.get());
            }
        } catch (KubernetesClientException e) {
            return handle(e, identity, "get", context.get(), ref);
        }
        try {
            // Not forced: a field another manager owns is a conflict the API server reports, not ours to take. The
            // one exception is drift correction (spec.drift: Correct) of an object the environment owns: its
            // declared fields are taken back from whoever changed them.
            var apply = resource.fieldManager(Labels.FIELD_MANAGER);
            GenericKubernetesResource result = (force ? apply.forceConflicts() : apply).serverSideApply();
            watches.recentlyApplied(gvk, result);
            return new Result(ref, serialization.convertValue(result, Map.class), null);
        } catch (KubernetesClientException e) {
            return handle(e, identity, "patch", context.get(), ref);
        }
    }

    private static Resource<GenericKubernetesResource> resourceOf(KubernetesClient client,
            ResourceDefinitionContext context, ObjectRef ref, GenericKubernetesResource desired) {
        NonNamespaceOperation<GenericKubernetesResource, GenericKubernetesResourceList, Resource<GenericKubernetesResource>> operation =
                context.isNamespaceScoped()
                        ? client.genericKubernetesResources(context).inNamespace(ref.namespace())
                        : client.genericKubernetesResources(context);
        return operation.resource(desired);
    }

    /**
     * Empty when the object is absent or the environment's. The label-selected cache answers for objects with our
     * labels; any other is looked up, once, as the environment's identity.
     */
    private Optional<ApplyError> checkOwnership(String environmentUid, GroupVersionKind gvk, ObjectRef ref,
            Resource<GenericKubernetesResource> resource) {
        Optional<GenericKubernetesResource> cached = watches.cached(gvk, ref);
        GenericKubernetesResource existing = cached.isPresent() ? cached.get() : resource.get();
        if (existing == null || DesiredObjects.belongsTo(existing, environmentUid)) {
            return Optional.empty();
        }
        return Optional.of(ApplyError.conflict(ref.describe() + " already exists and was not created by this "
                + "environment (" + Ownership.describeManagers(existing) + "); it is left alone"));
    }

    private static Result handle(KubernetesClientException e, Identities.Identity identity, String verb,
            ResourceDefinitionContext context, ObjectRef ref) {
        if (e.getCode() == 403) {
            return new Result(ref, null, ApplyError.forbidden(Ownership.forbidden(identity, verb, context, ref,
                    e.getStatus() == null ? null : e.getStatus().getMessage())));
        }
        if (e.getCode() == 404) {
            // Discovery already lists a new CRD's kind when its endpoint still answers 404, for a moment: try again.
            return new Result(ref, null, ApplyError.kindNotServed(ref.kind() + " (" + ref.apiVersion()
                    + ") is not served by the API server yet"));
        }
        if (e.getCode() == 409 && isFieldManagerConflict(e)) {
            return new Result(ref, null, ApplyError.conflict(ref.describe() + ": " + rejectionMessage(e)
                    + "; it is left alone"));
        }
        if (isRejection(e.getCode())) {
            return new Result(ref, null, ApplyError.rejected("rejected by the API server (" + e.getCode() + "): "
                    + rejectionMessage(e)));
        }
        throw e;
    }

    /**
     * A server-side apply that would take fields another manager owns. Any other 409 (an object created or
     * changed concurrently, "please apply your changes to the latest version") is transient: it is thrown, and
     * the reconcile is retried.
     */
    static boolean isFieldManagerConflict(KubernetesClientException e) {
        return e.getStatus() != null && e.getStatus().getDetails() != null
                && e.getStatus().getDetails().getCauses() != null && e.getStatus().getDetails().getCauses().stream()
                        .anyMatch(cause -> FIELD_MANAGER_CONFLICT.equals(cause.getReason()));
    }

    /** Client errors that retrying the same object cannot fix; throttling, timeouts and conflicts are retried. */
    private static boolean isRejection(int code) {
        return code >= 400 && code < 500 && code != 408 && code != 409 && code != 429;
    }

    private static String rejectionMessage(KubernetesClientException e) {
        return e.getStatus() != null && e.getStatus().getMessage() != null ? e.getStatus().getMessage()
                : e.getMessage();
    }

    @PreDestroy
    void shutdown() {
        pool.shutdownNow();
    }
}
