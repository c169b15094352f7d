package io.dataraven.secrets.functions;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.amazonaws.services.lambda.runtime.tests.EventLoader;
import com.amazonaws.services.lambda.runtime.tests.annotations.Event;
import com.fasterxml.jackson.databind.JsonNode;
import io.dataraven.secrets.auth.Principal;
import io.dataraven.secrets.auth.Role;
import io.dataraven.secrets.common.Databind;
import io.dataraven.secrets.credential.AuthMethod;
import io.dataraven.secrets.credential.Credentials;
import io.dataraven.secrets.secret.Secret;
import io.dataraven.secrets.secret.SecretRequests;
import io.dataraven.secrets.secret.Verification;
import io.dataraven.secrets.testing.LogCapture;
import io.dataraven.secrets.testing.SampleCredentials;
import io.dataraven.secrets.testing.TestApp;
import io.dataraven.secrets.verify.CheckOutcome;
import io.dataraven.secrets.verify.CheckTarget;
import io.dataraven.secrets.verify.CredentialCheck;
import io.dataraven.secrets.verify.Reason;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;

import java.net.URI;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The verify-secret sample of events/ through the handler over the in-memory adapters, with a recording check in
 * place of the providers (each provider's check has its own WireMock tests): what reaches the check, what comes
 * back, what is recorded on the secret, and who may ask.
 */
class VerifySecretHandlerTest {

    private static final UUID TEAM = UUID.fromString("3f1c2a9e-7b4d-4e6a-9c1f-0d2b8e5a4c71");
    private static final UUID SECRET = UUID.fromString("8b2e4f6a-1c3d-4e5f-9a7b-2c4d6e8f0a1b");

    private record Call(AuthMethod method, Credentials credentials, CheckTarget target) {
    }

    private final TestApp t = new TestApp();
    private final List<Call> calls = new ArrayList<>();
    private CheckOutcome answer = CheckOutcome.ok("Authenticated to AWS as arn:aws:iam::123456789012:user/t.");
    private Runnable duringCheck = () -> { };
    private final CredentialCheck recording = (method, credentials, target) -> {
        calls.add(new Call(method, credentials, target));
        duringCheck.run();
        return answer;
    };
    private final VerifySecretHandler handler = new VerifySecretHandler(t.app.withCredentialCheck(recording));

    private static APIGatewayV2HTTPEvent sample() {
        return EventLoader.loadApiGatewayHttpEvent("events/verify-secret.json");
    }

    private static JsonNode json(APIGatewayV2HTTPResponse response) {
        return TestApp.json(response.getBody());
    }

    private Secret stored() {
        return t.store.findSecret(TEAM, SECRET).orElseThrow();
    }

    @ParameterizedTest
    @Event(value = "events/verify-secret.json", type = APIGatewayV2HTTPEvent.class)
    void sampleChecksTheStoredCredentialsAndRecordsTheOutcome(APIGatewayV2HTTPEvent event) {
        t.seedDirectSecret(TEAM, SECRET, "prod");
        APIGatewayV2HTTPResponse response;
        List<String> lines;
        try (LogCapture logs = LogCapture.start()) {
            response = handler.handleRequest(t.authorize(event, "operator"), null);
            lines = logs.lines();
        }

        assertThat(response.getStatusCode()).as(response.getBody()).isEqualTo(200);
        JsonNode body = json(response);
        assertThat(body.get("ok").asBoolean()).isTrue();
        assertThat(body.get("reason").isNull()).isTrue();
        assertThat(body.get("recorded").asBoolean()).isTrue();
        assertThat(body.get("checked_at").asText()).endsWith("Z");
        assertThat(calls).singleElement().satisfies(call -> {
            assertThat(call.method()).isEqualTo(AuthMethod.S3_ACCESS_KEY);
            assertThat(call.credentials().values()).isEqualTo(SampleCredentials.valid(AuthMethod.S3_ACCESS_KEY));
            assertThat(call.target()).isEqualTo(CheckTarget.NONE);
        });
        Verification recorded = stored().verification();
        assertThat(recorded).isNotNull();
        assertThat(recorded.ok()).isTrue();
        assertThat(recorded.checkedAt().toString()).isEqualTo(body.get("checked_at").asText());
        assertThat(response.getBody()).doesNotContain(SampleCredentials.SECRET_MARKER);
        assertThat(lines).allSatisfy(l -> assertThat(l).doesNotContain(SampleCredentials.SECRET_MARKER));
    }

    @Test
    void aFailedCheckIsA200WithItsReasonAndIsRecordedAsFailed() {
        t.seedDirectSecret(TEAM, SECRET, "prod");
        answer = CheckOutcome.failed(Reason.RATE_LIMITED, "AWS STS is throttling requests; retry later.", 4L);

        APIGatewayV2HTTPResponse response = handler.handleRequest(t.authorize(sample(), "owner"), null);

        assertThat(response.getStatusCode()).isEqualTo(200);
        JsonNode body = json(response);
        assertThat(body.get("ok").asBoolean()).isFalse();
        assertThat(body.get("reason").asText()).isEqualTo("rate_limited");
        assertThat(body.get("retryable").asBoolean()).isTrue();
        assertThat(body.get("retry_after_seconds").asLong()).isEqualTo(4);
        assertThat(stored().verification()).extracting(Verification::ok, Verification::reason)
                .containsExactly(false, "rate_limited");
    }

    @Test
    void aViewerMayNotVerifyAndNothingIsRead() {
        t.seedDirectSecret(TEAM, SECRET, "prod");
        APIGatewayV2HTTPResponse response = handler.handleRequest(t.authorize(sample(), "viewer"), null);
        assertThat(response.getStatusCode()).isEqualTo(403);
        assertThat(calls).isEmpty();
        assertThat(stored().verification()).isNull();
    }

    @Test
    void aMissingSecretIs404AndAnotherTeamsTokenIs403() {
        APIGatewayV2HTTPResponse missing = handler.handleRequest(t.authorize(sample(), "operator"), null);
        assertThat(missing.getStatusCode()).isEqualTo(404);
        assertThat(json(missing).get("error").asText()).isEqualTo("secret_not_found");

        t.seedDirectSecret(TEAM, SECRET, "prod");
        APIGatewayV2HTTPEvent foreign = sample();
        Map<String, String> headers = new HashMap<>(foreign.getHeaders());
        headers.put("authorization", "Bearer " + t.tokens.token("user-42", UUID.randomUUID(), "owner"));
        foreign.setHeaders(headers);
        assertThat(handler.handleRequest(foreign, null).getStatusCode()).isEqualTo(403);
        assertThat(calls).isEmpty();
    }

    @Test
    void anS3CompatibleSecretNeedsItsEndpointAndTheCheckGetsIt() throws Exception {
        Principal owner = new Principal("user-42", Map.of(TEAM, Role.OWNER));
        var body = TestApp.json("{\"name\":\"r2-backups\",\"secret_type\":\"r2\",\"auth_method\":\"r2_access_key\","
                + "\"credentials\":" + Databind.MAPPER.writeValueAsString(SampleCredentials.valid(
                AuthMethod.R2_ACCESS_KEY)) + "}");
        Secret r2 = t.app.secretService().create(owner, TEAM, SecretRequests.create(body));
        APIGatewayV2HTTPEvent event = withSecret(sample(), r2.id());

        APIGatewayV2HTTPResponse refused = handler.handleRequest(t.authorize(event, "operator"), null);
        assertThat(refused.getStatusCode()).isEqualTo(400);
        assertThat(refused.getBody()).contains("endpoint_url");
        assertThat(calls).isEmpty();

        event.setBody("{\"endpoint_url\":\"https://0123456789abcdef0123456789abcdef.r2.cloudflarestorage.com\","
                + "\"region\":\"auto\"}");
        APIGatewayV2HTTPResponse checked = handler.handleRequest(t.authorize(event, "operator"), null);
        assertThat(checked.getStatusCode()).as(checked.getBody()).isEqualTo(200);
        assertThat(json(checked).get("version").asLong()).isEqualTo(r2.credentialVersion());
        assertThat(calls).singleElement().satisfies(call -> {
            assertThat(call.method()).isEqualTo(AuthMethod.R2_ACCESS_KEY);
            assertThat(call.target()).isEqualTo(new CheckTarget(URI.create(
                    "https://0123456789abcdef0123456789abcdef.r2.cloudflarestorage.com"), "auto"));
        });

        event.setBody("{\"endpoint_url\":\"https://10.0.0.8\",\"extra\":1}");
        APIGatewayV2HTTPResponse bad = handler.handleRequest(t.authorize(event, "operator"), null);
        assertThat(bad.getStatusCode()).isEqualTo(400);
        assertThat(bad.getBody()).contains("extra");
        assertThat(calls).hasSize(1);
    }

    @Test
    void credentialsRotatedDuringTheCheckAreAnsweredButNotRecordedAsTheNewOnes() throws Exception {
        Principal owner = new Principal("user-42", Map.of(TEAM, Role.OWNER));
        Secret created = t.app.secretService().create(owner, TEAM, SecretRequests.create(TestApp.directS3("prod")));
        duringCheck = () -> t.app.secretService().update(owner, TEAM, created.id(), SecretRequests.update(
                TestApp.json("{\"credentials\":{\"access_key_id\":\"AKIAI44QH8DHBEXAMPLE\","
                        + "\"secret_access_key\":\"je7MtGbClwBF/2Zp9Utk/h3yCo8nvbEXAMPLEKEY\"}}")));

        APIGatewayV2HTTPResponse response = handler.handleRequest(t.authorize(withSecret(sample(), created.id()),
                "operator"), null);

        assertThat(response.getStatusCode()).isEqualTo(200);
        assertThat(json(response).get("ok").asBoolean()).isTrue();
        assertThat(json(response).get("recorded").asBoolean()).as("the outcome is of the old credentials").isFalse();
        assertThat(t.store.findSecret(TEAM, created.id()).orElseThrow().verification()).isNull();
    }

    @Test
    void lostStoredCredentialsAreCredentialsUnavailableWithoutAProviderCall() {
        Secret seeded = t.seedDirectSecret(TEAM, SECRET, "prod");
        t.credentials.delete(seeded.credentialPath());

        APIGatewayV2HTTPResponse response = handler.handleRequest(t.authorize(sample(), "operator"), null);

        assertThat(response.getStatusCode()).isEqualTo(200);
        assertThat(json(response).get("reason").asText()).isEqualTo("credentials_unavailable");
        assertThat(json(response).get("retryable").asBoolean()).isFalse();
        assertThat(calls).isEmpty();
    }

    private static APIGatewayV2HTTPEvent withSecret(APIGatewayV2HTTPEvent event, UUID secret) {
        Map<String, String> path = new HashMap<>(event.getPathParameters());
        path.put("secret_id", secret.toString());
        event.setPathParameters(path);
        event.setRawPath(event.getRawPath().replace(SECRET.toString(), secret.toString()));
        return event;
    }
}
