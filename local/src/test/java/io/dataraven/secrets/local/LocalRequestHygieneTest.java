package io.dataraven.secrets.local;

import com.fasterxml.jackson.databind.JsonNode;
import io.dataraven.secrets.common.Json;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** Requests a hostile client sends, over HTTP against the local server: each gets a JSON error, nothing changes. */
class LocalRequestHygieneTest {

    private static final String SECRET = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";

    private static LocalApiServer server;
    private static final UUID TEAM = UUID.randomUUID();
    private static String token;

    @BeforeAll
    static void start() throws Exception {
        server = LocalApiServer.start(0, TemplateRoutes.locate(null, Path.of("")), LocalStorage.inMemory());
        HttpResponse<String> minted = TestHttp.send(server.baseUri(), "POST", "/local/token",
                "{\"sub\":\"admin-1\",\"team_id\":\"" + TEAM + "\",\"role\":\"admin\"}", null);
        token = json(minted).path("access_token").asText();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void aBodyThatIsNotUtf8IsRefusedNotRepaired() throws Exception {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes(("{\"name\":\"bytes\",\"secret_type\":\"s3\",\"auth_method\":\"s3_access_key\",\"credentials\":"
                + "{\"access_key_id\":\"AKIAIOSFODNN7EXAMPLE\",\"secret_access_key\":\"" + SECRET)
                .getBytes(StandardCharsets.UTF_8));
        body.write(0xff); // Latin-1 'ÿ', or any stray byte: new String(...) would store U+FFFD instead
        body.writeBytes("\"}}".getBytes(StandardCharsets.UTF_8));

        HttpResponse<String> response = TestHttp.sendBytes(server.baseUri(), "POST", "/v1/teams/" + TEAM + "/secrets",
                body.toByteArray(), "application/json", token);

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(json(response).path("error").asText()).isEqualTo("invalid_body");
        assertThat(json(response).path("message").asText()).contains("not valid UTF-8");
        assertThat(response.body()).doesNotContain(SECRET);
        assertThat(secretCount()).isZero();

        HttpResponse<String> invoke = TestHttp.sendBytes(server.baseUri(), "POST",
                "/local/invoke/ResolveSecretFunction", new byte[] {'{', '"', (byte) 0xc0, (byte) 0xaf, '"', '}'},
                "application/json", null);
        assertThat(invoke.statusCode()).isEqualTo(400);
        assertThat(json(invoke).path("error").asText()).isEqualTo("invalid_body");
    }

    @Test
    void aBodyOfAnotherContentTypeIs415() throws Exception {
        byte[] body = createBody("typed").getBytes(StandardCharsets.UTF_8);
        for (String type : new String[] {"text/plain", "application/x-www-form-urlencoded",
                "application/json; charset=iso-8859-1"}) {
            HttpResponse<String> response = TestHttp.sendBytes(server.baseUri(), "POST",
                    "/v1/teams/" + TEAM + "/secrets", body, type, token);

            assertThat(response.statusCode()).as(type).isEqualTo(415);
            assertThat(json(response).path("error").asText()).isEqualTo("unsupported_media_type");
            assertThat(json(response).path("detail").path(0).path("loc").toString())
                    .isEqualTo("[\"header\",\"content-type\"]");
        }
        assertThat(secretCount()).isZero();

        HttpResponse<String> untyped = TestHttp.sendBytes(server.baseUri(), "POST", "/v1/teams/" + TEAM + "/secrets",
                body, null, token);
        assertThat(untyped.statusCode()).isEqualTo(201);
        TestHttp.send(server.baseUri(), "DELETE", "/v1/teams/" + TEAM + "/secrets/" + json(untyped).path("id").asText(),
                null, token);
    }

    private static String createBody(String name) {
        return "{\"name\":\"" + name + "\",\"secret_type\":\"s3\",\"auth_method\":\"s3_access_key\",\"credentials\":"
                + "{\"access_key_id\":\"AKIAIOSFODNN7EXAMPLE\",\"secret_access_key\":\"" + SECRET + "\"}}";
    }

    private static int secretCount() throws Exception {
        HttpResponse<String> list = TestHttp.send(server.baseUri(), "GET", "/v1/teams/" + TEAM + "/secrets", null,
                token);
        assertThat(list.statusCode()).isEqualTo(200);
        return json(list).path("pagination").path("total").asInt();
    }

    private static JsonNode json(HttpResponse<String> response) throws IOException {
        return Json.MAPPER.readTree(response.body());
    }
}
