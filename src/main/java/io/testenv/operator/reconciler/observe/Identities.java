package io.testenv.operator.reconciler.observe;

import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.RequestConfig;
import io.fabric8.kubernetes.client.RequestConfigBuilder;
import io.testenv.operator.planner.model.EnvironmentModel;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Who an environment's requests are made as. With a ServiceAccount (the spec's or the operator's default), every
 * request for the environment's objects impersonates {@code system:serviceaccount:<namespace>:<name>}; the API
 * server adds the ServiceAccount's groups itself, so RBAC judges exactly what that ServiceAccount may do. An
 * empty name, or a ServiceAccount that does not exist, gives no client at all: there is no path on which an
 * environment that asked for an identity is served with the operator's own rights.
 */
@ApplicationScoped
public class Identities {

    /** The client to use for an environment, and whom it acts as; or why there is none. */
    public record Identity(KubernetesClient client, String username, String problem) {

        static Identity operator(KubernetesClient client) {
            return new Identity(client, null, null);
        }

        static Identity unresolved(String problem) {
            return new Identity(null, null, problem);
        }

        public Optional<String> problemIfAny() {
            return Optional.ofNullable(problem);
        }

        /** How messages name the requester: the ServiceAccount's user name, or "the operator". */
        public String describe() {
            return username != null ? username : "the operator";
        }
    }

    /**
     * How long a ServiceAccount found to exist is not looked up again: a reconcile then makes no GET for it. Its
     * absence is never remembered, so a ServiceAccount created for a waiting environment counts at once.
     */
    public static final Duration EXISTENCE_CACHED_FOR = Duration.ofSeconds(30);

    private final KubernetesClient client;
    private final Clock clock;
    private final Map<String, KubernetesClient> impersonating = new ConcurrentHashMap<>();
    private final Map<String, Instant> existsUntil = new ConcurrentHashMap<>();

    public Identities(KubernetesClient client, Clock clock) {
        this.client = client;
        this.clock = clock;
    }

    public Identity of(EnvironmentModel env) {
        if (!env.impersonates()) {
            return Identity.operator(client);
        }
        String name = env.serviceAccountName().trim();
        if (name.isEmpty()) {
            return Identity.unresolved("the environment's ServiceAccount is empty, so no request is made for it; set "
                    + "spec.serviceAccountName (or the operator's testenv.default-service-account)");
        }
        String username = "system:serviceaccount:" + env.namespace() + ":" + name;
        Instant now = clock.instant();
        if (now.isBefore(existsUntil.getOrDefault(username, Instant.MIN))) {
            return new Identity(impersonating.computeIfAbsent(username, this::impersonate), username, null);
        }
        ServiceAccount account;
        try {
            account = client.serviceAccounts()
                    .inNamespace(env.namespace())
                    .withName(name)
                    .get();
        } catch (KubernetesClientException e) {
            if (e.getCode() == 403) {
                return Identity.unresolved("the operator may not read ServiceAccount " + name + " in namespace "
                        + env.namespace() + " to check that it exists (get serviceaccounts)");
            }
            throw e;
        }
        if (account == null) {
            existsUntil.remove(username);
            return Identity.unresolved("ServiceAccount " + name + " does not exist in namespace " + env.namespace()
                    + "; nothing is applied until it does");
        }
        existsUntil.put(username, now.plus(EXISTENCE_CACHED_FOR));
        return new Identity(impersonating.computeIfAbsent(username, this::impersonate), username, null);
    }

    /**
     * A client sharing the operator's connection pool whose every request carries Impersonate-User. No group is
     * sent: for a ServiceAccount the API server adds its groups itself, so only {@code impersonate serviceaccounts}
     * is needed. Never closed: closing it would close the shared pool.
     */
    private KubernetesClient impersonate(String username) {
        RequestConfig config = new RequestConfigBuilder(
                        client.getConfiguration().getRequestConfig())
                .withImpersonateUsername(username)
                .build();
        return client.newClient(config).adapt(KubernetesClient.class);
    }
}
