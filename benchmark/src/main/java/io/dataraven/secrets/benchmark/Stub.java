package io.dataraven.secrets.benchmark;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A loopback stand-in for DynamoDB, SSM, EventBridge, the identity provider's JWKS and Lambda's container
 * credentials endpoint, answering at once from memory: the cold-start and call-count runs point AWS_ENDPOINT_URL,
 * JWKS_URL and (SnapStart) AWS_CONTAINER_CREDENTIALS_FULL_URI here. It answers every operation our
 * adapters make with a well-formed AWS JSON response; reads return a plausible item for the key asked for.
 * {@code POST /__mode} switches the answer of the next requests (normal, empty, name-taken, limit-reached,
 * key-stale). It answers Doppler's connection check too, so a connection test runs its real request path.
 */
final class Stub implements AutoCloseable {

    private final HttpServer server;
    private final ExecutorService executor = Executors.newFixedThreadPool(4, r -> {
        Thread t = new Thread(r, "stub");
        t.setDaemon(true);
        return t;
    });
    private final String jwks;
    private final AtomicReference<String> mode = new AtomicReference<>("normal");
    /** The secret part of the one API key the stub knows (its GetItem answers this hash for any key id). */
    static final String API_KEY_SECRET = "BBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBB";
    /** Mode key-stale: the key's recorded use is over a minute old, so a request records a new one. */
    private static final java.util.concurrent.atomic.AtomicBoolean STALE_KEY = new java.util.concurrent.atomic.AtomicBoolean();
    private final Map<String, AtomicInteger> served = new ConcurrentHashMap<>();

    /** The https fronts by host name (dynamodb, ssm, ...): the same answers, one port per host. */
    private final Map<String, HttpsServer> https = new java.util.TreeMap<>();
    private final StubTls tls;

    Stub(String jwks) throws IOException {
        this(jwks, null);
    }

    /**
     * With {@code tls}, also one https server per host a function reaches in Lambda ({@link #HOSTS}), each on its
     * own port: in Lambda DynamoDB, SSM, EventBridge, the identity provider and a vault are different hosts, so a
     * function opens (and handshakes) one connection per host it calls; one shared endpoint would let the second
     * service reuse the first one's connection.
     */
    Stub(String jwks, StubTls tls) throws IOException {
        this.jwks = jwks;
        // With TCP_NODELAY, as the Runtime API: no AWS call waits on Nagle's algorithm.
        this.server = RuntimeApi.server(executor);
        server.createContext("/", this::handle);
        server.start();
        this.tls = tls;
        if (tls != null) {
            for (String host : HOSTS) {
                https.put(host, front(0));
            }
        }
    }

    private HttpsServer front(int port) throws IOException {
        HttpsServer front = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 64);
        front.setHttpsConfigurator(new HttpsConfigurator(tls.serverContext()));
        front.setExecutor(executor);
        front.createContext("/", this::handle);
        front.start();
        return front;
    }

    /**
     * Closes every connection to the https fronts, kept-alive ones included, and listens again on the same ports:
     * a SnapStart restore finds its sockets dead (the peer forgot them while the snapshot waited), so the first
     * request after it opens and handshakes new ones. Without this the connection priming opened to DynamoDB
     * before the snapshot point served the first request after it, which no restored function has.
     */
    synchronized void dropConnections() {
        https.replaceAll((host, front) -> {
            int port = front.getAddress().getPort();
            front.stop(0);
            for (int attempt = 0; ; attempt++) {
                try {
                    return front(port);
                } catch (IOException e) {
                    if (attempt == 50) {
                        throw new java.io.UncheckedIOException("the " + host + " front could not listen again", e);
                    }
                    try {
                        Thread.sleep(20);
                    } catch (InterruptedException interrupted) {
                        Thread.currentThread().interrupt();
                        throw new java.io.UncheckedIOException(e);
                    }
                }
            }
        });
    }

    /** The hosts of {@link #https(String)}. */
    static final List<String> HOSTS = List.of("dynamodb", "ssm", "eventbridge", "idp", "doppler");

    /** {@code https://localhost:<port>} of one host's front (a Stub made with TLS only). */
    String https(String host) {
        HttpsServer front = https.get(host);
        if (front == null) {
            throw new IllegalStateException("no https front for " + host);
        }
        return "https://localhost:" + front.getAddress().getPort();
    }

    /** Where AWS_CONTAINER_CREDENTIALS_FULL_URI points (SnapStart functions get their keys there). */
    static final String CREDENTIALS_PATH = "/2021-04-23/credentials";

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /**
     * Where AWS_ENDPOINT_URL points: the same server by name. The SDK caches the URIs of hosts that look like an
     * account id (digits at characters 0 and 10, {@code SdkUri.isAccountIdUri}), which a loopback IP does and
     * {@code dynamodb.us-east-1.amazonaws.com} does not: by IP the functions took a code path Lambda never runs.
     */
    String awsEndpoint() {
        return "http://localhost:" + server.getAddress().getPort();
    }

    /** Requests served per operation since the last call, e.g. {"DynamoDB.GetItem": 3}. */
    Map<String, Integer> drainCounts() {
        Map<String, Integer> copy = new java.util.TreeMap<>();
        served.forEach((k, v) -> copy.put(k, v.getAndSet(0)));
        copy.values().removeIf(v -> v == 0);
        return copy;
    }

    @Override
    public void close() {
        server.stop(0);
        https.values().forEach(front -> front.stop(0));
        executor.shutdownNow();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] request;
            try (InputStream in = exchange.getRequestBody()) {
                request = in.readAllBytes();
            }
            String path = exchange.getRequestURI().getPath();
            if ("GET".equals(exchange.getRequestMethod()) && path.endsWith("/jwks.json")) {
                count("JWKS.get");
                send(exchange, 200, "application/json", jwks);
                return;
            }
            if ("GET".equals(exchange.getRequestMethod()) && path.equals(CREDENTIALS_PATH)) {
                // The container credentials endpoint Lambda serves to SnapStart functions.
                count("Credentials.get");
                send(exchange, 200, "application/json", "{\"AccessKeyId\":\"AKIDBENCHMARK\",\"SecretAccessKey\":"
                        + "\"benchmark-secret\",\"Token\":\"benchmark-session\",\"Expiration\":\""
                        + java.time.Instant.now().plusSeconds(6 * 3600) + "\"}");
                return;
            }
            if (path.equals("/__mode")) {
                mode.set(new String(request, StandardCharsets.UTF_8).strip());
                STALE_KEY.set(mode.get().equals("key-stale"));
                send(exchange, 200, "text/plain", "ok");
                return;
            }
            if (path.startsWith("/v3/configs/config/secrets/names")) {
                // Doppler's connection check (DOPPLER_API_URL points here): the config's secret names.
                count("Doppler.names");
                send(exchange, 200, "application/json", "{\"names\":[],\"success\":true}");
                return;
            }
            String target = exchange.getRequestHeaders().getFirst("X-Amz-Target");
            if (target == null) {
                send(exchange, 404, "text/plain", "unknown request");
                return;
            }
            String[] parts = target.split("\\.", 2);
            boolean dynamo = parts[0].startsWith("DynamoDB");
            boolean events = parts[0].equals("AWSEvents");
            String operation = parts[1];
            count((dynamo ? "DynamoDB." : events ? "EventBridge." : "SSM.") + operation);
            String type = dynamo ? "application/x-amz-json-1.0" : "application/x-amz-json-1.1";
            Answer answer = dynamo ? dynamo(operation, new String(request, StandardCharsets.UTF_8))
                    : events ? eventBridge(operation, new String(request, StandardCharsets.UTF_8))
                    : ssm(operation, new String(request, StandardCharsets.UTF_8));
            send(exchange, answer.status, type, answer.body);
        }
    }

    private void count(String operation) {
        served.computeIfAbsent(operation, k -> new AtomicInteger()).incrementAndGet();
    }

    private record Answer(int status, String body) {
    }

    @SuppressWarnings("unchecked")
    private Answer eventBridge(String operation, String body) {
        if (!operation.equals("PutEvents")) {
            return new Answer(400, "{\"__type\":\"InvalidAction\",\"message\":\"" + operation + "\"}");
        }
        Object entries = ((Map<String, Object>) MiniJson.parse(body)).get("Entries");
        int n = entries instanceof java.util.List<?> list ? list.size() : 1;
        StringBuilder ids = new StringBuilder();
        for (int i = 0; i < n; i++) {
            ids.append(i == 0 ? "" : ",").append("{\"EventId\":\"bench-").append(i).append("\"}");
        }
        return new Answer(200, "{\"FailedEntryCount\":0,\"Entries\":[" + ids + "]}");
    }

    @SuppressWarnings("unchecked")
    private Answer ssm(String operation, String body) {
        return switch (operation) {
            case "PutParameter" -> new Answer(200, "{\"Version\":1,\"Tier\":\"Standard\"}");
            case "DeleteParameter" -> new Answer(200, "{}");
            // The orphan sweeper's listing (by path and owner tag): no parameters under the prefix.
            case "DescribeParameters" -> new Answer(200, "{\"Parameters\":[]}");
            case "DeleteParameters" -> new Answer(200, "{\"DeletedParameters\":[],\"InvalidParameters\":[]}");
            // A direct secret's credentials (resolve's success path); connection tokens are not found (a test or
            // rotation would otherwise go on to the vault's real API).
            case "GetParameter" -> {
                Object name = ((Map<String, Object>) MiniJson.parse(body)).get("Name");
                if (mode.get().equals("empty") || !(name instanceof String n)) {
                    yield new Answer(400, "{\"__type\":\"ParameterNotFound\",\"message\":\"not found\"}");
                }
                // A secret's credentials, or a vault connection's token (the connection samples are Doppler ones).
                String value = n.contains("/vault-connections/") ? "{\\\"access_token\\\":\\\"dp.st.bench\\\"}"
                        : "{\\\"access_key_id\\\":\\\"AKIAIOSFODNN7EXAMPLE\\\",\\\"secret_access_key\\\":"
                        + "\\\"bench-secret-access-key\\\"}";
                yield new Answer(200, "{\"Parameter\":{\"Name\":\"" + n + "\",\"Type\":\"SecureString\","
                        + "\"Value\":\"" + value + "\",\"Version\":1}}");
            }
            default -> new Answer(400, "{\"__type\":\"InvalidAction\",\"message\":\"" + operation + "\"}");
        };
    }

    @SuppressWarnings("unchecked")
    private Answer dynamo(String operation, String body) {
        String current = mode.get();
        Map<String, Object> request = (Map<String, Object>) MiniJson.parse(body);
        switch (operation) {
            case "TransactWriteItems": {
                if (current.equals("name-taken")) {
                    return cancelled("[None, ConditionalCheckFailed, None]",
                            "{\"Code\":\"None\"},{\"Code\":\"ConditionalCheckFailed\",\"Message\":\"The conditional "
                                    + "request failed\"},{\"Code\":\"None\"}");
                }
                if (current.equals("limit-reached")) {
                    return cancelled("[None, None, ConditionalCheckFailed]",
                            "{\"Code\":\"None\"},{\"Code\":\"None\"},{\"Code\":\"ConditionalCheckFailed\",\"Message\":"
                                    + "\"The conditional request failed\",\"Item\":{\"PK\":{\"S\":\"TEAM#x\"},"
                                    + "\"SK\":{\"S\":\"TEAM\"},\"tier\":{\"S\":\"free\"},\"secret_count\":{\"N\":\"5\"},"
                                    + "\"secret_limit\":{\"N\":\"5\"}}}");
                }
                return new Answer(200, "{}");
            }
            case "GetItem": {
                if (current.equals("empty")) {
                    return new Answer(200, "{}");
                }
                Map<String, Object> key = (Map<String, Object>) request.get("Key");
                String pk = s(key, "PK");
                String sk = s(key, "SK");
                return new Answer(200, "{\"Item\":" + item(pk, sk) + "}");
            }
            case "Query": {
                if (current.equals("empty")) {
                    return new Answer(200, "{\"Items\":[],\"Count\":0,\"ScannedCount\":0}");
                }
                Map<String, Object> values = (Map<String, Object>) request.get("ExpressionAttributeValues");
                String pk = values == null ? "TEAM#3f1c2a9e-7b4d-4e6a-9c1f-0d2b8e5a4c71" : s(values, ":pk");
                String prefix = values == null || s(values, ":prefix") == null ? "SECRET#" : s(values, ":prefix");
                StringBuilder items = new StringBuilder();
                for (int i = 0; i < 3; i++) {
                    items.append(i == 0 ? "" : ",").append(item(pk,
                            prefix + "9b2e4f60-1c3d-4a5b-8e7f-0a1b2c3d4e5" + i));
                }
                return new Answer(200, "{\"Items\":[" + items + "],\"Count\":3,\"ScannedCount\":3}");
            }
            case "Scan":
                return new Answer(200, "{\"Items\":[],\"Count\":0,\"ScannedCount\":0}");
            case "UpdateItem":
                // The rate limiter asks for the new count (UPDATED_NEW): always the window's first request here.
                return new Answer(200, "UPDATED_NEW".equals(request.get("ReturnValues"))
                        ? "{\"Attributes\":{\"request_count\":{\"N\":\"1\"}}}" : "{}");
            case "PutItem", "DeleteItem", "TransactGetItems", "BatchGetItem":
                return new Answer(200, "{}");
            default:
                return new Answer(400, "{\"__type\":\"com.amazon.coral.service#UnknownOperationException\"}");
        }
    }

    private static Answer cancelled(String summary, String reasons) {
        return new Answer(400, "{\"__type\":\"com.amazonaws.dynamodb.v20120810#TransactionCanceledException\","
                + "\"Message\":\"Transaction cancelled, please refer cancellation reasons for specific reasons "
                + summary + "\",\"CancellationReasons\":[" + reasons + "]}");
    }

    @SuppressWarnings("unchecked")
    private static String s(Map<String, Object> attributes, String name) {
        Object value = attributes == null ? null : attributes.get(name);
        return value instanceof Map ? (String) ((Map<String, Object>) value).get("S") : null;
    }

    /** A stored item for the key: a direct S3 secret, a 1Password connection or a Pro team. */
    private static String item(String pk, String sk) {
        pk = pk == null ? "TEAM#3f1c2a9e-7b4d-4e6a-9c1f-0d2b8e5a4c71" : pk;
        sk = sk == null ? "TEAM" : sk;
        String team = pk.substring(pk.indexOf('#') + 1);
        String common = "\"PK\":{\"S\":\"" + pk + "\"},\"SK\":{\"S\":\"" + sk + "\"},";
        String audit = "\"created_at\":{\"S\":\"2026-01-01T00:00:00Z\"},\"created_by\":{\"S\":\"user-42\"},"
                + "\"updated_at\":{\"S\":\"2026-01-01T00:00:00Z\"},\"updated_by\":{\"S\":\"user-42\"}";
        if (sk.startsWith("SECRET#")) {
            String id = sk.substring("SECRET#".length());
            return "{" + common + "\"entity\":{\"S\":\"secret\"},\"id\":{\"S\":\"" + id + "\"},"
                    + "\"name\":{\"S\":\"prod-s3-backups\"},\"name_normalized\":{\"S\":\"prod-s3-backups\"},"
                    + "\"description\":{\"S\":\"Nightly backup bucket\"},\"secret_type\":{\"S\":\"s3\"},"
                    + "\"auth_method\":{\"S\":\"s3_access_key\"},\"credential_path\":{\"S\":\"/dataraven/bench/teams/"
                    + team + "/secrets/" + id + "\"},"
                    // Two credential writes: version 2 current, version 1 to roll back to.
                    + "\"credential_version\":{\"N\":\"2\"},\"credential_versions\":{\"L\":["
                    + "{\"M\":{\"v\":{\"N\":\"1\"},\"at\":{\"S\":\"2026-01-01T00:00:00Z\"},\"by\":{\"S\":\"user-42\"},"
                    + "\"method\":{\"S\":\"s3_access_key\"}}},"
                    + "{\"M\":{\"v\":{\"N\":\"2\"},\"at\":{\"S\":\"2026-01-01T00:00:00Z\"},\"by\":{\"S\":\"user-42\"},"
                    + "\"method\":{\"S\":\"s3_access_key\"}}}]}," + audit + "}";
        }
        if (sk.startsWith("VAULTCONN#")) {
            String id = sk.substring("VAULTCONN#".length());
            // The vault-connection samples name a Doppler connection; create-secret-external.json a 1Password one.
            String kind = id.equals("5d7c9e1a-2b3c-4d5e-8f90-a1b2c3d4e5f6")
                    ? "\"name\":{\"S\":\"Doppler prod\"},\"vault_type\":{\"S\":\"doppler\"},"
                    + "\"project\":{\"S\":\"backend\"},\"config\":{\"S\":\"prd\"},"
                    : "\"name\":{\"S\":\"1Password prod\"},\"vault_type\":{\"S\":\"onepassword\"},";
            return "{" + common + "\"entity\":{\"S\":\"vault_connection\"},\"id\":{\"S\":\"" + id + "\"},"
                    + kind + "\"credential_path\":{\"S\":\"/dataraven/bench/teams/" + team + "/vault-connections/"
                    + id + "\"},\"secret_ref_count\":{\"N\":\"0\"}," + audit + "}";
        }
        if (sk.startsWith("APIKEY#")) {
            // The benchmark's key (Calls.API_KEY, of API_KEY_SECRET) with every scope; used a moment ago unless the mode says otherwise.
            String used = STALE_KEY.get() ? "" : "\"last_used_at\":{\"S\":\"" + java.time.Instant.now()
                    .truncatedTo(java.time.temporal.ChronoUnit.SECONDS) + "\"},";
            // The stub runs on the benchmark's own class path, without the core: the scopes and the hash by hand.
            StringBuilder scopes = new StringBuilder();
            for (String scope : List.of("secrets:create", "secrets:delete", "secrets:read", "secrets:update",
                    "vault_connections:create", "vault_connections:delete", "vault_connections:read",
                    "vault_connections:rotate", "vault_connections:update", "vault_connections:verify")) {
                scopes.append(scopes.length() == 0 ? "" : ",").append("{\"S\":\"").append(scope).append("\"}");
            }
            return "{" + common + "\"entity\":{\"S\":\"api_key\"},\"id\":{\"S\":\"5d0c7b3e-2a41-4f6e-9b8d-"
                    + "7c6a5e4d3c2b\"},\"key_id\":{\"S\":\"" + sk.substring("APIKEY#".length()) + "\"},"
                    + "\"name\":{\"S\":\"bench\"},\"scopes\":{\"L\":[" + scopes + "]},\"secret_hash\":{\"S\":\""
                    + keyHash() + "\"}," + used + audit + "}";
        }
        if (sk.startsWith("SECRETNAME#")) {
            return "{" + common + "\"entity\":{\"S\":\"secret_name\"},\"secret_id\":{\"S\":"
                    + "\"9b2e4f60-1c3d-4a5b-8e7f-0a1b2c3d4e5f\"}}";
        }
        return "{" + common + "\"entity\":{\"S\":\"team\"},\"tier\":{\"S\":\"pro\"},\"secret_count\":{\"N\":\"1\"},"
                + "\"secret_limit\":{\"N\":\"100\"}}";
    }

    /** SHA-256 of the benchmark key's secret, URL-safe base64 without padding, as the core stores it. */
    private static String keyHash() {
        try {
            return java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(java.security.MessageDigest
                    .getInstance("SHA-256").digest(API_KEY_SECRET.getBytes(StandardCharsets.US_ASCII)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void send(HttpExchange exchange, int status, String type, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", type);
        exchange.getResponseHeaders().set("x-amzn-RequestId", "bench");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
