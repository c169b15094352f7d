package io.dataraven.secrets.vault.provider;

import io.dataraven.secrets.vault.VaultProviderException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import io.dataraven.secrets.common.Json;
import io.dataraven.secrets.vault.VaultType;
import io.dataraven.secrets.vault.VaultProviderException.ProviderError;
import io.dataraven.secrets.vault.VaultProviderException.RateLimited;
import io.dataraven.secrets.vault.VaultProviderException.Unreachable;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.StringJoiner;

/**
 * The HTTP side shared by the REST providers: one {@link HttpClient} per provider (connect timeout, no
 * redirects: a redirect must not carry our bearer token anywhere), a timeout on every request, bounded bodies,
 * and the mapping of transport failures, 5xx and 429 that every provider shares.
 */
final class ProviderHttp {

    static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(3);
    static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(10);
    /** A secret response is a few hundred bytes; anything far larger is not an answer we asked for. */
    static final int MAX_BODY_BYTES = 1 << 20;
    private static final String USER_AGENT = "dataraven-secrets";

    private final VaultType type;
    private final String vaultName;
    private final Duration requestTimeout;
    private final HttpClient client;
    private final Clock clock;

    ProviderHttp(VaultType type, String vaultName, Duration connectTimeout, Duration requestTimeout, Clock clock) {
        this.type = Objects.requireNonNull(type, "type");
        this.vaultName = Objects.requireNonNull(vaultName, "vaultName");
        this.requestTimeout = positive(requestTimeout, "requestTimeout");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.client = HttpClient.newBuilder()
                .connectTimeout(positive(connectTimeout, "connectTimeout"))
                .followRedirects(HttpClient.Redirect.NEVER)
                // A handful of small requests per call: HTTP/1.1 keep-alive is all we need, and it avoids the
                // h2c upgrade dance on plain-http endpoints (tests, self-hosted).
                .version(HttpClient.Version.HTTP_1_1)
                .build();
    }

    /** A request with our timeout and headers; the caller adds the method, body and Authorization. */
    HttpRequest.Builder request(URI uri) {
        return HttpRequest.newBuilder(uri)
                .timeout(requestTimeout)
                .header("Accept", "application/json")
                .header("User-Agent", USER_AGENT);
    }

    /**
     * Sends the request and reads the whole (bounded) body. Transport failures become {@link Unreachable};
     * {@code what} says what the request was for ("the secret request for AWS_KEY"), never with a value in it.
     */
    Response send(HttpRequest request, String what) {
        HttpResponse<InputStream> response;
        try {
            response = client.send(request, HttpResponse.BodyHandlers.ofInputStream());
        } catch (HttpConnectTimeoutException e) {
            throw new Unreachable(type, "could not connect to " + vaultName + " at " + origin(request.uri())
                    + " within the connect timeout (" + what + ")", e);
        } catch (HttpTimeoutException e) {
            throw new Unreachable(type, vaultName + " did not answer " + what + " within "
                    + requestTimeout.toMillis() + " ms", e);
        } catch (IOException e) {
            throw new Unreachable(type, "could not reach " + vaultName + " at " + origin(request.uri()) + " ("
                    + what + "): " + e.getClass().getSimpleName(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Unreachable(type, "interrupted while waiting for " + vaultName + " (" + what + ")");
        }
        byte[] body;
        try (InputStream in = response.body()) {
            body = in.readNBytes(MAX_BODY_BYTES + 1);
        } catch (IOException e) {
            throw new Unreachable(type, "lost the connection to " + vaultName + " while reading the answer to "
                    + what + ": " + e.getClass().getSimpleName(), e);
        }
        if (body.length > MAX_BODY_BYTES) {
            Arrays.fill(body, (byte) 0);
            throw new ProviderError(type, vaultName + " answered " + what + " with more than " + MAX_BODY_BYTES
                    + " bytes");
        }
        return new Response(response.statusCode(), response.headers(), body);
    }

    /**
     * The failures every provider maps the same way: 429 and 5xx. Returns normally for any other status, so
     * the provider can map the rest with what it knows.
     */
    void failOnThrottleOrServerError(Response response, String what, ErrorText text) {
        int status = response.status();
        if (status == 429) {
            OptionalLong retryAfter = retryAfterSeconds(response.headers());
            if (retryAfter.isEmpty()) {
                retryAfter = text.retryAfterSeconds();
            }
            throw new RateLimited(type, vaultName + " rate limit reached (HTTP 429) on " + what, retryAfter);
        }
        if (status >= 500) {
            throw new Unreachable(type, vaultName + " answered HTTP " + status + " to " + what);
        }
        if (status >= 300 && status < 400) {
            throw new ProviderError(type, vaultName + " answered " + what + " with a redirect (HTTP " + status
                    + "); check the connection's base URL");
        }
    }

    /** Retry-After as delta-seconds or an HTTP-date (RFC 9110 §10.2.3). */
    OptionalLong retryAfterSeconds(HttpHeaders headers) {
        String value = headers.firstValue("Retry-After").map(String::trim).orElse("");
        if (value.isEmpty()) {
            return OptionalLong.empty();
        }
        if (value.chars().allMatch(Character::isDigit)) {
            try {
                return OptionalLong.of(Long.parseLong(value));
            } catch (NumberFormatException tooLong) {
                return OptionalLong.empty();
            }
        }
        try {
            ZonedDateTime at = ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME);
            long seconds = Duration.between(clock.instant(), at.toInstant()).toSeconds();
            return OptionalLong.of(Math.max(0, seconds));
        } catch (DateTimeParseException unknown) {
            return OptionalLong.empty();
        }
    }

    ProviderError unexpected(Response response, String what) {
        return new ProviderError(type, vaultName + " answered HTTP " + response.status() + " to " + what);
    }

    static String query(String... namesAndValues) {
        StringJoiner query = new StringJoiner("&");
        for (int i = 0; i < namesAndValues.length; i += 2) {
            query.add(URLEncoder.encode(namesAndValues[i], StandardCharsets.UTF_8) + "="
                    + URLEncoder.encode(namesAndValues[i + 1], StandardCharsets.UTF_8));
        }
        return query.toString();
    }

    /** {@code base} + a path of already-encoded segments + an optional query, keeping any path the base has. */
    static URI uri(URI base, String encodedPath, String query) {
        String root = base.toString();
        while (root.endsWith("/")) {
            root = root.substring(0, root.length() - 1);
        }
        return URI.create(root + encodedPath + (query == null ? "" : "?" + query));
    }

    /** One path segment, percent-encoded (URLEncoder is for forms: a space must be %20 here, not +). */
    static String segment(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static String origin(URI uri) {
        return uri.getScheme() + "://" + uri.getHost() + (uri.getPort() == -1 ? "" : ":" + uri.getPort());
    }

    private static Duration positive(Duration d, String name) {
        Objects.requireNonNull(d, name);
        if (d.isZero() || d.isNegative()) {
            throw new IllegalArgumentException(name + " must be positive");
        }
        return d;
    }

    /** A response read in full. {@link #scrub()} it once its values have been taken out. */
    final class Response {
        private final int status;
        private final HttpHeaders headers;
        private final byte[] body;

        private Response(int status, HttpHeaders headers, byte[] body) {
            this.status = status;
            this.headers = headers;
            this.body = body;
        }

        int status() {
            return status;
        }

        HttpHeaders headers() {
            return headers;
        }

        /**
         * The body as JSON, or a {@link ProviderError} that says so without the parser's message (which may
         * quote the body) and without a cause.
         */
        JsonNode json(String what) {
            try {
                JsonNode node = Json.MAPPER.readTree(body);
                if (node == null || node.isMissingNode()) {
                    throw new ProviderError(type, vaultName + " answered " + what + " with an empty body (HTTP "
                            + status + ")");
                }
                return node;
            } catch (IOException e) {
                throw new ProviderError(type, vaultName + " answered " + what + " with a body that is not JSON"
                        + " (HTTP " + status + ")");
            }
        }

        /** The JSON body if there is one, else a missing node: for reading error bodies, which may be anything. */
        JsonNode jsonOrMissing() {
            try {
                JsonNode node = Json.MAPPER.readTree(body);
                return node == null ? MissingNode.getInstance() : node;
            } catch (IOException e) {
                return MissingNode.getInstance();
            }
        }

        void scrub() {
            Arrays.fill(body, (byte) 0);
        }
    }
}
