package io.dataraven.secrets.verify.provider;

import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.dataraven.secrets.credential.AuthMethod;
import io.dataraven.secrets.credential.Credentials;
import io.dataraven.secrets.verify.CheckOutcome;
import io.dataraven.secrets.verify.CheckTarget;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Azure account-key check: Shared Key's string to sign against Microsoft's documented example, and List
 * Containers against WireMock with Azure Blob's own answers (EnumerationResults, the AuthenticationFailed Error
 * document, ServerBusy, an internal error, a reset and a slow answer).
 */
class AzureSharedKeyCheckTest extends ProviderStandIn {

    /** base64 of "dataraven-test-account-key-0123456789abcdef"; never a real key. */
    private static final String KEY = "ZGF0YXJhdmVuLXRlc3QtYWNjb3VudC1rZXktMDEyMzQ1Njc4OWFiY2RlZg==";
    private static final Credentials KEYS = new Credentials(Map.of("account_name", "acmebackups",
            "account_key", KEY));


    @Override
    ProviderChecks.Endpoints endpoints(URI standIn) {
        return new ProviderChecks.Endpoints(null, null, standIn, null, true);
    }

    private CheckOutcome check(Credentials credentials) {
        CheckOutcome outcome = checks.check(AuthMethod.AZURE_ACCOUNT_KEY, credentials, CheckTarget.NONE);
        assertThat(outcome.message()).doesNotContain(KEY).doesNotContain("ZGF0YXJhdmVu");
        return outcome;
    }

    private CheckOutcome check() {
        return check(KEYS);
    }

    @Test
    void theStringToSignIsMicrosoftsDocumentedExampleAndItsSignatureAnIndependentHmac() {
        String stringToSign = AzureSharedKeyCheck.stringToSign("GET", "myaccount",
                URI.create("https://myaccount.blob.core.windows.net/mycontainer?restype=container&comp=metadata"
                        + "&timeout=20"),
                Map.of("x-ms-version", "2015-02-21", "x-ms-date", "Fri, 26 Jun 2015 23:39:12 GMT"));

        assertThat(stringToSign).isEqualTo("GET\n\n\n\n\n\n\n\n\n\n\n\n"
                + "x-ms-date:Fri, 26 Jun 2015 23:39:12 GMT\nx-ms-version:2015-02-21\n"
                + "/myaccount/mycontainer\ncomp:metadata\nrestype:container\ntimeout:20");
        // Computed apart from this code, with Python's hmac over the same string and key.
        assertThat(AzureSharedKeyCheck.sign(Base64.getDecoder().decode(KEY), stringToSign))
                .isEqualTo("95v4As5BaTBoqFTrqzYHzyY6Jv/9jvW5wLmJwMuVJOY=");
    }

    @Test
    void aWorkingKeyListsAtMostOneContainerSignedWithSharedKey() {
        wireMock.stubFor(get(anyUrl()).willReturn(aResponse().withStatus(200).withHeader("Content-Type",
                "application/xml").withBody("""
                <?xml version="1.0" encoding="utf-8"?>
                <EnumerationResults ServiceEndpoint="https://acmebackups.blob.core.windows.net/">
                  <MaxResults>1</MaxResults><Containers><Container><Name>transfers</Name></Container></Containers>
                  <NextMarker>/acmebackups/usage-logs</NextMarker>
                </EnumerationResults>""")));

        CheckOutcome outcome = check();

        assertThat(outcome.ok()).as(outcome.message()).isTrue();
        assertThat(outcome.message()).contains("acmebackups").contains("account key");
        List<LoggedRequest> requests = wireMock.findAll(getRequestedFor(anyUrl()));
        assertThat(requests).hasSize(1);
        LoggedRequest request = requests.get(0);
        assertThat(request.getUrl()).isEqualTo("/?comp=list&maxresults=1");
        assertThat(request.getHeader("x-ms-date")).isEqualTo("Wed, 02 Dec 2026 10:15:30 GMT");
        assertThat(request.getHeader("x-ms-version")).isEqualTo("2021-12-02");
        // HMAC-SHA256 of "GET\n" + 11 empty header lines + the x-ms- headers + "/acmebackups/\ncomp:list\n
        // maxresults:1", computed with Python's hmac.
        assertThat(request.getHeader("Authorization"))
                .isEqualTo("SharedKey acmebackups:B6hZa97a+pMGpxckOp5b7OcCXpGhzym705TwluYaGzs=");
    }

    @Test
    void aWrongOrRevokedKeyIsAuthFailed() {
        azureError(403, "AuthenticationFailed", "The MAC signature found in the HTTP request 'B6hZa97a+pMGpxckOp5b7O"
                + "cCXpGhzym705TwluYaGzs=' is not the same as any computed signature. Server used following string "
                + "to sign: 'GET\n\n\n\n\n\n\n\n\n\n\n\nx-ms-date:Wed, 02 Dec 2026 10:15:30 GMT'.");
        CheckOutcome outcome = check();
        assertThat(outcome).extracting(CheckOutcome::reason, CheckOutcome::retryable)
                .containsExactly("auth_failed", false);
        assertThat(outcome.message()).contains("account key").doesNotContain("B6hZa97a");
    }

    @Test
    void aKeyThatIsNotBase64OrAnAccountNameAzureCannotHaveIsRefusedWithoutARequest() {
        assertThat(check(new Credentials(Map.of("account_name", "acmebackups", "account_key", "not base64!"))))
                .extracting(CheckOutcome::reason).isEqualTo("auth_failed");
        assertThat(check(new Credentials(Map.of("account_name", "Acme_Backups", "account_key", KEY))))
                .extracting(CheckOutcome::reason).isEqualTo("auth_failed");
        assertThat(wireMock.findAll(getRequestedFor(anyUrl()))).isEmpty();
    }

    @Test
    void busyOutOfOrderResetAndSlowAreRetryable() {
        azureBusyOutageResetAndSlowAreRetryable(this::check);
    }
}
