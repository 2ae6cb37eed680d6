package io.testenv.operator.testing;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.HashMap;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.kubernetes.client.utils.Serialization;

/**
 * An in-memory Kubernetes API on 127.0.0.1 over plain HTTP: the fabric8 mock server in CRUD mode with
 * {@link ApiServerDispatcher}. What it does not do: admission, schema validation and pruning, RBAC, field
 * ownership, garbage collection, and no controller runs (see {@link Controllers} for tests).
 */
public final class ApiServer implements AutoCloseable {

    private final ApiServerDispatcher dispatcher = new ApiServerDispatcher();
    private final KubernetesMockServer server = new KubernetesMockServer(new Context(Serialization.jsonMapper()),
            new MockWebServer(), new HashMap<>(), dispatcher, false);
    private KubernetesClient client;

    /** Starts on a free port of 127.0.0.1. */
    public static ApiServer start() {
        return start(0);
    }

    public static ApiServer start(int port) {
        ApiServer apiServer = new ApiServer();
        try {
            apiServer.server.init(InetAddress.getByName("127.0.0.1"), port);
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
        return apiServer;
    }

    /** The API's base URL, e.g. {@code http://127.0.0.1:41234}. */
    public String url() {
        return "http://127.0.0.1:" + server.getPort();
    }

    public int port() {
        return server.getPort();
    }

    /** A client for tests (namespace {@code test}), created on first use and closed with the server. */
    public synchronized KubernetesClient client() {
        if (client == null) {
            client = server.createClient();
        }
        return client;
    }

    ApiServerDispatcher dispatcher() {
        return dispatcher;
    }

    @Override
    public synchronized void close() {
        if (client != null) {
            client.close();
        }
        server.destroy();
    }
}
