package io.dataraven.secrets.verify.provider;

import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.dataraven.secrets.credential.AuthMethod;
import io.dataraven.secrets.credential.Credentials;
import io.dataraven.secrets.verify.CheckOutcome;
import io.dataraven.secrets.verify.CheckTarget;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The S3-family and B2 checks through the real JDK HTTP client and the SDK's SigV4 signer against WireMock, with
 * the providers' own answers: STS's GetCallerIdentity result and ErrorResponse documents, S3's
 * ListAllMyBucketsResult and Error documents (as R2, Wasabi and the other S3-compatible services answer them),
 * B2's authorize JSON and its {status, code, message} errors.
 */
class SigV4AndB2CheckTest extends ProviderStandIn {

    private static final String KEY_ID = "AKIAIOSFODNN7EXAMPLE";
    private static final String SECRET = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
    private static final String B2_KEY_ID = "0012a3b4c5d6e7f0000000001";
    private static final String B2_KEY = "K001abcdefghijklmnopqrstuvwxyz0123";
    private static final Credentials KEYS = new Credentials(Map.of("access_key_id", KEY_ID, "secret_access_key", SECRET));
    private static final Credentials B2_KEYS = new Credentials(Map.of("application_key_id", B2_KEY_ID,
            "application_key", B2_KEY));

    @Override
    ProviderChecks.Endpoints endpoints(URI standIn) {
        return new ProviderChecks.Endpoints(standIn, standIn, null, null, true);
    }

    private CheckTarget here(String region) {
        return new CheckTarget(URI.create(wireMock.baseUrl()), region);
    }

    // ---- AWS keys: STS GetCallerIdentity

    @Test
    void awsKeysThatWorkNameTheirIdentityAndTheRequestIsSignedForStsInUsEast1() {
        wireMock.stubFor(get(urlPathEqualTo("/")).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "text/xml").withBody("""
                        <GetCallerIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">
                          <GetCallerIdentityResult>
                            <Arn>arn:aws:iam::123456789012:user/transfer-bot</Arn>
                            <UserId>AIDAJQABLZS4A3QDU576Q</UserId>
                            <Account>123456789012</Account>
                          </GetCallerIdentityResult>
                          <ResponseMetadata><RequestId>01234567-89ab-cdef-0123-456789abcdef</RequestId></ResponseMetadata>
                        </GetCallerIdentityResponse>""")));

        CheckOutcome outcome = checks.check(AuthMethod.S3_ACCESS_KEY, KEYS, CheckTarget.NONE);

        assertThat(outcome.ok()).as(outcome.message()).isTrue();
        assertThat(outcome.message()).contains("arn:aws:iam::123456789012:user/transfer-bot");
        LoggedRequest request = only();
        assertThat(request.getMethod().getName()).isEqualTo("GET");
        assertThat(request.getUrl()).isEqualTo("/?Action=GetCallerIdentity&Version=2011-06-15");
        assertThat(request.getHeader("Authorization"))
                .startsWith("AWS4-HMAC-SHA256 Credential=" + KEY_ID + "/20261202/us-east-1/sts/aws4_request, ")
                .contains("SignedHeaders=host;x-amz-content-sha256;x-amz-date, Signature=")
                .doesNotContain(SECRET);
        assertThat(request.getHeader("X-Amz-Date")).isEqualTo("20261202T101530Z");
    }

    @Test
    void stsRefusalsMapToTheirReasons() {
        assertThat(stsAnswer(403, "InvalidClientTokenId", "The security token included in the request is invalid."))
                .extracting(CheckOutcome::reason, CheckOutcome::retryable).containsExactly("auth_failed", false);
        assertThat(stsAnswer(403, "SignatureDoesNotMatch", "The request signature we calculated does not match "
                + "the signature you provided. Check your AWS Secret Access Key and signing method."))
                .extracting(CheckOutcome::reason).isEqualTo("auth_failed");
        assertThat(stsAnswer(403, "ExpiredToken", "The security token included in the request is expired"))
                .extracting(CheckOutcome::reason).isEqualTo("expired");
        CheckOutcome throttled = stsAnswer(400, "Throttling", "Rate exceeded");
        assertThat(throttled.reason()).isEqualTo("rate_limited");
        assertThat(throttled.retryable()).isTrue();
    }

    private CheckOutcome stsAnswer(int status, String code, String message) {
        wireMock.resetAll();
        wireMock.stubFor(get(anyUrl()).willReturn(aResponse().withStatus(status).withHeader("Content-Type", "text/xml")
                .withBody("<ErrorResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\"><Error><Type>Sender"
                        + "</Type><Code>" + code + "</Code><Message>" + message + " " + SECRET + "</Message></Error>"
                        + "<RequestId>4c0ad2d6-9bb2-4bd0-a5c4-e6a0a4c6f8f1</RequestId></ErrorResponse>")));
        CheckOutcome outcome = checks.check(AuthMethod.S3_ACCESS_KEY, KEYS, CheckTarget.NONE);
        assertThat(outcome.ok()).isFalse();
        // The provider's text may echo input: only its code is named.
        assertThat(outcome.message()).contains(code).doesNotContain(message).doesNotContain(SECRET);
        return outcome;
    }

    // ---- S3-compatible keys: ListBuckets at the named endpoint

    @Test
    void r2KeysAreSignedForS3InRegionAutoAtTheGivenEndpoint() {
        wireMock.stubFor(get(urlEqualTo("/")).willReturn(aResponse().withStatus(200).withBody("""
                <?xml version="1.0" encoding="UTF-8"?>
                <ListAllMyBucketsResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/">
                  <Buckets><Bucket><Name>transfers</Name><CreationDate>2026-01-01T00:00:00.000Z</CreationDate></Bucket></Buckets>
                  <Owner><ID>9ac6b43b9ca3f6e3</ID><DisplayName>9ac6b43b9ca3f6e3</DisplayName></Owner>
                </ListAllMyBucketsResult>""")));

        CheckOutcome outcome = checks.check(AuthMethod.R2_ACCESS_KEY, KEYS, here(null));

        assertThat(outcome.ok()).as(outcome.message()).isTrue();
        LoggedRequest request = only();
        assertThat(request.getHeader("Authorization"))
                .startsWith("AWS4-HMAC-SHA256 Credential=" + KEY_ID + "/20261202/auto/s3/aws4_request, ");
        assertThat(request.getHeader("x-amz-content-sha256"))
                .isEqualTo("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    }

    @Test
    void aGivenRegionIsTheSigningRegion() {
        wireMock.stubFor(get(urlEqualTo("/")).willReturn(aResponse().withStatus(200)
                .withBody("<ListAllMyBucketsResult><Buckets/></ListAllMyBucketsResult>")));

        assertThat(checks.check(AuthMethod.DIGITALOCEAN_SPACES_ACCESS_KEY, KEYS, here("fra1")).ok()).isTrue();
        assertThat(only().getHeader("Authorization")).contains("/20261202/fra1/s3/aws4_request");
    }

    @Test
    void aScopedKeyThatMayNotListBucketsStillAuthenticated() {
        s3Error(403, "AccessDenied", "Access Denied");

        CheckOutcome outcome = checks.check(AuthMethod.WASABI_ACCESS_KEY, KEYS, here(null));

        assertThat(outcome.ok()).isTrue();
        assertThat(outcome.message()).contains("may not list buckets");
    }

    @Test
    void s3CompatibleRefusalsAndOutagesMapToTheirReasons() {
        s3Error(403, "InvalidAccessKeyId", "The AWS Access Key Id you provided does not exist in our records.");
        assertThat(checks.check(AuthMethod.S3_COMPATIBLE_ACCESS_KEY, KEYS, here(null)))
                .extracting(CheckOutcome::reason, CheckOutcome::retryable).containsExactly("auth_failed", false);
        s3Error(403, "SignatureDoesNotMatch", "The request signature we calculated does not match");
        assertThat(checks.check(AuthMethod.HETZNER_ACCESS_KEY, KEYS, here(null)).reason()).isEqualTo("auth_failed");
        s3Error(503, "SlowDown", "Please reduce your request rate.");
        assertThat(checks.check(AuthMethod.TIGRIS_ACCESS_KEY, KEYS, here(null)))
                .extracting(CheckOutcome::reason, CheckOutcome::retryable).containsExactly("rate_limited", true);
        s3Error(500, "InternalError", "We encountered an internal error. Please try again.");
        assertThat(checks.check(AuthMethod.RABATA_ACCESS_KEY, KEYS, here(null)))
                .extracting(CheckOutcome::reason, CheckOutcome::retryable).containsExactly("unreachable", true);
        s3Error(400, "AuthorizationHeaderMalformed", "The authorization header is malformed; the region "
                + "'us-east-1' is wrong; expecting 'eu-central-1'");
        assertThat(checks.check(AuthMethod.RAILWAY_ACCESS_KEY, KEYS, here(null)))
                .extracting(CheckOutcome::reason).isEqualTo("provider_error");
    }

    private void s3Error(int status, String code, String message) {
        wireMock.resetAll();
        wireMock.stubFor(get(anyUrl()).willReturn(aResponse().withStatus(status).withHeader("Content-Type",
                "application/xml").withBody("<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>" + code
                + "</Code><Message>" + message + "</Message><RequestId>TX00000</RequestId></Error>")));
    }

    @Test
    void anAnswerThatIsNoBucketListIsAProviderError() {
        wireMock.stubFor(get(anyUrl()).willReturn(aResponse().withStatus(200).withHeader("Content-Type", "text/html")
                .withBody("<html><body>Welcome to nginx!</body></html>")));

        assertThat(checks.check(AuthMethod.ORACLE_OBJECT_STORAGE_S3_ACCESS_KEY, KEYS, here(null)).reason())
                .isEqualTo("provider_error");
    }

    @Test
    void resetsAndSlowAnswersAreUnreachableAndRetryable() {
        wireMock.stubFor(get(anyUrl()).willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));
        assertThat(checks.check(AuthMethod.R2_ACCESS_KEY, KEYS, here(null)))
                .extracting(CheckOutcome::reason, CheckOutcome::retryable).containsExactly("unreachable", true);

        wireMock.resetAll();
        wireMock.stubFor(get(anyUrl()).willReturn(aResponse().withStatus(200).withFixedDelay(1500)
                .withBody("<ListAllMyBucketsResult/>")));
        CheckOutcome slow = checks.check(AuthMethod.R2_ACCESS_KEY, KEYS, here(null));
        assertThat(slow.reason()).isEqualTo("unreachable");
        assertThat(slow.message()).contains("did not answer within 500 ms");
    }

    @Test
    void aClosedPortIsUnreachable() throws IOException {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        CheckOutcome outcome = checks.check(AuthMethod.R2_ACCESS_KEY, KEYS,
                new CheckTarget(URI.create("http://127.0.0.1:" + port), null));
        assertThat(outcome).extracting(CheckOutcome::reason, CheckOutcome::retryable)
                .containsExactly("unreachable", true);
    }

    @Test
    void anEndpointResolvingToLoopbackIsRefusedWithoutARequest() {
        ProviderChecks production = new ProviderChecks(ProviderChecks.Endpoints.PUBLIC, CLOCK);
        wireMock.stubFor(get(anyUrl()).willReturn(aResponse().withStatus(200)
                .withBody("<ListAllMyBucketsResult/>")));

        // localhost.localtest.me-style names resolve to 127.0.0.1; "localhost" itself is the portable one.
        CheckOutcome outcome = production.check(AuthMethod.R2_ACCESS_KEY, KEYS,
                new CheckTarget(URI.create("http://localhost:" + wireMock.port()), null));

        assertThat(outcome).extracting(CheckOutcome::reason, CheckOutcome::retryable)
                .containsExactly("endpoint_not_allowed", false);
        wireMock.verify(0, anyRequestedFor(anyUrl()));
    }

    // ---- B2: b2_authorize_account

    @Test
    void b2KeysAuthorizeWithBasicAuth() {
        wireMock.stubFor(get(urlEqualTo("/b2api/v3/b2_authorize_account")).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json").withBody("""
                        {"accountId":"a1b2c3d4e5f6","apiInfo":{"storageApi":{"apiUrl":"https://api001.backblazeb2.com",
                         "downloadUrl":"https://f001.backblazeb2.com","recommendedPartSize":100000000,
                         "absoluteMinimumPartSize":5000000,"s3ApiUrl":"https://s3.us-west-001.backblazeb2.com",
                         "capabilities":["listBuckets","readFiles"],"allowed":{"buckets":null,"namePrefix":null}}},
                         "authorizationToken":"4_0022623512fc8f80000000001_0186e431_d18d02_acct_tH7VW03boebOXayIc43-sxptpfA=",
                         "applicationKeyExpirationTimestamp":null}""")));

        CheckOutcome outcome = checks.check(AuthMethod.B2_APPLICATION_KEY, B2_KEYS, CheckTarget.NONE);

        assertThat(outcome.ok()).as(outcome.message()).isTrue();
        assertThat(outcome.message()).contains("a1b2c3d4e5f6").doesNotContain("acct_tH7VW03");
        assertThat(only().getHeader("Authorization")).isEqualTo("Basic " + Base64.getEncoder().encodeToString(
                (B2_KEY_ID + ":" + B2_KEY).getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void b2RefusalsAndThrottlingMapToTheirReasons() {
        assertThat(b2Answer(401, "unauthorized", null))
                .extracting(CheckOutcome::reason, CheckOutcome::retryable).containsExactly("auth_failed", false);
        assertThat(b2Answer(401, "expired_auth_token", null).reason()).isEqualTo("expired");
        CheckOutcome limited = b2Answer(429, "too_many_requests", "7");
        assertThat(limited).extracting(CheckOutcome::reason, CheckOutcome::retryAfterSeconds)
                .containsExactly("rate_limited", 7L);
        assertThat(b2Answer(503, "service_unavailable", null))
                .extracting(CheckOutcome::reason, CheckOutcome::retryable).containsExactly("rate_limited", true);
        assertThat(b2Answer(500, "internal_error", null).reason()).isEqualTo("unreachable");
    }

    private CheckOutcome b2Answer(int status, String code, String retryAfter) {
        wireMock.resetAll();
        var response = aResponse().withStatus(status).withHeader("Content-Type", "application/json")
                .withBody("{\"status\":" + status + ",\"code\":\"" + code + "\",\"message\":\"key " + B2_KEY
                        + " rejected\"}");
        if (retryAfter != null) {
            response = response.withHeader("Retry-After", retryAfter);
        }
        wireMock.stubFor(get(anyUrl()).willReturn(response));
        CheckOutcome outcome = checks.check(AuthMethod.B2_APPLICATION_KEY, B2_KEYS, CheckTarget.NONE);
        assertThat(outcome.ok()).isFalse();
        assertThat(outcome.message()).doesNotContain(B2_KEY).doesNotContain(B2_KEY_ID);
        return outcome;
    }

    private static LoggedRequest only() {
        List<LoggedRequest> requests = wireMock.findAll(getRequestedFor(anyUrl()));
        assertThat(requests).hasSize(1);
        return requests.get(0);
    }
}
