package io.dataraven.secrets.verify;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dataraven.secrets.common.InvalidInputException;
import io.dataraven.secrets.common.Json;
import io.dataraven.secrets.common.JsonFields;
import io.dataraven.secrets.common.Violation;
import io.dataraven.secrets.credential.AuthMethod;

import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Where a verification goes, from the request body: an S3-compatible provider has no one endpoint (R2's holds the
 * account id, Spaces' and Hetzner's the region), so the caller names it; every other method has its provider's own.
 *
 * @param endpointUrl the S3-compatible endpoint (https, public host), null for the other methods
 * @param region      the SigV4 signing region, null for the default (us-east-1; R2 signs with auto)
 */
public record CheckTarget(URI endpointUrl, String region) {

    public static final CheckTarget NONE = new CheckTarget(null, null);

    /** The methods whose provider endpoint the request names: the S3-compatible ones. One table, read here only. */
    static final Set<AuthMethod> ENDPOINT_GIVEN = EnumSet.complementOf(EnumSet.of(AuthMethod.S3_ACCESS_KEY,
            AuthMethod.AZURE_SAS_URL, AuthMethod.AZURE_ACCOUNT_KEY, AuthMethod.GCS_SERVICE_ACCOUNT,
            AuthMethod.B2_APPLICATION_KEY));

    private static final Set<String> FIELDS = Set.of("endpoint_url", "region");
    private static final Pattern REGION = Pattern.compile("[a-z0-9-]{1,32}");
    private static final int MAX_URL = 512;

    /** Whether a verification of this method needs {@code endpoint_url}. */
    public static boolean needsEndpoint(AuthMethod method) {
        return ENDPOINT_GIVEN.contains(method);
    }

    /** The body (null or empty: none) checked against the secret's method; every problem is one 422 violation. */
    public static CheckTarget parse(ObjectNode body, AuthMethod method) {
        List<Violation> violations = new ArrayList<>();
        ObjectNode given = body == null ? Json.object() : body;
        JsonFields fields = JsonFields.body(given, violations);
        fields.rejectUnknown(FIELDS);
        String url = fields.string("endpoint_url");
        String region = fields.string("region");
        URI endpoint = null;
        if (url == null) {
            if (needsEndpoint(method) && !given.has("endpoint_url")) {
                violations.add(Violation.body("required to verify " + method.wire() + " credentials: the "
                        + "provider's S3 endpoint, e.g. https://<account>.r2.cloudflarestorage.com", "missing",
                        "endpoint_url"));
            }
        } else if (!needsEndpoint(method)) {
            violations.add(Violation.body("not used for " + method.wire() + " credentials: they are checked at "
                    + "their provider's own endpoint", "extra_forbidden", "endpoint_url"));
        } else {
            String problem = endpointProblem(url);
            if (problem != null) {
                violations.add(Violation.body(problem, "value_error", "endpoint_url"));
            } else {
                endpoint = URI.create(url.endsWith("/") ? url.substring(0, url.length() - 1) : url);
            }
        }
        if (region != null && !needsEndpoint(method)) {
            violations.add(Violation.body("not used for " + method.wire() + " credentials", "extra_forbidden",
                    "region"));
        } else if (region != null && !REGION.matcher(region).matches()) {
            violations.add(Violation.body("must be 1-32 lower-case letters, digits and hyphens, e.g. us-east-1 or "
                    + "auto", "string_pattern_mismatch", "region"));
        }
        if (!violations.isEmpty()) {
            throw InvalidInputException.of(violations);
        }
        return endpoint == null && region == null ? NONE : new CheckTarget(endpoint, region);
    }

    /** Why an endpoint URL is refused before any lookup, or null: our requests carry a signed key id. */
    static String endpointProblem(String url) {
        if (url.length() > MAX_URL) {
            return "must be at most " + MAX_URL + " characters";
        }
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            return "must be a valid URL";
        }
        if (!"https".equalsIgnoreCase(uri.getScheme())) {
            return "must be an https URL";
        }
        if (uri.getRawUserInfo() != null || uri.getRawQuery() != null || uri.getRawFragment() != null) {
            return "must have no user info, query or fragment";
        }
        String path = uri.getRawPath();
        if (path != null && !path.isEmpty() && !path.equals("/")) {
            return "must be the endpoint's origin, without a path (https://host[:port])";
        }
        String host = uri.getHost();
        if (host == null || host.isBlank()) {
            return "must name a host";
        }
        String lower = host.toLowerCase(Locale.ROOT);
        if (lower.equals("localhost") || lower.endsWith(".localhost") || lower.endsWith(".internal")) {
            return "must be a public host, not " + host;
        }
        if (literal(lower)) {
            try {
                if (!Addresses.isPublic(InetAddress.getByName(lower.replace("[", "").replace("]", "")))) {
                    return "must be a public address: " + host + " is loopback, private or link-local";
                }
            } catch (UnknownHostException e) {
                return "must be a valid host";
            }
        }
        return null;
    }

    /** An IPv4 or IPv6 literal: resolving one does no DNS lookup. */
    private static boolean literal(String host) {
        return host.startsWith("[") || host.matches("[0-9.]+") || host.contains(":");
    }
}
