package io.dataraven.secrets.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.dataraven.secrets.auth.JwtAuthenticator;
import io.dataraven.secrets.common.Databind;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Token checks of the local server, over HTTP. The server used to fetch its own JWKS over HTTP, from its own small
 * thread pool: two dozen requests with unknown key ids (each forcing a refetch) took every thread while the fetch
 * waited for one, and every request, valid ones too, stalled until the fetch timed out.
 */
class LocalTokenChecksTest {

    private static final int UNKNOWN_KEY_REQUESTS = 24;
    private static final int VALID_REQUESTS = 8;

    @Test
    void unknownKeyIdsNeitherStallValidRequestsNorMakeTheServerFetchItsJwks() throws Exception {
        ExecutorService clients = Executors.newFixedThreadPool(UNKNOWN_KEY_REQUESTS + VALID_REQUESTS);
        try (JwksRequests jwksRequests = new JwksRequests();
             LocalApiServer server = LocalApiServer.start(0, TemplateRoutes.locate(null, Path.of("")),
                     TestHttp.manyRequests())) {
            UUID team = UUID.randomUUID();
            String path = "/v1/teams/" + team + "/secrets";
            String valid = mintAdminToken(server.baseUri(), team);
            assertThat(TestHttp.send(server.baseUri(), "GET", path, null, valid).statusCode()).isEqualTo(200);
            RSAKey stranger = new RSAKeyGenerator(2048).generate();

            List<Future<HttpResponse<String>>> unknown = new ArrayList<>();
            List<Future<HttpResponse<String>>> genuine = new ArrayList<>();
            for (int i = 0; i < UNKNOWN_KEY_REQUESTS; i++) {
                String token = signedWithUnknownKeyId(stranger, server.baseUri());
                unknown.add(clients.submit(get(server.baseUri(), path, token)));
            }
            for (int i = 0; i < VALID_REQUESTS; i++) {
                genuine.add(clients.submit(get(server.baseUri(), path, valid)));
            }

            for (Future<HttpResponse<String>> response : unknown) {
                assertThat(response.get().statusCode()).as(response.get().body()).isEqualTo(401);
                JsonNode error = Databind.MAPPER.readTree(response.get().body());
                assertThat(error.path("error").asText()).isEqualTo("unauthorized");
                assertThat(error.path("message").asText()).contains("signature or algorithm not accepted");
            }
            for (Future<HttpResponse<String>> response : genuine) {
                assertThat(response.get().statusCode()).as(response.get().body()).isEqualTo(200);
            }
            // Keys are in-process: no token check, however many unknown key ids, waits for a thread of the server.
            assertThat(jwksRequests.count()).isZero();
        } finally {
            clients.shutdownNow();
        }
    }

    private static Callable<HttpResponse<String>> get(URI base, String path, String token) {
        return () -> TestHttp.send(base, "GET", path, null, token);
    }

    private static String mintAdminToken(URI base, UUID team) throws Exception {
        HttpResponse<String> minted = TestHttp.send(base, "POST", "/local/token",
                "{\"sub\":\"admin-1\",\"team_id\":\"" + team + "\",\"role\":\"admin\"}", null);
        return Databind.MAPPER.readTree(minted.body()).path("access_token").asText();
    }

    /** A token the local issuer might have made, but signed by a key it does not know, under a key id never seen. */
    private static String signedWithUnknownKeyId(RSAKey key, URI base) throws Exception {
        Instant now = Instant.now();
        JWTClaimsSet claims = new JWTClaimsSet.Builder().subject("admin-1").issuer(base + "/local")
                .audience(LocalApiServer.AUDIENCE).issueTime(Date.from(now))
                .expirationTime(Date.from(now.plusSeconds(600))).claim(JwtAuthenticator.TEAMS_CLAIM, Map.of())
                .build();
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JwtAuthenticator.ALGORITHM).type(JOSEObjectType.JWT)
                .keyID(UUID.randomUUID().toString()).build(), claims);
        jwt.sign(new RSASSASigner(key));
        return jwt.serialize();
    }

    /** Counts the JWKS requests the server serves, from its request log (method, path, status, time). */
    private static final class JwksRequests extends Handler implements AutoCloseable {

        private final Logger log = Logger.getLogger(LocalApiServer.class.getName());
        private final AtomicInteger count = new AtomicInteger();

        JwksRequests() {
            log.addHandler(this);
        }

        int count() {
            return count.get();
        }

        @Override
        public void publish(LogRecord record) {
            if (record.getMessage() != null && record.getMessage().startsWith("GET " + LocalTokens.JWKS_PATH + " ")) {
                count.incrementAndGet();
            }
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
            log.removeHandler(this);
        }
    }
}
