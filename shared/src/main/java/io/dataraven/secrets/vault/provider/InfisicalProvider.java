package io.dataraven.secrets.vault.provider;

import io.dataraven.secrets.vault.VaultAccess;
import io.dataraven.secrets.vault.VaultProviderException;
import io.dataraven.secrets.vault.VaultProvider;
import com.fasterxml.jackson.databind.JsonNode;
import io.dataraven.secrets.common.Json;
import java.nio.charset.StandardCharsets;
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
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Infisical through its REST API (https://infisical.com/docs/api-reference), authenticated as a machine
 * identity with Universal Auth. Every call logs in afresh; the access token lives only for that call.
 * <ul>
 *   <li>login: {@code POST /api/v1/auth/universal-auth/login} with {@code {"clientId","clientSecret"}}, answered
 *       by {@code {"accessToken","expiresIn","accessTokenMaxTTL","tokenType":"Bearer"}};</li>
 *   <li>resolve: {@code GET /api/v4/secrets/{secretName}?projectId=&environment=&secretPath=} per distinct key,
 *       with {@code expandSecretReferences=true} and {@code include_imports=true} (what the Infisical SDKs
 *       default to, so a value reads as the dashboard shows it), answered by
 *       {@code {"secret":{"secretKey","secretValue",..}}}. The v4 route replaces the deprecated
 *       {@code /api/v3/secrets/raw/{secretName}?workspaceId=}, which takes the same parameters otherwise;</li>
 *   <li>verify: login, then {@code GET /api/v4/secrets?projectId=&environment=&secretPath=&viewSecretValue=false}
 *       (the folder's secret keys, values hidden).</li>
 * </ul>
 * Errors are {@code {"reqId","statusCode","message","error"}}: 401 "Invalid credentials" (also a locked-out or
 * expired client secret), 403 PermissionDenied, 404 "Secret with name '..' not found" or "Folder with path '..'
 * in environment with slug '..' not found", 429 RateLimitError with Retry-After.
 */
public final class InfisicalProvider implements VaultProvider {

    private static final String NAME = "Infisical";

    private final ProviderHttp http;

    /** Connect timeout 3 s, request timeout 10 s. */
    public InfisicalProvider() {
        this(ProviderHttp.DEFAULT_CONNECT_TIMEOUT, ProviderHttp.DEFAULT_REQUEST_TIMEOUT);
    }

    public InfisicalProvider(Duration connectTimeout, Duration requestTimeout) {
        this(connectTimeout, requestTimeout, Clock.systemUTC());
    }

    InfisicalProvider(Duration connectTimeout, Duration requestTimeout, Clock clock) {
        this.http = new ProviderHttp(VaultType.INFISICAL, NAME, connectTimeout, requestTimeout, clock);
    }

    @Override
    public VaultType vaultType() {
        return VaultType.INFISICAL;
    }

    @Override
    public void verify(VaultAccess access) {
        References.checkAccess(VaultType.INFISICAL, access);
        String accessToken = login(access);
        String what = "the folder check for " + scope(access);
        URI uri = ProviderHttp.uri(access.baseUrl(), "/api/v4/secrets", ProviderHttp.query(
                "projectId", access.setting("project_id"), "environment", access.setting("environment"),
                "secretPath", access.setting("secret_path"), "viewSecretValue", "false"));
        Response response = http.send(get(uri, accessToken), what);
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
        References.checkAccess(VaultType.INFISICAL, access);
        References.checkReferences(VaultType.INFISICAL, referencesByField);
        if (referencesByField.isEmpty()) {
            return new Credentials(Map.of());
        }
        String accessToken = login(access);
        return References.readEach(referencesByField, (field, key) -> read(access, accessToken, field, key));
    }

    private String login(VaultAccess access) {
        String what = "the universal-auth login";
        Map<String, String> credentials = new LinkedHashMap<>();
        credentials.put("clientId", access.tokenField("client_id"));
        credentials.put("clientSecret", access.tokenField("client_secret"));
        byte[] body = Json.stringMap(credentials).getBytes(StandardCharsets.UTF_8);
        OutboundHttp.Request request = http.post(ProviderHttp.uri(access.baseUrl(),
                "/api/v1/auth/universal-auth/login", null), body).header("Content-Type", "application/json");
        Response response;
        try {
            response = http.send(request, what);
        } finally {
            Arrays.fill(body, (byte) 0); // the client secret, in the request body
        }
        try {
            if (response.status() != 200) {
                throw loginFailure(response, what);
            }
            JsonNode token = response.json(what).path("accessToken");
            if (!token.isTextual() || token.textValue().isBlank()) {
                throw new ProviderError(VaultType.INFISICAL, NAME + " answered " + what + " without an access token");
            }
            return token.textValue();
        } finally {
            response.scrub();
        }
    }

    private String read(VaultAccess access, String accessToken, String field, String key) {
        String what = "the secret request for " + key;
        URI uri = ProviderHttp.uri(access.baseUrl(), "/api/v4/secrets/" + ProviderHttp.segment(key),
                ProviderHttp.query("projectId", access.setting("project_id"),
                        "environment", access.setting("environment"), "secretPath", access.setting("secret_path"), "expandSecretReferences", "true",
                        "include_imports", "true"));
        Response response = http.send(get(uri, accessToken), what);
        try {
            if (response.status() != 200) {
                throw failure(response, access, what, field, key);
            }
            JsonNode secret = response.json(what).path("secret");
            if (secret.path("secretValueHidden").asBoolean(false)) {
                throw new AuthFailed(VaultType.INFISICAL, NAME + " hid the value of " + key + " in " + scope(access)
                        + ": the machine identity may list it but not read its value");
            }
            JsonNode value = secret.path("secretValue");
            if (!value.isTextual()) {
                throw new ProviderError(VaultType.INFISICAL, NAME + " answered " + what + " without a secret value");
            }
            return value.textValue();
        } finally {
            response.scrub();
        }
    }

    private VaultProviderException loginFailure(Response response, String what) {
        http.failOnThrottleOrServerError(response, what, errorText(response));
        switch (response.status()) {
            case 401:
            case 403:
                return new AuthFailed(VaultType.INFISICAL, NAME + " rejected the machine identity's client id and"
                        + " secret (HTTP " + response.status() + "): they are invalid, expired or revoked, the"
                        + " identity is locked out, or this address is not trusted");
            case 404:
                return new ProviderError(VaultType.INFISICAL, NAME + " has no universal-auth login at this base"
                        + " URL (HTTP 404); check the connection's Infisical address");
            default:
                return http.unexpected(response, what);
        }
    }

    private VaultProviderException failure(Response response, VaultAccess access, String what, String field,
                                           String key) {
        ErrorText text = errorText(response);
        http.failOnThrottleOrServerError(response, what, text);
        switch (response.status()) {
            case 401:
                return new AuthFailed(VaultType.INFISICAL, NAME + " rejected the access token it had just issued"
                        + " (HTTP 401) on " + what);
            case 403:
                return new AuthFailed(VaultType.INFISICAL, NAME + " denied the machine identity " + what + " in "
                        + scope(access) + " (HTTP 403): it must be a member of the project with read access to"
                        + " that environment and path");
            case 404:
                if (key != null && (text.containsAny("secret with name") || !aboutScope(text))) {
                    return new ReferenceNotFound(VaultType.INFISICAL, field, key, NAME + " has no secret " + key
                            + " in " + scope(access));
                }
                return new ScopeNotFound(VaultType.INFISICAL, NAME + " " + scope(access)
                        + " does not exist or is not visible to the machine identity (HTTP 404)");
            default:
                return http.unexpected(response, what);
        }
    }

    private static boolean aboutScope(ErrorText text) {
        return text.containsAny("folder", "environment", "project", "workspace");
    }

    /** The error body's message and error name, for classification only. */
    private static ErrorText errorText(Response response) {
        JsonNode body = response.jsonOrMissing();
        return ErrorText.of(body.path("message").asText("") + " " + body.path("error").asText(""));
    }

    private static String scope(VaultAccess access) {
        return "project " + access.setting("project_id") + " environment '" + access.setting("environment") + "' path '"
                + access.setting("secret_path") + "'";
    }

    private OutboundHttp.Request get(URI uri, String accessToken) {
        return http.get(uri).header("Authorization", "Bearer " + accessToken);
    }
}
