package io.dataraven.secrets.verify.provider;

import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.dataraven.secrets.common.Databind;
import io.dataraven.secrets.credential.AuthMethod;
import io.dataraven.secrets.credential.Credentials;
import io.dataraven.secrets.verify.CheckOutcome;
import io.dataraven.secrets.verify.CheckTarget;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.RSAPublicKey;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The GCS service-account check against WireMock as Google's token endpoint, with the answers Google sends: an
 * access token, and invalid_grant for a bad signature, a deleted account and refused assertion times. The key is
 * generated here; the assertion the stand-in receives is verified with its public half.
 */
class GcsServiceAccountCheckTest extends ProviderStandIn {

    private static final String EMAIL = "transfers@acme-backups.iam.gserviceaccount.com";
    private static final String ACCESS_TOKEN = "ya29.c.b0AXv0zTPlaceholderAccessTokenValue";
    private static KeyPair keys;
    private static String pemBody;
    private static Credentials keyFile;

    @BeforeAll
    static void generateKey() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        keys = generator.generateKeyPair();
        pemBody = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(keys.getPrivate().getEncoded());
        keyFile = keyFile("-----BEGIN PRIVATE KEY-----\n" + pemBody + "\n-----END PRIVATE KEY-----\n");
    }

    private static Credentials keyFile(String privateKeyPem) throws Exception {
        // The shape of a key file from the console, token_uri included: the check must not send to it.
        return new Credentials(Map.of("service_account_json", Databind.MAPPER.writeValueAsString(Map.of(
                "type", "service_account", "project_id", "acme-backups",
                "private_key_id", "3f1e9c0d2b7a4e6f8c5d1a2b3c4d5e6f7a8b9c0d", "private_key", privateKeyPem,
                "client_email", EMAIL, "client_id", "104912345678901234567",
                "auth_uri", "https://accounts.google.com/o/oauth2/auth",
                "token_uri", "https://token.attacker.example/token"))));
    }

    @Override
    ProviderChecks.Endpoints endpoints(URI standIn) {
        return new ProviderChecks.Endpoints(null, null, null, standIn.resolve("/token"), true);
    }

    private CheckOutcome check(Credentials credentials) {
        CheckOutcome outcome = checks.check(AuthMethod.GCS_SERVICE_ACCOUNT, credentials, CheckTarget.NONE);
        assertThat(outcome.message()).doesNotContain(pemBody.substring(0, 64)).doesNotContain(ACCESS_TOKEN)
                .doesNotContain("BEGIN PRIVATE KEY");
        return outcome;
    }

    private CheckOutcome check() {
        return check(keyFile);
    }

    private static void answer(int status, String json) {
        wireMock.stubFor(post(anyUrl()).willReturn(aResponse().withStatus(status)
                .withHeader("Content-Type", "application/json; charset=utf-8").withBody(json)));
    }

    private static void invalidGrant(String description) {
        answer(400, "{\"error\":\"invalid_grant\",\"error_description\":\"" + description + "\"}");
    }

    @Test
    void aWorkingKeyIsExchangedForATokenWithAnAssertionItSignedForGoogle() throws Exception {
        answer(200, "{\"access_token\":\"" + ACCESS_TOKEN + "\",\"expires_in\":3599,\"token_type\":\"Bearer\"}");

        CheckOutcome outcome = check();

        assertThat(outcome.ok()).as(outcome.message()).isTrue();
        assertThat(outcome.message()).contains(EMAIL);
        List<LoggedRequest> requests = wireMock.findAll(postRequestedFor(anyUrl()));
        assertThat(requests).as("one exchange, at the configured endpoint, not the key file's token_uri")
                .hasSize(1);
        LoggedRequest request = requests.get(0);
        assertThat(request.getUrl()).isEqualTo("/token");
        assertThat(request.getHeader("Content-Type")).isEqualTo("application/x-www-form-urlencoded");
        Map<String, String> form = Arrays.stream(request.getBodyAsString().split("&"))
                .map(pair -> pair.split("=", 2))
                .collect(Collectors.toMap(p -> p[0], p -> URLDecoder.decode(p[1], StandardCharsets.UTF_8)));
        assertThat(form).containsEntry("grant_type", "urn:ietf:params:oauth:grant-type:jwt-bearer");

        SignedJWT assertion = SignedJWT.parse(form.get("assertion"));
        assertThat(assertion.verify(new RSASSAVerifier((RSAPublicKey) keys.getPublic())))
                .as("signed with the stored key").isTrue();
        assertThat(assertion.getHeader().getAlgorithm().getName()).isEqualTo("RS256");
        assertThat(assertion.getHeader().getKeyID()).isEqualTo("3f1e9c0d2b7a4e6f8c5d1a2b3c4d5e6f7a8b9c0d");
        JWTClaimsSet claims = assertion.getJWTClaimsSet();
        assertThat(claims.getIssuer()).isEqualTo(EMAIL);
        assertThat(claims.getAudience()).containsExactly("https://oauth2.googleapis.com/token");
        assertThat(claims.getStringClaim("scope")).isEqualTo("https://www.googleapis.com/auth/devstorage.read_only");
        assertThat(claims.getIssueTime().toInstant()).isEqualTo(CLOCK.instant());
        assertThat(claims.getExpirationTime().toInstant()).isEqualTo(CLOCK.instant().plusSeconds(60));
    }

    @Test
    void aBadSignatureOrADeletedAccountIsAuthFailed() {
        invalidGrant("Invalid JWT Signature.");
        assertThat(check()).extracting(CheckOutcome::reason, CheckOutcome::retryable)
                .containsExactly("auth_failed", false);

        wireMock.resetAll();
        invalidGrant("Invalid grant: account not found");
        CheckOutcome gone = check();
        assertThat(gone.reason()).isEqualTo("auth_failed");
        assertThat(gone.message()).contains("does not exist");
    }

    @Test
    void refusedAssertionTimesAreOurClockNotTheKey() {
        invalidGrant("Invalid JWT: Token must be a short-lived token (60 minutes) and in a reasonable timeframe. "
                + "Check your iat and exp values in the JWT claim.");
        CheckOutcome outcome = check();
        assertThat(outcome.reason()).isEqualTo("provider_error");
        assertThat(outcome.message()).contains("clock");
    }

    @Test
    void anAnswerWithoutATokenOrAnUnknownErrorIsAProviderError() {
        answer(200, "{\"token_type\":\"Bearer\"}");
        assertThat(check().reason()).isEqualTo("provider_error");
        wireMock.resetAll();
        answer(400, "{\"error\":\"invalid_scope\",\"error_description\":\"Bad scope\"}");
        CheckOutcome outcome = check();
        assertThat(outcome.reason()).isEqualTo("provider_error");
        assertThat(outcome.message()).contains("invalid_scope");
    }

    @Test
    void throttledOutOfOrderResetAndSlowAreRetryable() {
        wireMock.stubFor(post(anyUrl()).willReturn(aResponse().withStatus(429).withHeader("Retry-After", "7")
                .withBody("{\"error\":\"rate_limit_exceeded\"}")));
        assertThat(check()).extracting(CheckOutcome::reason, CheckOutcome::retryable,
                CheckOutcome::retryAfterSeconds).containsExactly("rate_limited", true, 7L);
        wireMock.resetAll();
        answer(503, "{\"error\":\"internal_failure\"}");
        assertThat(check()).extracting(CheckOutcome::reason, CheckOutcome::retryable)
                .containsExactly("unreachable", true);
        wireMock.resetAll();
        wireMock.stubFor(post(anyUrl()).willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));
        assertThat(check().reason()).isEqualTo("unreachable");
        wireMock.resetAll();
        wireMock.stubFor(post(anyUrl()).willReturn(aResponse().withStatus(200).withFixedDelay(1500)
                .withBody("{\"access_token\":\"" + ACCESS_TOKEN + "\"}")));
        assertThat(check().reason()).isEqualTo("unreachable");
    }

    @Test
    void aKeyThatIsNotAPkcs8RsaKeyOrAnEmailThatIsNoneIsRefusedWithoutARequest() throws Exception {
        assertThat(check(keyFile("-----BEGIN PRIVATE KEY-----\nbm90IGEga2V5\n-----END PRIVATE KEY-----\n"))
                .reason()).isEqualTo("auth_failed");
        assertThat(check(new Credentials(Map.of("service_account_json", "{\"type\":\"service_account\","
                + "\"client_email\":\"not an email\",\"private_key\":\"x\"}"))).reason()).isEqualTo("auth_failed");
        assertThat(wireMock.findAll(postRequestedFor(anyUrl()))).isEmpty();
    }
}
