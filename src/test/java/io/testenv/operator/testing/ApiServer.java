package io.testenv.operator.testing;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;

/**
 * An in-memory Kubernetes API on 127.0.0.1 over plain HTTP: the fabric8 mock server's CRUD store and watches
 * behind {@link ApiServerDispatcher} (server-side apply, merge patch, discovery), served by
 * {@link ApiHttpServer} (streamed watches, Tables, chunked bodies) so that both the fabric8 client and kubectl
 * can use it. What it does not do: admission, schema validation and pruning, defaulting, RBAC, field ownership
 * and garbage collection, and no controller runs.
 */
public final class ApiServer implements AutoCloseable {

    private final ApiServerDispatcher dispatcher = new ApiServerDispatcher();
    private final ApiHttpServer http = new ApiHttpServer(dispatcher);
    private KubernetesClient client;

    /** Starts on a free port of 127.0.0.1. */
    public static ApiServer start() {
        return start(0);
    }

    public static ApiServer start(int port) {
        ApiServer apiServer = new ApiServer();
        apiServer.http.start("127.0.0.1", port);
        return apiServer;
    }

    /** The API's base URL, e.g. {@code http://127.0.0.1:41234}. */
    public String url() {
        return "http://127.0.0.1:" + http.port();
    }

    public int port() {
        return http.port();
    }

    /** A client for tests (namespace {@code test}), created on first use and closed with the server. */
    public synchronized KubernetesClient client() {
        if (client == null) {
            client = newClient("test");
        }
        return client;
    }

    /** A new client of this server with the given default namespace; the caller closes it. */
    public KubernetesClient newClient(String namespace) {
        Config config = new ConfigBuilder(Config.empty()).withMasterUrl(url()).withNamespace(namespace)
                .withTrustCerts(true).withHttp2Disable(true).withRequestTimeout(30_000).build();
        return new KubernetesClientBuilder().withConfig(config).build();
    }

    @Override
    public synchronized void close() {
        if (client != null) {
            client.close();
        }
        http.close();
    }
}
