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
}
