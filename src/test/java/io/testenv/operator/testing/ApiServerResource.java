package io.testenv.operator.testing;

import java.util.List;
import java.util.Map;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * Starts an {@link ApiServer} for a {@code @QuarkusTest} and points the application's Kubernetes client at it.
 * Quarkus' own KubernetesServerTestResource cannot be used: it hard-codes the stock dispatcher.
 */
public class ApiServerResource implements QuarkusTestResourceLifecycleManager {

    /** fabric8 reads these itself: without them a developer's kubeconfig (tokens, exec plugins) leaks into tests. */
    private static final List<String> NO_AMBIENT_CONFIG = List.of("kubernetes.auth.tryKubeConfig",
            "kubernetes.auth.tryServiceAccount");

    private ApiServer server;

    @Override
    public Map<String, String> start() {
        NO_AMBIENT_CONFIG.forEach(property -> System.setProperty(property, "false"));
        server = ApiServer.start();
        return Map.of(
                "quarkus.kubernetes-client.api-server-url", server.url(),
                "quarkus.kubernetes-client.trust-certs", "true",
                "quarkus.kubernetes-client.namespace", "test",
                "quarkus.kubernetes-client.devservices.enabled", "false");
    }

    @Override
    public void inject(TestInjector testInjector) {
        testInjector.injectIntoFields(server,
                new TestInjector.AnnotatedAndMatchesType(InjectApiServer.class, ApiServer.class));
    }

    @Override
    public void stop() {
        if (server != null) {
            server.close();
        }
        NO_AMBIENT_CONFIG.forEach(System::clearProperty);
    }
}
