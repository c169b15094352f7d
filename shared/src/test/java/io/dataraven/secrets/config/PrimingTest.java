package io.dataraven.secrets.config;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import io.dataraven.secrets.api.ApiEvents;
import io.dataraven.secrets.api.ApiHandlers;
import io.dataraven.secrets.api.ApiResponses;
import io.dataraven.secrets.common.Databind;
import io.dataraven.secrets.credential.CredentialPaths;
import io.dataraven.secrets.secret.Secret;
import io.dataraven.secrets.secret.SecretJson;
import io.dataraven.secrets.secret.SecretRepository;
import io.dataraven.secrets.secret.SecretRequests;
import io.dataraven.secrets.store.memory.InMemoryCredentialStore;
import io.dataraven.secrets.store.memory.InMemoryStore;
import io.dataraven.secrets.testing.TestTokens;
import org.junit.jupiter.api.Test;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import io.dataraven.secrets.ratelimit.RateLimiter;
import io.dataraven.secrets.ratelimit.RateWindows;
import io.dataraven.secrets.audit.InMemoryAuditLog;
import java.time.Duration;
import java.util.UUID;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

/** SnapStart priming: harmless (nothing written to the real stores), deterministic, and never failing the init. */
class PrimingTest {

    private final TestTokens tokens = new TestTokens();
    private final InMemoryStore store = new InMemoryStore();
    private final InMemoryCredentialStore credentials = new InMemoryCredentialStore();
    private final List<String> repositoryCalls = new ArrayList<>();
    private final List<JsonNode> createdBodies = new ArrayList<>();

    /** The real App's secret repository, recording which methods priming calls on it. */
    private SecretRepository recordingSecrets() {
        return (SecretRepository) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[]{SecretRepository.class}, (proxy, method, args) -> {
                    repositoryCalls.add(method.getName() + (args == null ? "" : List.of(args)));
                    try {
                        return method.invoke(store, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }

    private App realApp() {
        return new App(tokens.authenticator(), new Metadata(recordingSecrets(), store, store, store, store), credentials,
                new CredentialPaths("/dataraven/test"), Clock.systemUTC(), UUID::randomUUID);
    }

    private static final PrimingSample CREATE = PrimingSample.of("create-secret");

    /** What CreateSecretHandler does, recording the bodies of its 201 responses. */
    private RequestStreamHandler createHandler(App app) {
        return (input, output, context) -> {
            APIGatewayV2HTTPResponse response = ApiHandlers.forTeam(ApiEvents.read(input), app.authenticator(),
                    app.rateLimiter(), (request, principal, teamId) -> {
                        Secret secret = app.secretService().create(principal, teamId,
                                () -> SecretRequests.create(request.jsonObjectBody()));
                        return ApiResponses.json(201, SecretJson.summary(secret),
                                Map.of("Location", request.link("/v1/teams/" + teamId + "/secrets/" + secret.id())));
                    });
            if (response.getStatusCode() == 201) {
                try {
                    createdBodies.add(Databind.MAPPER.readTree(response.getBody()));
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }
            ApiEvents.write(response, output);
        };
    }

    @Test
    void primingRunsTheRequestPathAndOneReadWithoutWritingToTheRealStores() {
        App app = realApp();
        Priming.Result result = new Priming(app, CREATE, this::createHandler).prime();

        assertThat(result.steps()).extracting(Priming.Step::toString).containsExactly(
                "in-memory requests: [201, 409, 400]",
                "aws adapters, canned responses: 201",
                "token check: 401",
                "dynamodb read: none",
                "lazy parts: 1 built");
        // The real stores: one read of a key that cannot exist, and nothing written.
        assertThat(repositoryCalls).containsExactly("findSecret[" + Priming.TEAM + ", " + Priming.SECRET + "]");
        assertThat(store.listSecrets(Priming.TEAM)).isEmpty();
        assertThat(store.findTeam(Priming.TEAM)).isEmpty();
        assertThat(credentials.paths()).isEmpty();
    }

    @Test
    void theRepeatsRunTheCannedRequestAgainWithinTheirRoundsAndWriteNothingReal() {
        Priming.Result result = new Priming(realApp(), CREATE, this::createHandler,
                new Priming.Repeats(3, Duration.ofMinutes(1))).prime();

        assertThat(result.outcomes("aws adapters, repeated")).containsExactly("3 rounds {201=3}");
        // Registered priming ends by closing every TLS connection and forgetting every session (none here).
        assertThat(result.steps().get(result.steps().size() - 1)).hasToString("tls: none (no production clients)");
        assertThat(createdBodies).as("the in-memory, canned and repeated creates").hasSize(5);
        assertThat(repositoryCalls).containsExactly("findSecret[" + Priming.TEAM + ", " + Priming.SECRET + "]");
        assertThat(store.listSecrets(Priming.TEAM)).isEmpty();
        assertThat(credentials.paths()).isEmpty();
    }

    @Test
    void noRepeatStartsOnceTheBudgetIsSpent() {
        Priming.Result result = new Priming(realApp(), CREATE, this::createHandler,
                new Priming.Repeats(1_000, Duration.ZERO)).prime();

        assertThat(result.outcomes("aws adapters, repeated")).containsExactly("0 rounds {}");
    }

    @Test
    void theTraceHeaderSetForPrimingIsGoneAfterwardsAndARealOneIsKept() {
        new Priming(realApp(), CREATE, this::createHandler).prime();
        assertThat(System.getProperty("com.amazonaws.xray.traceHeader")).isNull();

        System.setProperty("com.amazonaws.xray.traceHeader", "Root=1-5759e988-bd862e3fe1be46a994272793");
        try {
            new Priming(realApp(), CREATE, this::createHandler).prime();
            assertThat(System.getProperty("com.amazonaws.xray.traceHeader"))
                    .isEqualTo("Root=1-5759e988-bd862e3fe1be46a994272793");
        } finally {
            System.clearProperty("com.amazonaws.xray.traceHeader");
        }
    }

    @Test
    void primingDrawsNoRandomIdsOrTimes() {
        new Priming(realApp(), CREATE, this::createHandler).prime();
        new Priming(realApp(), CREATE, this::createHandler).prime();

        // Same ids and timestamps every time: nothing unique is baked into a snapshot.
        assertThat(createdBodies).hasSize(4); // per run: the in-memory create and the canned-AWS create
        assertThat(createdBodies.subList(2, 4)).isEqualTo(createdBodies.subList(0, 2));
        assertThat(createdBodies).allSatisfy(body -> {
            assertThat(body.get("id").asText()).startsWith("00000000-0000-4000-8000-");
            assertThat(body.get("created_at").asText()).isEqualTo("1970-01-01T00:00:00Z");
        });
    }

    @Test
    void theProbeTokenIsWellFormedButNeverVerifies() {
        String token = Priming.unverifiableToken();
        assertThat(token.split("\\.")).hasSize(3);
        // A signature that is not all zero, so the RSA check runs its exponentiation before it fails.
        assertThat(java.util.Base64.getUrlDecoder().decode(token.split("\\.")[2])).hasSize(256)
                .contains((byte) 0x5a).doesNotContain((byte) 0);
        assertThatCode(() -> tokens.authenticator().prime()).doesNotThrowAnyException();
        assertThat(tokens.authenticator()).satisfies(auth -> assertThatCode(() -> auth.authenticate(token))
                .hasMessageContaining("signature"));
    }

    @Test
    void failuresAreContainedAndReported() {
        Function<App, RequestStreamHandler> broken = app -> {
            throw new IllegalStateException("handler cannot be built");
        };
        SecretRepository failing = (SecretRepository) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[]{SecretRepository.class}, (proxy, method, args) -> {
                    throw new IllegalStateException("table unreachable");
                });
        App app = new App(tokens.authenticator(), new Metadata(failing, store, store, store, store), credentials,
                new CredentialPaths("/dataraven/test"), Clock.systemUTC(), UUID::randomUUID);
        Priming priming = new Priming(app, CREATE, broken);

        assertThatCode(() -> priming.beforeCheckpoint(null)).doesNotThrowAnyException();
        assertThat(priming.prime().steps()).extracting(Priming.Step::toString).containsExactly(
                "in-memory requests: failed (IllegalStateException)",
                "aws adapters, canned responses: failed (IllegalStateException)",
                "token check: failed (IllegalStateException)",
                "dynamodb read: failed (IllegalStateException)",
                "lazy parts: 1 built");
        assertThatCode(() -> priming.afterRestore(null)).doesNotThrowAnyException();
    }

    @Test
    void aMissingSampleIsReportedAndTheRestStillRuns() {
        Priming.Result result = new Priming(realApp(), PrimingSample.of("no-such-sample"), this::createHandler)
                .prime();

        assertThat(result.steps()).extracting(Priming.Step::toString).containsExactly(
                "sample events/no-such-sample.json: failed (IllegalStateException)",
                "dynamodb read: none",
                "lazy parts: 1 built");
    }

    @Test
    void theProductionWiringBuildsValidatorAndSsmAndEventBridgeClientsOnlyWhenPrimedOrUsed() {
        App app = App.fromSettings(Settings.from(Map.of("AWS_REGION", "us-east-1", "AWS_ACCESS_KEY_ID", "AKIDTEST",
                "AWS_ENDPOINT_URL", "http://127.0.0.1:9", "JWKS_URL", "http://127.0.0.1:9/jwks.json",
                "JWT_ISSUER", "i", "JWT_AUDIENCE", "a", "AUDIT_EVENT_BUS", "audit")));
        // The validator, SSM, EventBridge and the rate limiter's DynamoDB client.
        assertThat(app.buildLazyParts()).isEqualTo(4);
        // A request function (no bus: its audit events go through the table) builds no EventBridge client.
        App requests = App.fromSettings(Settings.from(Map.of("AWS_REGION", "us-east-1", "AWS_ACCESS_KEY_ID", "AKIDTEST",
                "AWS_ENDPOINT_URL", "http://127.0.0.1:9", "JWKS_URL", "http://127.0.0.1:9/jwks.json",
                "JWT_ISSUER", "i", "JWT_AUDIENCE", "a")));
        assertThat(requests.buildLazyParts()).isEqualTo(3);
        // With the limit off, no client for it either.
        App unlimited = App.fromSettings(Settings.from(Map.of("AWS_REGION", "us-east-1", "AWS_ACCESS_KEY_ID",
                "AKIDTEST", "AWS_ENDPOINT_URL", "http://127.0.0.1:9", "JWKS_URL", "http://127.0.0.1:9/jwks.json",
                "JWT_ISSUER", "i", "JWT_AUDIENCE", "a", "RATE_LIMIT_PER_MINUTE", "0")));
        assertThat(unlimited.buildLazyParts()).isEqualTo(2);
        assertThat(unlimited.rateLimiter().enabled()).isFalse();
    }

    @Test
    void primingRunsTheRateLimitButNeverCountsARequestInTheRealStore() {
        AtomicInteger realCounts = new AtomicInteger();
        RateWindows real = (client, window, expiresAt) -> realCounts.incrementAndGet();
        App app = new App(tokens.authenticator(), new Metadata(recordingSecrets(), store, store, store, store),
                credentials, new CredentialPaths("/dataraven/test"), Clock.systemUTC(), UUID::randomUUID,
                () -> App.vaultClients(Settings.defaults()), new InMemoryAuditLog(), Duration.ofMinutes(60),
                RateLimiter.perMinute(120, real, Clock.systemUTC()));
        List<Boolean> limits = new ArrayList<>();
        Priming.Result result = new Priming(app, CREATE, a -> {
            RequestStreamHandler handler = createHandler(a);
            return (input, output, context) -> {
                handler.handleRequest(input, output, context);
                limits.add(a.rateLimiter().enabled());
            };
        }).prime();

        assertThat(result.outcomes("token check")).containsExactly("401");
        assertThat(limits).as("every priming request ran with a limiter").hasSizeGreaterThan(2).containsOnly(true);
        assertThat(realCounts).as("requests counted in the real store").hasValue(0);
    }

    @Test
    void registersOncePerApp() {
        App app = realApp();
        Priming first = Priming.register(app, CREATE, this::createHandler);
        assertThat(Priming.register(app, CREATE, this::createHandler)).isSameAs(first);
        assertThat(Priming.register(realApp(), CREATE, this::createHandler)).isNotSameAs(first);
    }
}
