package io.dataraven.secrets.vault.provider;

import io.dataraven.secrets.vault.VaultProviderException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import io.dataraven.secrets.common.Json;
import io.dataraven.secrets.vault.VaultType;
import io.dataraven.secrets.vault.VaultProviderException.ProviderError;
import io.dataraven.secrets.vault.VaultProviderException.RateLimited;
import io.dataraven.secrets.vault.VaultProviderException.Unreachable;
import io.dataraven.secrets.common.OutboundHttp;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
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
 * The HTTP side shared by the REST providers: {@link OutboundHttp} per provider (connect timeout, no redirects: a
 * redirect must not carry our bearer token anywhere, a deadline on every request, bounded bodies), and the
 * mapping of transport failures, 5xx and 429 that every provider shares.
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
    private final OutboundHttp client;
    private final Clock clock;

    ProviderHttp(VaultType type, String vaultName, Duration connectTimeout, Duration requestTimeout, Clock clock) {
        this.type = Objects.requireNonNull(type, "type");
        this.vaultName = Objects.requireNonNull(vaultName, "vaultName");
        this.requestTimeout = positive(requestTimeout, "requestTimeout");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.client = new OutboundHttp(positive(connectTimeout, "connectTimeout"), this.requestTimeout);
    }

    /** A GET with our headers; the caller adds Authorization. */
    OutboundHttp.Request get(URI uri) {
        return withOurHeaders(OutboundHttp.Request.get(uri));
    }

    /** A POST of {@code body} with our headers; the caller adds Content-Type and Authorization. */
    OutboundHttp.Request post(URI uri, byte[] body) {
        return withOurHeaders(OutboundHttp.Request.post(uri, body));
    }

    private static OutboundHttp.Request withOurHeaders(OutboundHttp.Request request) {
        return request.header("Accept", "application/json").header("User-Agent", USER_AGENT);
    }

    /**
     * Sends the request and reads the whole (bounded) body. Transport failures become {@link Unreachable};
     * {@code what} says what the request was for ("the secret request for AWS_KEY"), never with a value in it.
     */
    Response send(OutboundHttp.Request request, String what) {
        OutboundHttp.Answer answer;
        try {
            answer = client.send(request, MAX_BODY_BYTES);
        } catch (OutboundHttp.Failure e) {
            throw switch (e.kind()) {
                case CONNECT_TIMEOUT -> new Unreachable(type, "could not connect to " + vaultName + " at "
                        + origin(request.uri()) + " within the connect timeout (" + what + ")", e);
                case TIMEOUT -> new Unreachable(type, vaultName + " did not answer " + what + " within "
                        + requestTimeout.toMillis() + " ms", e);
                case UNREACHABLE -> new Unreachable(type, "could not reach " + vaultName + " at "
                        + origin(request.uri()) + " (" + what + "): " + e.causeName(), e);
                case LOST -> new Unreachable(type, "lost the connection to " + vaultName + " while reading the "
                        + "answer to " + what + ": " + e.causeName(), e);
                case TOO_LARGE -> new ProviderError(type, vaultName + " answered " + what + " with more than "
                        + MAX_BODY_BYTES + " bytes");
            };
        }
        return new Response(answer);
    }

    /**
     * The failures every provider maps the same way: 429 and 5xx. Returns normally for any other status, so
     * the provider can map the rest with what it knows.
     */
    void failOnThrottleOrServerError(Response response, String what, ErrorText text) {
        int status = response.status();
        if (status == 429) {
            OptionalLong retryAfter = retryAfterSeconds(response.header("Retry-After").orElse(null));
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
    OptionalLong retryAfterSeconds(String header) {
        String value = header == null ? "" : header.trim();
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
        private final OutboundHttp.Answer answer;

        private Response(OutboundHttp.Answer answer) {
            this.answer = answer;
        }

        int status() {
            return answer.status();
        }

        /** A header's first value (names case-insensitive). */
        java.util.Optional<String> header(String name) {
            return answer.header(name);
        }

        /**
         * The body as JSON, or a {@link ProviderError} that says so without the parser's message (which may
         * quote the body) and without a cause.
         */
        JsonNode json(String what) {
            try {
                JsonNode node = Json.read(answer.body());
                if (node == null || node.isMissingNode()) {
                    throw new ProviderError(type, vaultName + " answered " + what + " with an empty body (HTTP "
                            + answer.status() + ")");
                }
                return node;
            } catch (IOException e) {
                throw new ProviderError(type, vaultName + " answered " + what + " with a body that is not JSON"
                        + " (HTTP " + answer.status() + ")");
            }
        }

        /** The JSON body if there is one, else a missing node: for reading error bodies, which may be anything. */
        JsonNode jsonOrMissing() {
            try {
                JsonNode node = Json.read(answer.body());
                return node == null ? MissingNode.getInstance() : node;
            } catch (IOException e) {
                return MissingNode.getInstance();
            }
        }

        void scrub() {
            Arrays.fill(answer.body(), (byte) 0);
        }
    }
}
