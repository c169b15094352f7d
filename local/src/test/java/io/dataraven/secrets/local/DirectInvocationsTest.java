package io.dataraven.secrets.local;

import com.fasterxml.jackson.databind.JsonNode;
import io.dataraven.secrets.common.Databind;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code POST /local/invoke/{function}}: the payload in, the handler's result out, as Lambda's Invoke API. */
class DirectInvocationsTest {

    private static LocalApiServer server;
    private static final HttpClient CLIENT = HttpClient.newHttpClient();

    @BeforeAll
    static void start() throws Exception {
        server = LocalApiServer.start(0, List.of(), List.of(
                new TemplateFunction("EchoFunction", MapEchoHandler.class.getName(), "handleRequest", 30, 512)),
                LocalStorage.inMemory());
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void listsTheFunctionAndItsRoute() {
        assertThat(server.directFunctions()).containsExactly("EchoFunction");
        assertThat(server.routeKeys()).contains("POST /local/invoke/{function}");
    }

    @Test
    void passesThePayloadAsAMapAndAnswersWithTheResult() throws Exception {
        HttpResponse<String> response = invoke("EchoFunction", "{\"team_id\":\"t\",\"nested\":{\"n\":[1,2]}}");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
        JsonNode body = Databind.MAPPER.readTree(response.body());
        assertThat(body.path("input")).isEqualTo(Databind.MAPPER.readTree("{\"team_id\":\"t\",\"nested\":{\"n\":[1,2]}}"));
        assertThat(body.path("input_type").asText()).isEqualTo("LinkedHashMap");
        assertThat(body.path("function").asText()).isEqualTo("EchoFunction");
        assertThat(body.path("memory_mb").asInt()).isEqualTo(512);
        assertThat(body.path("remaining_millis").asInt()).isBetween(1, 30_000);
    }

    @Test
    void anEmptyPayloadIsANullInput() throws Exception {
        HttpResponse<String> response = invoke("EchoFunction", "");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(Databind.MAPPER.readTree(response.body()).path("input").isNull()).isTrue();
    }

    @Test
    void anUnknownFunctionIs404() throws Exception {
        HttpResponse<String> response = invoke("NoSuchFunction", "{}");

        assertThat(response.statusCode()).isEqualTo(404);
        JsonNode body = Databind.MAPPER.readTree(response.body());
        assertThat(body.path("error").asText()).isEqualTo("function_not_found");
        assertThat(body.path("message").asText()).contains("NoSuchFunction", "EchoFunction");
    }

    @Test
    void aPayloadThatIsNotJsonIs400WithoutQuotingIt() throws Exception {
        HttpResponse<String> response = invoke("EchoFunction", "{\"secret_id\": wJalrXUtnFEMI}");

        assertThat(response.statusCode()).isEqualTo(400);
        JsonNode body = Databind.MAPPER.readTree(response.body());
        assertThat(body.path("error").asText()).isEqualTo("invalid_json");
        assertThat(body.path("message").asText()).contains("line 1");
        assertThat(response.body()).doesNotContain("wJalrXUtnFEMI");
    }

    @Test
    void aDuplicateKeyIs400() throws Exception {
        HttpResponse<String> response = invoke("EchoFunction", "{\"a\":1,\"a\":2}");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(Databind.MAPPER.readTree(response.body()).path("message").asText()).contains("appears twice");
    }

    @Test
    void aPayloadOfTheWrongShapeIs400() throws Exception {
        HttpResponse<String> response = invoke("EchoFunction", "[\"AKIAIOSFODNN7EXAMPLE\"]");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(Databind.MAPPER.readTree(response.body()).path("error").asText()).isEqualTo("invalid_body");
        assertThat(response.body()).doesNotContain("AKIAIOSFODNN7EXAMPLE");
    }

    @Test
    void aHandlerFailureIsA500MarkedAsAFunctionErrorWithoutItsMessage() throws Exception {
        HttpResponse<String> response = invoke("EchoFunction", "{\"boom\":true}");

        assertThat(response.statusCode()).isEqualTo(500);
        assertThat(response.headers().firstValue("X-Amz-Function-Error")).hasValue("Unhandled");
        JsonNode body = Databind.MAPPER.readTree(response.body());
        assertThat(body.path("error").asText()).isEqualTo("internal_error");
        assertThat(body.path("message").asText()).contains("IllegalStateException");
        assertThat(response.body()).doesNotContain("AKIAIOSFODNN7EXAMPLE");
    }

    @Test
    void onlyPostInvokes() throws Exception {
        HttpResponse<String> response = CLIENT.send(HttpRequest.newBuilder(
                URI.create(server.baseUri() + "/local/invoke/EchoFunction")).GET().build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(405);
        assertThat(response.headers().firstValue("Allow")).hasValue("POST");
    }

    private static HttpResponse<String> invoke(String function, String payload) throws Exception {
        return CLIENT.send(HttpRequest.newBuilder(URI.create(server.baseUri() + "/local/invoke/" + function))
                .POST(HttpRequest.BodyPublishers.ofString(payload)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
