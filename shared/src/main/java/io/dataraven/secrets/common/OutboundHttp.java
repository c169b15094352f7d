package io.dataraven.secrets.common;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.Proxy;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Outbound HTTP(S) for the vault clients and the provider checks, on {@link HttpURLConnection}: the JDK class the
 * SDK's url-connection client already loads for every AWS call. java.net.http's HttpClient, used here before, was
 * about 200 classes more on the first request of a connection test or a verify (the benchmark's class logs).
 *
 * <p>Redirects are never followed (a redirect must not carry a token or a signed request elsewhere); no proxy, no
 * caches. Every exchange has a connect timeout and a deadline: a timer disconnects a connection whose status line
 * and headers are not in by then (the read timeout alone bounds each read, not a server that trickles), and the
 * body's reads stop at it. Bodies are bounded. Request bodies are buffered, not streamed: in streaming mode
 * HttpURLConnection turns a 401 into an exception instead of an answer. (It may still send a POST again on its
 * own after a connection fails before the answer, to the same host: java.net.http did not.)
 */
public final class OutboundHttp {

    private final Duration connectTimeout;
    private final Duration requestTimeout;

    public OutboundHttp(Duration connectTimeout, Duration requestTimeout) {
        this.connectTimeout = positive(connectTimeout, "connectTimeout");
        this.requestTimeout = positive(requestTimeout, "requestTimeout");
    }

    /** Sends the request and reads its answer in full, at most {@code maxBodyBytes} of body. */
    public Answer send(Request request, int maxBodyBytes) throws Failure {
        HttpURLConnection connection;
        try {
            connection = (HttpURLConnection) request.uri().toURL().openConnection(Proxy.NO_PROXY);
            connection.setRequestMethod(request.method());
        } catch (IOException | IllegalArgumentException | ClassCastException e) {
            throw new Failure(Failure.Kind.UNREACHABLE, e);
        }
        connection.setInstanceFollowRedirects(false);
        connection.setUseCaches(false);
        connection.setConnectTimeout(millis(connectTimeout));
        connection.setReadTimeout(millis(requestTimeout));
        for (String[] header : request.headers()) {
            connection.addRequestProperty(header[0], header[1]);
        }
        connection.setDoOutput(request.body() != null); // before connect(): it fixes the request's shape
        long deadline = System.nanoTime() + requestTimeout.toNanos();
        AtomicBoolean expired = new AtomicBoolean();
        // Until the status line and headers are in, a timer disconnects at the deadline (a server can trickle its
        // headers, each read well within the read timeout).
        ScheduledFuture<?> timer = Deadlines.TIMER.schedule(() -> {
            expired.set(true);
            connection.disconnect();
        }, requestTimeout.toNanos(), TimeUnit.NANOSECONDS);
        int status;
        try {
            try {
                connection.connect();
            } catch (SocketTimeoutException e) {
                throw new Failure(expired.get() ? Failure.Kind.TIMEOUT : Failure.Kind.CONNECT_TIMEOUT, e);
            } catch (IOException e) {
                throw new Failure(expired.get() ? Failure.Kind.TIMEOUT : Failure.Kind.UNREACHABLE, e);
            }
            try {
                if (request.body() != null) {
                    try (OutputStream out = connection.getOutputStream()) {
                        out.write(request.body());
                    }
                }
                status = connection.getResponseCode();
            } catch (IOException e) {
                throw new Failure(expired.get() || e instanceof SocketTimeoutException ? Failure.Kind.TIMEOUT
                        : Failure.Kind.UNREACHABLE, e);
            }
        } finally {
            timer.cancel(false);
        }
        // A timer that fired before the socket existed (name lookup) did nothing, and one that fired between the
        // connect and the answer made the JDK connect again: either way the deadline has passed.
        if (expired.get()) {
            connection.disconnect();
            throw new Failure(Failure.Kind.TIMEOUT, null);
        }
        if (status < 100) {
            throw new Failure(Failure.Kind.UNREACHABLE, new IOException("no HTTP status line"));
        }
        return new Answer(status, headers(connection), body(connection, status, deadline, maxBodyBytes));
    }

    /**
     * The body, read with the deadline checked between reads. No timer here: a disconnect waits for the stream's
     * lock, which a blocked read holds, so a stalled read ends on the read timeout instead (the whole exchange then
     * takes at most about twice the request timeout). Buffers that held the body are zeroed as it grows.
     */
    private static byte[] body(HttpURLConnection connection, int status, long deadline, int maxBodyBytes)
            throws Failure {
        byte[] buffer = new byte[Math.min(maxBodyBytes + 1, 8192)];
        int length = 0;
        try (InputStream in = status >= 400 ? connection.getErrorStream() : connection.getInputStream()) {
            while (in != null && length <= maxBodyBytes) {
                if (System.nanoTime() - deadline > 0) {
                    throw new Failure(Failure.Kind.TIMEOUT, null);
                }
                if (length == buffer.length) {
                    byte[] bigger = Arrays.copyOf(buffer, (int) Math.min(maxBodyBytes + 1L, buffer.length * 2L));
                    Arrays.fill(buffer, (byte) 0);
                    buffer = bigger;
                }
                int read = in.read(buffer, length, buffer.length - length);
                if (read < 0) {
                    break;
                }
                length += read;
            }
        } catch (Failure e) {
            Arrays.fill(buffer, (byte) 0);
            connection.disconnect();
            throw e;
        } catch (IOException e) {
            Arrays.fill(buffer, (byte) 0);
            throw new Failure(e instanceof SocketTimeoutException ? Failure.Kind.TIMEOUT : Failure.Kind.LOST, e);
        }
        if (length > maxBodyBytes) {
            Arrays.fill(buffer, (byte) 0);
            throw new Failure(Failure.Kind.TOO_LARGE, null);
        }
        byte[] body = Arrays.copyOf(buffer, length);
        Arrays.fill(buffer, (byte) 0);
        return body;
    }

    private static Map<String, List<String>> headers(HttpURLConnection connection) {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        connection.getHeaderFields().forEach((name, values) -> {
            if (name != null) { // the status line
                headers.computeIfAbsent(name.toLowerCase(Locale.ROOT), n -> new ArrayList<>()).addAll(values);
            }
        });
        return headers;
    }

    private static int millis(Duration d) {
        return (int) Math.min(Integer.MAX_VALUE, Math.max(1, d.toMillis()));
    }

    private static Duration positive(Duration d, String name) {
        Objects.requireNonNull(d, name);
        if (d.isZero() || d.isNegative()) {
            throw new IllegalArgumentException(name + " must be positive");
        }
        return d;
    }

    /** One daemon thread for every client's deadlines, started on first use; cancelled ones are dropped at once. */
    private static final class Deadlines {
        static final ScheduledThreadPoolExecutor TIMER = new ScheduledThreadPoolExecutor(1, r -> {
            Thread thread = new Thread(r, "outbound-http-deadline");
            thread.setDaemon(true);
            return thread;
        });

        static {
            TIMER.setRemoveOnCancelPolicy(true);
        }
    }

    /** A request: method, URI, headers in order, an optional body. */
    public static final class Request {
        private final String method;
        private final URI uri;
        private final byte[] body;
        private final List<String[]> headers = new ArrayList<>();

        private Request(String method, URI uri, byte[] body) {
            this.method = method;
            this.uri = Objects.requireNonNull(uri, "uri");
            // Other schemes have other URL handlers (file, jar, ftp): never what a vault or provider is.
            if (!("http".equalsIgnoreCase(uri.getScheme()) || "https".equalsIgnoreCase(uri.getScheme()))
                    || uri.getHost() == null) {
                throw new IllegalArgumentException("only http and https URLs with a host are sent");
            }
            this.body = body;
        }

        public static Request get(URI uri) {
            return new Request("GET", uri, null);
        }

        public static Request post(URI uri, byte[] body) {
            return new Request("POST", uri, Objects.requireNonNull(body, "body"));
        }

        /**
         * Adds a header. A name that is not an HTTP token, or a value with anything but printable ASCII and tabs (a
         * CR, LF or NUL; HttpURLConnection would send U+0080 and above in the platform encoding), is an
         * IllegalArgumentException that names the header, never the value (which may be a token): HttpURLConnection
         * itself lets a bare CR through and quotes the value when it refuses one.
         */
        public Request header(String name, String value) {
            if (name == null || name.isEmpty() || !name.chars().allMatch(Request::isTokenChar)) {
                throw new IllegalArgumentException("invalid header name");
            }
            if (value == null || !value.chars().allMatch(c -> c == '\t' || (c >= 0x20 && c < 0x7f))) {
                throw new IllegalArgumentException("invalid value for header " + name);
            }
            headers.add(new String[] {name, value});
            return this;
        }

        private static boolean isTokenChar(int c) {
            return c > 0x20 && c < 0x7f && "\"(),/:;<=>?@[\\]{}".indexOf(c) < 0;
        }

        public String method() {
            return method;
        }

        public URI uri() {
            return uri;
        }

        byte[] body() {
            return body;
        }

        List<String[]> headers() {
            return headers;
        }
    }

    /** An answer read in full; header names lower-case. */
    public record Answer(int status, Map<String, List<String>> headers, byte[] body) {

        public Optional<String> header(String name) {
            List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
            return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
        }
    }

    /** Why no answer came; the cause's class names the transport problem (its message may quote a URL). */
    public static final class Failure extends IOException {

        public enum Kind {
            /** No connection within the connect timeout. */
            CONNECT_TIMEOUT,
            /** No full answer within the request timeout. */
            TIMEOUT,
            /** No connection, or it failed before an answer's status line. */
            UNREACHABLE,
            /** The connection failed while the body was read. */
            LOST,
            /** A body over the limit. */
            TOO_LARGE
        }

        private final Kind kind;

        Failure(Kind kind, Throwable cause) {
            super(kind.name(), cause);
            this.kind = kind;
        }

        public Kind kind() {
            return kind;
        }

        /** The transport exception's simple class name, e.g. ConnectException; the kind when there is none. */
        public String causeName() {
            return getCause() == null ? kind.name() : getCause().getClass().getSimpleName();
        }
    }
}
