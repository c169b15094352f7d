package io.dataraven.secrets.verify.provider;

import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.dataraven.secrets.credential.AuthMethod;
import io.dataraven.secrets.credential.Credentials;
import io.dataraven.secrets.verify.CheckOutcome;
import io.dataraven.secrets.verify.CheckTarget;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.util.List;
import java.util.Map;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Azure SAS check against WireMock with Azure Blob's own answers: an EnumerationResults listing, and the
 * Error documents (Code, Message, AuthenticationErrorDetail) Azure sends for a bad signature, a SAS outside its
 * window, a SAS without list permission, a missing container and a busy server.
 */
class AzureSasCheckTest extends ProviderStandIn {

    private static final String SIG = "Zm9vYmFyU2lnbmF0dXJlVmFsdWUxMjM0NTY3ODkwYWJjZGVm%3D";
    private static final String SAS = "https://acmebackups.blob.core.windows.net/transfers?sv=2022-11-02&ss=b"
            + "&srt=co&sp=rl&se=2027-01-01T00:00:00Z&st=2026-12-01T00:00:00Z&spr=https&sig=" + SIG;
    private static final Credentials KEYS = new Credentials(Map.of("sas_url", SAS));


    @Override
    ProviderChecks.Endpoints endpoints(URI standIn) {
        return new ProviderChecks.Endpoints(null, null, standIn, null, true);
    }

    private CheckOutcome check() {
        CheckOutcome outcome = checks.check(AuthMethod.AZURE_SAS_URL, KEYS, CheckTarget.NONE);
        assertThat(outcome.message()).doesNotContain(SIG).doesNotContain("Zm9vYmFy").doesNotContain("sig=");
        return outcome;
    }

    @Test
    void aWorkingSasListsAtMostOneBlobOfItsContainerWithItsOwnQueryKept() {
        wireMock.stubFor(get(anyUrl()).willReturn(aResponse().withStatus(200).withHeader("Content-Type",
                "application/xml").withBody("""
                <?xml version="1.0" encoding="utf-8"?>
                <EnumerationResults ServiceEndpoint="https://acmebackups.blob.core.windows.net/" ContainerName="transfers">
                  <MaxResults>1</MaxResults><Blobs><Blob><Name>2026/12/01/dump.tar</Name></Blob></Blobs>
                  <NextMarker>2!80!MDAwMDE2</NextMarker>
                </EnumerationResults>""")));

        CheckOutcome outcome = check();

        assertThat(outcome.ok()).as(outcome.message()).isTrue();
        assertThat(outcome.message()).contains("acmebackups");
        List<LoggedRequest> requests = wireMock.findAll(getRequestedFor(anyUrl()));
        assertThat(requests).hasSize(1);
        LoggedRequest request = requests.get(0);
        assertThat(request.getUrl()).isEqualTo("/transfers?sv=2022-11-02&ss=b&srt=co&sp=rl&se=2027-01-01T00:00:00Z"
                + "&st=2026-12-01T00:00:00Z&spr=https&sig=" + SIG + "&restype=container&comp=list&maxresults=1");
        assertThat(request.getHeader("x-ms-version")).isEqualTo("2021-12-02");
    }

    @Test
    void aBadSignatureIsAuthFailedAndAnExpiredOneIsExpired() {
        azureError(403, "AuthenticationFailed", "Signature did not match. String to sign used was rl\n"
                + "2026-12-01T00:00:00Z\n2027-01-01T00:00:00Z\n/blob/acmebackups/transfers");
        assertThat(check()).extracting(CheckOutcome::reason, CheckOutcome::retryable)
                .containsExactly("auth_failed", false);

        wireMock.resetAll();
        azureError(403, "AuthenticationFailed", "Signed expiry time [Mon, 01 Dec 2026 00:00:00 GMT] must be after "
                + "signed start time [Tue, 02 Dec 2026 10:15:30 GMT]");
        CheckOutcome expired = check();
        assertThat(expired.reason()).isEqualTo("expired");
        assertThat(expired.message()).doesNotContain("Dec 2026");

        wireMock.resetAll();
        azureError(403, "AuthenticationFailed", "Signature not valid in the specified time frame: Start [Tue, 01 Dec "
                + "2026 00:00:00 GMT] - Expiry [Wed, 02 Dec 2026 00:00:00 GMT] - Current [Wed, 02 Dec 2026 10:15:30 GMT]");
        assertThat(check().reason()).isEqualTo("expired");
    }

    @Test
    void aSasThatMayNotListStillAuthenticated() {
        azureError(403, "AuthorizationPermissionMismatch", null);
        CheckOutcome outcome = check();
        assertThat(outcome.ok()).isTrue();
        assertThat(outcome.message()).contains("does not allow listing");
    }

    @Test
    void aMissingContainerIsNotFound() {
        azureError(404, "ContainerNotFound", null);
        assertThat(check()).extracting(CheckOutcome::reason, CheckOutcome::retryable)
                .containsExactly("not_found", false);
    }

    @Test
    void busyOutOfOrderResetAndSlowAreRetryable() {
        azureBusyOutageResetAndSlowAreRetryable(this::check);
    }

    @Test
    void anAnswerThatIsNoListingIsAProviderError() {
        wireMock.stubFor(get(anyUrl()).willReturn(aResponse().withStatus(200).withHeader("Content-Type", "text/html")
                .withBody("<html>captive portal</html>")));
        assertThat(check().reason()).isEqualTo("provider_error");
    }

    @Test
    void aStoredUrlThatIsNotAnHttpsSasIsRefusedWithoutARequest() {
        CheckOutcome outcome = checks.check(AuthMethod.AZURE_SAS_URL, new Credentials(Map.of("sas_url",
                "http://acmebackups.blob.core.windows.net/transfers?sig=" + SIG)), CheckTarget.NONE);
        assertThat(outcome.reason()).isEqualTo("auth_failed");
        assertThat(outcome.message()).doesNotContain(SIG);
        assertThat(wireMock.findAll(getRequestedFor(anyUrl()))).isEmpty();
    }
}
