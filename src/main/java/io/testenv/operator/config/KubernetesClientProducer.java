package io.testenv.operator.config;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.okhttp.OkHttpClientFactory;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.micrometer.core.instrument.MeterRegistry;
import io.testenv.operator.reconciler.record.ApiRequests;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/**
 * The operator's Kubernetes client, on fabric8's OkHttp client rather than the Vert.x one Quarkus picks by
 * default. fabric8 7.3.1's Vert.x WebSocket asks for one more frame, not one more message, after each watch
 * event, so the first event split over several WebSocket frames after the first one is never delivered and the
 * watch stops without an error (fabric8io/kubernetes-client#7347, fixed in 7.5). The API server sends an event as
 * one frame, but a proxy in between may split it, and a TestEnvironment of a few hundred kilobytes is a legitimate
 * input. fabric8's JDK client assembles split messages, but behind the fault proxy of the end-to-end tests its
 * watches, once cut by the network, stopped delivering events and were not restarted. OkHttp, fabric8's default
 * client for years, does both. Configuration, serialization and the derived impersonating clients are Quarkus'
 * and fabric8's as before. Every request it sends (the impersonating clients' too) is counted by verb, resource
 * and code ({@link ApiRequests}).
 */
@Singleton
public class KubernetesClientProducer {

    @Produces
    @Singleton
    public KubernetesClient kubernetesClient(
            Config config, KubernetesSerialization serialization, MeterRegistry registry) {
        ApiRequestCounter counter = new ApiRequestCounter(new ApiRequests(registry));
        return new KubernetesClientBuilder()
                .withConfig(config)
                .withKubernetesSerialization(serialization)
                .withHttpClientFactory(new OkHttpClientFactory())
                .withHttpClientBuilderConsumer(
                        builder -> builder.addOrReplaceInterceptor(ApiRequestCounter.NAME, counter))
                .build();
    }

    public void close(@Disposes KubernetesClient client) {
        client.close();
    }
}
