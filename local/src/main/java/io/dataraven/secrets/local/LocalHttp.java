package io.dataraven.secrets.local;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import io.dataraven.secrets.api.ApiException;
import io.dataraven.secrets.api.ApiResponses;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * The local server's HTTP/1.1, small and strict, in place of the JDK's {@code com.sun.net.httpserver}: that one
 * answers a request target it cannot parse (a malformed percent-escape) with an HTML page before any handler runs,
 * and drops the connection on oversized headers. Here every refusal is the API's JSON error: 400 for a malformed
 * request, 431 for a request line and headers over {@link #MAX_HEAD_BYTES} (API Gateway's limit), 413 for a body
 * over the server's limit. One thread per connection (a dev server: connections are few, and none waits for
 * another), keep-alive, {@code Content-Length} or chunked bodies, {@code Expect: 100-continue}.
 */
final class LocalHttp implements AutoCloseable {

    /** API Gateway HTTP API's quota for the request line and headers together. */
    static final int MAX_HEAD_BYTES = 10 * 1024;
    /** An idle keep-alive connection is closed after this (the JDK server's default too). */
    private static final int IDLE_MILLIS = 30_000;
    /** A request must arrive whole within this once it started. */
    private static final int READ_MILLIS = 10_000;
    /** After refusing a request, what the client still sends is read and dropped, up to this, so it sees the answer. */
    private static final int DRAIN_BYTES = 1 << 20;
    private static final Pattern TOKEN = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]+");
    private static final Pattern VERSION = Pattern.compile("HTTP/1\\.[01]");
    private static final DateTimeFormatter DATE = DateTimeFormatter.RFC_1123_DATE_TIME;

    /** One request as read from the connection: header names in lower case, values in arrival order. */
    record Request(String method, String rawPath, String rawQuery, String protocol,
                   Map<String, List<String>> headers, InetAddress remote, byte[] body) {
    }

    private static final System.Logger LOG = System.getLogger(LocalHttp.class.getName());

    private final ServerSocket socket;
    private final ExecutorService threads;
    private final Function<Request, APIGatewayV2HTTPResponse> handler;
    private final int maxBodyBytes;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();

    private LocalHttp(ServerSocket socket, Function<Request, APIGatewayV2HTTPResponse> handler, int maxBodyBytes) {
        this.socket = socket;
        this.handler = handler;
        this.maxBodyBytes = maxBodyBytes;
        AtomicInteger count = new AtomicInteger();
        this.threads = Executors.newCachedThreadPool(task -> {
            Thread thread = new Thread(task, "local-api-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
    }

    /** Binds {@code address:port} (0: a free port); {@link #start()} serves. */
    static LocalHttp bind(InetAddress address, int port, int maxBodyBytes,
                          Function<Request, APIGatewayV2HTTPResponse> handler) throws IOException {
        ServerSocket socket = new ServerSocket();
        socket.setReuseAddress(true);
        socket.bind(new InetSocketAddress(address, port), 128);
        return new LocalHttp(socket, handler, maxBodyBytes);
    }

    int port() {
        return socket.getLocalPort();
    }

    /** Serves from a thread of its own that, unlike the connections' threads, keeps the JVM alive until closed. */
    void start() {
        new Thread(this::accept, "local-api-accept").start();
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing anyway
        }
        open.forEach(LocalHttp::closeQuietly);
        threads.shutdownNow();
    }

    private void accept() {
        while (!socket.isClosed()) {
            Socket connection;
            try {
                connection = socket.accept();
            } catch (IOException e) {
                return; // closed
            }
            open.add(connection);
            threads.execute(() -> serve(connection));
        }
    }

    private void serve(Socket connection) {
        try (connection) {
            connection.setTcpNoDelay(true);
            InputStream in = new BufferedInputStream(connection.getInputStream());
            OutputStream out = connection.getOutputStream();
            boolean keepAlive = true;
            while (keepAlive) {
                connection.setSoTimeout(IDLE_MILLIS);
                in.mark(1);
                if (in.read() < 0) {
                    return; // the client closed between requests
                }
                in.reset();
                connection.setSoTimeout(READ_MILLIS);
                keepAlive = exchange(connection, in, out);
            }
        } catch (SocketTimeoutException | SocketException e) {
            // idle, slow or gone: nothing to answer
        } catch (IOException e) {
            LOG.log(System.Logger.Level.DEBUG, "connection closed early: " + e.getClass().getSimpleName());
        } finally {
            open.remove(connection);
        }
    }

    /** Reads and answers one request; whether the connection may carry another. */
    private boolean exchange(Socket connection, InputStream in, OutputStream out) throws IOException {
        Request request;
        boolean keepAlive;
        try {
            List<String> head = readHead(in);
            String[] line = requestLine(head.get(0));
            Map<String, List<String>> headers = headers(head.subList(1, head.size()));
            String target = line[1];
            int question = target.indexOf('?');
            keepAlive = keepAlive(line[2], headers);
            byte[] body = body(headers, in, out);
            request = new Request(line[0], question < 0 ? target : target.substring(0, question),
                    question < 0 ? null : target.substring(question + 1), line[2], headers,
                    connection.getInetAddress(), body);
        } catch (Refused refused) {
            // What follows the refused part cannot be framed: answer, read what is still coming, close.
            write(out, refused.response, false, false);
            connection.shutdownOutput();
            drain(in);
            return false;
        }
        APIGatewayV2HTTPResponse response = handler.apply(request);
        write(out, response, keepAlive, request.method().equals("HEAD"));
        return keepAlive;
    }

    /** The request line and header lines, up to the blank line; 431 past {@link #MAX_HEAD_BYTES}. */
    private static List<String> readHead(InputStream in) throws IOException {
        List<String> lines = new ArrayList<>();
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int total = 0;
        while (true) {
            int b = in.read();
            if (b < 0) {
                throw new SocketException("closed inside the request head");
            }
            if (++total > MAX_HEAD_BYTES) {
                throw new Refused(new ApiException(431, "request_header_fields_too_large", "The request line and "
                        + "headers are larger than " + MAX_HEAD_BYTES / 1024 + " KiB (API Gateway's limit)."));
            }
            if (b == '\n') {
                String text = line.toString(StandardCharsets.ISO_8859_1);
                text = text.endsWith("\r") ? text.substring(0, text.length() - 1) : text;
                line.reset();
                if (text.isEmpty()) {
                    if (lines.isEmpty()) {
                        continue; // RFC 9112 §2.2: ignore empty lines before the request line
                    }
                    return lines;
                }
                lines.add(text);
            } else {
                line.write(b);
            }
        }
    }

    private static String[] requestLine(String line) {
        String[] parts = line.split(" ", -1);
        if (parts.length != 3 || !TOKEN.matcher(parts[0]).matches() || !parts[1].startsWith("/")
                || !VERSION.matcher(parts[2]).matches() || parts[1].chars().anyMatch(c -> c <= ' ' || c >= 0x7f)) {
            throw badRequest("The request line must be METHOD /path HTTP/1.1.");
        }
        return parts;
    }

    private static Map<String, List<String>> headers(List<String> lines) {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        for (String line : lines) {
            int colon = line.indexOf(':');
            if (colon <= 0 || !TOKEN.matcher(line.substring(0, colon)).matches()) {
                throw badRequest("A header line is not name: value (obsolete line folding is not accepted).");
            }
            headers.computeIfAbsent(line.substring(0, colon).toLowerCase(Locale.ROOT), name -> new ArrayList<>())
                    .add(line.substring(colon + 1).strip());
        }
        return headers;
    }

    private static boolean keepAlive(String protocol, Map<String, List<String>> headers) {
        String connection = String.join(",", headers.getOrDefault("connection", List.of())).toLowerCase(Locale.ROOT);
        return protocol.equals("HTTP/1.1") ? !connection.contains("close") : connection.contains("keep-alive");
    }

    /** The body by Content-Length or chunked (not both: a smuggling shape); 413 past the limit. */
    private byte[] body(Map<String, List<String>> headers, InputStream in, OutputStream out) throws IOException {
        List<String> encoding = headers.getOrDefault("transfer-encoding", List.of());
        List<String> length = headers.getOrDefault("content-length", List.of());
        if (!encoding.isEmpty() && !length.isEmpty()) {
            throw badRequest("A request cannot have both Content-Length and Transfer-Encoding.");
        }
        boolean chunked = !encoding.isEmpty();
        if (chunked && !(encoding.size() == 1 && encoding.get(0).equalsIgnoreCase("chunked"))) {
            throw badRequest("Transfer-Encoding must be chunked.");
        }
        long declared = 0;
        if (!length.isEmpty()) {
            if (length.size() != 1 || !length.get(0).matches("[0-9]{1,18}")) {
                throw badRequest("Content-Length must be one number.");
            }
            declared = Long.parseLong(length.get(0));
            if (declared > maxBodyBytes) {
                throw tooLarge();
            }
        }
        if ((chunked || declared > 0) && headers.getOrDefault("expect", List.of()).stream()
                .anyMatch(e -> e.equalsIgnoreCase("100-continue"))) {
            out.write("HTTP/1.1 100 Continue\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
        }
        return chunked ? chunks(in) : readFully(in, (int) declared);
    }

    private byte[] chunks(InputStream in) throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        while (true) {
            String size = asciiLine(in);
            int semicolon = size.indexOf(';');
            String hex = (semicolon < 0 ? size : size.substring(0, semicolon)).strip();
            if (!hex.matches("[0-9A-Fa-f]{1,8}")) {
                throw badRequest("A chunk size is not hexadecimal.");
            }
            long n = Long.parseLong(hex, 16);
            if (body.size() + n > maxBodyBytes) {
                throw tooLarge();
            }
            if (n == 0) {
                while (!asciiLine(in).isEmpty()) {
                    // trailer fields: ignored
                }
                return body.toByteArray();
            }
            body.writeBytes(readFully(in, (int) n));
            if (!asciiLine(in).isEmpty()) {
                throw badRequest("A chunk does not end with CRLF.");
            }
        }
    }

    private static String asciiLine(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        for (int b = in.read(); b != '\n'; b = in.read()) {
            if (b < 0) {
                throw new SocketException("closed inside a chunked body");
            }
            if (line.size() > 1024) {
                throw badRequest("A chunk line is too long.");
            }
            line.write(b);
        }
        String text = line.toString(StandardCharsets.ISO_8859_1);
        return text.endsWith("\r") ? text.substring(0, text.length() - 1) : text;
    }

    private static byte[] readFully(InputStream in, int length) throws IOException {
        byte[] bytes = in.readNBytes(length);
        if (bytes.length < length) {
            throw new SocketException("closed inside the body");
        }
        return bytes;
    }

    /** Reads and drops what the client still sends after a refusal (bounded), so it is not reset before reading. */
    private static void drain(InputStream in) {
        try {
            byte[] sink = new byte[8192];
            int total = 0;
            for (int n = in.read(sink); n > 0 && total < DRAIN_BYTES; n = in.read(sink)) {
                total += n;
            }
        } catch (IOException ignored) {
            // the client is gone: fine
        }
    }

    /** Status, headers, cookies and body as API Gateway sends a function's response. */
    private static void write(OutputStream out, APIGatewayV2HTTPResponse response, boolean keepAlive, boolean head)
            throws IOException {
        int status = response.getStatusCode();
        String body = response.getBody();
        byte[] bytes = body == null ? new byte[0]
                : response.getIsBase64Encoded() ? Base64.getDecoder().decode(body) : body.getBytes(StandardCharsets.UTF_8);
        StringBuilder text = new StringBuilder("HTTP/1.1 ").append(status).append(' ').append(reason(status))
                .append("\r\nDate: ").append(DATE.format(ZonedDateTime.now(ZoneOffset.UTC)));
        Map<String, List<String>> headers = new LinkedHashMap<>();
        if (response.getHeaders() != null) {
            response.getHeaders().forEach((name, value) -> headers.put(name, List.of(value)));
        }
        if (response.getMultiValueHeaders() != null) {
            response.getMultiValueHeaders().forEach((name, values) ->
                    headers.computeIfAbsent(name, n -> new ArrayList<>()).addAll(values));
        }
        if (response.getCookies() != null) {
            headers.put("Set-Cookie", response.getCookies());
        }
        headers.forEach((name, values) -> {
            if (!name.equalsIgnoreCase("content-length") && !name.equalsIgnoreCase("connection")) {
                values.forEach(value -> text.append("\r\n").append(name).append(": ").append(value));
            }
        });
        boolean noBody = status == 204 || status == 304;
        if (!noBody) {
            text.append("\r\nContent-Length: ").append(bytes.length);
        }
        if (!keepAlive) {
            text.append("\r\nConnection: close");
        }
        text.append("\r\n\r\n");
        out.write(text.toString().getBytes(StandardCharsets.ISO_8859_1));
        if (!noBody && !head) {
            out.write(bytes);
        }
        out.flush();
    }

    private static String reason(int status) {
        return switch (status) {
            case 200 -> "OK";
            case 201 -> "Created";
            case 202 -> "Accepted";
            case 204 -> "No Content";
            case 400 -> "Bad Request";
            case 401 -> "Unauthorized";
            case 403 -> "Forbidden";
            case 404 -> "Not Found";
            case 405 -> "Method Not Allowed";
            case 409 -> "Conflict";
            case 413 -> "Content Too Large";
            case 415 -> "Unsupported Media Type";
            case 431 -> "Request Header Fields Too Large";
            case 500 -> "Internal Server Error";
            case 503 -> "Service Unavailable";
            default -> "Status " + status;
        };
    }

    private static Refused badRequest(String message) {
        return new Refused(new ApiException(400, "bad_request", message));
    }

    private Refused tooLarge() {
        return new Refused(new ApiException(413, "payload_too_large",
                "The request body is larger than " + maxBodyBytes / (1024 * 1024) + " MiB."));
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }

    /** A request refused before it could be read whole: the answer, then the connection closes. */
    private static final class Refused extends RuntimeException {
        final APIGatewayV2HTTPResponse response;

        Refused(ApiException error) {
            super(error.getMessage(), null, false, false);
            this.response = ApiResponses.error(error);
        }
    }
}
