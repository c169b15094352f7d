package io.dataraven.secrets.api;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.amazonaws.services.lambda.runtime.serialization.PojoSerializer;
import com.amazonaws.services.lambda.runtime.serialization.events.LambdaEventSerializers;
import com.amazonaws.services.lambda.runtime.tests.EventLoader;
import com.fasterxml.jackson.databind.JsonNode;
import io.dataraven.secrets.common.Databind;
import io.dataraven.secrets.common.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Our payload 2.0 reader and writer against Lambda's own serialization (aws-lambda-java-serialization, what the
 * runtime would use for a {@code RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse>}): the same event
 * from the same bytes, and a response Lambda's reader reads back as we wrote it.
 */
class ApiEventsTest {

    private static final PojoSerializer<APIGatewayV2HTTPEvent> LAMBDA_EVENTS =
            LambdaEventSerializers.serializerFor(APIGatewayV2HTTPEvent.class, ApiEventsTest.class.getClassLoader());
    private static final PojoSerializer<APIGatewayV2HTTPResponse> LAMBDA_RESPONSES =
            LambdaEventSerializers.serializerFor(APIGatewayV2HTTPResponse.class, ApiEventsTest.class.getClassLoader());

    @ParameterizedTest
    @ValueSource(strings = {"create-secret", "list-secrets", "get-secret", "update-secret", "delete-secret",
            "create-secret-external", "create-vault-connection", "list-vault-connections", "get-vault-connection",
            "update-vault-connection", "rotate-vault-connection", "test-vault-connection", "delete-vault-connection"})
    void readsEverySampleAsLambdasOwnSerializationDoes(String sample) throws Exception {
        APIGatewayV2HTTPEvent lambdas = EventLoader.loadApiGatewayHttpEvent("events/" + sample + ".json");
        APIGatewayV2HTTPEvent ours;
        try (InputStream in = getClass().getClassLoader().getResourceAsStream("events/" + sample + ".json")) {
            ours = ApiEvents.read(in);
        }
        assertSameAsLambda(ours, lambdas);
        // And what the local server writes reads back the same.
        assertSameAsLambda(ApiEvents.event(ApiEvents.json(ours)), lambdas);
    }

    @Test
    void everyFieldTheApiReadsSurvivesAsLambdaReadsIt() {
        String payload = """
                {"version": "2.0", "routeKey": "POST /v1/teams/{team_id}/secrets", "rawPath": "/prod/v1/teams/t/secrets",
                 "rawQueryString": "a=1&a=2&b=%20", "cookies": ["c=1"],
                 "headers": {"authorization": "Bearer x", "content-type": "application/json; charset=utf-8"},
                 "queryStringParameters": {"a": "1,2", "b": " "}, "pathParameters": {"team_id": "t"},
                 "stageVariables": {"s": "v"}, "body": "eyJhIjoxfQ==", "isBase64Encoded": true,
                 "requestContext": {"requestId": "r-1", "routeKey": "POST /v1/teams/{team_id}/secrets",
                   "stage": "prod", "domainName": "api.example.com", "apiId": "abc", "accountId": "123456789012",
                   "time": "02/Dec/2026:05:00:00 +0000", "timeEpoch": 1796187600000,
                   "http": {"method": "POST", "path": "/prod/v1/teams/t/secrets", "protocol": "HTTP/1.1",
                            "sourceIp": "203.0.113.9", "userAgent": "curl/8"}}}""";
        APIGatewayV2HTTPEvent ours = ApiEvents.event(Json.parse(payload.getBytes(StandardCharsets.UTF_8), "event"));
        APIGatewayV2HTTPEvent lambdas = LAMBDA_EVENTS.fromJson(payload);
        assertSameAsLambda(ours, lambdas);
        assertThat(ours.getCookies()).containsExactly("c=1");
        assertThat(ours.getStageVariables()).containsEntry("s", "v");
        assertThat(ours.getRequestContext().getTimeEpoch()).isEqualTo(1796187600000L);
        assertThat(new ApiRequest(ours).info().sourceIp()).isEqualTo("203.0.113.9");
    }

    @Test
    void aResponseReadsBackThroughLambdasSerializationAsWritten() throws Exception {
        APIGatewayV2HTTPResponse response = APIGatewayV2HTTPResponse.builder().withStatusCode(201)
                .withHeaders(Map.of("Content-Type", "application/json", "Location", "/v1/teams/t/secrets/s"))
                .withMultiValueHeaders(Map.of("Vary", List.of("Origin", "Accept")))
                .withCookies(List.of("k=v"))
                .withBody("{\"name\":\"caf\u00e9 \\\"quoted\\\"\"}").withIsBase64Encoded(false).build();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ApiEvents.write(response, out);

        APIGatewayV2HTTPResponse lambdas = LAMBDA_RESPONSES.fromJson(new ByteArrayInputStream(out.toByteArray()));
        assertThat(lambdas).isEqualTo(response);
        assertThat(ApiEvents.response(Databind.MAPPER.readTree(out.toByteArray()))).isEqualTo(response);
        // API Gateway reads the fields by these names.
        JsonNode written = Databind.MAPPER.readTree(out.toByteArray());
        assertThat(written.fieldNames()).toIterable()
                .containsExactly("statusCode", "headers", "multiValueHeaders", "cookies", "body", "isBase64Encoded");
    }

    @Test
    void aNoContentResponseHasNoBody() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ApiEvents.write(ApiResponses.noContent(), out);
        JsonNode written = Databind.MAPPER.readTree(out.toByteArray());
        assertThat(written.get("statusCode").asInt()).isEqualTo(204);
        assertThat(written.has("body")).isFalse();
    }

    @Test
    void aPayloadThatIsNoObjectIsRefused() {
        assertThatThrownBy(() -> ApiEvents.read(new ByteArrayInputStream("[1]".getBytes(StandardCharsets.UTF_8))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("JSON object");
        assertThatThrownBy(() -> ApiEvents.read(new ByteArrayInputStream(new byte[0])))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static void assertSameAsLambda(APIGatewayV2HTTPEvent ours, APIGatewayV2HTTPEvent lambdas) {
        assertThat(ours.getVersion()).isEqualTo(lambdas.getVersion());
        assertThat(ours.getRouteKey()).isEqualTo(lambdas.getRouteKey());
        assertThat(ours.getRawPath()).isEqualTo(lambdas.getRawPath());
        assertThat(ours.getRawQueryString()).isEqualTo(lambdas.getRawQueryString());
        assertThat(ours.getCookies()).isEqualTo(lambdas.getCookies());
        assertThat(ours.getHeaders()).isEqualTo(lambdas.getHeaders());
        assertThat(ours.getQueryStringParameters()).isEqualTo(lambdas.getQueryStringParameters());
        assertThat(ours.getPathParameters()).isEqualTo(lambdas.getPathParameters());
        assertThat(ours.getStageVariables()).isEqualTo(lambdas.getStageVariables());
        assertThat(ours.getBody()).isEqualTo(lambdas.getBody());
        assertThat(ours.getIsBase64Encoded()).isEqualTo(lambdas.getIsBase64Encoded());
        APIGatewayV2HTTPEvent.RequestContext a = ours.getRequestContext();
        APIGatewayV2HTTPEvent.RequestContext b = lambdas.getRequestContext();
        assertThat(a.getRequestId()).isEqualTo(b.getRequestId());
        assertThat(a.getRouteKey()).isEqualTo(b.getRouteKey());
        assertThat(a.getStage()).isEqualTo(b.getStage());
        assertThat(a.getDomainName()).isEqualTo(b.getDomainName());
        assertThat(a.getApiId()).isEqualTo(b.getApiId());
        assertThat(a.getAccountId()).isEqualTo(b.getAccountId());
        assertThat(a.getTime()).isEqualTo(b.getTime());
        assertThat(a.getTimeEpoch()).isEqualTo(b.getTimeEpoch());
        assertThat(a.getHttp()).isEqualTo(b.getHttp());
    }
}
