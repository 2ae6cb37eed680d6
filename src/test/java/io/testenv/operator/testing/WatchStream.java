package io.testenv.operator.testing;

import java.nio.charset.StandardCharsets;

import io.fabric8.mockwebserver.http.RecordedRequest;
import io.fabric8.mockwebserver.http.WebSocket;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;

/**
 * A watch served as client-go does it: one JSON watch event per line on a chunked HTTP response that stays open.
 * It stands in for the WebSocket the stock watch listener writes to, so the CRUD dispatcher's watch machinery
 * serves kubectl unchanged.
 */
final class WatchStream implements WebSocket {

    private final RecordedRequest request;
    private final HttpServerResponse response;
    private volatile boolean closed;

    WatchStream(RecordedRequest request, HttpServerResponse response) {
        this.request = request;
        this.response = response;
    }

    @Override
    public RecordedRequest request() {
        return request;
    }

    @Override
    public boolean send(String text) {
        return send(text.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public synchronized boolean send(byte[] bytes) {
        if (closed) {
            return false;
        }
        response.write(Buffer.buffer(bytes).appendString("\n"));
        return true;
    }

    @Override
    public synchronized boolean close(int code, String reason) {
        if (!closed) {
            closed = true;
            response.end();
        }
        return true;
    }
}
