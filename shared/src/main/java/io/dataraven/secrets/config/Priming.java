package io.dataraven.secrets.config;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dataraven.secrets.common.Json;
import io.dataraven.secrets.auth.Authenticator;
import io.dataraven.secrets.auth.Principal;
import io.dataraven.secrets.auth.Role;
import io.dataraven.secrets.credential.CredentialPaths;
import io.dataraven.secrets.secret.SecretRequests;
import io.dataraven.secrets.store.memory.InMemoryCredentialStore;
import io.dataraven.secrets.store.memory.InMemoryStore;
import io.dataraven.secrets.store.aws.Pacer;
import io.dataraven.secrets.store.ssm.SsmCredentialStore;
import org.crac.Context;
import org.crac.Core;
import org.crac.Resource;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.AbortableInputStream;
import software.amazon.awssdk.http.ExecutableHttpRequest;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.HttpExecuteResponse;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpResponse;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.ssm.SsmClient;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * SnapStart priming: before Lambda takes the snapshot, run the request path once in-process so the classes it
 * needs are loaded and initialized in the snapshot, instead of on the first request after every restore.
 *
 * <p>A handler registers once, from its no-arg (Lambda) constructor:
 * <pre>{@code
 * public CreateSecretHandler() {
 *     this(App.fromEnvironment());
 *     Priming.register(app, CreateSecretHandler::new);
 * }
 * }</pre>
 *
 * <p>{@link #beforeCheckpoint} then does only harmless work:
 * <ol>
 *   <li>the handler over a throwaway in-memory App (its own stores holding one seeded secret, a fixed clock,
 *       fixed ids and an authenticator that admits the priming caller only): a sample create body (for the create
 *       handler 201), the same again (409), an invalid body (400) and malformed JSON (400). That loads JSON
 *       parsing, Hibernate Validator, the credential rules, the service and the response mapping, and writes
 *       nothing anywhere but in that throwaway App. Other handlers get the same events and take their own paths
 *       (read, update or delete of the seeded secret);</li>
 *   <li>the handler over the real DynamoDB and SSM adapters on SDK clients whose HTTP client answers in process
 *       ({@link InProcessAws}, dummy keys), after one seeded secret: the sample create body, so the SDK's
 *       marshalling, signing and response parsing for the operations the handler makes are loaded without any
 *       network call;</li>
 *   <li>the handler over the real App with a well-formed token whose signature is all zero bytes: a 401 after
 *       the JWKS has been fetched (and cached) and an RS256 verification has run;</li>
 *   <li>one read-only AWS round trip: a DynamoDB GetItem of a secret key that cannot exist, which warms the SDK
 *       pipeline (signing, HTTP client, JSON protocol) and the credentials provider.</li>
 * </ol>
 * Nothing random is drawn and no unique id is made before the snapshot (priming ids are fixed constants), so
 * restored copies share no random state through priming; {@link #afterRestore} therefore has nothing to reset.
 * Every step is guarded: priming can make the snapshot better, never break the init.
 */
public final class Priming implements Resource {

    private static final System.Logger LOG = System.getLogger(Priming.class.getName());

    /** A version-4-shaped but fixed id: never a real team (real ids are random), never random itself. */
    static final UUID TEAM = UUID.fromString("00000000-0000-4000-8000-00000000000a");
    static final UUID SECRET = UUID.fromString("00000000-0000-4000-8000-00000000000b");
    static final String SUBJECT = "snapstart-priming";
    private static final Principal PRINCIPAL = new Principal(SUBJECT, Map.of(TEAM, Role.OWNER));
    private static final Clock FIXED_CLOCK = Clock.fixed(Instant.EPOCH, ZoneOffset.UTC);

    /** The org.crac context keeps registered resources weakly: these strong references keep them alive. */
    private static final List<Priming> REGISTERED = new ArrayList<>();

    private final App app;
    private final Function<App, ? extends RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse>> handlers;

    Priming(App app,
            Function<App, ? extends RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse>> handlers) {
        this.app = Objects.requireNonNull(app, "app");
        this.handlers = Objects.requireNonNull(handlers, "handlers");
    }

    /**
     * Registers priming for {@code app} with the CRaC global context, once: a second call for the same App returns
     * the first registration.
     *
     * @param handlers makes a handler over a given App (the handler's injecting constructor, e.g.
     *                 {@code CreateSecretHandler::new})
     */
    public static Priming register(App app,
            Function<App, ? extends RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse>> handlers) {
        synchronized (REGISTERED) {
            for (Priming existing : REGISTERED) {
                if (existing.app == app) {
                    return existing;
                }
            }
            Priming priming = new Priming(app, handlers);
            REGISTERED.add(priming);
            Core.getGlobalContext().register(priming);
            return priming;
        }
    }

    @Override
    public void beforeCheckpoint(Context<? extends Resource> context) {
        prime();
    }

    @Override
    public void afterRestore(Context<? extends Resource> context) {
        // Nothing to reset: priming kept no random value, id, token or connection-specific state of its own.
    }

    /** What one priming run did: each step's name and its HTTP status or outcome. */
    public record Result(List<String> steps, long millis) {
        @Override
        public String toString() {
            return String.join(", ", steps) + " in " + millis + " ms";
        }
    }

    /** Runs the warm-up once (what {@link #beforeCheckpoint} does); never throws. */
    public Result prime() {
        long start = System.nanoTime();
        List<String> steps = new ArrayList<>();
        step(steps, "in-memory requests", this::inMemoryRequests);
        step(steps, "aws adapters, canned responses", this::cannedAwsRequests);
        step(steps, "token check", () -> String.valueOf(invoke(handlers.apply(app), unverifiableToken(),
                sampleCreateBody())));
        step(steps, "dynamodb read", () -> app.secrets().findSecret(TEAM, SECRET).isPresent() ? "found" : "none");
        // What the wiring builds lazily (validator, SSM, EventBridge) goes into the snapshot, not the first request.
        step(steps, "lazy parts", () -> app.buildLazyParts() + " built");
        Result result = new Result(List.copyOf(steps), (System.nanoTime() - start) / 1_000_000);
        LOG.log(System.Logger.Level.INFO, () -> "snapstart priming: " + result);
        return result;
    }

    private static void step(List<String> steps, String name, Supplier<String> work) {
        try {
            steps.add(name + ": " + work.get());
        } catch (RuntimeException | LinkageError e) {
            // Only the type: a message could quote input. The real request path reports its own failures.
            steps.add(name + ": failed (" + e.getClass().getSimpleName() + ")");
        }
    }

    /** Fixed ids: the first is SECRET (the seeded secret that read, update and delete handlers find). */
    private static Supplier<UUID> fixedIds() {
        AtomicLong sequence = new AtomicLong();
        return () -> {
            long n = sequence.incrementAndGet();
            return n == 1 ? SECRET : new UUID(0x0000000000004000L, 0x8000000000000000L | n);
        };
    }

    /** The request path end to end over a throwaway in-memory App: nothing reaches AWS or the real stores. */
    private String inMemoryRequests() {
        Authenticator onlyPriming = token -> PRINCIPAL;
        App scratch = new App(onlyPriming, Metadata.of(new InMemoryStore()), new InMemoryCredentialStore(),
                new CredentialPaths("/snapstart-priming"), FIXED_CLOCK, fixedIds());
        seed(scratch);
        RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> handler = handlers.apply(scratch);
        String token = "priming";
        List<Integer> statuses = new ArrayList<>();
        statuses.add(invoke(handler, token, sampleCreateBody()));
        statuses.add(invoke(handler, token, sampleCreateBody()));
        statuses.add(invoke(handler, token, "{\"name\":\"\",\"secret_type\":\"azure_blob\","
                + "\"auth_method\":\"azure_sas_url\",\"credentials\":{\"sas_url\":\"http://example.invalid\"}}"));
        statuses.add(invoke(handler, token, "{\"name\": "));
        return statuses.toString();
    }

    /**
     * The handler over the real DynamoDB and SSM adapters, on SDK clients whose HTTP client answers in process
     * ({@link InProcessAws}): request marshalling, SigV4 signing (dummy keys), response parsing and our item and
     * parameter mapping, without a byte on the network. A secret is seeded first through the service, so read,
     * update and delete handlers find it.
     */
    private String cannedAwsRequests() {
        StaticCredentialsProvider keys = StaticCredentialsProvider.create(
                AwsBasicCredentials.create("AKIDSNAPSTARTPRIMING", "snapstart-priming"));
        Region region = Region.of(Settings.fromEnvironment().region());
        URI nowhere = URI.create("http://localhost");
        InProcessAws http = new InProcessAws();
        try (DynamoDbClient dynamo = DynamoDbClient.builder().httpClient(http).region(region)
                     .credentialsProvider(keys).endpointOverride(nowhere).build();
             SsmClient ssm = SsmClient.builder().httpClient(http).region(region)
                     .credentialsProvider(keys).endpointOverride(nowhere).build()) {
            App scratch = new App(token -> PRINCIPAL, Metadata.dynamoDb(dynamo, "snapstart-priming"),
                    SsmCredentialStore.create(() -> ssm, "alias/snapstart-priming", "Intelligent-Tiering",
                            "snapstart-priming", Pacer.perSecond(1000)), new CredentialPaths("/snapstart-priming"),
                    FIXED_CLOCK, fixedIds());
            seed(scratch);
            RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> handler = handlers.apply(scratch);
            return List.of(invoke(handler, "priming", sampleCreateBody())).toString();
        }
    }

    /** The first secret of a priming App: id {@link #SECRET}, in {@link #TEAM}. */
    private static void seed(App scratch) {
        try {
            scratch.secretService().create(PRINCIPAL, TEAM,
                    SecretRequests.create((ObjectNode) Json.MAPPER.readTree(sampleCreateBody().replace(
                            "\"name\":\"snapstart-priming\"", "\"name\":\"snapstart-priming-seed\""))));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * An SDK HTTP client that never leaves the process: every operation succeeds with an empty answer, except
     * PutParameter (version 1) and a GetItem of a secret key, which returns the secret item that the newest
     * TransactWriteItems put (so the item has exactly the shape our adapter writes).
     */
    static final class InProcessAws implements SdkHttpClient {

        private volatile JsonNode secretItem;

        @Override
        public ExecutableHttpRequest prepareRequest(HttpExecuteRequest request) {
            return new ExecutableHttpRequest() {
                @Override
                public HttpExecuteResponse call() throws IOException {
                    String target = request.httpRequest().firstMatchingHeader("X-Amz-Target").orElse("");
                    byte[] body;
                    if (request.contentStreamProvider().isPresent()) {
                        try (InputStream in = request.contentStreamProvider().get().newStream()) {
                            body = in.readAllBytes();
                        }
                    } else {
                        body = new byte[0];
                    }
                    byte[] answer = answer(target, body).getBytes(StandardCharsets.UTF_8);
                    return HttpExecuteResponse.builder()
                            .response(SdkHttpResponse.builder().statusCode(200)
                                    .putHeader("Content-Length", String.valueOf(answer.length)).build())
                            .responseBody(AbortableInputStream.create(new ByteArrayInputStream(answer)))
                            .build();
                }

                @Override
                public void abort() {
                }
            };
        }

        private String answer(String target, byte[] body) throws IOException {
            if (target.endsWith(".TransactWriteItems")) {
                // The reservation, then the activation: the newest secret item is what a GetItem finds.
                JsonNode item = Json.MAPPER.readTree(body).path("TransactItems").path(0).path("Put").path("Item");
                if (item.isObject() && item.path("SK").path("S").asText().startsWith("SECRET#")) {
                    secretItem = item;
                }
            } else if (target.endsWith(".PutParameter")) {
                return "{\"Version\":1,\"Tier\":\"Standard\"}";
            } else if (target.endsWith(".GetItem") && secretItem != null
                    && Json.MAPPER.readTree(body).path("Key").path("SK").path("S").asText().startsWith("SECRET#")) {
                return "{\"Item\":" + secretItem + "}";
            }
            return "{}";
        }

        @Override
        public String clientName() {
            return "SnapStartPriming";
        }

        @Override
        public void close() {
        }
    }

    private static int invoke(RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> handler, String token,
                              String body) {
        APIGatewayV2HTTPResponse response = handler.handleRequest(event(token, body), null);
        return response == null ? -1 : response.getStatusCode();
    }

    /** A sample HTTP API event for the team {@link #TEAM}, as API Gateway sends it (payload 2.0). */
    static APIGatewayV2HTTPEvent event(String token, String body) {
        String path = "/v1/teams/" + TEAM + "/secrets";
        Map<String, String> headers = new HashMap<>();
        headers.put("authorization", "Bearer " + token);
        headers.put("content-type", "application/json");
        APIGatewayV2HTTPEvent event = new APIGatewayV2HTTPEvent();
        event.setVersion("2.0");
        event.setRouteKey("PRIMING " + path);
        event.setRawPath(path);
        event.setHeaders(headers);
        event.setPathParameters(Map.of("team_id", TEAM.toString(), "secret_id", SECRET.toString()));
        event.setQueryStringParameters(Map.of());
        event.setBody(body);
        event.setIsBase64Encoded(false);
        return event;
    }

    /** AWS's documented example key pair: valid shapes, never a real credential. */
    static String sampleCreateBody() {
        return "{\"name\":\"snapstart-priming\",\"description\":\"priming\",\"secret_type\":\"s3\","
                + "\"auth_method\":\"s3_access_key\",\"credentials\":{\"access_key_id\":\"AKIAIOSFODNN7EXAMPLE\","
                + "\"secret_access_key\":\"wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\"}}";
    }

    /**
     * A well-formed RS256 JWT with no key id and an all-zero signature: the authenticator fetches the JWKS, selects
     * the RSA keys and runs a signature check that fails, so it answers 401 with the verification path loaded.
     */
    static String unverifiableToken() {
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        String header = b64.encodeToString("{\"alg\":\"RS256\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));
        String claims = b64.encodeToString(("{\"sub\":\"" + SUBJECT + "\",\"iss\":\"priming\",\"aud\":\"priming\","
                + "\"iat\":0,\"exp\":1,\"teams\":{}}").getBytes(StandardCharsets.UTF_8));
        return header + "." + claims + "." + b64.encodeToString(new byte[256]);
    }
}
