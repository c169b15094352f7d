package io.dataraven.secrets.config;

import io.dataraven.secrets.vault.provider.VaultClients;
import java.util.concurrent.atomic.AtomicInteger;

import io.dataraven.secrets.apikey.ApiKeyRequests;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dataraven.secrets.audit.AuditPublisher;
import io.dataraven.secrets.audit.InMemoryAuditLog;
import io.dataraven.secrets.auth.Principal;
import io.dataraven.secrets.auth.Role;
import io.dataraven.secrets.common.Json;
import io.dataraven.secrets.logging.Invocations;
import io.dataraven.secrets.logging.LogContext;
import io.dataraven.secrets.credential.AuthMethod;
import io.dataraven.secrets.credential.CredentialPaths;
import io.dataraven.secrets.credential.CredentialStore;
import io.dataraven.secrets.credential.Credentials;
import io.dataraven.secrets.ratelimit.RateLimiter;
import io.dataraven.secrets.ratelimit.RateWindows;
import io.dataraven.secrets.secret.SecretRequests;
import io.dataraven.secrets.store.aws.Pacer;
import io.dataraven.secrets.store.dynamodb.DynamoDbRateWindows;
import io.dataraven.secrets.store.eventbridge.EventBridgeAuditPublisher;
import io.dataraven.secrets.store.memory.InMemoryCredentialStore;
import io.dataraven.secrets.store.memory.InMemoryRateWindows;
import io.dataraven.secrets.store.memory.InMemoryStore;
import io.dataraven.secrets.store.ssm.SsmCredentialStore;
import io.dataraven.secrets.vault.VaultAccess;
import io.dataraven.secrets.vault.VaultConnectionRequests;
import io.dataraven.secrets.vault.VaultProvider;
import io.dataraven.secrets.vault.VaultProviders;
import io.dataraven.secrets.vault.VaultType;
import io.dataraven.secrets.verify.CheckOutcome;
import io.dataraven.secrets.verify.CheckTarget;
import io.dataraven.secrets.verify.CredentialCheck;
import io.dataraven.secrets.verify.provider.ProviderChecks;
import io.dataraven.secrets.verify.Reason;
import org.crac.Context;
import org.crac.Core;
import org.crac.Resource;
import software.amazon.awssdk.regions.Region;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * SnapStart priming: before Lambda takes the snapshot, run the function's own request path once in-process so the
 * classes it needs are loaded and initialized in the snapshot, instead of on the first request after every restore.
 *
 * <p>A handler registers once, from its no-arg (Lambda) constructor, with its own sample event ({@link PrimingSample}):
 * <pre>{@code
 * public CreateSecretHandler() {
 *     this(App.fromEnvironment());
 *     Priming.register(app, SAMPLE, CreateSecretHandler::new);   // SAMPLE = PrimingSample.http("create-secret")
 * }
 * }</pre>
 *
 * <p>{@link #beforeCheckpoint} then does only harmless work:
 * <ol>
 *   <li>the handler over a throwaway in-memory App (fixed clock and ids, any token admitted as an owner of the
 *       sample's team, vault clients that accept any token) holding what the sample names (see {@link #scratch}):
 *       the sample (the operation's success, its rate limit counted in memory), the same again (a create's conflict, a delete's not-found) and, for
 *       a sample with a body, an empty name (the validation failure);</li>
 *   <li>the same handler and sample over the real DynamoDB, SSM and EventBridge adapters, on SDK clients that
 *       answer in process ({@link InProcessAws}): the SDK's marshalling, signing and parsing for the calls the
 *       operation makes, without any network call;</li>
 *   <li>that same request again, {@link Repeats#SNAPSHOT} times at most (registered priming only), so the JIT has
 *       compiled the request path before the snapshot, which keeps the compiled code (see {@link Repeats});</li>
 *   <li>for an HTTP sample, the handler over the real App with a well-formed token whose signature is all zero
 *       bytes: a 401 after the JWKS has been fetched (and cached) and an RS256 verification has run (its rate
 *       limit counted in memory: priming writes nothing to the real table);</li>
 *   <li>one read-only AWS round trip: a DynamoDB GetItem of a secret key that cannot exist, which warms the real
 *       SDK pipeline (HTTP client, credentials provider); and where the operation reads credentials (a resolve), an
 *       SSM GetParameter of a parameter that cannot exist, of the kind it read (so its role allows it);</li>
 *   <li>registered priming only: TLS handshakes with the DynamoDB endpoint without a request ({@link TlsWarmup}),
 *       so a restored function's new connections handshake on compiled code;</li>
 *   <li>the parts the wiring builds lazily (validator, SSM, EventBridge);</li>
 *   <li>registered priming only: every TLS connection of the clients closed and every session invalidated, so
 *       no restored copy reuses one or offers one ({@link App#forgetTls}).</li>
 * </ol>
 * Priming's own ids and times are fixed constants, so restored copies share none through it (the DynamoDB adapter
 * still draws its transactions' client request tokens, which identify nothing after the priming App is gone);
 * {@link #afterRestore} therefore has nothing to reset. Every step is guarded: priming can make the snapshot better,
 * never break the init.
 */
public final class Priming implements Resource {

    private static final System.Logger LOG = System.getLogger(Priming.class.getName());

    /** A version-4-shaped but fixed id: never a real team (real ids are random), never random itself. */
    static final UUID TEAM = UUID.fromString("00000000-0000-4000-8000-00000000000a");
    static final UUID SECRET = UUID.fromString("00000000-0000-4000-8000-00000000000b");
    static final String SUBJECT = "snapstart-priming";
    private static final Clock FIXED_CLOCK = Clock.fixed(Instant.EPOCH, ZoneOffset.UTC);
    private static final CredentialPaths PATHS = new CredentialPaths("/snapstart-priming");
    private static final String TABLE = "snapstart-priming";
    /** An Azure SAS secret expiring five days after priming's clock (the epoch): the 7-day warning is due. */
    private static final ObjectNode EXPIRING_SECRET = expiringSecret();

    /**
     * How often priming runs the request over the canned AWS adapters again after its first time, within how long.
     * The JVM compiles a method only once it has run some hundreds of times (Lambda's flags stop at C1, which
     * compiles a method at about 200 calls); one priming pass leaves the request path interpreted, and so would a
     * restored copy run its first requests. The snapshot is of the whole memory, compiled code included, so the
     * repeats before it are paid once per published version, not per cold start; and Lambda gives the init of a
     * SnapStart version, these hooks included, at least 130 s (the snapshot's init limit), against the budget here.
     *
     * @param rounds at most this many more requests
     * @param budget and none started after this long
     */
    public record Repeats(int rounds, Duration budget) {

        /** No repeats: the first pass only (tests, and anything that primes without a snapshot after it). */
        public static final Repeats NONE = new Repeats(0, Duration.ZERO);

        /** Before a SnapStart snapshot: enough calls for C1 to compile what runs once per request. */
        public static final Repeats SNAPSHOT = new Repeats(250, Duration.ofSeconds(3));

        public Repeats {
            if (rounds < 0 || budget.isNegative()) {
                throw new IllegalArgumentException("rounds and budget must not be negative");
            }
        }
    }

    /** The org.crac context keeps registered resources weakly: these strong references keep them alive. */
    private static final List<Priming> REGISTERED = new ArrayList<>();

    private final App app;
    private final PrimingSample sample;
    private final Function<App, ? extends RequestStreamHandler> handlers;
    private final Repeats repeats;
    /** Calls the priming's accepting vault clients got: whether the operation reaches a vault at all. */
    private final AtomicInteger vaultCalls = new AtomicInteger();
    /** Calls the priming's unreachable-provider check got: whether the operation reaches a provider check (verify). */
    private final AtomicInteger checkCalls = new AtomicInteger();
    /** The first credential parameter the operation read in the canned step (under priming's prefix), if any. */
    private volatile String parameterRead;

    /**
     * Priming that is not registered, without repeats (tests run it directly).
     *
     * @param handlers makes a handler over a given App (the handler's injecting constructor)
     */
    public Priming(App app, PrimingSample sample, Function<App, ? extends RequestStreamHandler> handlers) {
        this(app, sample, handlers, Repeats.NONE);
    }

    /** Priming that is not registered, with the given repeats ({@link #register} uses {@link Repeats#SNAPSHOT}). */
    public Priming(App app, PrimingSample sample, Function<App, ? extends RequestStreamHandler> handlers,
                   Repeats repeats) {
        this.app = Objects.requireNonNull(app, "app");
        this.sample = Objects.requireNonNull(sample, "sample");
        this.handlers = Objects.requireNonNull(handlers, "handlers");
        this.repeats = Objects.requireNonNull(repeats, "repeats");
    }

    /**
     * Registers priming for {@code app} with the CRaC global context, once: a second call for the same App returns
     * the first registration.
     */
    public static Priming register(App app, PrimingSample sample,
                                   Function<App, ? extends RequestStreamHandler> handlers) {
        synchronized (REGISTERED) {
            for (Priming existing : REGISTERED) {
                if (existing.app == app) {
                    return existing;
                }
            }
            Priming priming = new Priming(app, sample, handlers, Repeats.SNAPSHOT);
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
        // Nothing to reset: priming kept no random value, id, token or connection-specific state of its own. The log
        // lines of a restored container say so.
        LogContext.putContainer("restored", true);
    }

    /** One step of a run: its name, and per call what it returned (a status, a result's summary) or how it failed. */
    public record Step(String name, List<String> outcomes) {
        @Override
        public String toString() {
            return name + ": " + (outcomes.size() == 1 ? outcomes.get(0) : outcomes);
        }
    }

    /** What one priming run did. */
    public record Result(List<Step> steps, long millis) {

        /** The outcomes of the named step; empty if it did not run. */
        public List<String> outcomes(String step) {
            return steps.stream().filter(s -> s.name().equals(step)).findFirst().map(Step::outcomes).orElse(List.of());
        }

        @Override
        public String toString() {
            return steps.stream().map(Step::toString).collect(Collectors.joining(", ")) + " in " + millis + " ms";
        }
    }

    /** Runs the warm-up once (what {@link #beforeCheckpoint} does); never throws. */
    public Result prime() {
        long start = System.nanoTime();
        List<Step> steps = new ArrayList<>();
        ObjectNode json = null;
        try {
            json = sample.load();
        } catch (RuntimeException e) {
            steps.add(failed("sample " + sample.resource(), e));
        }
        if (json != null) {
            ObjectNode event = json;
            step(steps, "in-memory requests", () -> inMemoryRequests(event));
            step(steps, "aws adapters, canned responses", () -> cannedAwsRequests(event));
            if (repeats.rounds() > 0) {
                step(steps, "aws adapters, repeated", () -> repeatedAwsRequests(event));
            }
            if (vaultCalls.get() > 0) {
                // The operation reaches a vault (a connection test, an external resolve): run it once more with the
                // real vault clients against a loopback stand-in, then build the App's own clients.
                step(steps, "vault clients, loopback", () -> loopbackVaultRequests(event));
            }
            if (checkCalls.get() > 0) {
                // The operation checks credentials with their provider (a verify): once more with the real checks
                // against a loopback stand-in, then build the App's own checks.
                step(steps, "provider checks, loopback", () -> loopbackProviderChecks(event));
            }
            ObjectNode unverifiable = sample.withToken(json, unverifiableToken());
            if (unverifiable != null) {
                step(steps, "token check", () -> {
                    // The real wiring but for the limiter's store: priming counts no request in the real table.
                    String status = invoke(handlers.apply(app.withRateLimiter(
                            app.rateLimiter().over(new InMemoryRateWindows()))), unverifiable);
                    app.authenticator().prime();
                    return List.of(status);
                });
            }
        }
        step(steps, "dynamodb read",
                () -> List.of(app.secrets().findSecret(TEAM, SECRET).isPresent() ? "found" : "none"));
        String read = parameterRead;
        if (read != null && read.startsWith(PATHS.prefix() + "/")) {
            // The operation reads credentials (a resolve): one real GetParameter too, of the same kind of path under
            // the real prefix (so the function's role allows it) with the sample's ids, which no real item has.
            String path = app.paths().prefix() + read.substring(PATHS.prefix().length()).replaceFirst(":\\d+$", "");
            step(steps, "ssm read", () -> List.of(app.credentialStore().read(path).isPresent() ? "found" : "none"));
        }
        // After the reads: their connection made the first handshake, these the rest (no request on any of them).
        if (repeats.rounds() > 0) {
            step(steps, "tls handshakes", () -> List.of(app.warmTls() + " done"));
        }
        step(steps, "lazy parts", () -> List.of(app.buildLazyParts() + " built"));
        // Last: every TLS connection and session the steps above left, none of which may live on in the snapshot
        // (see AwsClients.forgetTls). The lazy parts make no connection.
        if (repeats.rounds() > 0) {
            step(steps, "tls", () -> List.of(app.forgetTls()));
        }
        Result result = new Result(List.copyOf(steps), (System.nanoTime() - start) / 1_000_000);
        LOG.log(System.Logger.Level.INFO, () -> "snapstart priming of " + sample.name() + ": " + result);
        return result;
    }

    private static void step(List<Step> steps, String name, Supplier<List<String>> work) {
        try {
            steps.add(new Step(name, work.get()));
        } catch (RuntimeException | LinkageError e) {
            steps.add(failed(name, e));
        }
    }

    /** Only the type: a message could quote input. The real request path reports its own failures. */
    private static Step failed(String name, Throwable e) {
        return new Step(name, List.of("failed (" + e.getClass().getSimpleName() + ")"));
    }

    /**
     * The sample over an in-memory App whose vault clients are the real ones, pointed at {@link LoopbackVault}: the
     * outbound HTTP and the provider's request and answer code load before the snapshot. Then the App's own vault
     * clients are built (no request: they hold no connection into the snapshot).
     */
    private List<String> loopbackVaultRequests(ObjectNode json) {
        try (LoopbackVault vault = new LoopbackVault()) {
            App scratch = scratch(json, Metadata.of(new InMemoryStore()), new InMemoryCredentialStore(),
                    new InMemoryAuditLog(), new InMemoryRateWindows(),
                    () -> VaultClients.create(vault.url(), vault.url(), null), this::unreachable);
            JsonNode result = StreamCalls.call(handlers.apply(scratch), sample.event(json), null);
            app.buildVaultClients();
            // The status, and for a connection test whether the loopback answer passed the provider's checks.
            JsonNode body = result.has("body") ? Json.parse(result.path("body").asText().getBytes(
                    java.nio.charset.StandardCharsets.UTF_8), "priming response") : null;
            return List.of(outcome(result) + (body != null && body.has("ok") ? " ok=" + body.path("ok").asText() : ""));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /**
     * The sample over an in-memory App whose provider checks are the real ones, every endpoint at {@link LoopbackVault}
     * (private endpoints allowed for it alone): the outbound HTTP, the signing and the answer code load before the
     * snapshot. Its answer is no provider's, so the outcome is a failed check; the code path is what is primed. Then
     * the App's own checks are built (no request).
     */
    private List<String> loopbackProviderChecks(ObjectNode json) {
        try (LoopbackVault loopback = new LoopbackVault()) {
            // Plain http first (the answer code runs), then https under a host name (the TLS setup and ClientHello
            // a real provider's endpoint needs; the loopback answers with an alert, so that check is unreachable).
            List<String> outcomes = List.of(providerCheckOutcome(json, URI.create(loopback.url())),
                    providerCheckOutcome(json, URI.create(loopback.tlsUrl())));
            app.verifySecretService().buildChecks();
            return outcomes;
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** The status and the check's reason: which provider answer the loopback's reply was taken for. */
    private String providerCheckOutcome(ObjectNode json, URI url) {
        CredentialCheck real = new ProviderChecks(new ProviderChecks.Endpoints(url, url, url, url, true), FIXED_CLOCK);
        App scratch = scratch(json, Metadata.of(new InMemoryStore()), new InMemoryCredentialStore(),
                new InMemoryAuditLog(), new InMemoryRateWindows(), this::acceptingVaults, real);
        JsonNode result = StreamCalls.call(handlers.apply(scratch), sample.event(json), null);
        JsonNode body = result.has("body") ? Json.parse(result.path("body").asText().getBytes(
                StandardCharsets.UTF_8), "priming response") : null;
        return outcome(result) + (body != null && body.has("reason") ? " reason=" + body.path("reason").asText() : "");
    }

    /** The request path end to end over a throwaway in-memory App: nothing reaches AWS or the real stores. */
    private List<String> inMemoryRequests(ObjectNode json) {
        RequestStreamHandler handler = handlers.apply(scratch(json, Metadata.of(new InMemoryStore()),
                new InMemoryCredentialStore(), new InMemoryAuditLog(), new InMemoryRateWindows()));
        List<String> outcomes = new ArrayList<>();
        // The sample: the operation's success. Again: a create's conflict, a delete's not-found (the error mapping).
        outcomes.add(invoke(handler, sample.event(json)));
        outcomes.add(invoke(handler, sample.event(json)));
        // An empty name where the sample has a body: the validation failure, with its messages.
        ObjectNode invalid = sample.withBody(json, "{\"name\":\"\"}");
        if (invalid != null) {
            outcomes.add(invoke(handler, invalid));
        }
        return outcomes;
    }

    /**
     * The sample over the real adapters, on SDK clients that answer in process (see {@link InProcessAws}), with a
     * trace header set as during a real invocation, so the SDK's trace-id path is primed too.
     */
    private List<String> cannedAwsRequests(ObjectNode json) {
        return traced(() -> {
            try (InProcessAws aws = new InProcessAws(Region.of(Settings.fromEnvironment().region()))) {
                List<String> outcomes = List.of(invoke(handlers.apply(cannedScratch(json, aws)), sample.event(json)));
                parameterRead = aws.parametersRead().stream().findFirst().orElse(null);
                return outcomes;
            }
        });
    }

    /**
     * The canned request again, each time over an emptied table and parameter store (so a create succeeds again),
     * until {@link #repeats} runs out: how many ran and what they answered, by outcome.
     */
    private List<String> repeatedAwsRequests(ObjectNode json) {
        return traced(() -> {
            long deadline = System.nanoTime() + repeats.budget().toNanos();
            Map<String, Integer> outcomes = new LinkedHashMap<>();
            int rounds = 0;
            try (InProcessAws aws = new InProcessAws(Region.of(Settings.fromEnvironment().region()))) {
                while (rounds < repeats.rounds() && System.nanoTime() - deadline < 0) {
                    aws.clear();
                    outcomes.merge(invoke(handlers.apply(cannedScratch(json, aws)), sample.event(json)), 1,
                            Integer::sum);
                    rounds++;
                }
            }
            return List.of(rounds + " rounds " + outcomes);
        });
    }

    /** Runs {@code work} with a trace header set, as during a real invocation, unless one is set already. */
    private static List<String> traced(Supplier<List<String>> work) {
        // Where Lambda's runtime client puts it per invocation, and the SDK's X-Ray interceptor copies it from.
        boolean setTrace = System.getProperty(Invocations.TRACE_HEADER) == null;
        if (setTrace) {
            System.setProperty(Invocations.TRACE_HEADER,
                    "Root=1-00000000-000000000000000000000000;Parent=0000000000000000;Sampled=0");
        }
        try {
            return work.get();
        } finally {
            if (setTrace) {
                System.clearProperty(Invocations.TRACE_HEADER);
            }
        }
    }

    /** A throwaway App over the real adapters on the in-process clients, holding what the sample names. */
    private App cannedScratch(ObjectNode json, InProcessAws aws) {
        return scratch(json, Metadata.dynamoDb(aws.dynamoDb, TABLE), SsmCredentialStore.create(() -> aws.ssm,
                        "alias/" + TABLE, "Intelligent-Tiering", TABLE, Pacer.perSecond(1000)),
                new EventBridgeAuditPublisher(aws.eventBridge, TABLE),
                new DynamoDbRateWindows(aws.dynamoDb, TABLE));
    }

    /**
     * A throwaway App over the given stores holding what the sample names: the secret ({@code secret_id}) and the
     * vault connection ({@code connection_id}) it addresses, with those ids, made from the create functions' own
     * samples, so reads, updates, deletes, rotations, tests and resolves find them; creates find nothing in their way.
     */
    private App scratch(ObjectNode json, Metadata metadata, CredentialStore credentials, AuditPublisher audit,
                        RateWindows rateWindows) {
        return scratch(json, metadata, credentials, audit, rateWindows, this::acceptingVaults, this::unreachable);
    }

    /** A verify must not call a real provider from priming: the check answers as an unreachable one would. */
    private CheckOutcome unreachable(AuthMethod method, Credentials values, CheckTarget target) {
        checkCalls.incrementAndGet();
        return CheckOutcome.failed(Reason.UNREACHABLE, "Priming calls no provider.");
    }

    private static App scratch(ObjectNode json, Metadata metadata, CredentialStore credentials,
                               AuditPublisher audit, RateWindows rateWindows, Supplier<VaultProviders> vaults,
                               CredentialCheck checks) {
        UUID team = PrimingSample.id(json, "team_id");
        UUID secret = PrimingSample.id(json, "secret_id");
        UUID connection = PrimingSample.id(json, "connection_id");
        UUID apiKey = PrimingSample.id(json, "api_key_id");
        Principal owner = new Principal(SUBJECT, team == null ? Map.of() : Map.of(team, Role.OWNER));
        FixedIds ids = new FixedIds();
        App scratch = new App(token -> owner, metadata, credentials, PATHS, FIXED_CLOCK, ids,
                vaults, audit, Settings.defaults().sweeperGrace(),
                RateLimiter.perMinute(Settings.DEFAULT_RATE_LIMIT_PER_MINUTE, rateWindows, FIXED_CLOCK));
        if (secret != null) {
            ids.next(secret);
            seed(scratch, owner, team, null);
        }
        if (connection != null) {
            ids.next(connection);
            seedConnection(scratch, owner, team, null);
        }
        if (apiKey != null) {
            ids.next(apiKey);
            seedApiKey(scratch, owner, team);
        }
        if (secret == null && connection == null && apiKey == null && team != null
                && "GET".equals(json.path("requestContext").path("http").path("method").asText())) {
            // A list: two secrets and two keys, so the page it primes is not empty and its sort compares (one item
            // never reaches the comparator, which was then built on the first request after the snapshot); one
            // connection, the Free tier's cap (the connection list sorts by the same PageRequest code).
            for (String name : List.of("priming-seed", "priming-seed-2")) {
                seed(scratch, owner, team, name);
                seedApiKey(scratch, owner, team);
            }
            seedConnection(scratch, owner, team, "priming-seed");
        }
        if (team == null && "Scheduled Event".equals(json.path("detail-type").asText())) {
            // A scheduled job over every team (the sweeper, the expiry notices): one secret of priming's own team, so
            // the sweeper's scan and its parameter listing read an item (empty lists skip the SDK's list copying and
            // number parsing); and one whose SAS expires within the warning window of priming's clock, so the expiry
            // run's index query finds it and its notice is recorded, as in a run with something to tell.
            Principal primingOwner = new Principal(SUBJECT, Map.of(TEAM, Role.OWNER));
            seed(scratch, primingOwner, TEAM, null);
            scratch.secretService().create(primingOwner, TEAM, SecretRequests.create(EXPIRING_SECRET.deepCopy()));
        }
        return scratch.withCredentialCheck(checks);
    }

    private static ObjectNode expiringSecret() {
        ObjectNode body = Json.object().put("name", "priming-expiring")
                .put("secret_type", "azure_blob").put("auth_method", "azure_sas_url");
        body.putObject("credentials").put("sas_url", "https://snapstartpriming.blob.core.windows.net/c"
                + "?sv=2022-11-02&se=1970-01-06T00:00:00Z&sig=snapstart-priming");
        return body;
    }

    /** A secret from the create function's own sample, under {@code name} when given. */
    private static void seed(App scratch, Principal owner, UUID team, String name) {
        scratch.secretService().create(owner, team, SecretRequests.create(named(PrimingSample.body("create-secret"),
                name)));
    }

    /** A vault connection from the create function's own sample, under {@code name} when given. */
    private static void seedConnection(App scratch, Principal owner, UUID team, String name) {
        scratch.vaultConnectionService().create(owner, team,
                VaultConnectionRequests.create(named(PrimingSample.body("create-vault-connection"), name)));
    }

    /** An API key from the create function's own sample (its secret is random, and thrown away with the App). */
    private static void seedApiKey(App scratch, Principal owner, UUID team) {
        scratch.apiKeyService().create(owner, team, () -> ApiKeyRequests.create(PrimingSample.body("create-api-key")));
    }

    private static ObjectNode named(ObjectNode body, String name) {
        return name == null ? body : body.put("name", name);
    }

    /** Fixed ids, never random: the one queued next (a seeded item's), else a sequence of version-4-shaped ones. */
    private static final class FixedIds implements Supplier<UUID> {

        private final Deque<UUID> queued = new ArrayDeque<>();
        private long sequence;

        void next(UUID id) {
            queued.add(id);
        }

        @Override
        public UUID get() {
            return queued.isEmpty() ? new UUID(0x0000000000004000L, 0x8000000000000000L | ++sequence) : queued.poll();
        }
    }

    /** Vault clients that accept every token: priming must never reach a team's vault. */
    private VaultProviders acceptingVaults() {
        return new VaultProviders(Arrays.stream(VaultType.values())
                .<VaultProvider>map(type -> new AcceptingVault(type, vaultCalls)).toList(), Map.of());
    }

    /** Counts its calls: an operation that reaches a vault gets the loopback step too. */
    private record AcceptingVault(VaultType vaultType, AtomicInteger calls) implements VaultProvider {

        @Override
        public void verify(VaultAccess access) {
            calls.incrementAndGet();
        }

        @Override
        public Credentials resolve(VaultAccess access, Map<String, String> referencesByField) {
            calls.incrementAndGet();
            Map<String, String> values = new LinkedHashMap<>();
            referencesByField.keySet().forEach(field -> values.put(field, SUBJECT));
            return new Credentials(values);
        }
    }

    /**
     * The event handed over as Lambda hands it, the payload's bytes through the stream interface, so the priming
     * also loads what reads the event and writes the response; the answer summarized by {@link #outcome}.
     */
    static String invoke(RequestStreamHandler handler, ObjectNode event) {
        return outcome(StreamCalls.call(handler, event, null));
    }

    /**
     * An HTTP response's status; a direct handler's result with its scalar values, and of a nested object its keys
     * only (a resolve's result holds credential values, and this goes to the log).
     */
    static String outcome(JsonNode result) {
        if (result == null || result.isNull() || result.isMissingNode()) {
            return "null";
        }
        if (result.has("statusCode")) {
            return result.get("statusCode").asText();
        }
        if (result.isObject()) {
            Map<String, Object> shown = new LinkedHashMap<>();
            result.fields().forEachRemaining(field -> {
                JsonNode value = field.getValue();
                shown.put(field.getKey(), value.isObject() ? fieldNames(value)
                        : value.isTextual() ? value.textValue() : Json.write(value));
            });
            return shown.toString();
        }
        return result.getNodeType().toString();
    }

    private static List<String> fieldNames(JsonNode object) {
        List<String> names = new ArrayList<>();
        object.fieldNames().forEachRemaining(names::add);
        return names;
    }

    /**
     * A well-formed RS256 JWT with no key id and a made-up signature: the authenticator fetches the JWKS, selects
     * the RSA keys and runs a signature check that fails, so it answers 401 with the verification path loaded.
     */
    static String unverifiableToken() {
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        String header = b64.encodeToString("{\"alg\":\"RS256\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));
        String claims = b64.encodeToString(("{\"sub\":\"" + SUBJECT + "\",\"iss\":\"priming\",\"aud\":\"priming\","
                + "\"iat\":0,\"exp\":1,\"teams\":{}}").getBytes(StandardCharsets.UTF_8));
        // Not all zero: an RSA check of a zero signature ends early, before the modular exponentiation a real one needs.
        byte[] signature = new byte[256];
        Arrays.fill(signature, (byte) 0x5a);
        return header + "." + claims + "." + b64.encodeToString(signature);
    }
}
