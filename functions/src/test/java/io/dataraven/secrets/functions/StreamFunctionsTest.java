package io.dataraven.secrets.functions;

import com.amazonaws.services.lambda.runtime.ClientContext;
import com.amazonaws.services.lambda.runtime.CognitoIdentity;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import io.dataraven.secrets.logging.JsonLogFormatter;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dataraven.secrets.common.InvalidInputException;
import io.dataraven.secrets.common.Databind;
import io.dataraven.secrets.config.StreamCalls;
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
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

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

        JsonNode answer = call(new CreateSecretHandler(t.app), Databind.MAPPER.writeValueAsBytes(event));

        assertThat(answer.get("statusCode").asInt()).isEqualTo(201);
        // The sample's stage is "dev": the link keeps it (ApiRequest.link).
        assertThat(answer.path("headers").path("Location").asText())
                .matches("/dev/v1/teams/" + team + "/secrets/[0-9a-f-]{36}");
        assertThat(answer.get("isBase64Encoded").asBoolean()).isFalse();
        JsonNode body = Databind.MAPPER.readTree(answer.get("body").asText());
        assertThat(body.get("name").asText()).isEqualTo(Databind.MAPPER.readTree(event.get("body").asText())
                .get("name").asText());
        assertThat(answer.toString()).doesNotContain(SampleCredentials.SECRET_MARKER).doesNotContain("wJalrXUtnFEMI");
    }

    @Test
    void anHttpFunctionAnswersErrorsAsResponsesToo() throws Exception {
        JsonNode answer = call(new GetSecretHandler(t.app), Databind.MAPPER.writeValueAsBytes(sample("get-secret")));

        assertThat(answer.get("statusCode").asInt()).isEqualTo(401);
        assertThat(Databind.MAPPER.readTree(answer.get("body").asText()).get("error").asText()).isNotBlank();
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

    @Test
    void eachRequestEndsWithOneJsonLineOfItsOutcomeWithoutBodyOrToken() throws Exception {
        ObjectNode event = sample("create-secret");
        UUID team = UUID.fromString(event.path("pathParameters").path("team_id").asText());
        String token = t.tokens.token("user-42", team, "admin");
        ((ObjectNode) event.get("headers")).put("authorization", "Bearer " + token);
        List<String> lines = new ArrayList<>();
        Handler json = new Handler() {
            private final JsonLogFormatter formatter = new JsonLogFormatter();

            @Override
            public void publish(LogRecord record) {
                lines.add(formatter.format(record));
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        Logger.getLogger("").addHandler(json);
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            new CreateSecretHandler(t.app).handleRequest(new ByteArrayInputStream(Databind.MAPPER.writeValueAsBytes(event)),
                    out, new FixedContext("0f1e2d3c-aws-request"));
        } finally {
            Logger.getLogger("").removeHandler(json);
        }

        JsonNode last = Databind.MAPPER.readTree(lines.get(lines.size() - 1));
        assertThat(last.get("level").asText()).isEqualTo("INFO");
        assertThat(last.get("request_id").asText()).isEqualTo("0f1e2d3c-aws-request");
        assertThat(last.get("function_name").asText()).isEqualTo("CreateSecretFunction");
        assertThat(last.get("route").asText()).isEqualTo("POST /v1/teams/{team_id}/secrets");
        assertThat(last.get("status").asInt()).isEqualTo(201);
        assertThat(last.get("team_id").asText()).isEqualTo(team.toString());
        assertThat(last.get("principal_id").asText()).isEqualTo("user-42");
        assertThat(last.get("latency_ms").isNumber()).isTrue();
        assertThat(last.get("api_request_id").asText()).isNotBlank();
        assertThat(String.join("", lines)).doesNotContain(token).doesNotContain(SampleCredentials.SECRET_MARKER)
                .doesNotContain("wJalrXUtnFEMI").doesNotContain("secret_access_key");
    }

    /** A Lambda context with a request id and the function's name, the rest unset. */
    private record FixedContext(String requestId) implements Context {
        public String getAwsRequestId() {
            return requestId;
        }

        public String getLogGroupName() {
            return null;
        }

        public String getLogStreamName() {
            return null;
        }

        public String getFunctionName() {
            return "CreateSecretFunction";
        }

        public String getFunctionVersion() {
            return "7";
        }

        public String getInvokedFunctionArn() {
            return null;
        }

        public CognitoIdentity getIdentity() {
            return null;
        }

        public ClientContext getClientContext() {
            return null;
        }

        public int getRemainingTimeInMillis() {
            return 10_000;
        }

        public int getMemoryLimitInMB() {
            return 1024;
        }

        public LambdaLogger getLogger() {
            return null;
        }
    }

    private static JsonNode call(RequestStreamHandler handler, byte[] payload) {
        return StreamCalls.call(handler, payload, null);
    }

    private static ObjectNode sample(String name) throws IOException {
        return (ObjectNode) Databind.MAPPER.readTree(bytes(name));
    }

    private static byte[] bytes(String name) throws IOException {
        try (InputStream in = StreamFunctionsTest.class.getClassLoader().getResourceAsStream("events/" + name + ".json")) {
            return in.readAllBytes();
        }
    }
}
