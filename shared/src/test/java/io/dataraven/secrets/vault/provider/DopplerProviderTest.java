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
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * The Doppler provider through the real JDK HTTP client against WireMock, following Doppler's API v3
 * (https://docs.doppler.com/reference/api; the retrieve-secret shape {@code {"name","value":{"raw","computed"}}}
 * as in Doppler's official SDK model SecretsGetResponse; error bodies {@code {"messages":[..],"success":false}}
 * as the Doppler CLI parses them). No failure may carry the token or a value.
 */
class DopplerProviderTest {

    private static final String TOKEN = "dp.st.production.Zx3kQ9vLrT2mNw8YpB5cHj7aFd1gSe4uXo6iKl0qWmAb";
    private static final String ACCESS_KEY_ID = "AKIAIOSFODNN7EXAMPLE";
    /** JSON-escaped characters, a newline and non-ASCII letters must come back exactly. */
    private static final String SECRET_ACCESS_KEY = "wJalrXUtnFEMI/K7MDENG/\"bPxRfi\\CY\nzweite Zeile äöü";
    private static final String PROJECT = "my-project";
    private static final String CONFIG = "production";
    private static final String SECRET_PATH = "/v3/configs/config/secret";
    private static final String NAMES_PATH = "/v3/configs/config/secrets/names";
    private static final ObjectMapper JSON = new ObjectMapper();

    private static WireMockServer wireMock;
    private static DopplerProvider provider;

    private VaultAccess access;

    @BeforeAll
    static void start() {
        wireMock = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
        wireMock.start();
        provider = new DopplerProvider(Duration.ofSeconds(2), Duration.ofMillis(1000));
        // The first exchange with a cold WireMock (and a cold JVM) can take most of a second: have it here, not
        // in whichever test runs first, so the 1 s request timeout only ever trips in the test meant to trip it.
        wireMock.stubFor(secretRequest("WARM_UP").willReturn(secret("WARM_UP", "warm", "warm")));
        // The warm-up itself gets a generous timeout: on a loaded machine it can take longer than a second.
        new DopplerProvider(Duration.ofSeconds(30), Duration.ofSeconds(30)).resolve(
                Vaults.doppler(TOKEN, PROJECT, CONFIG).withBaseUrl(URI.create(wireMock.baseUrl())),
                Map.of("username", "WARM_UP"));
    }

    @AfterAll
    static void stop() {
        wireMock.stop();
    }

    @BeforeEach
    void reset() {
        wireMock.resetAll();
        access = Vaults.doppler(TOKEN, PROJECT, CONFIG).withBaseUrl(URI.create(wireMock.baseUrl()));
    }

    private static MappingBuilder secretRequest(String name) {
        return get(urlPathEqualTo(SECRET_PATH))
                .withQueryParam("project", equalTo(PROJECT))
                .withQueryParam("config", equalTo(CONFIG))
                .withQueryParam("name", equalTo(name))
                .withHeader("Authorization", equalTo("Bearer " + TOKEN));
    }

    private static RequestPatternBuilder requestedSecret(String name) {
        return getRequestedFor(urlPathEqualTo(SECRET_PATH))
                .withQueryParam("project", equalTo(PROJECT))
                .withQueryParam("config", equalTo(CONFIG))
                .withQueryParam("name", equalTo(name))
                .withHeader("Authorization", equalTo("Bearer " + TOKEN))
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

    /** The documented success body: name and value at the top level, computed = raw with references expanded. */
    private static ResponseDefinitionBuilder secret(String name, String raw, String computed) {
        Map<String, Object> value = new LinkedHashMap<>();
        value.put("raw", raw);
        value.put("computed", computed);
        value.put("note", "");
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("name", name);
        body.put("value", value);
        body.put("success", true);
        return json(200, body);
    }

    private static ResponseDefinitionBuilder error(int status, String message) {
        return json(status, Map.of("messages", new String[]{message}, "success", false));
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
        Leaks.assertNone(thrown, TOKEN, ACCESS_KEY_ID, SECRET_ACCESS_KEY, "K7MDENG");
        return type.cast(thrown);
    }

    private <T extends VaultProviderException> T resolveFails(Class<T> type) {
        return fails(() -> provider.resolve(access, awsMapping()), type);
    }

    // --- resolve: success -------------------------------------------------------------------------------------

    @Test
    void resolvesEachFieldToTheComputedValueOfItsSecret() {
        wireMock.stubFor(secretRequest("AWS_ACCESS_KEY_ID")
                .willReturn(secret("AWS_ACCESS_KEY_ID", ACCESS_KEY_ID, ACCESS_KEY_ID)));
        wireMock.stubFor(secretRequest("AWS_SECRET_ACCESS_KEY")
                .willReturn(secret("AWS_SECRET_ACCESS_KEY", "${SHARED.AWS_SECRET}", SECRET_ACCESS_KEY)));

        Credentials credentials = provider.resolve(access, awsMapping());

        assertThat(credentials.values()).containsExactly(
                Map.entry("access_key_id", ACCESS_KEY_ID),
                Map.entry("secret_access_key", SECRET_ACCESS_KEY));
        assertThat(credentials.toString()).doesNotContain(ACCESS_KEY_ID).doesNotContain("K7MDENG");
        wireMock.verify(1, requestedSecret("AWS_ACCESS_KEY_ID"));
        wireMock.verify(1, requestedSecret("AWS_SECRET_ACCESS_KEY"));
        wireMock.verify(2, anyRequestedFor(anyUrl()));
    }

    @Test
    void fallsBackToTheRawValueWhenNothingIsComputed() {
        wireMock.stubFor(secretRequest("AWS_ACCESS_KEY_ID").willReturn(secret("AWS_ACCESS_KEY_ID", ACCESS_KEY_ID, null)));

        Credentials credentials = provider.resolve(access, Map.of("access_key_id", "AWS_ACCESS_KEY_ID"));

        assertThat(credentials.values()).containsExactly(Map.entry("access_key_id", ACCESS_KEY_ID));
    }

    @Test
    void readsTheValueWhenDopplerNestsItUnderSecret() {
        wireMock.stubFor(secretRequest("AWS_ACCESS_KEY_ID").willReturn(json(200, Map.of("success", true,
                "secret", Map.of("name", "AWS_ACCESS_KEY_ID",
                        "value", Map.of("raw", ACCESS_KEY_ID, "computed", ACCESS_KEY_ID))))));

        Credentials credentials = provider.resolve(access, Map.of("access_key_id", "AWS_ACCESS_KEY_ID"));

        assertThat(credentials.values()).containsExactly(Map.entry("access_key_id", ACCESS_KEY_ID));
    }

    @Test
    void readsASecretMappedByTwoFieldsOnce() {
        wireMock.stubFor(secretRequest("AWS_ACCESS_KEY_ID")
                .willReturn(secret("AWS_ACCESS_KEY_ID", ACCESS_KEY_ID, ACCESS_KEY_ID)));
        Map<String, String> mapping = new LinkedHashMap<>();
        mapping.put("access_key_id", "AWS_ACCESS_KEY_ID");
        mapping.put("username", "AWS_ACCESS_KEY_ID");

        Credentials credentials = provider.resolve(access, mapping);

        assertThat(credentials.values()).containsExactly(
                Map.entry("access_key_id", ACCESS_KEY_ID), Map.entry("username", ACCESS_KEY_ID));
        wireMock.verify(1, requestedSecret("AWS_ACCESS_KEY_ID"));
    }

    @Test
    void readsAgainOnEveryCallNothingIsCached() {
        wireMock.stubFor(secretRequest("AWS_ACCESS_KEY_ID")
                .willReturn(secret("AWS_ACCESS_KEY_ID", ACCESS_KEY_ID, ACCESS_KEY_ID)));

        provider.resolve(access, Map.of("access_key_id", "AWS_ACCESS_KEY_ID"));
        provider.resolve(access, Map.of("access_key_id", "AWS_ACCESS_KEY_ID"));

        wireMock.verify(2, requestedSecret("AWS_ACCESS_KEY_ID"));
    }

    // --- resolve: failures ------------------------------------------------------------------------------------

    @Test
    void anInvalidOrRevokedTokenIsAuthFailed() {
        // The error text echoes the token, to prove provider text never reaches our messages.
        wireMock.stubFor(get(urlPathEqualTo(SECRET_PATH))
                .willReturn(error(401, "Invalid Auth token " + TOKEN)));

        AuthFailed failure = resolveFails(AuthFailed.class);

        assertThat(failure.kind()).isEqualTo(Kind.AUTH_FAILED);
        assertThat(failure.retryable()).isFalse();
        assertThat(failure.vaultType()).isEqualTo(VaultType.DOPPLER);
        assertThat(failure.getMessage()).contains("HTTP 401").contains("invalid, expired or revoked");
    }

    @Test
    void aTokenWithoutReadAccessIsAuthFailed() {
        wireMock.stubFor(get(urlPathEqualTo(SECRET_PATH))
                .willReturn(error(403, "You do not have permission to perform this action")));

        AuthFailed failure = resolveFails(AuthFailed.class);

        assertThat(failure.getMessage()).contains("HTTP 403").contains("project 'my-project' config 'production'");
    }

    @Test
    void aTokenForAnotherConfigIsScopeNotFound() {
        wireMock.stubFor(get(urlPathEqualTo(SECRET_PATH))
                .willReturn(error(403, "This token does not have access to requested config 'production'")));

        ScopeNotFound failure = resolveFails(ScopeNotFound.class);

        assertThat(failure.kind()).isEqualTo(Kind.NOT_FOUND_SCOPE);
        assertThat(failure.getMessage()).contains("project 'my-project' config 'production'");
    }

    @Test
    void aMissingSecretIsReferenceNotFoundNamingFieldAndReference() {
        wireMock.stubFor(secretRequest("AWS_ACCESS_KEY_ID")
                .willReturn(secret("AWS_ACCESS_KEY_ID", ACCESS_KEY_ID, ACCESS_KEY_ID)));
        wireMock.stubFor(secretRequest("AWS_SECRET_ACCESS_KEY")
                .willReturn(error(404, "Could not find requested secret 'AWS_SECRET_ACCESS_KEY'")));

        ReferenceNotFound failure = resolveFails(ReferenceNotFound.class);

        assertThat(failure.kind()).isEqualTo(Kind.REFERENCE_NOT_FOUND);
        assertThat(failure.field()).isEqualTo("secret_access_key");
        assertThat(failure.reference()).isEqualTo("AWS_SECRET_ACCESS_KEY");
        assertThat(failure.getMessage()).contains("secret_access_key").contains("AWS_SECRET_ACCESS_KEY")
                .contains("project 'my-project' config 'production'");
    }

    @Test
    void aSecretNameThatReadsLikeAConfigIsStillTheSecretThatIsMissing() {
        wireMock.stubFor(secretRequest("PROJECT_CONFIG")
                .willReturn(error(404, "Could not find requested secret 'PROJECT_CONFIG'")));

        ReferenceNotFound failure = fails(() -> provider.resolve(access, Map.of("username", "PROJECT_CONFIG")),
                ReferenceNotFound.class);

        assertThat(failure.reference()).isEqualTo("PROJECT_CONFIG");
    }

    @Test
    void aDeletedSecretAnsweredWithNullValuesIsReferenceNotFound() {
        wireMock.stubFor(secretRequest("AWS_ACCESS_KEY_ID").willReturn(secret("AWS_ACCESS_KEY_ID", null, null)));

        ReferenceNotFound failure = fails(() -> provider.resolve(access, Map.of("access_key_id",
                "AWS_ACCESS_KEY_ID")), ReferenceNotFound.class);

        assertThat(failure.field()).isEqualTo("access_key_id");
    }

    @Test
    void anUnknownConfigIsScopeNotFound() {
        wireMock.stubFor(get(urlPathEqualTo(SECRET_PATH))
                .willReturn(error(404, "Could not find requested config 'production'")));

        ScopeNotFound failure = resolveFails(ScopeNotFound.class);

        assertThat(failure.getMessage()).contains("HTTP 404").contains("config 'production'");
    }

    @Test
    void anUnknownProjectAnsweredWith400NoAccessIsScopeNotFound() {
        wireMock.stubFor(get(urlPathEqualTo(SECRET_PATH))
                .willReturn(error(400, "This token does not have access to requested project 'my-project'")));

        assertThat(resolveFails(ScopeNotFound.class).getMessage()).contains("HTTP 400");
    }

    @Test
    void anyOther400IsAProviderError() {
        wireMock.stubFor(get(urlPathEqualTo(SECRET_PATH)).willReturn(error(400, "Invalid request")));

        ProviderError failure = resolveFails(ProviderError.class);

        assertThat(failure.retryable()).isFalse();
        assertThat(failure.getMessage()).contains("HTTP 400").contains("AWS_ACCESS_KEY_ID");
    }

    @Test
    void aThrottledRequestIsRateLimitedWithTheRetryAfterSeconds() {
        wireMock.stubFor(get(urlPathEqualTo(SECRET_PATH))
                .willReturn(error(429, "Too many requests").withHeader("Retry-After", "17")));

        RateLimited failure = resolveFails(RateLimited.class);

        assertThat(failure.kind()).isEqualTo(Kind.RATE_LIMITED);
        assertThat(failure.retryable()).isTrue();
        assertThat(failure.retryAfterSeconds()).hasValue(17);
        assertThat(failure.getMessage()).contains("HTTP 429").contains("retry after 17 s");
    }

    @Test
    void aRetryAfterDateIsTurnedIntoSeconds() {
        Clock clock = Clock.fixed(Instant.parse("2026-03-01T12:00:00Z"), ZoneOffset.UTC);
        DopplerProvider atNoon = new DopplerProvider(Duration.ofSeconds(2), Duration.ofMillis(1000), clock);
        wireMock.stubFor(get(urlPathEqualTo(SECRET_PATH))
                .willReturn(error(429, "Too many requests").withHeader("Retry-After", "Sun, 01 Mar 2026 12:01:30 GMT")));

        RateLimited failure = fails(() -> atNoon.resolve(access, awsMapping()), RateLimited.class);

        assertThat(failure.retryAfterSeconds()).hasValue(90);
    }

    @Test
    void aThrottledRequestWithoutRetryAfterHasNoWait() {
        wireMock.stubFor(get(urlPathEqualTo(SECRET_PATH)).willReturn(error(429, "Too many requests")));

        assertThat(resolveFails(RateLimited.class).retryAfterSeconds()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(ints = {500, 502, 503, 504})
    void aServerErrorIsUnreachableAndRetryable(int status) {
        wireMock.stubFor(get(urlPathEqualTo(SECRET_PATH)).willReturn(error(status, "Internal error")));

        Unreachable failure = resolveFails(Unreachable.class);

        assertThat(failure.kind()).isEqualTo(Kind.UNREACHABLE);
        assertThat(failure.retryable()).isTrue();
        assertThat(failure.getMessage()).contains("HTTP " + status);
    }

    @Test
    void anAnswerSlowerThanTheRequestTimeoutIsUnreachable() {
        wireMock.stubFor(get(urlPathEqualTo(SECRET_PATH))
                .willReturn(secret("AWS_ACCESS_KEY_ID", ACCESS_KEY_ID, ACCESS_KEY_ID).withFixedDelay(3_000)));

        Unreachable failure = resolveFails(Unreachable.class);

        assertThat(failure.retryable()).isTrue();
        assertThat(failure.getMessage()).contains("did not answer").contains("within 1000 ms");
    }

    @Test
    void aServerThatIsNotThereIsUnreachable() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        VaultAccess nowhere = access.withBaseUrl(URI.create("http://127.0.0.1:" + closedPort));

        Unreachable failure = fails(() -> provider.resolve(nowhere, awsMapping()), Unreachable.class);

        assertThat(failure.getMessage()).contains("127.0.0.1:" + closedPort);
    }

    @Test
    void aSuccessBodyThatIsNotJsonIsAProviderErrorThatQuotesNothing() {
        wireMock.stubFor(get(urlPathEqualTo(SECRET_PATH)).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json")
                .withBody("{\"name\":\"AWS_ACCESS_KEY_ID\",\"value\":{\"raw\":\"" + ACCESS_KEY_ID + "\" K7MDENG")));

        ProviderError failure = resolveFails(ProviderError.class);

        assertThat(failure.getMessage()).contains("not JSON");
    }

    @Test
    void aRedirectIsNotFollowed() {
        wireMock.stubFor(get(urlPathEqualTo(SECRET_PATH)).willReturn(aResponse().withStatus(302)
                .withHeader("Location", wireMock.baseUrl() + "/elsewhere")));

        resolveFails(ProviderError.class);

        wireMock.verify(0, getRequestedFor(urlPathEqualTo("/elsewhere")));
    }

    // --- argument checks --------------------------------------------------------------------------------------

    @Test
    void aReferenceThatIsNotADopplerNameIsRefusedBeforeAnyCall() {
        assertThatThrownBy(() -> provider.resolve(access, Map.of("access_key_id", "aws_access_key_id")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("access_key_id").hasMessageContaining("Doppler secret name");
        wireMock.verify(0, anyRequestedFor(anyUrl()));
    }

    @Test
    void anotherVaultsAccessIsRefused() {
        assertThatThrownBy(() -> provider.resolve(Vaults.onePassword("ops_abc"), awsMapping()))
                .isInstanceOf(IllegalArgumentException.class);
        wireMock.verify(0, anyRequestedFor(anyUrl()));
    }

    // --- verify -----------------------------------------------------------------------------------------------

    private static RequestPatternBuilder requestedNames() {
        return getRequestedFor(urlPathEqualTo(NAMES_PATH))
                .withQueryParam("project", equalTo(PROJECT))
                .withQueryParam("config", equalTo(CONFIG))
                .withHeader("Authorization", equalTo("Bearer " + TOKEN));
    }

    @Test
    void verifyReadsTheConfigsSecretNamesWithTheToken() {
        wireMock.stubFor(get(urlPathEqualTo(NAMES_PATH))
                .willReturn(json(200, Map.of("names", new String[]{"AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY"}))));

        provider.verify(access);

        wireMock.verify(1, requestedNames());
        wireMock.verify(1, anyRequestedFor(anyUrl()));
    }

    @Test
    void verifyWithAnInvalidTokenIsAuthFailed() {
        wireMock.stubFor(get(urlPathEqualTo(NAMES_PATH)).willReturn(error(401, "Invalid Auth token")));

        fails(() -> provider.verify(access), AuthFailed.class);
    }

    @Test
    void verifyOfAnUnknownConfigIsScopeNotFound() {
        wireMock.stubFor(get(urlPathEqualTo(NAMES_PATH))
                .willReturn(error(404, "Could not find requested config 'production'")));

        fails(() -> provider.verify(access), ScopeNotFound.class);
    }

    @Test
    void verifyWhenDopplerIsDownIsUnreachable() {
        wireMock.stubFor(get(urlPathEqualTo(NAMES_PATH)).willReturn(aResponse().withStatus(503)));

        fails(() -> provider.verify(access), Unreachable.class);
    }
}
