package io.dataraven.secrets.common;

import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** The outbound HTTP of vault clients and provider checks against WireMock: exact requests, answers and faults. */
class OutboundHttpTest {

    @RegisterExtension
    static final WireMockExtension wireMock = WireMockExtension.newInstance()
            .options(options().bindAddress("127.0.0.1").dynamicPort()).build();
    /** Generous: only the timeout tests are meant to run out of time, each with its own client. */
    private final OutboundHttp http = new OutboundHttp(Duration.ofSeconds(10), Duration.ofSeconds(10));

    @BeforeAll
    static void warmUp() throws Exception {
        // A cold WireMock's first exchange is slow: have it here, not in a timeout test.
        wireMock.stubFor(get("/warm").willReturn(aResponse().withStatus(204)));
        new OutboundHttp(Duration.ofSeconds(30), Duration.ofSeconds(30)).send(
                OutboundHttp.Request.get(URI.create(wireMock.baseUrl() + "/warm")), 10);
    }

    private URI uri(String path) {
        return URI.create(wireMock.baseUrl() + path);
    }

    @Test
    void aGetSendsItsHeadersAndReadsStatusHeadersAndBody() throws Exception {
        wireMock.stubFor(get("/v1/a?x=1").willReturn(aResponse().withStatus(200).withHeader("Retry-After", "7")
                .withBody("{\"ok\":true}")));
        OutboundHttp.Answer answer = http.send(OutboundHttp.Request.get(uri("/v1/a?x=1"))
                .header("Authorization", "Bearer t0ken").header("X-Two", "a").header("X-Two", "b"), 1024);
        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.header("retry-after")).contains("7");
        assertThat(answer.header("RETRY-AFTER")).contains("7");
        assertThat(new String(answer.body(), StandardCharsets.UTF_8)).isEqualTo("{\"ok\":true}");
        wireMock.verify(getRequestedFor(urlEqualTo("/v1/a?x=1")).withHeader("Authorization", equalTo("Bearer t0ken"))
                .withHeader("X-Two", equalTo("a")).withHeader("X-Two", equalTo("b")));
    }

    /** HttpURLConnection in streaming mode throws on a 401 instead of answering it: bodies are buffered. */
    @Test
    void aPostSendsItsBodyAndA401IsAnAnswerWithItsBody() throws Exception {
        wireMock.stubFor(post("/login").willReturn(aResponse().withStatus(401)
                .withHeader("WWW-Authenticate", "Bearer").withBody("{\"message\":\"bad secret\"}")));
        OutboundHttp.Answer answer = http.send(OutboundHttp.Request.post(uri("/login"),
                "{\"clientId\":\"c\"}".getBytes(StandardCharsets.UTF_8)).header("Content-Type", "application/json"),
                1024);
        assertThat(answer.status()).isEqualTo(401);
        assertThat(new String(answer.body(), StandardCharsets.UTF_8)).contains("bad secret");
        wireMock.verify(postRequestedFor(urlEqualTo("/login")).withHeader("Content-Type", equalTo("application/json"))
                .withHeader("Content-Length", equalTo("16")).withRequestBody(equalTo("{\"clientId\":\"c\"}")));
    }

    @Test
    void aRedirectIsAnsweredNotFollowed() throws Exception {
        wireMock.stubFor(get("/from").willReturn(aResponse().withStatus(302).withHeader("Location", "/to")));
        wireMock.stubFor(get("/to").willReturn(aResponse().withStatus(200)));
        OutboundHttp.Answer answer = http.send(OutboundHttp.Request.get(uri("/from"))
                .header("Authorization", "Bearer t0ken"), 1024);
        assertThat(answer.status()).isEqualTo(302);
        assertThat(answer.header("Location")).contains("/to");
        wireMock.verify(0, getRequestedFor(urlEqualTo("/to")));
    }

    @Test
    void anErrorStatusKeepsItsBody() throws Exception {
        wireMock.stubFor(get(anyUrl()).willReturn(aResponse().withStatus(503).withBody("<Code>SlowDown</Code>")));
        OutboundHttp.Answer answer = http.send(OutboundHttp.Request.get(uri("/x")), 1024);
        assertThat(answer.status()).isEqualTo(503);
        assertThat(new String(answer.body(), StandardCharsets.UTF_8)).isEqualTo("<Code>SlowDown</Code>");
    }

    @Test
    void aBodyOverTheLimitIsRefused() {
        wireMock.stubFor(get(anyUrl()).willReturn(aResponse().withStatus(200).withBody("x".repeat(1025))));
        OutboundHttp.Failure failure = catchThrowableOfType(() -> http.send(OutboundHttp.Request.get(uri("/big")),
                1024), OutboundHttp.Failure.class);
        assertThat(failure.kind()).isEqualTo(OutboundHttp.Failure.Kind.TOO_LARGE);
    }

    /**
     * A server that trickles its answer, each piece well within the read timeout: the deadline still ends the
     * exchange (without the timer it would complete after about 3 s with a 200).
     */
    @Test
    void anAnswerTrickledPastTheDeadlineIsATimeout() {
        wireMock.stubFor(get(anyUrl()).willReturn(aResponse().withStatus(200).withBody("y".repeat(20))
                .withChunkedDribbleDelay(20, 3_000)));
        OutboundHttp slow = new OutboundHttp(Duration.ofSeconds(5), Duration.ofMillis(600));
        OutboundHttp.Failure failure = catchThrowableOfType(() -> slow.send(OutboundHttp.Request.get(uri("/drip")),
                1024), OutboundHttp.Failure.class);
        assertThat(failure.kind()).isEqualTo(OutboundHttp.Failure.Kind.TIMEOUT);
    }

    @Test
    void anAnswerSlowerThanTheRequestTimeoutIsATimeout() {
        wireMock.stubFor(get(anyUrl()).willReturn(aResponse().withStatus(200).withFixedDelay(2_000)));
        OutboundHttp slow = new OutboundHttp(Duration.ofSeconds(5), Duration.ofMillis(500));
        OutboundHttp.Failure failure = catchThrowableOfType(() -> slow.send(OutboundHttp.Request.get(uri("/slow")),
                1024), OutboundHttp.Failure.class);
        assertThat(failure.kind()).isEqualTo(OutboundHttp.Failure.Kind.TIMEOUT);
    }

    @Test
    void aResetOrGarbageIsUnreachableAndARefusedPortNamesItsException() throws IOException {
        wireMock.stubFor(get(anyUrl()).willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));
        assertThat(catchThrowableOfType(() -> http.send(OutboundHttp.Request.get(uri("/reset")), 1024),
                OutboundHttp.Failure.class).kind()).isEqualTo(OutboundHttp.Failure.Kind.UNREACHABLE);
        wireMock.stubFor(get(anyUrl()).willReturn(aResponse().withFault(Fault.RANDOM_DATA_THEN_CLOSE)));
        assertThat(catchThrowableOfType(() -> http.send(OutboundHttp.Request.get(uri("/garbage")), 1024),
                OutboundHttp.Failure.class).kind()).isEqualTo(OutboundHttp.Failure.Kind.UNREACHABLE);
        int closed;
        try (ServerSocket socket = new ServerSocket(0)) {
            closed = socket.getLocalPort();
        }
        OutboundHttp.Failure refused = catchThrowableOfType(() -> http.send(OutboundHttp.Request.get(
                URI.create("http://127.0.0.1:" + closed + "/")), 1024), OutboundHttp.Failure.class);
        assertThat(refused.kind()).isEqualTo(OutboundHttp.Failure.Kind.UNREACHABLE);
        assertThat(refused.causeName()).isEqualTo("ConnectException");
    }

    /** A stored token with CR or LF could add headers of its own: refused before anything is sent, unquoted. */
    @Test
    void aHeaderValueWithAControlCharacterIsRefusedWithoutQuotingIt() throws Exception {
        for (String value : new String[] {"Bearer abc\rX-Evil: 1", "Bearer abc\n X-Evil: 1", "Bearer \u0000",
                "Bearer \u2028", "Bearer \u00e9"}) {
            IllegalArgumentException refused = catchThrowableOfType(() -> OutboundHttp.Request.get(uri("/x"))
                    .header("Authorization", value), IllegalArgumentException.class);
            assertThat(refused).as(value).hasMessage("invalid value for header Authorization");
        }
        assertThat(catchThrowableOfType(() -> OutboundHttp.Request.get(uri("/x")).header("X-A: b", "c"),
                IllegalArgumentException.class)).hasMessage("invalid header name");
        // A tab and printable ASCII go out as given.
        wireMock.stubFor(get("/x").willReturn(aResponse().withStatus(204)));
        http.send(OutboundHttp.Request.get(uri("/x")).header("Authorization", "Bearer a\tb~"), 16);
        wireMock.verify(getRequestedFor(urlEqualTo("/x")).withHeader("Authorization", equalTo("Bearer a\tb~")));
    }

    /** Other URL handlers (file, jar, ftp) are never what a vault or a provider is. */
    @Test
    void onlyHttpAndHttpsUrlsWithAHostAreSent() {
        for (String url : new String[] {"file:///etc/passwd", "ftp://example.com/x", "jar:file:/x.jar!/a",
                "mailto:a@example.com", "https:///no-host"}) {
            assertThat(catchThrowableOfType(() -> OutboundHttp.Request.get(URI.create(url)),
                    IllegalArgumentException.class)).as(url).hasMessage("only http and https URLs with a host are sent");
        }
    }

    /**
     * Headers, then part of the body, then nothing: the body's read ends on the read timeout (a disconnect from
     * the timer would wait for the blocked read's lock), as a timeout, not as a short body or a hang.
     */
    @Test
    void aBodyThatStallsIsATimeout() throws Exception {
        CountDownLatch done = new CountDownLatch(1);
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Thread stub = new Thread(() -> {
                try (Socket socket = server.accept()) {
                    socket.getInputStream().read(new byte[4096]); // the request (small: one read)
                    OutputStream out = socket.getOutputStream();
                    out.write("HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n0123456789".getBytes(StandardCharsets.US_ASCII));
                    out.flush();
                    done.await(); // and stall until the client gave up
                } catch (IOException | InterruptedException ignored) {
                    // the test is over
                }
            }, "stalling-stub");
            stub.setDaemon(true);
            stub.start();
            OutboundHttp slow = new OutboundHttp(Duration.ofSeconds(5), Duration.ofMillis(600));
            OutboundHttp.Failure failure = catchThrowableOfType(() -> slow.send(OutboundHttp.Request.get(
                    URI.create("http://127.0.0.1:" + server.getLocalPort() + "/stall")), 1024), OutboundHttp.Failure.class);
            assertThat(failure.kind()).isEqualTo(OutboundHttp.Failure.Kind.TIMEOUT);
        } finally {
            done.countDown();
        }
    }

    @Test
    void aBodyCutShortIsLost() {
        wireMock.stubFor(get(anyUrl()).willReturn(aResponse().withFault(Fault.MALFORMED_RESPONSE_CHUNK)));
        OutboundHttp.Failure failure = catchThrowableOfType(() -> http.send(OutboundHttp.Request.get(uri("/cut")),
                1024), OutboundHttp.Failure.class);
        assertThat(failure.kind()).isEqualTo(OutboundHttp.Failure.Kind.LOST);
    }
}
