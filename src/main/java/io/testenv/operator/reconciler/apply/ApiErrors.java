package io.testenv.operator.reconciler.apply;

import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.api.model.StatusCause;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.testenv.operator.planner.model.ObjectRef;
import io.testenv.operator.planner.state.ApplyError;
import io.testenv.operator.reconciler.observe.Identities;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What an API error means for an object the operator applies, decided from the status code and the API server's
 * reason, never from the wording alone (the few documented exceptions say why):
 * <ul>
 * <li>a refusal that retrying cannot fix (400, 413, 422, a typed-patch 500): {@code ApplyRejected};</li>
 * <li>an authorization denial (403, reason Forbidden): {@code Forbidden};</li>
 * <li>a field another manager owns (409, cause FieldManagerConflict): {@code Conflict};</li>
 * <li>everything else (throttling, timeouts, other 409s, 5xx, a CRD terminating, a kind not served yet, a full
 * service IP range or an exceeded quota): {@code Retrying}, tried again with back-off while the timeout runs.</li>
 * </ul>
 * Every message goes through {@link ServerMessages}: field paths, never values.
 */
public final class ApiErrors {

    /** metav1.CauseTypeFieldManagerConflict: a server-side apply conflict's causes. */
    public static final String FIELD_MANAGER_CONFLICT = "FieldManagerConflict";

    /** The request an error answered, for a message that names who asked for what. */
    public record Request(
            Identities.Identity identity, String verb, ResourceDefinitionContext context, ObjectRef ref) {}

    private ApiErrors() {}

    public static ApplyError classify(KubernetesClientException e, Request request) {
        Status status = e.getStatus();
        String reason = status == null ? null : status.getReason();
        String message = ServerMessages.redacted(status, e.getStatus() == null ? describeIo(e) : null);
        int code = e.getCode();
        if (code == 403 && "Forbidden".equals(reason) && !isQuota(message)) {
            return ApplyError.forbidden(
                    Ownership.forbidden(request.identity(), request.verb(), request.context(), request.ref(), message));
        }
        if (code == 409 && isFieldManagerConflict(e)) {
            // "Apply failed with 1 conflict: conflict with "platform-team": .data.mode": managers and paths only.
            return ApplyError.conflict(
                    ServerMessages.cap(ServerMessages.redacted(status.getMessage())) + "; it is left alone");
        }
        if (code == 404
                && !"namespaces"
                        .equals(Optional.ofNullable(status)
                                .map(Status::getDetails)
                                .map(d -> d.getKind())
                                .orElse(null))) {
            // Discovery lists a new CRD's kind a moment before its endpoint answers.
            return ApplyError.kindNotServed(
                    request.ref().kind() + " (" + request.ref().apiVersion() + ") is not served by the API server yet");
        }
        if (isUidMismatch(e)) {
            // The object this environment created is gone, or another object took its name: found out next time.
            return ApplyError.retrying("deleted or replaced by another object while it was being applied");
        }
        if (isPermanent(code, message)) {
            return ApplyError.rejected("rejected by the API server (" + code
                    + (reason == null || reason.isBlank() ? "" : " " + reason) + "): " + message);
        }
        return ApplyError.retrying((code > 0 ? code + " " : "") + message);
    }

    /**
     * An error the same request may not meet again: no answer (a timeout, a cut connection), 429, a 5xx that is
     * not a schema error, a 409 that is not a field-manager conflict (a concurrent change). The write is retried
     * with back-off instead of being reported.
     */
    public static boolean isTransient(KubernetesClientException e) {
        int code = e.getCode();
        String message = ServerMessages.redacted(e.getStatus(), "");
        return code == 0
                || code == 429
                || (code >= 500 && !isPermanent(code, message))
                || (code == 409 && !isFieldManagerConflict(e));
    }

    /**
     * Refusals the same request meets again: malformed (400), too large (413), invalid (422), and the 500 with
     * which server-side apply answers a value of the wrong type ("failed to create typed patch object": the API
     * server reports that schema error as an internal one, so its wording is the only sign).
     */
    private static boolean isPermanent(int code, String message) {
        return code == 400
                || code == 413
                || code == 422
                || (code == 500 && message.contains("failed to create typed patch object"));
    }

    /**
     * The ResourceQuota admission plugin refuses with 403 Forbidden too, but it is a capacity, not a right: it
     * passes when other objects go. Its wording is the only sign.
     */
    private static boolean isQuota(String message) {
        return message.contains("exceeded quota");
    }

    /**
     * A server-side apply that would take fields another manager owns. Any other 409 (an object created or
     * changed concurrently) is transient.
     */
    public static boolean isFieldManagerConflict(KubernetesClientException e) {
        return causes(e).stream().anyMatch(cause -> FIELD_MANAGER_CONFLICT.equals(cause.getReason()));
    }

    /**
     * The managers a field-manager conflict names: each cause's message reads {@code conflict with "kubectl"} (an
     * Apply manager) or {@code conflict with "kubectl" using v1 at 2026-...} (an Update manager).
     */
    public static Set<String> conflictingManagers(KubernetesClientException e) {
        Set<String> managers = new TreeSet<>();
        for (StatusCause cause : causes(e)) {
            if (FIELD_MANAGER_CONFLICT.equals(cause.getReason()) && cause.getMessage() != null) {
                Matcher manager = CONFLICT_WITH.matcher(cause.getMessage());
                managers.add(manager.find() ? manager.group(1) : "");
            }
        }
        return managers;
    }

    private static final Pattern CONFLICT_WITH = Pattern.compile("conflict with \"((?:[^\"\\\\]|\\\\.)*)\"");

    /**
     * An apply made to one object by its uid met another, or none: the API server answers 422 on the immutable
     * field metadata.uid when the name is now another object's, and 409 "uid mismatch" when it is no one's.
     */
    public static boolean isUidMismatch(KubernetesClientException e) {
        return (e.getCode() == 422 || e.getCode() == 409)
                        && causes(e).stream().anyMatch(cause -> "metadata.uid".equals(cause.getField()))
                || e.getCode() == 409
                        && !isFieldManagerConflict(e)
                        && e.getStatus() != null
                        && e.getStatus().getMessage() != null
                        && e.getStatus().getMessage().contains("uid mismatch");
    }

    private static List<StatusCause> causes(KubernetesClientException e) {
        return Optional.ofNullable(e.getStatus())
                .map(Status::getDetails)
                .map(d -> d.getCauses())
                .orElse(List.of());
    }

    /** A failure without an answer from the API server: the client's own words, which carry no object. */
    private static String describeIo(KubernetesClientException e) {
        Throwable cause = e.getCause() != null ? e.getCause() : e;
        return "no answer from the API server (" + cause.getClass().getSimpleName() + ")";
    }
}
