package io.dataraven.secrets.vault.provider;

import io.dataraven.secrets.vault.VaultAccess;
import io.dataraven.secrets.vault.VaultProviderException;
import io.dataraven.secrets.vault.VaultProvider;
import com.fasterxml.jackson.databind.JsonNode;
import io.dataraven.secrets.common.OutboundHttp;
import io.dataraven.secrets.credential.Credentials;
import io.dataraven.secrets.vault.VaultType;
import io.dataraven.secrets.vault.provider.ProviderHttp.Response;
import io.dataraven.secrets.vault.VaultProviderException.AuthFailed;
import io.dataraven.secrets.vault.VaultProviderException.ProviderError;
import io.dataraven.secrets.vault.VaultProviderException.ReferenceNotFound;
import io.dataraven.secrets.vault.VaultProviderException.ScopeNotFound;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.StringJoiner;

/**
 * Doppler through its REST API v3 (https://docs.doppler.com/reference/api), authenticated with the
 * connection's service token as a bearer token. A reference is a secret name, read from the connection's
 * project and config:
 * <ul>
 *   <li>resolve: {@code GET /v3/configs/config/secret?project=&config=&name=} per distinct name; the answer is
 *       {@code {"name":..,"value":{"raw":..,"computed":..}}} and the value used is {@code computed} (references
 *       to other secrets expanded), else {@code raw};</li>
 *   <li>verify: {@code GET /v3/configs/config/secrets/names?project=&config=}, which checks the token and its
 *       access to that config at once and returns secret names only, no values.</li>
 * </ul>
 * Errors are {@code {"messages":[..],"success":false}}: 401 for a bad token, 403 or 400 "does not have access",
 * 404 "Could not find requested secret/config/project", 429 with Retry-After.
 */
public final class DopplerProvider implements VaultProvider {

    private static final String NAME = "Doppler";

    private final ProviderHttp http;

    /** Connect timeout 3 s, request timeout 10 s. */
    public DopplerProvider() {
        this(ProviderHttp.DEFAULT_CONNECT_TIMEOUT, ProviderHttp.DEFAULT_REQUEST_TIMEOUT);
    }

    public DopplerProvider(Duration connectTimeout, Duration requestTimeout) {
        this(connectTimeout, requestTimeout, Clock.systemUTC());
    }

    DopplerProvider(Duration connectTimeout, Duration requestTimeout, Clock clock) {
        this.http = new ProviderHttp(VaultType.DOPPLER, NAME, connectTimeout, requestTimeout, clock);
    }

    @Override
    public VaultType vaultType() {
        return VaultType.DOPPLER;
    }

    @Override
    public void verify(VaultAccess access) {
        References.checkAccess(VaultType.DOPPLER, access);
        // One call checks both the token (401) and its reach to the project and config (403/404/400). The
        // names endpoint returns names only, no values, and accepts service tokens (the CLI's
        // "secrets --only-names" uses it).
        String what = "the connection check for " + scope(access);
        Response response = http.send(get(access, ProviderHttp.uri(access.baseUrl(),
                "/v3/configs/config/secrets/names",
                ProviderHttp.query("project", access.setting("project"), "config", access.setting("config")))), what);
        try {
            if (response.status() != 200) {
                throw failure(response, access, what, null, null);
            }
        } finally {
            response.scrub();
        }
    }

    @Override
    public Credentials resolve(VaultAccess access, Map<String, String> referencesByField) {
        References.checkAccess(VaultType.DOPPLER, access);
        References.checkReferences(VaultType.DOPPLER, referencesByField);
        return References.readEach(referencesByField, (field, name) -> read(access, field, name));
    }

    private String read(VaultAccess access, String field, String name) {
        String what = "the secret request for " + name;
        URI uri = ProviderHttp.uri(access.baseUrl(), "/v3/configs/config/secret",
                ProviderHttp.query("project", access.setting("project"), "config", access.setting("config"),
                        "name", name));
        Response response = http.send(get(access, uri), what);
        try {
            if (response.status() != 200) {
                throw failure(response, access, what, field, name);
            }
            return value(response.json(what), access, what, field, name);
        } finally {
            response.scrub();
        }
    }

    private String value(JsonNode body, VaultAccess access, String what, String field, String name) {
        // The documented shape has name and value at the top level; some clients read it under "secret".
        JsonNode value = body.has("value") ? body.get("value") : body.path("secret").path("value");
        if (value.isMissingNode()) {
            throw new ProviderError(VaultType.DOPPLER, NAME + " answered " + what + " without a value");
        }
        JsonNode computed = value.path("computed");
        if (computed.isTextual()) {
            return computed.textValue();
        }
        JsonNode raw = value.path("raw");
        if (raw.isTextual()) {
            return raw.textValue();
        }
        if (value.isNull() || (isAbsent(computed) && isAbsent(raw))) {
            // Doppler answers 200 with null values for a deleted secret.
            throw new ReferenceNotFound(VaultType.DOPPLER, field, name, NAME + " has no value for secret " + name
                    + " in " + scope(access) + " (deleted, or its value is restricted)");
        }
        throw new ProviderError(VaultType.DOPPLER, NAME + " answered " + what + " with a value that is not text");
    }

    private VaultProviderException failure(Response response, VaultAccess access, String what, String field,
                                           String name) {
        ErrorText text = ErrorText.of(messages(response));
        http.failOnThrottleOrServerError(response, what, text);
        boolean aboutScope = text.containsAny("project", "config", "environment");
        switch (response.status()) {
            case 401:
                return new AuthFailed(VaultType.DOPPLER, NAME + " rejected the access token (HTTP 401) on " + what
                        + ": it is invalid, expired or revoked");
            case 403:
                if (aboutScope) {
                    return scopeNotFound(access, 403);
                }
                return new AuthFailed(VaultType.DOPPLER, NAME + " refused the access token (HTTP 403) on " + what
                        + ": it is not allowed to read " + scope(access));
            case 404:
                if (name != null && (text.containsAny("secret") || !aboutScope)) {
                    return new ReferenceNotFound(VaultType.DOPPLER, field, name, NAME + " has no secret " + name
                            + " in " + scope(access));
                }
                return scopeNotFound(access, 404);
            case 400:
                if (aboutScope && text.containsAny("does not have access", "could not find", "not found")) {
                    return scopeNotFound(access, 400);
                }
                return http.unexpected(response, what);
            default:
                return http.unexpected(response, what);
        }
    }

    private static ScopeNotFound scopeNotFound(VaultAccess access, int status) {
        return new ScopeNotFound(VaultType.DOPPLER, NAME + " " + scope(access)
                + " does not exist or this token cannot read it (HTTP " + status + ")");
    }

    private static String scope(VaultAccess access) {
        return "project '" + access.setting("project") + "' config '" + access.setting("config") + "'";
    }

    /** The error body's messages, for classification only. */
    private static String messages(Response response) {
        JsonNode messages = response.jsonOrMissing().path("messages");
        StringJoiner joined = new StringJoiner("\n");
        if (messages.isArray()) {
            messages.forEach(m -> joined.add(m.asText()));
        } else if (messages.isTextual()) {
            joined.add(messages.textValue());
        }
        return joined.toString();
    }

    private OutboundHttp.Request get(VaultAccess access, URI uri) {
        return http.get(uri).header("Authorization", "Bearer " + access.tokenField("access_token"));
    }

    private static boolean isAbsent(JsonNode node) {
        return node.isMissingNode() || node.isNull();
    }
}
