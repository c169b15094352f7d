package io.dataraven.secrets.local;

import com.fasterxml.jackson.databind.JsonNode;
import io.dataraven.secrets.common.Databind;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
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

    @Test
    void aMalformedPercentEscapeInThePathOrQueryIsAJsonError() throws Exception {
        assertRefused(raw("GET /v1/teams/%zz/secrets HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"), 400,
                "validation_error", "[\"path\",\"team_id\"]");
        assertRefused(raw("GET /v1/teams/" + TEAM + "%/secrets HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"),
                400, "validation_error", "[\"path\",\"team_id\"]");
        // %ff is well-formed but decodes to no UTF-8: also refused, not turned into U+FFFD.
        assertRefused(raw("GET /v1/teams/%ff/secrets HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"), 400,
                "validation_error", "[\"path\",\"team_id\"]");
        assertRefused(raw("GET /v1/teams/" + TEAM + "/secrets?q=%zz HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer "
                + token + "\r\nConnection: close\r\n\r\n"), 400, "validation_error", "[\"query\",\"q\"]");
        assertRefused(raw("GET /v1/teams/" + TEAM + "/secrets?%G1=x HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer "
                + token + "\r\nConnection: close\r\n\r\n"), 400, "validation_error", "[\"query\"]");
        assertRefused(raw("GET /local/health?x=%e2%82 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"), 400,
                "validation_error", "[\"query\",\"x\"]");
    }

    @Test
    void aRepeatedQueryParameterIs400NamingIt() throws Exception {
        HttpResponse<String> response = TestHttp.send(server.baseUri(), "GET",
                "/v1/teams/" + TEAM + "/secrets?q=a&limit=5&q=b", null, token);

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(json(response).path("detail").path(0).path("loc").toString()).isEqualTo("[\"query\",\"q\"]");
    }

    /** API Gateway's limit is 10 KiB of request line and headers; past it, an answer rather than a reset. */
    @Test
    void oversizedHeadersGet431NotAReset() throws Exception {
        for (int size : new int[] {11 * 1024, 64 * 1024, 900 * 1024}) {
            Answer answer = raw("GET /local/health HTTP/1.1\r\nHost: x\r\nX-Big: " + "a".repeat(size) + "\r\n\r\n");

            assertRefused(answer, 431, "request_header_fields_too_large", null);
            assertThat(answer.head()).contains("Connection: close");
        }
        // Just under the limit is served.
        Answer fits = raw("GET /local/health HTTP/1.1\r\nHost: x\r\nConnection: close\r\nX-Big: "
                + "a".repeat(9 * 1024) + "\r\n\r\n");
        assertThat(fits.status()).isEqualTo(200);
    }

    @Test
    void malformedRequestsGetTheJsonErrorShape() throws Exception {
        for (String request : List.of("GET /local/health HTTP/1.1 extra\r\n\r\n", "GET local/health HTTP/1.1\r\n\r\n",
                "GET /local/health HTTP/2.0\r\n\r\n", "GET /local/health HTTP/1.1\r\n folded: x\r\n\r\n",
                "GET /local/health HTTP/1.1\r\nno colon\r\n\r\n",
                "POST /local/token HTTP/1.1\r\nContent-Length: 2\r\nTransfer-Encoding: chunked\r\n\r\n{}",
                "POST /local/token HTTP/1.1\r\nContent-Length: -1\r\n\r\n",
                "POST /local/token HTTP/1.1\r\nTransfer-Encoding: gzip\r\n\r\n")) {
            assertRefused(raw(request), 400, "bad_request", null);
        }
    }

    @Test
    void chunkedBodiesExpectContinueAndKeepAliveWork() throws Exception {
        String body = "{\"sub\":\"u\",\"team_id\":\"" + TEAM + "\",\"role\":\"viewer\"}";
        Answer chunked = raw("POST /local/token HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                + "Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n"
                + Integer.toHexString(10) + "\r\n" + body.substring(0, 10) + "\r\n"
                + Integer.toHexString(body.length() - 10) + ";ext=1\r\n" + body.substring(10) + "\r\n0\r\n\r\n");
        assertThat(chunked.status()).as(chunked.head()).isEqualTo(200);
        assertThat(Databind.MAPPER.readTree(chunked.body()).path("token_type").asText()).isEqualTo("Bearer");

        try (Socket socket = new Socket(server.baseUri().getHost(), server.baseUri().getPort())) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(("POST /local/token HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nExpect: 100-continue"
                    + "\r\nContent-Length: " + body.length() + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = socket.getInputStream();
            assertThat(new String(in.readNBytes(25), StandardCharsets.ISO_8859_1)).isEqualTo("HTTP/1.1 100 Continue\r\n\r\n");
            out.write(body.getBytes(StandardCharsets.UTF_8));
            // and a second request on the same connection
            out.write("GET /local/health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
            String both = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            assertThat(both).startsWith("HTTP/1.1 200 OK").contains("access_token").contains("\r\n\r\n{\"status\":\"ok\"}");
        }
    }

    /** One exchange over a raw socket: what a client that HttpClient would not let us write sends. */
    private static Answer raw(String request) throws IOException {
        try (Socket socket = new Socket(server.baseUri().getHost(), server.baseUri().getPort())) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
            socket.getOutputStream().flush();
            String text = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            int end = text.indexOf("\r\n\r\n");
            assertThat(end).as("a whole answer: " + text).isPositive();
            return new Answer(Integer.parseInt(text.substring(9, 12)), text.substring(0, end), text.substring(end + 4));
        }
    }

    private record Answer(int status, String head, String body) {
    }

    private static void assertRefused(Answer answer, int status, String error, String loc) throws IOException {
        assertThat(answer.status()).as(answer.head() + "\n" + answer.body()).isEqualTo(status);
        assertThat(answer.head()).contains("Content-Type: application/json");
        JsonNode body = Databind.MAPPER.readTree(answer.body());
        assertThat(body.path("error").asText()).isEqualTo(error);
        assertThat(body.path("message").asText()).isNotBlank();
        assertThat(body.path("detail").isArray()).isTrue();
        if (loc != null) {
            assertThat(body.path("detail").path(0).path("loc").toString()).isEqualTo(loc);
        }
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
        return Databind.MAPPER.readTree(response.body());
    }
}
