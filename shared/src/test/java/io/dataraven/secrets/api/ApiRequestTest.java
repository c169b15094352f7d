package io.dataraven.secrets.api;

import io.dataraven.secrets.common.InvalidInputException;
import io.dataraven.secrets.common.Databind;
import io.dataraven.secrets.common.Violation;
import io.dataraven.secrets.testing.Failures;
import io.dataraven.secrets.common.Ids;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ApiRequestTest {

    private static ApiRequest request(String body, boolean base64) {
        return new ApiRequest(APIGatewayV2HTTPEvent.builder().withBody(body).withIsBase64Encoded(base64)
                .withHeaders(Map.of("Authorization", "Bearer abc.def.ghi"))
                .withPathParameters(Map.of("team_id", "6f1c2a9e-7d1b-4c3a-9e55-0a1b2c3d4e5f", "bad", "123"))
                .build());
    }

    @Test
    void readsBearerTokenCaseInsensitively() {
        assertThat(request("{}", false).bearerToken()).isEqualTo("abc.def.ghi");
        ApiRequest basic = new ApiRequest(APIGatewayV2HTTPEvent.builder()
                .withHeaders(Map.of("authorization", "Basic dXNlcjpwYXNz")).build());
        assertThat(basic.bearerToken()).isNull();
        assertThat(new ApiRequest(APIGatewayV2HTTPEvent.builder().build()).bearerToken()).isNull();
    }

    private static String link(String rawPath) {
        return new ApiRequest(APIGatewayV2HTTPEvent.builder().withRawPath(rawPath).build()).link("/v1/teams/t/secrets/s");
    }

    @Test
    void linksKeepWhatPrecedesTheApiInTheClientsPath() {
        assertThat(link("/dev/v1/teams/t/secrets")).isEqualTo("/dev/v1/teams/t/secrets/s"); // named stage
        assertThat(link("/v1/teams/t/secrets")).isEqualTo("/v1/teams/t/secrets/s"); // $default, or a root mapping
        assertThat(link("/secrets-api/v2/v1/teams/t/secrets")).isEqualTo("/secrets-api/v2/v1/teams/t/secrets/s");
        assertThat(link("/v1/v1/teams/t/secrets")).isEqualTo("/v1/v1/teams/t/secrets/s"); // a stage named v1
        assertThat(link(null)).isEqualTo("/v1/teams/t/secrets/s");
        // Never repeated into the header: another host, or anything but plain path segments.
        assertThat(link("//evil.example/v1/teams/t/secrets")).isEqualTo("/v1/teams/t/secrets/s");
        assertThat(link("/dev\r\nSet-Cookie:x/v1/teams/t/secrets")).isEqualTo("/v1/teams/t/secrets/s");
    }

    @Test
    void pathUuidMustBeCanonical() {
        assertThat(request("{}", false).pathUuid("team_id").toString()).isEqualTo("6f1c2a9e-7d1b-4c3a-9e55-0a1b2c3d4e5f");
        ApiException e = Failures.http(() -> request("{}", false).pathUuid("bad"));
        assertThat(e.status()).isEqualTo(400);
        assertThat(e.detail()).singleElement().satisfies(v -> assertThat(v.loc()).isEqualTo(List.of("path", "bad")));
        assertThat(Ids.parseUuid("1-1-1-1-1")).isNull(); // UUID.fromString would accept this
    }

    @Test
    void malformedJsonIs400WithoutQuotingTheBody() {
        ApiException e = Failures.http(() -> request("{\"credentials\": {\"secret_access_key\": SUPERSECRETVALUE}}", false)
                .jsonObjectBody());
        assertThat(e.status()).isEqualTo(400);
        assertThat(e.code()).isEqualTo("invalid_json");
        assertThat(e.getMessage()).contains("line 1").doesNotContain("SUPERSECRETVALUE");
        assertThat(e.detail().toString()).doesNotContain("SUPERSECRETVALUE");
    }

    @Test
    void duplicateKeysAreRefused() {
        ApiException e = Failures.http(() -> request("{\"name\":\"a\",\"name\":\"b\"}", false).jsonObjectBody());
        assertThat(e.status()).isEqualTo(400);
        assertThat(e.getMessage()).contains("appears twice");
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"name\":\"a\"} x", "{\"name\":\"a\"}{\"name\":\"b\"}", "{} []", "{}\n{}", "{} 1",
            "{}}", "{} \"SUPERSECRETVALUE\"", "{} null", "{}\u0000"})
    void contentAfterTheJsonValueIsRefused(String body) {
        for (boolean base64 : new boolean[] {false, true}) {
            String sent = base64 ? Base64.getEncoder().encodeToString(body.getBytes(StandardCharsets.UTF_8)) : body;
            ApiException e = Failures.http(() -> request(sent, base64).jsonObjectBody());
            assertThat(e.status()).isEqualTo(400);
            assertThat(e.code()).isEqualTo("invalid_json");
            assertThat(e.getMessage()).containsPattern("line \\d, column \\d").doesNotContain("SUPERSECRETVALUE");
        }
        assertThat(request("{\"name\":\"a\"} \r\n\t ", false).jsonObjectBody().get("name").textValue()).isEqualTo("a");
    }

    @Test
    void nonObjectAndEmptyBodiesAre400() {
        assertThat(Failures.http(() -> request("[1,2]", false).jsonObjectBody()).code()).isEqualTo("invalid_body");
        assertThat(Failures.http(() -> request("\"text\"", false).jsonObjectBody()).code()).isEqualTo("invalid_body");
        assertThat(Failures.http(() -> request(null, false).jsonObjectBody()).code()).isEqualTo("invalid_body");
    }

    @Test
    void bodiesOver64KiBAre413() {
        String big = "{\"name\":\"" + "x".repeat(ApiRequest.MAX_BODY_BYTES) + "\"}";
        assertThat(Failures.http(() -> request(big, false).jsonObjectBody()).status()).isEqualTo(413);
        String bigBase64 = Base64.getEncoder().encodeToString(big.getBytes(StandardCharsets.UTF_8));
        assertThat(Failures.http(() -> request(bigBase64, true).jsonObjectBody()).status()).isEqualTo(413);
        // just under the limit is fine
        String fits = "{\"name\":\"" + "x".repeat(ApiRequest.MAX_BODY_BYTES - 20) + "\"}";
        assertThat(request(fits, false).jsonObjectBody().get("name").textValue()).hasSize(ApiRequest.MAX_BODY_BYTES - 20);
    }

    @Test
    void base64BodiesAreDecoded() {
        String encoded = Base64.getEncoder().encodeToString("{\"name\":\"b64\"}".getBytes(StandardCharsets.UTF_8));
        assertThat(request(encoded, true).jsonObjectBody().get("name").textValue()).isEqualTo("b64");
        assertThat(Failures.http(() -> request("%%%", true).jsonObjectBody()).status()).isEqualTo(400);
    }

    @ParameterizedTest
    @ValueSource(strings = {"ff", "c0af", "eda080", "e282", "f4908080", "80", "f8888080"})
    void base64BodiesMustDecodeToUtf8(String badHex) {
        byte[] prefix = "{\"name\":\"SUPERSECRETVALUE".getBytes(StandardCharsets.UTF_8);
        byte[] bad = java.util.HexFormat.of().parseHex(badHex);
        byte[] body = new byte[prefix.length + bad.length + 2];
        System.arraycopy(prefix, 0, body, 0, prefix.length);
        System.arraycopy(bad, 0, body, prefix.length, bad.length);
        body[body.length - 2] = '"';
        body[body.length - 1] = '}';

        ApiException e = Failures.http(() -> request(Base64.getEncoder().encodeToString(body), true).jsonObjectBody());

        assertThat(e.status()).isEqualTo(400);
        assertThat(e.code()).isEqualTo("invalid_body");
        assertThat(e.getMessage()).contains("not valid UTF-8 (byte " + prefix.length + ")")
                .doesNotContain("SUPERSECRETVALUE");
        assertThat(e.detail()).singleElement().satisfies(v -> assertThat(v.type()).isEqualTo("string_unicode"));
    }

    @Test
    void textIsReadAsUtf8Only() {
        String emoji = Base64.getEncoder().encodeToString("{\"name\":\"caf\u00e9 \ud83d\udd11\"}"
                .getBytes(StandardCharsets.UTF_8));
        assertThat(request(emoji, true).jsonObjectBody().get("name").textValue()).isEqualTo("caf\u00e9 \ud83d\udd11");
        // An unpaired surrogate in a string body would be stored as '?'.
        ApiException lone = Failures.http(() -> request("{\"name\":\"a\ud800b\"}", false).jsonObjectBody());
        assertThat(lone.code()).isEqualTo("invalid_body");
        assertThat(lone.getMessage()).contains("unpaired surrogate (character 10)");
        // UTF-16 is not guessed from its zero bytes (Jackson would); nor is a byte order mark skipped.
        String utf16 = Base64.getEncoder().encodeToString("{\"name\":\"a\"}".getBytes(StandardCharsets.UTF_16LE));
        assertThat(Failures.http(() -> request(utf16, true).jsonObjectBody()).status()).isEqualTo(400);
        String bom = Base64.getEncoder().encodeToString("\ufeff{\"name\":\"a\"}".getBytes(StandardCharsets.UTF_8));
        assertThat(Failures.http(() -> request(bom, true).jsonObjectBody()).status()).isEqualTo(400);
    }

    @ParameterizedTest
    @ValueSource(strings = {"application/json", "Application/JSON", "application/json; charset=utf-8",
            "application/json;charset=\"UTF-8\"", "application/merge-patch+json", "application/vnd.api+json; v=1"})
    void jsonMediaTypesAreRead(String contentType) {
        assertThat(ApiRequest.isJson(contentType)).isTrue();
        assertThat(withContentType(contentType).jsonObjectBody().get("name").textValue()).isEqualTo("a");
    }

    @ParameterizedTest
    @ValueSource(strings = {"text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x",
            "application/json; charset=latin-1", "application/json; charset=utf-16", "application/jsonx",
            "text/json", "application/+json", "json", "application/xml", "application/json-seq"})
    void aBodyOfAnotherMediaTypeIs415(String contentType) {
        assertThat(ApiRequest.isJson(contentType)).isFalse();
        ApiException e = Failures.http(() -> withContentType(contentType).jsonObjectBody());
        assertThat(e.status()).isEqualTo(415);
        assertThat(e.code()).isEqualTo("unsupported_media_type");
        assertThat(e.detail()).singleElement().satisfies(v -> assertThat(v.loc()).isEqualTo(List.of("header",
                "content-type")));
    }

    @Test
    void noContentTypeIsTakenAsJson() {
        assertThat(request("{\"name\":\"a\"}", false).jsonObjectBody().get("name").textValue()).isEqualTo("a");
        assertThat(withContentType(" ").jsonObjectBody().get("name").textValue()).isEqualTo("a");
    }

    private static ApiRequest withContentType(String contentType) {
        return new ApiRequest(APIGatewayV2HTTPEvent.builder().withBody("{\"name\":\"a\"}")
                .withHeaders(Map.of("content-type", contentType)).build());
    }

    /** JSON's escapes can spell a lone surrogate, which UTF-8 storage would turn into '?'. */
    @Test
    void anUnpairedSurrogateEscapeAnywhereIsRefusedWithItsPlace() {
        ApiException value = Failures.http(() -> request("{\"credentials\":{\"k\":\"SUPERSECRET\\ud800\"}}", false)
                .jsonObjectBody());
        assertThat(value.code()).isEqualTo("invalid_json");
        assertThat(value.getMessage()).doesNotContain("SUPERSECRET");
        assertThat(value.detail()).singleElement().satisfies(v -> {
            assertThat(v.loc()).isEqualTo(List.of("body", "credentials", "k"));
            assertThat(v.type()).isEqualTo("string_unicode");
        });
        assertThat(Failures.http(() -> request("{\"a\":[\"x\",\"\\udc00y\"]}", false).jsonObjectBody()).detail())
                .singleElement().satisfies(v -> assertThat(v.loc()).isEqualTo(List.of("body", "a", 1)));
        assertThat(Failures.http(() -> request("{\"\\ud83d\":1}", false).jsonObjectBody()).code()).isEqualTo("invalid_json");
        // a pair is one character
        assertThat(request("{\"k\":\"\\ud83d\\udd11\"}", false).jsonObjectBody().get("k").textValue())
                .isEqualTo("\ud83d\udd11");
    }

    @Test
    void errorBodyHasTheDocumentedShape() throws Exception {
        APIGatewayV2HTTPResponse response = ApiResponses.error(ApiErrors.map(InvalidInputException.of(List.of(
                Violation.body("must be a string", "string_type", "field_mappings", 0, "reference")))));
        assertThat(response.getStatusCode()).isEqualTo(400);
        assertThat(response.getHeaders()).containsEntry("Content-Type", "application/json");
        var json = Databind.MAPPER.readTree(response.getBody());
        assertThat(json.get("error").asText()).isEqualTo("validation_error");
        assertThat(json.get("message").asText()).contains("must be a string");
        assertThat(json.get("detail").get(0).get("loc").toString()).isEqualTo("[\"body\",\"field_mappings\",0,\"reference\"]");
        assertThat(json.get("detail").get(0).get("type").asText()).isEqualTo("string_type");
    }

    @Test
    void unexpectedFailuresBecomeAGeneric500() throws Exception {
        APIGatewayV2HTTPResponse response = ApiHandlers.handle(APIGatewayV2HTTPEvent.builder().build(), r -> {
            throw new IllegalStateException("internal detail AKIA-SECRET");
        });
        assertThat(response.getStatusCode()).isEqualTo(500);
        assertThat(response.getBody()).doesNotContain("AKIA-SECRET").contains("internal_error");
    }

    /** What the Idempotency-Key fingerprint is taken over: the body without any secret value. */
    @org.junit.jupiter.api.Test
    void theFingerprintedBodyHoldsNoSecretValue() throws Exception {
        com.fasterxml.jackson.databind.node.ObjectNode secret = (com.fasterxml.jackson.databind.node.ObjectNode)
                io.dataraven.secrets.common.Databind.MAPPER.readTree("""
                {"name": "prod", "secret_type": "s3", "auth_method": "s3_access_key",
                 "credentials": {"access_key_id": "AKIAIOSFODNN7EXAMPLE", "secret_access_key": "minioadmin"}}""");
        com.fasterxml.jackson.databind.node.ObjectNode connection = (com.fasterxml.jackson.databind.node.ObjectNode)
                io.dataraven.secrets.common.Databind.MAPPER.readTree("""
                {"name": "inf", "vault_type": "infisical", "client_id": "id-1", "client_secret": "st.hunter2",
                 "project_id": "p", "environment": "prod"}""");

        String blanked = ApiRequest.withoutSecretValues(secret).toString();
        assertThat(blanked).doesNotContain("minioadmin").doesNotContain("AKIAIOSFODNN7EXAMPLE")
                .contains("\"secret_access_key\":\"\"").contains("\"name\":\"prod\"");
        assertThat(ApiRequest.withoutSecretValues(connection).toString()).doesNotContain("hunter2")
                .doesNotContain("id-1").contains("\"project_id\":\"p\"");
        // The caller's body itself is left as it was.
        assertThat(secret.toString()).contains("minioadmin");
    }
}
