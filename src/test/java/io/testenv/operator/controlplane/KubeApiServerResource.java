package io.testenv.operator.controlplane;

import io.fabric8.kubeapitest.KubeAPIServer;
import io.fabric8.kubeapitest.KubeAPIServerConfigBuilder;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Starts a real kube-apiserver and etcd (io.fabric8:kube-api-test, RBAC on, loopback only) before the
 * application, installs the CRD from {@code crds/} as a user would, and points the application's Kubernetes
 * client at it. There is no controller-manager: tests play the controllers through the status subresource.
 */
public class KubeApiServerResource implements QuarkusTestResourceLifecycleManager {

    static final Path CRD = Path.of("crds", "testenvironments.testenv.io-v1.yml");
    static final List<Path> POOL_CRDS = List.of(
            Path.of("crds", "testenvironmentpools.testenv.io-v1.yml"),
            Path.of("crds", "testenvironmentclaims.testenv.io-v1.yml"));
    /** fabric8 reads these itself: only the test kubeconfig may configure the client, no ambient one. */
    private static final List<String> CLIENT_PROPERTIES = List.of(
            "kubeconfig", "kubernetes.auth.tryKubeConfig", "kubernetes.auth.tryServiceAccount", "kubernetes.namespace");

    private KubeAPIServer server;
    private KubeApi api;

    @Override
    public Map<String, String> start() {
        Path testDir = ControlPlane.kubeApiTestDirectory();
        server = new KubeAPIServer(KubeAPIServerConfigBuilder.anAPIServerConfig()
                .withTestDir(testDir.toString())
                .withApiServerVersion(ControlPlane.kubernetesVersion())
                .withOfflineMode(true)
                .withStartupTimeout(120_000)
                .withApiServerFlag("--bind-address", "127.0.0.1")
                .build());
        server.start();
        try {
            Path kubeconfig = Files.createTempFile("kube-api-test-", ".kubeconfig");
            kubeconfig.toFile().deleteOnExit();
            Files.writeString(kubeconfig, server.getKubeConfigYaml());
            api = new KubeApi(kubeconfig);
            System.setProperty("kubeconfig", kubeconfig.toString());
            System.setProperty("kubernetes.auth.tryKubeConfig", "true");
            System.setProperty("kubernetes.auth.tryServiceAccount", "false");
            System.setProperty("kubernetes.namespace", "default");
            Crds.install(api.client(), CRD);
            for (Path crd : POOL_CRDS) {
                if (Files.exists(crd)) {
                    Crds.install(api.client(), crd);
                }
            }
            return Map.of(
                    "quarkus.kubernetes-client.devservices.enabled",
                    "false",
                    "quarkus.kubernetes-client.namespace",
                    "default");
        } catch (IOException e) {
            stop();
            throw new UncheckedIOException(e);
        } catch (RuntimeException e) {
            stop();
            throw e;
        }
    }

    @Override
    public void inject(TestInjector testInjector) {
        testInjector.injectIntoFields(
                api, new TestInjector.AnnotatedAndMatchesType(InjectKubeApi.class, KubeApi.class));
    }

    @Override
    public void stop() {
        if (api != null) {
            api.close();
        }
        if (server != null) {
            server.stop();
        }
        CLIENT_PROPERTIES.forEach(System::clearProperty);
    }
}
