package io.dataraven.secrets.vault.provider;

import io.dataraven.secrets.testing.Vaults;
import io.dataraven.secrets.vault.VaultAccess;
import io.dataraven.secrets.vault.VaultProviderException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.matching.RequestPatternBuilder;
import io.dataraven.secrets.credential.Credentials;
import io.dataraven.secrets.vault.VaultType;
import io.dataraven.secrets.vault.VaultProviderException.AuthFailed;
import io.dataraven.secrets.vault.VaultProviderException.Kind;
import io.dataraven.secrets.vault.VaultProviderException.ProviderError;
import io.dataraven.secrets.vault.VaultProviderException.RateLimited;
import io.dataraven.secrets.vault.VaultProviderException.ReferenceNotFound;
import io.dataraven.secrets.vault.VaultProviderException.ScopeNotFound;
import io.dataraven.secrets.vault.VaultProviderException.Unreachable;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * The Infisical provider through the real JDK HTTP client against WireMock, following Infisical's API
 * reference: Universal Auth login (https://infisical.com/docs/documentation/platform/identities/universal-auth),
 * get-secret-by-name v4 (https://infisical.com/docs/api-reference/endpoints/secrets), and the error bodies of
 * Infisical's error handler ({@code {"reqId","statusCode","message","error"}}). No failure may carry the client
 * id, the client secret, the access token or a value.
 */
class InfisicalProviderTest {

    private static final String CLIENT_ID = "8f5b3c1e-2d4a-4b6f-9e8d-7c6b5a4f3e2d";
    private static final String CLIENT_SECRET = "9d8c7b6a5f4e3d2c1b0a9f8e7d6c5b4a3f2e1d0c9b8a7f6e5d4c3b2a1f0e9d8c";
    private static final String ACCESS_TOKEN = "eyJhbGciOiJIUzI1NiJ9.eyJpZGVudGl0eUlkIjoidGVzdCJ9.dGVzdC1zaWduYXR1cmU";
    private static final String PROJECT_ID = "6f1c2d3e-4a5b-4c6d-8e7f-901a2b3c4d5e";
    private static final String ENVIRONMENT = "prod";
    private static final String SECRET_PATH = "/aws";
    private static final String ACCESS_KEY_ID = "AKIAIOSFODNN7EXAMPLE";
    private static final String SECRET_ACCESS_KEY = "wJalrXUtnFEMI/K7MDENG/\"bPxRfi\\CY\nzweite Zeile äöü";
    private static final String LOGIN_PATH = "/api/v1/auth/universal-auth/login";
    private static final String SECRETS_PATH = "/api/v4/secrets";
    private static final ObjectMapper JSON = new ObjectMapper();

    private static WireMockServer wireMock;
    private static InfisicalProvider provider;

    private VaultAccess access;

    @BeforeAll
    static void start() {
        wireMock = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
        wireMock.start();
        provider = new InfisicalProvider(Duration.ofSeconds(2), Duration.ofMillis(1000));
        // A cold WireMock and JVM can take most of a second on the first exchange: have it here, not in the
        // first test, so the 1 s request timeout only trips where a test means it to.
        wireMock.stubFor(login().willReturn(loggedIn()));
        wireMock.stubFor(secretRequest("WARM_UP").willReturn(secret("WARM_UP", "warm")));
        // The warm-up itself gets a generous timeout: on a loaded machine it can take longer than a second.
        new InfisicalProvider(Duration.ofSeconds(30), Duration.ofSeconds(30)).resolve(Vaults.infisical(CLIENT_ID, CLIENT_SECRET, PROJECT_ID, ENVIRONMENT, SECRET_PATH)
                .withBaseUrl(URI.create(wireMock.baseUrl())), Map.of("username", "WARM_UP"));
    }

    @AfterAll
    static void stop() {
        wireMock.stop();
    }

    @BeforeEach
    void reset() {
        wireMock.resetAll();
        access = Vaults.infisical(CLIENT_ID, CLIENT_SECRET, PROJECT_ID, ENVIRONMENT, SECRET_PATH)
                .withBaseUrl(URI.create(wireMock.baseUrl()));
    }

    private static String loginBody() {
        return "{\"clientId\":\"" + CLIENT_ID + "\",\"clientSecret\":\"" + CLIENT_SECRET + "\"}";
    }

    private static MappingBuilder login() {
        return post(urlPathEqualTo(LOGIN_PATH));
    }

    private static RequestPatternBuilder loggedInWithTheClientCredentials() {
        return postRequestedFor(urlPathEqualTo(LOGIN_PATH))
                .withHeader("Content-Type", containing("application/json"))
                .withRequestBody(equalToJson(loginBody()));
    }

    private static ResponseDefinitionBuilder loggedIn() {
        return json(200, Map.of("accessToken", ACCESS_TOKEN, "expiresIn", 7200, "accessTokenMaxTTL", 43200,
                "tokenType", "Bearer"));
    }

    private static MappingBuilder secretRequest(String key) {
        return get(urlPathEqualTo(SECRETS_PATH + "/" + key))
                .withHeader("Authorization", equalTo("Bearer " + ACCESS_TOKEN));
    }

    private static RequestPatternBuilder requestedSecret(String key, String secretPath) {
        return getRequestedFor(urlPathEqualTo(SECRETS_PATH + "/" + key))
                .withQueryParam("projectId", equalTo(PROJECT_ID))
                .withQueryParam("environment", equalTo(ENVIRONMENT))
                .withQueryParam("secretPath", equalTo(secretPath))
                .withQueryParam("expandSecretReferences", equalTo("true"))
                .withQueryParam("include_imports", equalTo("true"))
                .withHeader("Authorization", equalTo("Bearer " + ACCESS_TOKEN))
                .withHeader("Accept", equalTo("application/json"));
    }

    private static ResponseDefinitionBuilder json(int status, Object body) {
        try {
            return aResponse().withStatus(status).withHeader("Content-Type", "application/json; charset=utf-8")
                    .withBody(JSON.writeValueAsString(body));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The documented get-secret answer (a subset of its fields). */
    private static ResponseDefinitionBuilder secret(String key, String value) {
        Map<String, Object> secret = new LinkedHashMap<>();
        secret.put("id", "0b5d6a52-3f7e-4c1a-9d2e-1f0a7c3b9e41");
        secret.put("_id", "0b5d6a52-3f7e-4c1a-9d2e-1f0a7c3b9e41");
        secret.put("workspace", PROJECT_ID);
        secret.put("environment", ENVIRONMENT);
        secret.put("version", 3);
        secret.put("type", "shared");
        secret.put("secretKey", key);
        secret.put("secretValue", value);
        secret.put("secretComment", "");
        secret.put("secretPath", SECRET_PATH);
        secret.put("secretValueHidden", false);
        secret.put("tags", new Object[0]);
        return json(200, Map.of("secret", secret));
    }

    private static ResponseDefinitionBuilder error(int status, String error, String message) {
        return json(status, Map.of("reqId", "req-7f3a", "statusCode", status, "message", message, "error", error));
    }

    private static Map<String, String> awsMapping() {
        Map<String, String> mapping = new LinkedHashMap<>();
        mapping.put("access_key_id", "AWS_ACCESS_KEY_ID");
        mapping.put("secret_access_key", "AWS_SECRET_ACCESS_KEY");
        return mapping;
    }

    private static <T extends VaultProviderException> T fails(ThrowingCallable call, Class<T> type) {
        Throwable thrown = catchThrowable(call);
        assertThat(thrown).isInstanceOf(type);
        Leaks.assertNone(thrown, CLIENT_ID, CLIENT_SECRET, ACCESS_TOKEN, ACCESS_KEY_ID, SECRET_ACCESS_KEY, "K7MDENG");
        return type.cast(thrown);
    }

    private <T extends VaultProviderException> T resolveFails(Class<T> type) {
        return fails(() -> provider.resolve(access, awsMapping()), type);
    }

    // --- resolve: success -------------------------------------------------------------------------------------

    @Test
    void logsInOnceThenReadsEachSecretWithTheAccessToken() {
        wireMock.stubFor(login().willReturn(loggedIn()));
        wireMock.stubFor(secretRequest("AWS_ACCESS_KEY_ID").willReturn(secret("AWS_ACCESS_KEY_ID", ACCESS_KEY_ID)));
        wireMock.stubFor(secretRequest("AWS_SECRET_ACCESS_KEY")
                .willReturn(secret("AWS_SECRET_ACCESS_KEY", SECRET_ACCESS_KEY)));

        Credentials credentials = provider.resolve(access, awsMapping());

        assertThat(credentials.values()).containsExactly(
                Map.entry("access_key_id", ACCESS_KEY_ID),
                Map.entry("secret_access_key", SECRET_ACCESS_KEY));
        wireMock.verify(1, loggedInWithTheClientCredentials());
        wireMock.verify(1, requestedSecret("AWS_ACCESS_KEY_ID", SECRET_PATH));
        wireMock.verify(1, requestedSecret("AWS_SECRET_ACCESS_KEY", SECRET_PATH));
        wireMock.verify(3, anyRequestedFor(anyUrl()));
    }

    @Test
    void everyCallLogsInAgainNothingIsCached() {
        wireMock.stubFor(login().willReturn(loggedIn()));
        wireMock.stubFor(secretRequest("AWS_ACCESS_KEY_ID").willReturn(secret("AWS_ACCESS_KEY_ID", ACCESS_KEY_ID)));

        provider.resolve(access, Map.of("access_key_id", "AWS_ACCESS_KEY_ID"));
        provider.resolve(access, Map.of("access_key_id", "AWS_ACCESS_KEY_ID"));

        wireMock.verify(2, loggedInWithTheClientCredentials());
        wireMock.verify(2, requestedSecret("AWS_ACCESS_KEY_ID", SECRET_PATH));
    }

    @Test
    void withoutASecretPathTheRootFolderIsRead() {
        VaultAccess atRoot = Vaults.infisical(CLIENT_ID, CLIENT_SECRET, PROJECT_ID, ENVIRONMENT, null)
                .withBaseUrl(URI.create(wireMock.baseUrl()));
        wireMock.stubFor(login().willReturn(loggedIn()));
        wireMock.stubFor(secretRequest("AWS_ACCESS_KEY_ID").willReturn(secret("AWS_ACCESS_KEY_ID", ACCESS_KEY_ID)));

        provider.resolve(atRoot, Map.of("access_key_id", "AWS_ACCESS_KEY_ID"));

        wireMock.verify(1, requestedSecret("AWS_ACCESS_KEY_ID", "/"));
    }

    @Test
    void aKeyWithDotsAndHyphensIsOnePathSegment() {
        wireMock.stubFor(login().willReturn(loggedIn()));
        wireMock.stubFor(secretRequest("aws.secret-key_2").willReturn(secret("aws.secret-key_2", SECRET_ACCESS_KEY)));

        Credentials credentials = provider.resolve(access, Map.of("secret_access_key", "aws.secret-key_2"));

        assertThat(credentials.values()).containsExactly(Map.entry("secret_access_key", SECRET_ACCESS_KEY));
        wireMock.verify(1, requestedSecret("aws.secret-key_2", SECRET_PATH));
    }

    @Test
    void anEmptyMappingContactsNothing() {
        assertThat(provider.resolve(access, Map.of()).values()).isEmpty();
        wireMock.verify(0, anyRequestedFor(anyUrl()));
    }

    // --- resolve: failures ------------------------------------------------------------------------------------

    @Test
    void badClientCredentialsAreAuthFailedAndNoSecretIsRequested() {
        // The error text echoes the credentials, to prove provider text never reaches our messages.
        wireMock.stubFor(login().willReturn(error(401, "UnauthorizedError",
                "Invalid credentials " + CLIENT_ID + " " + CLIENT_SECRET)));

        AuthFailed failure = resolveFails(AuthFailed.class);

        assertThat(failure.kind()).isEqualTo(Kind.AUTH_FAILED);
        assertThat(failure.retryable()).isFalse();
        assertThat(failure.vaultType()).isEqualTo(VaultType.INFISICAL);
        assertThat(failure.getMessage()).contains("HTTP 401").contains("client id and secret");
        wireMock.verify(0, getRequestedFor(urlPathMatching(SECRETS_PATH + ".*")));
    }

    @Test
    void aLoginRefusedWith403IsAuthFailed() {
        wireMock.stubFor(login().willReturn(error(403, "ForbiddenRequestError",
                "The IP is not allowed to access this resource")));

        assertThat(resolveFails(AuthFailed.class).getMessage()).contains("HTTP 403");
    }

    @Test
    void aMissingSecretIsReferenceNotFoundNamingFieldAndReference() {
        wireMock.stubFor(login().willReturn(loggedIn()));
        wireMock.stubFor(secretRequest("AWS_ACCESS_KEY_ID").willReturn(secret("AWS_ACCESS_KEY_ID", ACCESS_KEY_ID)));
        wireMock.stubFor(secretRequest("AWS_SECRET_ACCESS_KEY").willReturn(error(404, "NotFound",
                "Secret with name 'AWS_SECRET_ACCESS_KEY' not found")));

        ReferenceNotFound failure = resolveFails(ReferenceNotFound.class);

        assertThat(failure.kind()).isEqualTo(Kind.REFERENCE_NOT_FOUND);
        assertThat(failure.field()).isEqualTo("secret_access_key");
        assertThat(failure.reference()).isEqualTo("AWS_SECRET_ACCESS_KEY");
        assertThat(failure.getMessage()).contains("secret_access_key").contains("AWS_SECRET_ACCESS_KEY")
                .contains(PROJECT_ID).contains("'prod'").contains("'/aws'");
    }

    @Test
    void aSecretNamedLikeAFolderIsStillTheSecretThatIsMissing() {
        wireMock.stubFor(login().willReturn(loggedIn()));
        wireMock.stubFor(secretRequest("FOLDER_ENVIRONMENT").willReturn(error(404, "NotFound",
                "Secret with name 'FOLDER_ENVIRONMENT' not found")));

        ReferenceNotFound failure = fails(() -> provider.resolve(access, Map.of("username", "FOLDER_ENVIRONMENT")),
                ReferenceNotFound.class);

        assertThat(failure.reference()).isEqualTo("FOLDER_ENVIRONMENT");
    }

    @Test
    void aMissingFolderOrEnvironmentIsScopeNotFound() {
        wireMock.stubFor(login().willReturn(loggedIn()));
        wireMock.stubFor(get(urlPathMatching(SECRETS_PATH + "/.*")).willReturn(error(404, "GetSecretByName",
                "Folder with path '/aws' in environment with slug 'prod' not found")));

        ScopeNotFound failure = resolveFails(ScopeNotFound.class);

        assertThat(failure.kind()).isEqualTo(Kind.NOT_FOUND_SCOPE);
        assertThat(failure.getMessage()).contains(PROJECT_ID).contains("'prod'").contains("'/aws'");
    }

    @Test
    void anIdentityWithoutReadAccessIsAuthFailed() {
        wireMock.stubFor(login().willReturn(loggedIn()));
        wireMock.stubFor(get(urlPathMatching(SECRETS_PATH + "/.*")).willReturn(error(403, "PermissionDenied",
                "You are not allowed to readValue on secrets (token " + ACCESS_TOKEN + ")")));

        AuthFailed failure = resolveFails(AuthFailed.class);

        assertThat(failure.getMessage()).contains("HTTP 403").contains("member of the project");
    }

    @Test
    void aValueHiddenFromTheIdentityIsAuthFailed() {
        wireMock.stubFor(login().willReturn(loggedIn()));
        wireMock.stubFor(secretRequest("AWS_ACCESS_KEY_ID").willReturn(json(200, Map.of("secret", Map.of(
                "secretKey", "AWS_ACCESS_KEY_ID", "secretValue", "<hidden-by-infisical>",
                "secretValueHidden", true)))));

        AuthFailed failure = fails(() -> provider.resolve(access, Map.of("access_key_id", "AWS_ACCESS_KEY_ID")),
                AuthFailed.class);

        assertThat(failure.getMessage()).contains("not read its value");
    }

    @Test
    void aThrottledSecretReadIsRateLimitedWithTheRetryAfterHeader() {
        wireMock.stubFor(login().willReturn(loggedIn()));
        wireMock.stubFor(get(urlPathMatching(SECRETS_PATH + "/.*")).willReturn(error(429, "RateLimitError",
                "Rate limit exceeded. Please try again in 41 seconds").withHeader("Retry-After", "30")));

        RateLimited failure = resolveFails(RateLimited.class);

        assertThat(failure.retryable()).isTrue();
        assertThat(failure.retryAfterSeconds()).hasValue(30);
    }

    @Test
    void aThrottledLoginWithoutRetryAfterTakesTheWaitFromTheMessage() {
        wireMock.stubFor(login().willReturn(error(429, "RateLimitError",
                "Rate limit exceeded. Please try again in 12 seconds")));

        RateLimited failure = resolveFails(RateLimited.class);

        assertThat(failure.retryAfterSeconds()).hasValue(12);
        assertThat(failure.getMessage()).contains("login");
    }

    @ParameterizedTest
    @ValueSource(ints = {500, 502, 503})
    void aServerErrorOnLoginIsUnreachable(int status) {
        wireMock.stubFor(login().willReturn(error(status, "InternalServerError", "Something went wrong")));

        Unreachable failure = resolveFails(Unreachable.class);

        assertThat(failure.retryable()).isTrue();
        assertThat(failure.getMessage()).contains("HTTP " + status);
    }

    @Test
    void aServerErrorOnASecretIsUnreachable() {
        wireMock.stubFor(login().willReturn(loggedIn()));
        wireMock.stubFor(get(urlPathMatching(SECRETS_PATH + "/.*"))
                .willReturn(error(500, "InternalServerError", "Something went wrong")));

        resolveFails(Unreachable.class);
    }

    @Test
    void aSecretReadSlowerThanTheRequestTimeoutIsUnreachable() {
        wireMock.stubFor(login().willReturn(loggedIn()));
        wireMock.stubFor(secretRequest("AWS_ACCESS_KEY_ID")
                .willReturn(secret("AWS_ACCESS_KEY_ID", ACCESS_KEY_ID).withFixedDelay(3_000)));

        Unreachable failure = resolveFails(Unreachable.class);

        assertThat(failure.getMessage()).contains("did not answer").contains("within 1000 ms");
    }

    @Test
    void aLoginAnswerWithoutAnAccessTokenIsAProviderError() {
        wireMock.stubFor(login().willReturn(json(200, Map.of("expiresIn", 7200, "tokenType", "Bearer"))));

        assertThat(resolveFails(ProviderError.class).getMessage()).contains("without an access token");
    }

    @Test
    void aSecretAnswerWithoutAValueIsAProviderError() {
        wireMock.stubFor(login().willReturn(loggedIn()));
        wireMock.stubFor(secretRequest("AWS_ACCESS_KEY_ID").willReturn(json(200, Map.of("secret",
                Map.of("secretKey", "AWS_ACCESS_KEY_ID")))));

        fails(() -> provider.resolve(access, Map.of("access_key_id", "AWS_ACCESS_KEY_ID")), ProviderError.class);
    }

    // --- argument checks --------------------------------------------------------------------------------------

    @Test
    void aReferenceThatIsNotAnInfisicalKeyIsRefusedBeforeAnyCall() {
        assertThatThrownBy(() -> provider.resolve(access, Map.of("access_key_id", "../AWS KEY")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("access_key_id").hasMessageContaining("Infisical secret key");
        wireMock.verify(0, anyRequestedFor(anyUrl()));
    }

    // --- verify -----------------------------------------------------------------------------------------------

    private static RequestPatternBuilder listedWithoutValues() {
        return getRequestedFor(urlPathEqualTo(SECRETS_PATH))
                .withQueryParam("projectId", equalTo(PROJECT_ID))
                .withQueryParam("environment", equalTo(ENVIRONMENT))
                .withQueryParam("secretPath", equalTo(SECRET_PATH))
                .withQueryParam("viewSecretValue", equalTo("false"))
                .withHeader("Authorization", equalTo("Bearer " + ACCESS_TOKEN));
    }

    @Test
    void verifyLogsInAndListsTheFolderWithoutValues() {
        wireMock.stubFor(login().willReturn(loggedIn()));
        wireMock.stubFor(get(urlPathEqualTo(SECRETS_PATH)).willReturn(json(200, Map.of("secrets", new Object[0],
                "imports", new Object[0]))));

        provider.verify(access);

        wireMock.verify(1, loggedInWithTheClientCredentials());
        wireMock.verify(1, listedWithoutValues());
    }

    @Test
    void verifyWithBadClientCredentialsIsAuthFailed() {
        wireMock.stubFor(login().willReturn(error(401, "UnauthorizedError", "Invalid credentials")));

        fails(() -> provider.verify(access), AuthFailed.class);
        wireMock.verify(0, getRequestedFor(urlPathEqualTo(SECRETS_PATH)));
    }

    @Test
    void verifyOfAMissingFolderIsScopeNotFound() {
        wireMock.stubFor(login().willReturn(loggedIn()));
        wireMock.stubFor(get(urlPathEqualTo(SECRETS_PATH)).willReturn(error(404, "NotFound",
                "Folder with path '/aws' in environment with slug 'prod' not found")));

        fails(() -> provider.verify(access), ScopeNotFound.class);
    }
}
