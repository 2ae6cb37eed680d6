package io.testenv.operator.config;

import io.fabric8.kubernetes.client.http.AsyncBody;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.HttpResponse;
import io.fabric8.kubernetes.client.http.Interceptor;
import io.testenv.operator.reconciler.record.ApiRequests;
import java.nio.ByteBuffer;
import java.util.List;

/** Counts every answered request of the operator's client (a connection failure counts with code "error"). */
final class ApiRequestCounter implements Interceptor {

    static final String NAME = "testenv-api-requests";

    private final ApiRequests requests;

    ApiRequestCounter(ApiRequests requests) {
        this.requests = requests;
    }

    @Override
    public void after(HttpRequest request, HttpResponse<?> response, AsyncBody.Consumer<List<ByteBuffer>> consumer) {
        requests.count(request.method(), request.uri(), String.valueOf(response.code()));
    }

    @Override
    public void afterConnectionFailure(HttpRequest request, Throwable failure) {
        requests.count(request.method(), request.uri(), "error");
    }
}
