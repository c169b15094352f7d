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

/** The API Gateway event a handler gets from the local server, and how its response and failures come back. */
class LocalEventsTest {

    private static final String ROUTE = "PATCH /echo/{item_id}/parts/{part}";

    private static LocalApiServer server;
    private static final HttpClient CLIENT = HttpClient.newHttpClient();

    @BeforeAll
    static void start() throws Exception {
        server = LocalApiServer.start(0, List.of(
                new TemplateRoute("PATCH", "/echo/{item_id}/parts/{part}", "EchoFunction",
                        EchoHandler.class.getName(), "handleRequest", 7, 256),
                new TemplateRoute("GET", "/echo/boom", "EchoFunction",
                        EchoHandler.class.getName(), "handleRequest", 7, 256)),
                LocalStorage.inMemory());
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void buildsAPayload2Event() throws Exception {
        HttpRequest request = HttpRequest.newBuilder(
                        URI.create(server.baseUri() + "/echo/item%201/parts/p-2?tag=a&tag=b&q=x%20y"))
                .method("PATCH", HttpRequest.BodyPublishers.ofString("{\"k\":\"v\"}"))
                .header("X-Custom-Header", "Value")
                .header("Cookie", "a=1; b=2")
                .build();

        HttpResponse<String> response = CLIENT.send(request, HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(202);
        assertThat(response.headers().firstValue("X-Echo")).hasValue("yes");
        JsonNode event = Databind.MAPPER.readTree(response.body());
        assertThat(event.path("version").asText()).isEqualTo("2.0");
        assertThat(event.path("routeKey").asText()).isEqualTo(ROUTE);
        assertThat(event.path("contextRouteKey").asText()).isEqualTo(ROUTE);
        assertThat(event.path("rawPath").asText()).isEqualTo("/echo/item%201/parts/p-2");
        assertThat(event.path("path").asText()).isEqualTo("/echo/item%201/parts/p-2");
        assertThat(event.path("rawQueryString").asText()).isEqualTo("tag=a&tag=b&q=x%20y");
        assertThat(event.path("queryStringParameters").toString()).isEqualTo("{\"tag\":\"a,b\",\"q\":\"x y\"}");
        assertThat(event.path("pathParameters").toString()).isEqualTo("{\"item_id\":\"item 1\",\"part\":\"p-2\"}");
        assertThat(event.path("headers").path("x-custom-header").asText()).isEqualTo("Value");
        assertThat(event.path("headers").has("cookie")).isFalse();
        assertThat(event.path("cookies").toString()).isEqualTo("[\"a=1\",\"b=2\"]");
        assertThat(event.path("body").asText()).isEqualTo("{\"k\":\"v\"}");
        assertThat(event.path("isBase64Encoded").asBoolean()).isFalse();
        assertThat(event.path("method").asText()).isEqualTo("PATCH");
        assertThat(event.path("sourceIp").asText()).isEqualTo("127.0.0.1");
        assertThat(event.path("requestId").asText()).isNotBlank();
        assertThat(event.path("functionName").asText()).isEqualTo("EchoFunction");
        assertThat(event.path("memoryMb").asInt()).isEqualTo(256);
        assertThat(event.path("remainingMillis").asInt()).isBetween(1, 7_000);
    }

    @Test
    void aHandlerFailureIsA500WithoutItsMessage() throws Exception {
        HttpResponse<String> response = CLIENT.send(
                HttpRequest.newBuilder(URI.create(server.baseUri() + "/echo/boom")).build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(500);
        assertThat(Databind.MAPPER.readTree(response.body()).path("error").asText()).isEqualTo("internal_error");
        assertThat(response.body()).doesNotContain("AKIAIOSFODNN7EXAMPLE");
    }
}
