package io.dataraven.secrets.api;

import io.dataraven.secrets.vault.VaultType;

import io.dataraven.secrets.idempotency.Idempotency;
import io.dataraven.secrets.idempotency.IdempotencyKey;

import io.dataraven.secrets.common.Ids;
import io.dataraven.secrets.common.InvalidInputException;
import io.dataraven.secrets.common.Json;
import io.dataraven.secrets.common.PageRequest;
import io.dataraven.secrets.common.Utf8;
import io.dataraven.secrets.common.Violation;
import io.dataraven.secrets.auth.RequestInfo;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/** Read access to an API Gateway HTTP API (payload 2.0) event: headers, path parameters, the JSON body. */
public final class ApiRequest {

    /** Bodies above this are refused with 413 before parsing. */
    public static final int MAX_BODY_BYTES = 64 * 1024;
    /** Where every route of the API starts (template.yaml). */
    private static final String API_ROOT = "/v1/teams/";
    /** A base path we repeat in a header: plain path segments only, so never "//host" nor a line break. */
    private static final Pattern BASE_PATH = Pattern.compile("(/[A-Za-z0-9._~-]+)*");

    private static final Pattern JSON_SUFFIX = Pattern.compile("application/[a-z0-9][a-z0-9.!#$&^_-]*\\+json");

    private final APIGatewayV2HTTPEvent event;

    public ApiRequest(APIGatewayV2HTTPEvent event) {
        this.event = event;
    }

    public String header(String name) {
        Map<String, String> headers = event.getHeaders();
        if (headers == null) {
            return null;
        }
        // API Gateway lower-cases header names in payload 2.0, but callers of sam local and tests may not.
        for (Map.Entry<String, String> entry : headers.entrySet()) {
            if (entry.getKey().equalsIgnoreCase(name)) {
                return entry.getValue();
            }
        }
        return null;
    }

    /** The bearer token, or null when the Authorization header is missing or not a Bearer one. */
    public String bearerToken() {
        String value = header("authorization");
        if (value == null) {
            return null;
        }
        String trimmed = value.strip();
        if (trimmed.length() > 7 && trimmed.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return trimmed.substring(7).strip();
        }
        return null;
    }

    /** Request id, source IP and user agent as API Gateway reports them. */
    public RequestInfo info() {
        var context = event.getRequestContext();
        if (context == null) {
            return RequestInfo.NONE;
        }
        var http = context.getHttp();
        return new RequestInfo(context.getRequestId(),
                http == null ? null : http.getSourceIp(), http == null ? header("user-agent") : http.getUserAgent());
    }

    /**
     * An API path ({@code /v1/teams/...}) as the client reaches it, for a {@code Location} header. Routes, path
     * parameters and routeKey leave out what comes before the API's own paths, but the client's URL has it: the
     * named stage on the execute-api URL ({@code /dev/v1/...}) or a custom domain's mapping key, and without it a
     * relative link is a 404. rawPath keeps that prefix (and has none on {@code $default} or a domain mapped at its
     * root), so it comes from there rather than from requestContext.stage, which a custom domain leaves out of
     * the URL.
     */
    public String link(String apiPath) {
        String raw = event.getRawPath();
        int root = raw == null ? -1 : raw.lastIndexOf(API_ROOT);
        String base = root <= 0 ? "" : raw.substring(0, root);
        return (BASE_PATH.matcher(base).matches() ? base : "") + apiPath;
    }

    /**
     * Query parameters, each given at most once (every parameter of this API is single-valued): API Gateway joins
     * repeated ones with commas, so {@code q=a&q=b} would search for "a,b". The raw query string tells a repeat
     * from a value with a comma; a repeat is a 400 naming the parameter.
     */
    public Map<String, String> queryParameters() {
        Map<String, Integer> counts = new TreeMap<>();
        String raw = event.getRawQueryString();
        if (raw != null) {
            for (String pair : raw.split("&")) {
                if (!pair.isEmpty()) {
                    counts.merge(queryName(pair), 1, Integer::sum);
                }
            }
        }
        List<Violation> repeated = new ArrayList<>();
        counts.forEach((name, count) -> {
            if (count > 1) {
                repeated.add(PageRequest.at(name, "given " + count + " times; send it once", "value_error"));
            }
        });
        if (!repeated.isEmpty()) {
            throw InvalidInputException.of(repeated);
        }
        Map<String, String> params = event.getQueryStringParameters();
        return params == null ? Map.of() : params;
    }

    /** The decoded name of {@code name=value}; as sent when its escapes are malformed (API Gateway refuses those). */
    private static String queryName(String pair) {
        int eq = pair.indexOf('=');
        String name = eq < 0 ? pair : pair.substring(0, eq);
        try {
            return URLDecoder.decode(name, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException malformed) {
            return name;
        }
    }

    public String pathParameter(String name) {
        Map<String, String> params = event.getPathParameters();
        return params == null ? null : params.get(name);
    }

    /** A path parameter that must be a UUID; 400 naming it otherwise. */
    public UUID pathUuid(String name) {
        String value = pathParameter(name);
        UUID parsed = Ids.parseUuid(value);
        if (parsed == null) {
            throw InvalidInputException.of(List.of(new Violation(List.of("path", name),
                    name + " must be a UUID", "uuid_parsing")));
        }
        return parsed;
    }

    /**
     * The request's {@code Idempotency-Key} (null when not sent) and its body as canonical JSON for the key's
     * fingerprint, read only when the service asks (after the role check, and only with a key).
     */
    public Idempotency.Request idempotency() {
        return idempotencyRequest(header(IdempotencyKey.HEADER), this::jsonObjectBody);
    }

    /**
     * The one way a keyed request is made (here, and by tests that drive the services directly): its fingerprinted
     * body is always the body without its secret values.
     */
    public static Idempotency.Request idempotencyRequest(String header, Supplier<ObjectNode> body) {
        return new Idempotency.Request(header, () -> Idempotency.canonical(withoutSecretValues(body.get())));
    }

    /** The body fields whose values are secrets: a secret's credentials, every vault type's token fields. */
    private static final Set<String> SECRET_FIELDS = secretFields();

    private static Set<String> secretFields() {
        Set<String> names = new java.util.HashSet<>(Set.of("credentials"));
        for (VaultType type : VaultType.values()) {
            type.tokenFields().forEach(field -> names.add(field.name()));
        }
        return Set.copyOf(names);
    }

    /**
     * The body with every secret value blanked (a credentials object keeps its field names): the fingerprint the
     * table stores is then no function of a credential at all, so nobody who can read the table can test guesses
     * of a weak one against it. The price: a repeat that differs only in secret values is a replay, not a 422.
     */
    static ObjectNode withoutSecretValues(ObjectNode body) {
        ObjectNode copy = body.deepCopy();
        for (String field : SECRET_FIELDS) {
            JsonNode value = copy.get(field);
            if (value == null) {
                continue;
            }
            if (value.isObject()) {
                ObjectNode names = Json.object();
                value.fieldNames().forEachRemaining(name -> names.put(name, ""));
                copy.set(field, names);
            } else {
                copy.put(field, "");
            }
        }
        return copy;
    }

    /**
     * The body as a JSON object: 413 when too large, 415 when its Content-Type says it is something else, 400 when
     * not JSON or not an object.
     */
    public ObjectNode jsonObjectBody() {
        byte[] bytes = bodyBytes();
        if (bytes.length == 0) {
            throw InvalidInputException.of("invalid_body", "The request body is empty; send a JSON object.",
                    Violation.body("a JSON object is required", "missing"));
        }
        String contentType = header("content-type");
        if (contentType != null && !contentType.isBlank() && !isJson(contentType)) {
            throw new ApiException(415, "unsupported_media_type", "The request body must be JSON: send it as "
                    + "Content-Type: application/json (UTF-8), or without a Content-Type.",
                    List.of(new Violation(List.of("header", "content-type"), "must be application/json or a +json "
                            + "type, with no charset but utf-8", "media_type")));
        }
        JsonNode node = Json.parse(bytes, "request body");
        if (node == null || !node.isObject()) {
            throw InvalidInputException.of("invalid_body", "The request body must be a JSON object.",
                    Violation.body("must be a JSON object", "model_type"));
        }
        return (ObjectNode) node;
    }

    /** As {@link #jsonObjectBody()}, but an empty body is none: null (for requests whose body is optional). */
    public ObjectNode optionalJsonObjectBody() {
        return bodyBytes().length == 0 ? null : jsonObjectBody();
    }

    /** {@code application/json} or {@code application/<x>+json}, any case; a charset, if named, must be UTF-8. */
    static boolean isJson(String contentType) {
        String[] parts = contentType.split(";", -1);
        String media = parts[0].strip().toLowerCase(Locale.ROOT);
        if (!media.equals("application/json") && !JSON_SUFFIX.matcher(media).matches()) {
            return false;
        }
        for (int i = 1; i < parts.length; i++) {
            String[] parameter = parts[i].split("=", 2);
            if (parameter[0].strip().equalsIgnoreCase("charset")) {
                String charset = parameter.length < 2 ? "" : parameter[1].strip().replaceAll("^\"(.*)\"$", "$1");
                if (!charset.equalsIgnoreCase("utf-8")) {
                    return false;
                }
            }
        }
        return true;
    }

    private byte[] bodyBytes() {
        String body = event.getBody();
        if (body == null) {
            return new byte[0];
        }
        // Cheap upper bound first: a UTF-8 char is at most 3 bytes per UTF-16 unit, base64 is 4/3 of the data.
        if (body.length() > MAX_BODY_BYTES * 4) {
            throw tooLarge();
        }
        byte[] bytes;
        if (event.getIsBase64Encoded()) {
            try {
                bytes = Base64.getDecoder().decode(body);
            } catch (IllegalArgumentException e) {
                throw InvalidInputException.of("invalid_body", "The request body is flagged base64 but is not.",
                        Violation.body("invalid base64", "json_invalid"));
            }
        } else {
            // A string from API Gateway or a test: an unpaired surrogate in it is no UTF-8 text, and getBytes
            // would store it as '?'.
            bytes = Utf8.encode(body, "request body");
        }
        if (bytes.length > MAX_BODY_BYTES) {
            throw tooLarge();
        }
        return bytes;
    }

    private static ApiException tooLarge() {
        return new ApiException(413, "payload_too_large",
                "The request body is larger than " + MAX_BODY_BYTES / 1024 + " KiB.");
    }
}
