package io.dataraven.secrets.local;

import io.dataraven.secrets.config.Settings;
import io.dataraven.secrets.credential.CredentialPaths;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.HashMap;
import java.util.Map;

/**
 * One request to a running local server, as a client would send it (JSON body, bearer token). The answer to a
 * route of docs/openapi.yaml must be as the document says ({@link OpenApiDocument#assertFits}), so every local
 * test that goes through here also checks the document.
 */
final class TestHttp {

    private static final HttpClient CLIENT = HttpClient.newHttpClient();

    private TestHttp() {
    }

    /**
     * In-memory storage with a rate limit no test class reaches (its headers are still on every answer): for servers
     * that answer more requests in a minute than the default 120 would leave them.
     */
    static LocalStorage manyRequests(Map<String, String> environment) {
        Map<String, String> env = new HashMap<>(environment);
        env.put("RATE_LIMIT_PER_MINUTE", "1000000");
        return LocalStorage.inMemory(Settings.from(env), new CredentialPaths(LocalStorage.DEFAULT_PREFIX));
    }

    static LocalStorage manyRequests() {
        return manyRequests(Map.of());
    }

    static HttpResponse<String> send(URI base, String method, String path, String body, String token)
            throws Exception {
        return send(base, method, path, body, token, java.util.Map.of());
    }

    /** As above, with more request headers (e.g. {@code Idempotency-Key}). */
    static HttpResponse<String> send(URI base, String method, String path, String body, String token,
                                     java.util.Map<String, String> headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        headers.forEach(request::header);
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return checked(method, CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString()));
    }

    /** The answer, checked against the document when it is the answer of a documented route. */
    private static HttpResponse<String> checked(String method, HttpResponse<String> response) {
        OpenApiDocument document = OpenApiDocument.packaged();
        document.route(method, response.uri().getRawPath())
                .ifPresent(route -> document.assertFits(method, route, response));
        return response;
    }

    /** Raw bytes with a chosen Content-Type (null: none), as a client that does not encode its text might. */
    static HttpResponse<String> sendBytes(URI base, String method, String path, byte[] body, String contentType,
                                          String token) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path))
                .method(method, HttpRequest.BodyPublishers.ofByteArray(body));
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return checked(method, CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString()));
    }
}
