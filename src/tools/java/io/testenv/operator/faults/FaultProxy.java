package io.testenv.operator.faults;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.internal.SSLUtils;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.SSLSocketFactory;

/**
 * A plain-HTTP proxy in front of a real API server that misbehaves like a loaded control plane and a flaky
 * network: a share of the requests is answered with a 500, a 429 with Retry-After, a 409 (writes only), or a
 * timeout (the request is forwarded and done, but its answer never comes back); every watch is cut after a few
 * seconds; and WebSocket messages from the server are split into frames of 16 KiB, as proxies and
 * load balancers may. Upstream it speaks TLS with the cluster's own client credentials, so the operator behind it
 * needs none.
 *
 * <p>Every request is forwarded on its own connection ({@code Connection: close}), which keeps the proxy a simple
 * byte relay: a response ends when the server closes.
 */
public final class FaultProxy implements AutoCloseable {

    /** Bytes per WebSocket frame towards the client. */
    static final int FRAME = Integer.getInteger("faults.frame", 16 * 1024);

    public enum Fault {
        INTERNAL_ERROR,
        TOO_MANY_REQUESTS,
        CONFLICT,
        TIMEOUT
    }

    private final ServerSocket server;
    private final String upstreamHost;
    private final int upstreamPort;
    private final SSLSocketFactory tls;
    private final double faultRate;
    private final Duration watchLifetime;
    private final Random random;
    private volatile boolean faulty = true;
    private final ExecutorService threads = Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "fault-proxy");
        thread.setDaemon(true);
        return thread;
    });
    private final ScheduledExecutorService cutter = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "fault-proxy-cut");
        thread.setDaemon(true);
        return thread;
    });
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();

    private final AtomicLong requests = new AtomicLong();
    private final AtomicLong watches = new AtomicLong();
    private final AtomicLong watchesCut = new AtomicLong();
    private final AtomicLong pendingCuts = new AtomicLong();
    private final AtomicLong messagesSplit = new AtomicLong();
    private final AtomicLong largestMessage = new AtomicLong();
    private final Map<Fault, AtomicLong> faults = new EnumMap<>(Fault.class);

    private FaultProxy(Config upstream, double faultRate, Duration watchLifetime, long seed) throws Exception {
        URI uri = URI.create(upstream.getMasterUrl());
        this.upstreamHost = uri.getHost();
        this.upstreamPort = uri.getPort() == -1 ? 443 : uri.getPort();
        this.tls = SSLUtils.sslContext(upstream).getSocketFactory();
        this.faultRate = faultRate;
        this.watchLifetime = watchLifetime;
        this.random = new Random(seed);
        for (Fault fault : Fault.values()) {
            faults.put(fault, new AtomicLong());
        }
        this.server = new ServerSocket(0, 200, InetAddress.getLoopbackAddress());
    }

    /**
     * Starts the proxy on a free loopback port.
     *
     * @param faultRate the share of requests answered with a fault
     * @param watchLifetime how long a watch lives at most before it is cut (each one a random share of it)
     */
    public static FaultProxy start(Config upstream, double faultRate, Duration watchLifetime, long seed)
            throws Exception {
        FaultProxy proxy = new FaultProxy(upstream, faultRate, watchLifetime, seed);
        proxy.threads.execute(proxy::accept);
        return proxy;
    }

    /** A kubeconfig that reaches the API server through this proxy, without credentials. */
    public Path writeKubeconfig(Path directory) throws IOException {
        Files.createDirectories(directory);
        Path file = directory.resolve("kubeconfig-through-proxy");
        Files.writeString(file, """
                apiVersion: v1
                kind: Config
                clusters:
                - name: through-proxy
                  cluster: {server: "http://127.0.0.1:%d"}
                users:
                - name: through-proxy
                  user: {}
                contexts:
                - name: through-proxy
                  context: {cluster: through-proxy, user: through-proxy, namespace: default}
                current-context: through-proxy
                """.formatted(server.getLocalPort()));
        return file;
    }

    /** Stops injecting faults (and cutting watches); splitting frames goes on. */
    public void heal() {
        faulty = false;
    }

    public long requests() {
        return requests.get();
    }

    public long faults(Fault fault) {
        return faults.get(fault).get();
    }

    public long faults() {
        return faults.values().stream().mapToLong(AtomicLong::get).sum();
    }

    public long watches() {
        return watches.get();
    }

    public long watchesCut() {
        return watchesCut.get();
    }

    /** Watches that are still to be cut, opened before {@link #heal()}. */
    public long pendingCuts() {
        return pendingCuts.get();
    }

    /** WebSocket messages the proxy delivered in more than one frame. */
    public long messagesSplit() {
        return messagesSplit.get();
    }

    public long largestMessage() {
        return largestMessage.get();
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                open.add(client);
                threads.execute(() -> serve(client));
            } catch (IOException e) {
                return;
            }
        }
    }

    private void serve(Socket client) {
        Socket upstream = null;
        try {
            InputStream fromClient = new BufferedInputStream(client.getInputStream());
            RequestHead head = RequestHead.read(fromClient);
            if (head == null) {
                return;
            }
            requests.incrementAndGet();
            Fault fault = faultFor(head);
            if (fault != null) {
                faults.get(fault).incrementAndGet();
            }
            if (fault != null && fault != Fault.TIMEOUT) {
                answer(client.getOutputStream(), fault);
                return;
            }
            upstream = tls.createSocket(upstreamHost, upstreamPort);
            open.add(upstream);
            OutputStream toUpstream = upstream.getOutputStream();
            toUpstream.write(head.forwarded(upstreamHost + ":" + upstreamPort));
            toUpstream.flush();
            Socket server = upstream;
            Future<?> request = threads.submit(() -> relay(fromClient, toUpstream));
            if (fault == Fault.TIMEOUT) {
                // The request reaches the server and takes effect; its answer is lost, and the client waits until
                // it gives up.
                upstream.getInputStream().transferTo(OutputStream.nullOutputStream());
                request.get(2, TimeUnit.MINUTES);
                return;
            }
            if (head.isWatch()) {
                watches.incrementAndGet();
                if (faulty && watchLifetime.toMillis() > 0) {
                    long lifetime = 1000 + (long) (nextDouble() * Math.max(0, watchLifetime.toMillis() - 1000));
                    pendingCuts.incrementAndGet();
                    cutter.schedule(
                            () -> {
                                cut(client, server);
                                pendingCuts.decrementAndGet();
                            },
                            lifetime,
                            TimeUnit.MILLISECONDS);
                }
            }
            if (head.isWebSocket()) {
                relayWebSocket(upstream.getInputStream(), client.getOutputStream());
            } else {
                upstream.getInputStream().transferTo(client.getOutputStream());
            }
        } catch (IOException | ExecutionException | TimeoutException e) {
            // a closed connection ends the relay, whichever side closed it
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            close(client);
            close(upstream);
        }
    }

    private Fault faultFor(RequestHead head) {
        if (!faulty || nextDouble() >= faultRate) {
            return null;
        }
        if (head.isWatch()) {
            return nextDouble() < 0.5 ? Fault.INTERNAL_ERROR : Fault.TOO_MANY_REQUESTS;
        }
        Fault[] choices = head.isWrite()
                ? Fault.values()
                : new Fault[] {Fault.INTERNAL_ERROR, Fault.TOO_MANY_REQUESTS, Fault.TIMEOUT};
        return choices[(int) (nextDouble() * choices.length)];
    }

    private synchronized double nextDouble() {
        return random.nextDouble();
    }

    private static void answer(OutputStream out, Fault fault) throws IOException {
        String status;
        String reason;
        String message;
        String extra = "";
        switch (fault) {
            case INTERNAL_ERROR -> {
                status = "500 Internal Server Error";
                reason = "InternalError";
                message = "Internal error occurred: injected by the fault proxy";
            }
            case TOO_MANY_REQUESTS -> {
                status = "429 Too Many Requests";
                reason = "TooManyRequests";
                message = "the server has received too many requests and has asked us to try again later";
                extra = "Retry-After: 1\r\n";
            }
            default -> {
                status = "409 Conflict";
                reason = "Conflict";
                message = "Operation cannot be fulfilled: the object has been modified; please apply your changes "
                        + "to the latest version and try again";
            }
        }
        byte[] body =
                ("{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"metadata\":{},\"status\":\"Failure\",\"message\":\""
                                + message + "\",\"reason\":\"" + reason + "\",\"code\":" + status.substring(0, 3) + "}")
                        .getBytes(StandardCharsets.UTF_8);
        out.write(("HTTP/1.1 " + status + "\r\nContent-Type: application/json\r\nContent-Length: " + body.length
                        + "\r\n" + extra + "Connection: close\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        out.write(body);
        out.flush();
    }

    /** The rest of the request, and after an upgrade the client's frames, until the client closes. */
    private static void relay(InputStream from, OutputStream to) {
        try {
            from.transferTo(to);
        } catch (IOException e) {
            // either side closed
        }
    }

    /** Copies the server's response head, then its frames, splitting data frames larger than {@link #FRAME}. */
    private void relayWebSocket(InputStream from, OutputStream to) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        while (matched < 4) {
            int b = from.read();
            if (b < 0) {
                return;
            }
            head.write(b);
            matched = (b == (matched % 2 == 0 ? '\r' : '\n')) ? matched + 1 : (b == '\r' ? 1 : 0);
        }
        to.write(head.toByteArray());
        to.flush();
        if (!head.toString(StandardCharsets.US_ASCII).startsWith("HTTP/1.1 101")) {
            from.transferTo(to);
            return;
        }
        WebSocketFrames.relay(from, to, FRAME, length -> {
            messagesSplit.incrementAndGet();
            largestMessage.accumulateAndGet(length, Math::max);
        });
    }

    private void cut(Socket client, Socket upstream) {
        if (!client.isClosed()) {
            watchesCut.incrementAndGet();
        }
        close(client);
        close(upstream);
    }

    private void close(Socket socket) {
        if (socket == null) {
            return;
        }
        open.remove(socket);
        try {
            socket.close();
        } catch (IOException e) {
            // already closed
        }
    }

    @Override
    public void close() {
        try {
            server.close();
        } catch (IOException e) {
            // already closed
        }
        open.forEach(this::close);
        cutter.shutdownNow();
        threads.shutdownNow();
    }
}
