package io.dataraven.secrets.functions;

import com.amazonaws.services.lambda.runtime.tests.annotations.Event;
import io.dataraven.secrets.testing.LogCapture;
import io.dataraven.secrets.testing.SampleCredentials;
import io.dataraven.secrets.testing.TestApp;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

@SuppressWarnings("unchecked")
class ResolveSecretHandlerTest {

    private final TestApp t = new TestApp();
    private final ResolveSecretHandler handler = new ResolveSecretHandler(t.app);

    @ParameterizedTest
    @Event(value = "events/resolve-secret.json", type = Map.class)
    void sampleResolvesADirectSecretWithoutLoggingItsValues(Map<String, Object> input) {
        t.seedDirectSecret(UUID.fromString((String) input.get("team_id")), UUID.fromString((String) input.get("secret_id")),
                "prod");
        Map<String, Object> out;
        List<String> lines;
        try (LogCapture logs = LogCapture.start()) {
            out = handler.handleRequest(input, null);
            lines = logs.lines();
        }
        assertThat(out).containsEntry("secret_type", "s3").containsEntry("auth_method", "s3_access_key");
        assertThat(out.get("credentials")).isEqualTo(SampleCredentials.valid(
                io.dataraven.secrets.credential.AuthMethod.S3_ACCESS_KEY));
        assertThat(lines).isNotEmpty().allSatisfy(l -> assertThat(l).doesNotContain(SampleCredentials.SECRET_MARKER));
    }

    @Test
    void unknownSecretsAndBadInputAreTypedErrors() {
        Map<String, Object> missing = handler.handleRequest(Map.of("team_id", UUID.randomUUID().toString(),
                "secret_id", UUID.randomUUID().toString()), null);
        assertThat(missing).containsOnlyKeys("error");
        assertThat((Map<Object, Object>) missing.get("error")).containsEntry("code", "secret_not_found").containsEntry("retryable", false);
        assertThat((Map<Object, Object>) handler.handleRequest(Map.of("team_id", 42), null).get("error"))
                .containsEntry("code", "invalid_request");
        assertThat((Map<Object, Object>) handler.handleRequest(null, null).get("error")).containsEntry("code", "invalid_request");
    }

    /** The input is as strict as a body: no extra field, ids spelled exactly as we write them. */
    @Test
    void unknownFieldsAndNonCanonicalIdsAreInvalidRequests() {
        UUID team = UUID.fromString("3f1c2a9e-7b4d-4e6a-9c1f-0d2b8e5a4c71");
        UUID id = UUID.fromString("9b2e4f60-1c3d-4a5b-8e7f-0a1b2c3d4e5f");
        t.seedDirectSecret(team, id, "prod");
        List<Map<String, Object>> inputs = List.of(
                Map.of("team_id", team.toString(), "secret_id", id.toString(), "version", "1"),
                Map.of("team_id", team.toString(), "secret_id", id.toString(), "secret_ID", id.toString()),
                Map.of("team_id", team.toString().toUpperCase(java.util.Locale.ROOT), "secret_id", id.toString()),
                Map.of("team_id", team.toString(), "secret_id", id.toString().replace("-", "")),
                Map.of("team_id", team.toString(), "secret_id", "{" + id + "}"),
                Map.of("team_id", "1-1-1-1-1", "secret_id", id.toString()),
                Map.of("team_id", team.toString(), "secret_id", " " + id),
                Map.of("team_id", team.toString(), "secret_id", List.of(id.toString())),
                Map.of("team_id", team.toString()));
        try (LogCapture logs = LogCapture.start()) {
            for (Map<String, Object> input : inputs) {
                Map<String, Object> out = handler.handleRequest(input, null);

                assertThat(out).as(input.toString()).containsOnlyKeys("error");
                assertThat((Map<Object, Object>) out.get("error")).containsEntry("code", "invalid_request")
                        .containsEntry("retryable", false);
            }
            assertThat(logs.lines()).noneMatch(l -> l.contains("1-1-1-1-1") || l.contains("{"));
        }
        assertThat((Map<Object, Object>) handler.handleRequest(inputs.get(0), null).get("error"))
                .hasEntrySatisfying("message", m -> assertThat((String) m).contains("unknown field version"));
        assertThat(handler.handleRequest(Map.of("team_id", team.toString(), "secret_id", id.toString()), null))
                .containsKey("credentials");
    }
}
