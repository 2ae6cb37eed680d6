package io.testenv.operator.reconciler.apply;

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
import io.testenv.operator.planner.model.ComponentModel;
import io.testenv.operator.planner.model.Manifest;
import io.testenv.operator.planner.model.ObjectRef;
import io.testenv.operator.planner.model.PlannerPolicy;
import io.testenv.operator.planner.state.ApplyError;
import io.testenv.operator.planner.validate.Confinement;
import io.testenv.operator.planner.validate.SpecError;
import io.testenv.operator.reconciler.marks.FieldManagers;
import io.testenv.operator.reconciler.marks.Marks;
import io.testenv.operator.reconciler.observe.Identities;
import io.testenv.operator.reconciler.observe.KindCatalog;
import io.testenv.operator.reconciler.observe.PlannerView;
import io.testenv.operator.reconciler.observe.Watches;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * Server-side applies the objects of the components a plan opens, all at once on a bounded pool shared by
 * every environment (each namespace's applies taken in turn, {@link FairExecutor}), each environment with a field manager of its own, and as the environment's identity. An
 * object that is not the environment's, one the API server rejects or forbids, whose kind it does not serve, or
 * whose apply met a transient error, is reported per object (see {@link ApiErrors}).
 */
@ApplicationScoped
public class Applier {

    /** What the applies of one pass produced: the objects as the server returned them, and the errors. */
    public record Outcome(Map<ObjectRef, Map<String, Object>> applied, Map<ObjectRef, ApplyError> errors) {}

    private record Result(ObjectRef ref, Map<String, Object> applied, ApplyError error) {}

    private final KubernetesClient client;
    private final KindCatalog kinds;
    private final Watches watches;
    private final PlannerPolicy policy;
    private final FairExecutor pool;

    public Applier(
            KubernetesClient client, KindCatalog kinds, Watches watches, PlannerPolicy policy, OperatorConfig config) {
        this.client = client;
        this.kinds = kinds;
        this.watches = watches;
        this.policy = policy;
        this.pool = new FairExecutor(config.applyConcurrency(), "testenv-apply");
    }

    /**
     * Applies the components' objects as the environment's identity. Each object is first checked to be the
     * environment's or absent: an existing object the environment did not create is a Conflict and is never
     * written to.
     */
    public Outcome apply(
            TestEnvironment env,
            Identities.Identity identity,
            List<ComponentModel> components,
            Set<String> correcting) {
        KubernetesSerialization serialization = client.getKubernetesSerialization();
        List<CompletableFuture<Result>> pending = new ArrayList<>();
        for (ComponentModel component : components) {
            boolean force = correcting.contains(component.name());
            for (Manifest manifest : component.manifests()) {
                GenericKubernetesResource desired = DesiredObjects.of(env, component.name(), manifest, serialization);
                pending.add(pool.supply(
                        env.getMetadata().getNamespace(),
                        () -> applyOne(
                                env.getMetadata().getUid(), identity, manifest.ref(), desired, force, serialization)));
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

    private Result applyOne(
            String environmentUid,
            Identities.Identity identity,
            ObjectRef ref,
            GenericKubernetesResource desired,
            boolean force,
            KubernetesSerialization serialization) {
        GroupVersionKind gvk = new GroupVersionKind(ref.apiVersion(), ref.kind());
        Optional<ResourceDefinitionContext> context = kinds.resolve(gvk);
        if (context.isEmpty()) {
            return new Result(
                    ref,
                    null,
                    ApplyError.kindNotServed(ref.kind() + " (" + ref.apiVersion()
                            + ") is not served by the API server; if a component installs its CRD, list that component in "
                            + "dependsOn"));
        }
        if (!context.get().isNamespaceScoped()) {
            // A kind served only after the spec was checked (its CRD came with a component) is checked here.
            Optional<SpecError> refused = Confinement.clusterScoped("", ref, policy);
            if (refused.isPresent()) {
                return new Result(
                        ref,
                        null,
                        new ApplyError(
                                true, refused.get().reason(), refused.get().message()));
            }
        }
        Resource<GenericKubernetesResource> resource = resourceOf(identity.client(), context.get(), ref, desired);
        Optional<GenericKubernetesResource> cached = watches.cached(gvk, ref);
        if (cached.isPresent() && !Marks.belongsTo(cached.get(), environmentUid)) {
            return new Result(ref, null, notOurs(ref, cached.get()));
        }
        String manager = FieldManagers.of(environmentUid);
        String uid = cached.map(o -> o.getMetadata().getUid()).orElse(null);
        if (uid == null) {
            // Not among the cached objects with our labels: an object that exists under the name (created by
            // anyone, or ours with its labels taken off) is looked up once, and is ours only if it carries our uid.
            Lookup found = lookUp(environmentUid, identity, context.get(), ref, resource);
            if (found.refusal() != null) {
                return found.refusal();
            }
            uid = found.uid();
        }
        try {
            return applied(gvk, ref, apply(resource, desired, manager, uid, force), serialization);
        } catch (KubernetesClientException e) {
            if (!ApiErrors.isFieldManagerConflict(e)) {
                return failed(e, identity, "patch", context.get(), ref);
            }
            if (uid == null) {
                // Created meanwhile: by another environment applying the same object at the same moment, whose
                // uid annotation conflicted with ours, or by someone else. The object says whose it is.
                Lookup found = lookUp(environmentUid, identity, context.get(), ref, resource);
                if (found.refusal() != null) {
                    return found.refusal();
                }
                if (found.uid() == null) {
                    return new Result(ref, null, ApplyError.retrying("deleted while it was being applied"));
                }
                uid = found.uid();
            }
            if (!FieldManagers.onlyTheShared(ApiErrors.conflictingManagers(e))) {
                return failed(e, identity, "patch", context.get(), ref);
            }
            // Our object, whose fields an earlier version of the operator applied under the shared field manager:
            // taken over by this environment's own manager, on exactly this object (the uid is a precondition).
            try {
                return applied(gvk, ref, apply(resource, desired, manager, uid, true), serialization);
            } catch (KubernetesClientException again) {
                return failed(again, identity, "patch", context.get(), ref);
            }
        }
    }

    /** The object under the name: its uid when it is the environment's (null when absent), else why not. */
    private record Lookup(String uid, Result refusal) {}

    private static Lookup lookUp(
            String environmentUid,
            Identities.Identity identity,
            ResourceDefinitionContext context,
            ObjectRef ref,
            Resource<GenericKubernetesResource> resource) {
        GenericKubernetesResource existing;
        try {
            existing = resource.get();
        } catch (KubernetesClientException e) {
            return new Lookup(null, failed(e, identity, "get", context, ref));
        }
        if (existing == null) {
            return new Lookup(null, null);
        }
        return Marks.belongsTo(existing, environmentUid)
                ? new Lookup(existing.getMetadata().getUid(), null)
                : new Lookup(null, new Result(ref, null, notOurs(ref, existing)));
    }

    /**
     * Server-side apply with the environment's own field manager, so that the API server itself decides between
     * two environments that declare the same object: the first creates it with its uid annotation, and the
     * second's apply of a different uid annotation is a field-manager conflict, whoever looked first. Not forced:
     * a field another manager owns is a conflict the API server reports, not ours to take. The one exception is
     * drift correction (spec.drift: Correct) of an object the environment owns: its declared fields are taken back
     * from whoever changed them. With a uid, the apply reaches only that object: if it was deleted (and perhaps
     * created again by someone else), the API server refuses, and the next reconcile finds out whose it is.
     */
    private static GenericKubernetesResource apply(
            Resource<GenericKubernetesResource> resource,
            GenericKubernetesResource desired,
            String manager,
            String uid,
            boolean force) {
        desired.getMetadata().setUid(uid);
        try {
            var apply = resource.fieldManager(manager);
            return (force ? apply.forceConflicts() : apply).serverSideApply();
        } finally {
            desired.getMetadata().setUid(null);
        }
    }

    /**
     * What the API server would make of the object if the environment applied it now, without writing anything:
     * a server-side apply in dry-run mode, forced (nothing is written, so no field is taken), to the environment's
     * own object (its uid is the precondition). Empty when the object is not the environment's or the server
     * does not answer. It tells the declared paths the server rewrites (a quantity it normalizes) from a change
     * someone made, when what earlier applies taught was lost with a restart.
     */
    public Optional<Map<String, Object>> dryRun(
            TestEnvironment env, Identities.Identity identity, String component, Manifest manifest) {
        KubernetesSerialization serialization = client.getKubernetesSerialization();
        ObjectRef ref = manifest.ref();
        GroupVersionKind gvk = new GroupVersionKind(ref.apiVersion(), ref.kind());
        Optional<ResourceDefinitionContext> context = kinds.resolve(gvk);
        Optional<GenericKubernetesResource> cached = watches.cached(gvk, ref)
                .filter(o -> Marks.belongsTo(o, env.getMetadata().getUid()));
        if (context.isEmpty() || cached.isEmpty()) {
            return Optional.empty();
        }
        GenericKubernetesResource desired = DesiredObjects.of(env, component, manifest, serialization);
        desired.getMetadata().setUid(cached.get().getMetadata().getUid());
        try {
            GenericKubernetesResource answer = resourceOf(identity.client(), context.get(), ref, desired)
                    .dryRun()
                    .fieldManager(FieldManagers.of(env.getMetadata().getUid()))
                    .forceConflicts()
                    .serverSideApply();
            return Optional.of(PlannerView.of(answer, serialization));
        } catch (KubernetesClientException e) {
            return Optional.empty();
        }
    }

    private static Result failed(
            KubernetesClientException e,
            Identities.Identity identity,
            String verb,
            ResourceDefinitionContext context,
            ObjectRef ref) {
        return new Result(ref, null, ApiErrors.classify(e, new ApiErrors.Request(identity, verb, context, ref)));
    }

    private Result applied(
            GroupVersionKind gvk,
            ObjectRef ref,
            GenericKubernetesResource result,
            KubernetesSerialization serialization) {
        watches.recentlyApplied(gvk, result);
        return new Result(ref, PlannerView.of(result, serialization), null);
    }

    private static ApplyError notOurs(ObjectRef ref, GenericKubernetesResource existing) {
        return ApplyError.conflict(ref.describe() + " already exists and was not created by this environment ("
                + Ownership.describeManagers(existing) + "); it is left alone");
    }

    private static Resource<GenericKubernetesResource> resourceOf(
            KubernetesClient client,
            ResourceDefinitionContext context,
            ObjectRef ref,
            GenericKubernetesResource desired) {
        NonNamespaceOperation<
                        GenericKubernetesResource, GenericKubernetesResourceList, Resource<GenericKubernetesResource>>
                operation = context.isNamespaceScoped()
                        ? client.genericKubernetesResources(context).inNamespace(ref.namespace())
                        : client.genericKubernetesResources(context);
        return operation.resource(desired);
    }

    @PreDestroy
    public void shutdown() {
        pool.close();
    }
}
