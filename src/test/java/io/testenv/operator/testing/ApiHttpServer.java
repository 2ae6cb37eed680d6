package io.testenv.operator.testing;

import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import io.fabric8.mockwebserver.http.Headers;
import io.fabric8.mockwebserver.dsl.HttpMethod;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.fabric8.mockwebserver.http.WebSocketListener;
import io.fabric8.mockwebserver.vertx.ServerWebSocketHandler;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;

/**
 * The HTTP side of the test API server, in front of {@link ApiServerDispatcher}. Unlike the fabric8 mock web
 * server it serves what kubectl needs: every request body is read (client-go sends chunked bodies without a
 * Content-Type), a watch is streamed over a plain chunked GET unless the client asks for a WebSocket, list
 * responses become Tables when asked ({@code kubectl get}'s printer columns), and protobuf bodies get a fast
 * 415 instead of a hang.
 */
final class ApiHttpServer implements AutoCloseable {

    private final Vertx vertx = Vertx.vertx();
    private final ApiServerDispatcher dispatcher;
    private HttpServer server;

    ApiHttpServer(ApiServerDispatcher dispatcher) {
        this.dispatcher = dispatcher;
    }

    void start(String host, int port) {
        HttpServerOptions options = new HttpServerOptions().setHost(host).setPort(port)
                .setHandle100ContinueAutomatically(true)
                .setWebSocketSubProtocols(List.of("v4.channel.k8s.io", "v3.channel.k8s.io", "v2.channel.k8s.io",
                        "channel.k8s.io"));
        server = vertx.createHttpServer(options).requestHandler(this::handle);
        await(server.listen());
    }

    int port() {
        return server.actualPort();
    }

    private void handle(HttpServerRequest request) {
        if ("websocket".equalsIgnoreCase(request.getHeader("Upgrade"))) {
            // a WebSocket watch (the fabric8 client): no body, upgrade at once as the stock server does
            RecordedRequest recorded = recorded(request, null);
            MockResponse response = dispatcher.dispatch(recorded);
            if (response.getWebSocketListener() != null) {
                request.toWebSocket().onSuccess(new ServerWebSocketHandler(recorded, response));
            } else {
                send(request.response(), response);
            }
            return;
        }
        request.body().onSuccess(body -> {
            RecordedRequest recorded = recorded(request, body);
            if (isProtobuf(request.getHeader("Content-Type"))) {
                send(request.response(), Statuses.failure(415, "UnsupportedMediaType",
                        "this API server accepts JSON and YAML bodies only, not protobuf"));
                return;
            }
            vertx.executeBlocking(() -> dispatcher.dispatch(recorded), false)
                    .onSuccess(response -> respond(request, recorded, response))
                    .onFailure(error -> send(request.response(), Statuses.failure(500, "InternalError",
                            String.valueOf(error.getMessage()))));
        }).onFailure(error -> request.response().setStatusCode(400).end());
    }

    private static RecordedRequest recorded(HttpServerRequest request, Buffer body) {
        return new RecordedRequest(request.version().alpnName().toUpperCase(Locale.ROOT),
                HttpMethod.fromVertx(request.method()), request.uri(),
                Headers.builder().addAll(request.headers()).build(),
                new io.fabric8.mockwebserver.http.Buffer(body == null ? new byte[0] : body.getBytes()));
    }

    private void respond(HttpServerRequest request, RecordedRequest recorded, MockResponse response) {
        WebSocketListener listener = response.getWebSocketListener();
        if (listener == null) {
            send(request.response(), Tables.convertIfAsked(dispatcher, request.getHeader("Accept"), recorded, response));
        } else {
            stream(request, recorded, response, listener);
        }
    }

    /** A watch over a plain GET, kept open until the client goes or its timeoutSeconds pass. */
    private void stream(HttpServerRequest request, RecordedRequest recorded, MockResponse response,
            WebSocketListener listener) {
        HttpServerResponse http = request.response().setChunked(true).setStatusCode(200)
                .putHeader("Content-Type", "application/json");
        WatchStream stream = new WatchStream(recorded, http);
        http.closeHandler(v -> listener.onClosed(stream, 1000, "client closed the watch"));
        String timeout = request.getParam("timeoutSeconds");
        if (timeout != null && timeout.matches("\\d+") && Long.parseLong(timeout) > 0) {
            vertx.setTimer(TimeUnit.SECONDS.toMillis(Long.parseLong(timeout)), id -> {
                stream.close(1000, "watch timeout");
                listener.onClosed(stream, 1000, "watch timeout");
            });
        }
        http.writeHead().onComplete(written -> listener.onOpen(stream, response));
    }

    private static void send(HttpServerResponse http, MockResponse response) {
        http.setStatusCode(response.code());
        response.getHeaders().toMultimap().forEach((key, values) -> http.headers().add(key, values));
        if (!http.headers().contains("Content-Type")) {
            http.putHeader("Content-Type", "application/json");
        }
        byte[] body = response.getBody() == null ? new byte[0] : response.getBody().getBytes();
        http.end(Buffer.buffer(body));
    }

    private static boolean isProtobuf(String contentType) {
        return contentType != null && contentType.contains("protobuf");
    }

    @Override
    public void close() {
        if (server != null) {
            await(server.close());
        }
        await(vertx.close());
    }

    private static <T> T await(Future<T> future) {
        CompletableFuture<T> result = new CompletableFuture<>();
        future.onComplete(r -> {
            if (r.succeeded()) {
                result.complete(r.result());
            } else {
                result.completeExceptionally(r.cause());
            }
        });
        try {
            return result.get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("API server could not start or stop", e);
        }
    }
}
