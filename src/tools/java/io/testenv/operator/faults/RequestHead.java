package io.testenv.operator.faults;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** An HTTP/1.1 request's line and headers, as read from the client and as forwarded. */
record RequestHead(String method, String target, List<String> headers) {

    /** Hop-by-hop headers, and the HTTP/2 upgrade an HTTP/1.1 relay cannot honour. */
    private static final Set<String> DROPPED =
            Set.of("connection", "keep-alive", "proxy-connection", "upgrade", "http2-settings", "host", "te");

    /** The head, or null when the client closed before sending one. */
    static RequestHead read(InputStream in) throws IOException {
        List<String> lines = new ArrayList<>();
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        while (true) {
            int b = in.read();
            if (b < 0) {
                return null;
            }
            if (b == '\n') {
                String text = line.toString(StandardCharsets.ISO_8859_1);
                text = text.endsWith("\r") ? text.substring(0, text.length() - 1) : text;
                line.reset();
                if (text.isEmpty()) {
                    break;
                }
                lines.add(text);
            } else {
                line.write(b);
            }
        }
        String[] request = lines.get(0).split(" ", 3);
        return new RequestHead(request[0], request[1], List.copyOf(lines.subList(1, lines.size())));
    }

    String header(String name) {
        for (String header : headers) {
            int colon = header.indexOf(':');
            if (colon > 0 && header.substring(0, colon).trim().equalsIgnoreCase(name)) {
                return header.substring(colon + 1).trim();
            }
        }
        return null;
    }

    boolean isWebSocket() {
        return "websocket".equalsIgnoreCase(header("Upgrade"));
    }

    boolean isWatch() {
        return isWebSocket() || target.contains("watch=true") || target.contains("watch=1");
    }

    boolean isWrite() {
        return Set.of("POST", "PUT", "PATCH", "DELETE").contains(method);
    }

    /** The head sent upstream: the server's Host, one request per connection, a WebSocket upgrade kept. */
    byte[] forwarded(String authority) {
        StringBuilder out = new StringBuilder(method).append(' ').append(target).append(" HTTP/1.1\r\n");
        out.append("Host: ").append(authority).append("\r\n");
        for (String header : headers) {
            int colon = header.indexOf(':');
            String name = colon > 0 ? header.substring(0, colon).trim().toLowerCase(Locale.ROOT) : "";
            if (!DROPPED.contains(name)) {
                out.append(header).append("\r\n");
            }
        }
        out.append(isWebSocket() ? "Connection: Upgrade\r\nUpgrade: websocket\r\n" : "Connection: close\r\n");
        return out.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1);
    }
}
