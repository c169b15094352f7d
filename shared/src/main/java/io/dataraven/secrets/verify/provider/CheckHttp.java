package io.dataraven.secrets.verify.provider;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import io.dataraven.secrets.common.Json;
import io.dataraven.secrets.common.OutboundHttp;
import io.dataraven.secrets.verify.Addresses;
import io.dataraven.secrets.verify.CheckOutcome;
import io.dataraven.secrets.verify.Reason;

import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The HTTP side every provider check shares: one {@link OutboundHttp} (a connect timeout, redirects never followed:
 * a redirect must not carry a signed request elsewhere, a deadline per request, bounded bodies), and the failures
 * all providers answer alike (transport errors, timeouts, 429, 5xx).
 */
final class CheckHttp {

    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(3);
    static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(5);
    /** A check's answer is a small document; far more is not an answer we asked for. */
    private static final int MAX_BODY_BYTES = 256 * 1024;
    private static final Pattern CODE = Pattern.compile("<Code>([A-Za-z0-9.]{1,64})</Code>");

    private final OutboundHttp client;
    private final Duration requestTimeout;
    private final boolean allowPrivateEndpoints;

    CheckHttp(Duration connectTimeout, Duration requestTimeout, boolean allowPrivateEndpoints) {
        this.client = new OutboundHttp(Objects.requireNonNull(connectTimeout), Objects.requireNonNull(requestTimeout));
        this.requestTimeout = requestTimeout;
        this.allowPrivateEndpoints = allowPrivateEndpoints;
    }

    /** A GET with our User-Agent; the check adds its headers. */
    OutboundHttp.Request get(URI uri) {
        return OutboundHttp.Request.get(uri).header("User-Agent", "dataraven-secrets");
    }

    /** A POST of {@code body} with our User-Agent; the check adds its headers. */
    OutboundHttp.Request post(URI uri, byte[] body) {
        return OutboundHttp.Request.post(uri, body).header("User-Agent", "dataraven-secrets");
    }

    /** An answer read in full (bounded), or the outcome that ends the check (thrown as {@link Failure}). */
    Response send(OutboundHttp.Request request, String provider) {
        OutboundHttp.Answer answer;
        try {
            answer = client.send(request, MAX_BODY_BYTES);
        } catch (OutboundHttp.Failure e) {
            throw switch (e.kind()) {
                case CONNECT_TIMEOUT -> failure(Reason.UNREACHABLE, "Could not connect to " + provider + " within "
                        + CONNECT_TIMEOUT.toSeconds() + " s; retry later.");
                case TIMEOUT -> failure(Reason.UNREACHABLE, provider + " did not answer within "
                        + requestTimeout.toMillis() + " ms; retry later.");
                case UNREACHABLE -> failure(Reason.UNREACHABLE, "Could not reach " + provider + " ("
                        + e.causeName() + "); retry later.");
                case LOST -> failure(Reason.UNREACHABLE, "Lost the connection to " + provider + " while reading "
                        + "its answer; retry later.");
                case TOO_LARGE -> failure(Reason.PROVIDER_ERROR, provider + " answered with more than "
                        + MAX_BODY_BYTES + " bytes.");
            };
        }
        Response read = new Response(answer.status(), new String(answer.body(), StandardCharsets.UTF_8),
                answer.header("Retry-After").orElse(null));
        if (read.status() == 429) {
            throw new Failure(CheckOutcome.failed(Reason.RATE_LIMITED, provider + " is throttling requests (HTTP "
                    + "429); retry later.", read.retryAfterSeconds()));
        }
        if (read.status() >= 300 && read.status() < 400) {
            throw failure(Reason.PROVIDER_ERROR, provider + " answered with a redirect (HTTP " + read.status()
                    + "); check the endpoint.");
        }
        return read;
    }

    /** A 5xx answer: the provider's busy codes are throttling, the rest an outage. Null for other statuses. */
    static CheckOutcome serverError(Response response, String provider, String... busyCodes) {
        if (response.status() < 500) {
            return null;
        }
        String code = response.xmlCode().orElse("");
        for (String busy : busyCodes) {
            if (busy.equals(code)) {
                return CheckOutcome.failed(Reason.RATE_LIMITED, provider + " is throttling requests (" + code
                        + "); retry later.", response.retryAfterSeconds());
            }
        }
        return CheckOutcome.failed(Reason.UNREACHABLE, provider + " answered HTTP " + response.status()
                + "; retry later.");
    }

    /**
     * Refuses (as a {@link Failure}) an endpoint whose host resolves to an address only the function can reach.
     * The HTTP client resolves again when it connects; a name that changes its answer in between (DNS rebinding)
     * is not caught here, which is why the function runs with no VPC and the address rule is checked at parse too.
     */
    void requirePublic(URI endpoint) {
        if (allowPrivateEndpoints) {
            return;
        }
        String host = endpoint.getHost();
        InetAddress[] addresses;
        try {
            addresses = InetAddress.getAllByName(host);
        } catch (UnknownHostException e) {
            throw failure(Reason.UNREACHABLE, "The endpoint's host " + host + " does not resolve.");
        }
        for (InetAddress address : addresses) {
            if (!Addresses.isPublic(address)) {
                throw failure(Reason.ENDPOINT_NOT_ALLOWED, "The endpoint's host " + host + " resolves to a "
                        + "loopback, private or link-local address; only public endpoints are verified.");
            }
        }
    }

    /** Text as JSON; a missing node when it is not JSON (callers read fields with defaults). */
    static JsonNode json(String text) {
        try {
            return Json.read(text);
        } catch (IOException notJson) {
            return MissingNode.getInstance();
        }
    }

    static Failure failure(Reason reason, String message) {
        return new Failure(CheckOutcome.failed(reason, message));
    }

    /** An answer read in full. */
    record Response(int status, String body, String retryAfter) {

        /** An S3/STS/Azure XML error's code (a known word: safe to name), if the body has one. */
        Optional<String> xmlCode() {
            Matcher m = CODE.matcher(body);
            return m.find() ? Optional.of(m.group(1)) : Optional.empty();
        }

        /** The body as JSON; a missing node when it is not JSON. */
        JsonNode json() {
            return CheckHttp.json(body);
        }

        Long retryAfterSeconds() {
            if (retryAfter == null || !retryAfter.trim().matches("\\d{1,6}")) {
                return null;
            }
            return Long.parseLong(retryAfter.trim());
        }
    }

    /** Ends a check early with its outcome; carries no stack trace (it is an answer, not a bug). */
    static final class Failure extends RuntimeException {
        private final CheckOutcome outcome;

        Failure(CheckOutcome outcome) {
            super(outcome.message(), null, false, false);
            this.outcome = outcome;
        }

        CheckOutcome outcome() {
            return outcome;
        }
    }
}
