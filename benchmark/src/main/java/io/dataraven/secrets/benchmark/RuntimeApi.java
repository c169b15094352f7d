package io.dataraven.secrets.benchmark;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;

/**
 * Lambda's Runtime API for one execution environment, on loopback: what the runtime interface client inside a
 * function's JVM polls for events and answers to, as Lambda's own endpoint (the path of each call is in
 * {@code LambdaRuntimeApiClientImpl} and aws-lambda-cpp's {@code runtime.cpp} of aws-lambda-java-libs).
 *
 * <ul>
 *   <li>{@code GET /2018-06-01/runtime/invocation/next}: the next event, with the request id, deadline, function
 *       ARN and trace id headers; it waits while there is none (Lambda freezes the environment there);</li>
 *   <li>{@code POST .../invocation/{id}/response} and {@code .../invocation/{id}/error}: 202;</li>
 *   <li>{@code POST /2018-06-01/runtime/init/error}: 202 (the client then exits);</li>
 *   <li>{@code GET /2018-06-01/runtime/restore/next} (SnapStart: the client calls it after the CRaC
 *       {@code beforeCheckpoint} hooks; Lambda takes the snapshot there and answers after a restore): 200 at once,
 *       since there is no snapshot to take here; {@code POST .../restore/error}: 202.</li>
 * </ul>
 *
 * Every moment is a {@code System.nanoTime()} stamp of this process, taken when a request arrives or just before
 * an event is written. The server is the JDK's, with {@code TCP_NODELAY} (see {@link #server}).
 */
final class RuntimeApi implements AutoCloseable {

    static final String BASE = "/2018-06-01/runtime";

    /** One invocation: when its event went out, when its answer came in, and the answer. */
    record Invocation(String id, long handedOut, long answered, boolean error, String body) {
    }

    private final HttpServer server;
    private final ExecutorService executor = Executors.newFixedThreadPool(4, r -> {
        Thread t = new Thread(r, "runtime-api");
        t.setDaemon(true);
        return t;
    });
    private final List<String> events;
    private final String functionArn;
    private final Consumer<String> listener;
    private final List<Invocation> answered = new ArrayList<>();
    private final long idleNanos;
    private long handedOut;
    private long lastAnswered;
    private int next;
    private long firstNext;
    private long restoreNext;
    private String initError;
    private boolean closed;

    /**
     * @param events   the events to hand out, in order; after the last, {@code next} waits until {@link #close}
     * @param listener told, on the server thread and before the client gets its answer, of each moment: "init"
     *                 (first {@code next}), "restore" ({@code restore/next}), "answer-N" (the N-th answer, from 1)
     */
    RuntimeApi(List<String> events, String functionName, Consumer<String> listener) throws IOException {
        this(events, functionName, listener, 0);
    }

    /**
     * @param idleMillis how long the third and later events wait after the previous answer: a warm function whose
     *                   requests come seconds apart, as most do, rather than back to back
     */
    RuntimeApi(List<String> events, String functionName, Consumer<String> listener, long idleMillis)
            throws IOException {
        this.events = List.copyOf(events);
        this.idleNanos = idleMillis * 1_000_000;
        this.functionArn = "arn:aws:lambda:us-east-1:123456789012:function:" + functionName;
        this.listener = listener;
        this.server = server(executor);
        server.createContext(BASE + "/", this::handle);
        server.start();
    }

    /**
     * A JDK HTTP server on loopback that sends each response without waiting: the JDK writes the headers and the
     * body as two segments, and without {@code TCP_NODELAY} Nagle's algorithm holds the second until the peer's
     * delayed ACK (40 ms on Linux). {@code -Dsun.net.httpserver.nodelay=false} on the benchmark shows the difference.
     */
    static HttpServer server(ExecutorService executor) throws IOException {
        System.getProperties().putIfAbsent("sun.net.httpserver.nodelay", "true");
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
        server.setExecutor(executor);
        return server;
    }

    /** host:port, as AWS_LAMBDA_RUNTIME_API takes it. */
    String address() {
        return "127.0.0.1:" + server.getAddress().getPort();
    }

    synchronized long firstNext() {
        return firstNext;
    }

    synchronized long restoreNext() {
        return restoreNext;
    }

    synchronized String initError() {
        return initError;
    }

    synchronized List<Invocation> answered() {
        return List.copyOf(answered);
    }

    /** Waits until {@code count} invocations are answered, an init error came, or {@code alive} says no. */
    synchronized boolean await(int count, long timeoutMillis, java.util.function.BooleanSupplier alive)
            throws InterruptedException {
        long end = System.currentTimeMillis() + timeoutMillis;
        while (answered.size() < count && initError == null && !closed) {
            long left = end - System.currentTimeMillis();
            if (left <= 0 || !alive.getAsBoolean()) {
                return false;
            }
            wait(Math.min(left, 50));
        }
        return answered.size() >= count;
    }

    @Override
    public void close() {
        synchronized (this) {
            closed = true;
            notifyAll();
        }
        server.stop(0);
        executor.shutdownNow();
    }

    private void handle(HttpExchange exchange) throws IOException {
        long arrived = System.nanoTime();
        try (exchange) {
            byte[] body;
            try (InputStream in = exchange.getRequestBody()) {
                body = in.readAllBytes();
            }
            String path = exchange.getRequestURI().getPath().substring(BASE.length());
            String method = exchange.getRequestMethod();
            if (method.equals("GET") && path.equals("/invocation/next")) {
                next(exchange, arrived);
            } else if (method.equals("GET") && path.equals("/restore/next")) {
                synchronized (this) {
                    restoreNext = arrived;
                }
                listener.accept("restore");
                send(exchange, 200, "");
            } else if (method.equals("POST") && path.startsWith("/invocation/")
                    && (path.endsWith("/response") || path.endsWith("/error"))) {
                String id = path.substring("/invocation/".length(), path.lastIndexOf('/'));
                String text = new String(body, StandardCharsets.UTF_8);
                int n;
                synchronized (this) {
                    answered.add(new Invocation(id, handedOut, arrived, path.endsWith("/error"), text));
                    lastAnswered = arrived;
                    n = answered.size();
                }
                listener.accept("answer-" + n);
                send(exchange, 202, "{\"status\":\"OK\"}");
                synchronized (this) {
                    notifyAll();
                }
            } else if (method.equals("POST") && (path.equals("/init/error") || path.equals("/restore/error"))) {
                synchronized (this) {
                    initError = path + ": " + exchange.getRequestHeaders().getFirst("Lambda-Runtime-Function-Error-Type")
                            + " " + new String(body, StandardCharsets.UTF_8);
                    notifyAll();
                }
                send(exchange, 202, "{\"status\":\"OK\"}");
            } else {
                send(exchange, 404, "{\"errorMessage\":\"unknown path " + path + "\"}");
            }
        }
    }

    private void next(HttpExchange exchange, long arrived) throws IOException {
        String event;
        int n;
        synchronized (this) {
            if (firstNext == 0) {
                firstNext = arrived;
            }
            n = next;
        }
        if (n == 0) {
            listener.accept("init");
        }
        synchronized (this) {
            while (next >= events.size() && !closed) {
                try {
                    wait(50);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
            while (next >= 2 && idleNanos > 0 && !closed && System.nanoTime() - lastAnswered < idleNanos) {
                try {
                    wait(Math.max(1, (idleNanos - (System.nanoTime() - lastAnswered)) / 1_000_000));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
            if (closed) {
                return;
            }
            event = events.get(next++);
            n = next;
        }
        String id = "bench-" + n;
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.getResponseHeaders().set("Lambda-Runtime-Aws-Request-Id", id);
        exchange.getResponseHeaders().set("Lambda-Runtime-Deadline-Ms",
                String.valueOf(System.currentTimeMillis() + 900_000));
        exchange.getResponseHeaders().set("Lambda-Runtime-Invoked-Function-Arn", functionArn);
        exchange.getResponseHeaders().set("Lambda-Runtime-Trace-Id",
                String.format("Root=1-00000000-%024d;Parent=%016d;Sampled=0", n, n));
        synchronized (this) {
            handedOut = System.nanoTime();
        }
        send(exchange, 200, event);
    }

    private static void send(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        if (!exchange.getResponseHeaders().containsKey("Content-Type")) {
            exchange.getResponseHeaders().set("Content-Type", "application/json");
        }
        exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        if (bytes.length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
    }
}
