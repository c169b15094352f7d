package io.dataraven.secrets.functions;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dataraven.secrets.common.InvalidInputException;
import io.dataraven.secrets.common.Json;
import io.dataraven.secrets.testing.SampleCredentials;
import io.dataraven.secrets.testing.TestApp;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The functions as Lambda's runtime calls them: a stream handler given the payload's bytes, answering bytes that API
 * Gateway (or the direct caller) reads. The typed methods the other handler tests call sit behind these.
 */
class StreamFunctionsTest {

    private final TestApp t = new TestApp();

    @Test
    void anHttpFunctionReadsThePayloadAndWritesTheResponseApiGatewayReads() throws Exception {
        ObjectNode event = sample("create-secret");
        UUID team = UUID.fromString(event.path("pathParameters").path("team_id").asText());
        ((ObjectNode) event.get("headers")).put("authorization", "Bearer " + t.tokens.token("user-42", team, "admin"));

        JsonNode answer = call(new CreateSecretHandler(t.app), Json.MAPPER.writeValueAsBytes(event));

        assertThat(answer.get("statusCode").asInt()).isEqualTo(201);
        // The sample's stage is "dev": the link keeps it (ApiRequest.link).
        assertThat(answer.path("headers").path("Location").asText())
                .matches("/dev/v1/teams/" + team + "/secrets/[0-9a-f-]{36}");
        assertThat(answer.get("isBase64Encoded").asBoolean()).isFalse();
        JsonNode body = Json.MAPPER.readTree(answer.get("body").asText());
        assertThat(body.get("name").asText()).isEqualTo(Json.MAPPER.readTree(event.get("body").asText())
                .get("name").asText());
        assertThat(answer.toString()).doesNotContain(SampleCredentials.SECRET_MARKER).doesNotContain("wJalrXUtnFEMI");
    }

    @Test
    void anHttpFunctionAnswersErrorsAsResponsesToo() throws Exception {
        JsonNode answer = call(new GetSecretHandler(t.app), Json.MAPPER.writeValueAsBytes(sample("get-secret")));

        assertThat(answer.get("statusCode").asInt()).isEqualTo(401);
        assertThat(Json.MAPPER.readTree(answer.get("body").asText()).get("error").asText()).isNotBlank();
    }

    @Test
    void aDirectFunctionAnswersItsResultAsJson() throws Exception {
        byte[] payload = bytes("orphan-sweep");
        JsonNode answer = call(new OrphanSweeperHandler(t.app), payload);

        assertThat(answer.get("scanned").asInt()).isZero();
        assertThat(answer.has("problems")).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"[1]", "\"text\"", "42", "{\"team_id\": \"a\", \"team_id\": \"b\"}", "{", "{} {}"})
    void aDirectPayloadThatIsNotOneJsonObjectIsRefusedWithoutQuotingIt(String payload) {
        assertThatThrownBy(() -> call(new ResolveSecretHandler(t.app), payload.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(InvalidInputException.class)
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("team_id\": \"b"));
    }

    @Test
    void aNullDirectPayloadReachesTheHandlerAsNoInput() throws Exception {
        JsonNode answer = call(new ResolveSecretHandler(t.app), "null".getBytes(StandardCharsets.UTF_8));

        assertThat(answer.path("error").path("code").asText()).isEqualTo("invalid_request");
    }

    private static JsonNode call(RequestStreamHandler handler, byte[] payload) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        handler.handleRequest(new ByteArrayInputStream(payload), out, null);
        return Json.MAPPER.readTree(out.toByteArray());
    }

    private static ObjectNode sample(String name) throws IOException {
        return (ObjectNode) Json.MAPPER.readTree(bytes(name));
    }

    private static byte[] bytes(String name) throws IOException {
        try (InputStream in = StreamFunctionsTest.class.getClassLoader().getResourceAsStream("events/" + name + ".json")) {
            return in.readAllBytes();
        }
    }
}
