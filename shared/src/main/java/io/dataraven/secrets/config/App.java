package io.dataraven.secrets.config;

import io.dataraven.secrets.expiry.ExpiryNotices;

import io.dataraven.secrets.apikey.ApiKeyAuthenticator;
import io.dataraven.secrets.apikey.ApiKeyLimits;
import io.dataraven.secrets.apikey.ApiKeyRepository;
import io.dataraven.secrets.apikey.ApiKeyService;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.ssm.SsmClient;
import io.dataraven.secrets.common.BeanValidation;
import io.dataraven.secrets.logging.Invocations;
import io.dataraven.secrets.logging.LogContext;
import io.dataraven.secrets.logging.Logs;
import io.dataraven.secrets.logging.Metrics;
import io.dataraven.secrets.audit.AuditPublisher;
import io.dataraven.secrets.audit.Auditor;
import io.dataraven.secrets.store.eventbridge.EventBridgeAuditPublisher;
import io.dataraven.secrets.audit.InMemoryAuditLog;
import io.dataraven.secrets.auth.Authenticator;
import io.dataraven.secrets.auth.JwtAuthenticator;
import io.dataraven.secrets.credential.CredentialPaths;
import io.dataraven.secrets.credential.CredentialStore;
import io.dataraven.secrets.secret.CreateSecretRequest;
import io.dataraven.secrets.secret.FieldMapping;
import io.dataraven.secrets.secret.SecretRepository;
import io.dataraven.secrets.secret.SecretService;
import io.dataraven.secrets.secret.SecretValidator;
import io.dataraven.secrets.secret.UpdateSecretRequest;
import io.dataraven.secrets.ratelimit.RateLimiter;
import io.dataraven.secrets.store.aws.Pacer;
import io.dataraven.secrets.store.dynamodb.DynamoDbRateWindows;
import io.dataraven.secrets.store.ssm.SsmCredentialStore;
import io.dataraven.secrets.team.TeamRepository;
import io.dataraven.secrets.resolve.ResolveService;
import io.dataraven.secrets.verify.CredentialCheck;
import io.dataraven.secrets.verify.VerifySecretService;
import io.dataraven.secrets.verify.provider.ProviderChecks;
import io.dataraven.secrets.sweep.OrphanSweeper;
import io.dataraven.secrets.team.TeamEvent;
import io.dataraven.secrets.teamevents.TeamEventsService;
import io.dataraven.secrets.vault.VaultConnectionRepository;
import io.dataraven.secrets.vault.VaultConnectionRequest;
import io.dataraven.secrets.vault.VaultConnectionService;
import io.dataraven.secrets.vault.VaultConnectionUpdate;
import io.dataraven.secrets.vault.VaultProviders;
import io.dataraven.secrets.vault.provider.VaultClients;

import java.net.URI;
import java.time.Clock;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Wiring without a container: the ports, the services over them and the authenticator, built once. Handlers take
 * an App in their test constructor; their no-arg constructor (what Lambda calls) uses {@link #fromEnvironment()}.
 */
public final class App {

    private final Authenticator authenticator;
    private final SecretRepository secrets;
    private final TeamRepository teams;
    private final VaultConnectionRepository vaultConnections;
    private final CredentialStore credentialStore;
    private final CredentialPaths paths;
    private final SecretService secretService;
    private final VaultConnectionService vaultConnectionService;
    private final ResolveService resolveService;
    private final VerifySecretService verifySecretService;
    private final AuditPublisher auditPublisher;
    private final TeamEventsService teamEventsService;
    private final OrphanSweeper orphanSweeper;
    private final ExpiryNotices expiryNotices;
    private final ApiKeyRepository apiKeys;
    /** The vault clients, built on first use, or by SnapStart priming for the functions that reach vaults. */
    private final Lazy<VaultProviders> lazyProviders;
    private final ApiKeyService apiKeyService;
    /** Every HTTP route counts its request here first; per container, so its cache of exhausted clients is too. */
    private final RateLimiter rateLimiter;
    /** Deletions that ran out of time; EventBridge re-delivers them in AWS, this list keeps them locally. */
    private final Queue<TeamEvent> pendingContinuations;
    private volatile Consumer<TeamEvent> teamEventContinuations;
    /** SnapStart priming's TLS handshakes (the production wiring's DynamoDB endpoint); none in memory. */
    private volatile Supplier<Integer> tlsWarmup = () -> 0;
    /** SnapStart priming's last step: the production clients' TLS connections closed, sessions invalidated. */
    private volatile Supplier<String> tlsForget = () -> "none (no production clients)";
    /** Parts built on first use (validator, SSM and EventBridge clients); SnapStart priming builds them all. */
    private final List<Lazy<?>> lazyParts;

    public App(Authenticator authenticator, Metadata metadata, CredentialStore credentialStore, CredentialPaths paths,
               Clock clock, Supplier<UUID> ids) {
        this(authenticator, metadata, credentialStore, paths, clock, ids, () -> vaultClients(Settings.defaults()),
                new InMemoryAuditLog());
    }

    public App(Authenticator authenticator, Metadata metadata, CredentialStore credentialStore, CredentialPaths paths,
               Clock clock, Supplier<UUID> ids, Supplier<VaultProviders> providers, AuditPublisher audit) {
        this(authenticator, metadata, credentialStore, paths, clock, ids, providers, audit,
                Settings.defaults().sweeperGrace());
    }

    public App(Authenticator authenticator, Metadata metadata, CredentialStore credentialStore, CredentialPaths paths,
               Clock clock, Supplier<UUID> ids, Supplier<VaultProviders> providers, AuditPublisher audit,
               Duration sweeperGrace) {
        this(authenticator, metadata, credentialStore, paths, clock, ids, providers, audit, sweeperGrace,
                ApiKeyLimits.DEFAULTS);
    }

    /** Without a rate limit (tests that are not about it). */
    public App(Authenticator authenticator, Metadata metadata, CredentialStore credentialStore, CredentialPaths paths,
               Clock clock, Supplier<UUID> ids, Supplier<VaultProviders> providers, AuditPublisher audit,
               Duration sweeperGrace, ApiKeyLimits apiKeyLimits) {
        this(authenticator, metadata, credentialStore, paths, clock, ids, providers, audit, sweeperGrace,
                apiKeyLimits, RateLimiter.off());
    }

    /** With the default API key limits. */
    public App(Authenticator authenticator, Metadata metadata, CredentialStore credentialStore, CredentialPaths paths,
               Clock clock, Supplier<UUID> ids, Supplier<VaultProviders> providers, AuditPublisher audit,
               Duration sweeperGrace, RateLimiter rateLimiter) {
        this(authenticator, metadata, credentialStore, paths, clock, ids, providers, audit, sweeperGrace,
                ApiKeyLimits.DEFAULTS, rateLimiter);
    }

    /**
     * @param authenticator the sessions' (JWT) authenticator; API keys ({@code dr_...}) are checked against the
     *                      metadata's keys in front of it
     * @param rateLimiter   what every HTTP route counts its requests in, before authentication
     */
    public App(Authenticator authenticator, Metadata metadata, CredentialStore credentialStore, CredentialPaths paths,
               Clock clock, Supplier<UUID> ids, Supplier<VaultProviders> providers, AuditPublisher audit,
               Duration sweeperGrace, ApiKeyLimits apiKeyLimits, RateLimiter rateLimiter) {
        this.rateLimiter = Objects.requireNonNull(rateLimiter, "rateLimiter");
        this.pendingContinuations = new ConcurrentLinkedQueue<>();
        this.teamEventContinuations = pendingContinuations::add;
        this.lazyParts = new ArrayList<>();
        this.auditPublisher = audit;
        Auditor auditor = new Auditor(clock);
        this.authenticator = new ApiKeyAuthenticator(authenticator, metadata.apiKeys(), clock);
        this.apiKeys = metadata.apiKeys();
        this.apiKeyService = new ApiKeyService(apiKeys, apiKeyLimits, clock, ids, auditor);
        this.secrets = metadata.secrets();
        this.teams = metadata.teams();
        this.vaultConnections = metadata.vaultConnections();
        this.credentialStore = credentialStore;
        this.paths = paths;
        // Hibernate Validator is the costliest thing to start; functions that read only never need it.
        Lazy<BeanValidation> beans = Lazy.of(() -> new BeanValidation(Set.of(CreateSecretRequest.class,
                UpdateSecretRequest.class, FieldMapping.class, VaultConnectionRequest.class,
                VaultConnectionUpdate.class)));
        lazyParts.add(beans);
        this.secretService = new SecretService(secrets, vaultConnections, credentialStore, paths,
                new SecretValidator(beans, vaultConnections, clock), clock, ids, auditor, metadata.idempotency());
        // Provider clients are built on first use: only the functions that talk to vaults pay for them.
        this.lazyProviders = Lazy.of(providers);
        this.vaultConnectionService = new VaultConnectionService(vaultConnections, credentialStore, paths, beans,
                lazyProviders, clock, ids, auditor, metadata.idempotency());
        this.resolveService = new ResolveService(secrets, vaultConnections, credentialStore, lazyProviders);
        // The providers' public endpoints; fromSettings and the local server configure them (withCredentialChecks).
        this.verifySecretService = new VerifySecretService(secrets, resolveService,
                Lazy.of(() -> new ProviderChecks(ProviderChecks.Endpoints.PUBLIC, clock)), clock);
        this.teamEventsService = new TeamEventsService(teams, secrets, vaultConnections, apiKeys, credentialStore,
                clock);
        this.orphanSweeper = new OrphanSweeper(credentialStore, metadata.credentialOwners(), secrets,
                vaultConnections, paths, clock, sweeperGrace);
        this.expiryNotices = new ExpiryNotices(metadata.expiryNotices(), clock);
    }

    /** The same wiring (services, stores, authenticator) with another limiter or verify service. */
    private App(App base, RateLimiter rateLimiter, VerifySecretService verifySecretService) {
        this.rateLimiter = Objects.requireNonNull(rateLimiter, "rateLimiter");
        this.authenticator = base.authenticator;
        this.apiKeys = base.apiKeys;
        this.apiKeyService = base.apiKeyService;
        this.secrets = base.secrets;
        this.teams = base.teams;
        this.vaultConnections = base.vaultConnections;
        this.credentialStore = base.credentialStore;
        this.paths = base.paths;
        this.secretService = base.secretService;
        this.vaultConnectionService = base.vaultConnectionService;
        this.resolveService = base.resolveService;
        this.verifySecretService = verifySecretService;
        this.auditPublisher = base.auditPublisher;
        this.teamEventsService = base.teamEventsService;
        this.orphanSweeper = base.orphanSweeper;
        this.expiryNotices = base.expiryNotices;
        this.lazyProviders = base.lazyProviders;
        // Shared, not copied: a continuation queued through either is polled through either, and priming builds
        // the lazy parts of both.
        this.pendingContinuations = base.pendingContinuations;
        this.teamEventContinuations = base.teamEventContinuations;
        this.tlsWarmup = base.tlsWarmup;
        this.tlsForget = base.tlsForget;
        this.lazyParts = base.lazyParts;
    }

    /**
     * This App's wiring with {@code limiter} instead of its own: priming runs the real request path (JWKS, token
     * check) without counting a request in the real table.
     */
    App withRateLimiter(RateLimiter limiter) {
        return new App(this, limiter, verifySecretService);
    }

    /** This App's wiring with other provider checks behind verify (tests, priming). */
    public App withCredentialCheck(CredentialCheck checks) {
        return withCredentialChecks(() -> checks);
    }

    /** As {@link #withCredentialCheck}, the checks built on first use (the provider HTTP client costs init). */
    public App withCredentialChecks(Supplier<? extends CredentialCheck> checks) {
        return new App(this, rateLimiter, verifySecretService.with(checks));
    }

    /** With the system clock, random ids and an in-memory audit log. */
    public static App of(Authenticator authenticator, Metadata metadata, CredentialStore credentialStore,
                         CredentialPaths paths) {
        return of(authenticator, metadata, credentialStore, paths, () -> vaultClients(Settings.defaults()));
    }

    /** As {@link #of(Authenticator, Metadata, CredentialStore, CredentialPaths)}, with chosen vault clients. */
    public static App of(Authenticator authenticator, Metadata metadata, CredentialStore credentialStore,
                         CredentialPaths paths, Supplier<VaultProviders> providers) {
        return new App(authenticator, metadata, credentialStore, paths, Clock.systemUTC(), UUID::randomUUID,
                providers, new InMemoryAuditLog());
    }

    /** The production wiring: DynamoDB and SSM through the SDK, JWTs checked against the JWKS URL. */
    public static App fromSettings(Settings settings) {
        AwsClients aws = new AwsClients(settings);
        DynamoDbClient dynamoDb = aws.dynamoDb();
        Metadata metadata = Metadata.dynamoDb(dynamoDb, settings.tableName());
        // SSM and EventBridge clients are built on first use: read-only functions never need them.
        Lazy<EventBridgeClient> events = Lazy.of(aws::eventBridge);
        Lazy<SsmClient> ssmClient = Lazy.of(aws::ssm);
        // The limiter's client on the first HTTP request (or in priming): direct and event functions never count.
        Lazy<DynamoDbClient> rateLimitClient = Lazy.of(aws::rateLimitDynamoDb);
        AuditPublisher audit = settings.auditEventBus() == null ? new InMemoryAuditLog()
                : new EventBridgeAuditPublisher(events, settings.auditEventBus());
        App app = new App(JwtAuthenticator.fromJwksUrl(require(settings.jwksUrl(), "JWKS_URL"),
                        require(settings.jwtIssuer(), "JWT_ISSUER"), require(settings.jwtAudience(), "JWT_AUDIENCE")),
                metadata, SsmCredentialStore.create(ssmClient, settings.kmsKeyId(),
                        settings.credentialsParameterTier(), settings.tableName(),
                        Pacer.perSecond(settings.ssmDeletesPerSecond())),
                new CredentialPaths(settings.credentialsPathPrefix()), Clock.systemUTC(), UUID::randomUUID,
                () -> vaultClients(settings), audit, settings.sweeperGrace(), settings.apiKeyLimits(),
                RateLimiter.perMinute(settings.rateLimitPerMinute(),
                        new DynamoDbRateWindows(rateLimitClient, settings.tableName()), Clock.systemUTC()));
        // The provider endpoints as configured (VERIFY_*_URL); only the verify function ever builds its client.
        app = app.withCredentialChecks(credentialChecks(settings));
        app.lazyParts.add(ssmClient);
        if (settings.rateLimitPerMinute() > 0) {
            app.lazyParts.add(rateLimitClient);
        }
        if (settings.auditEventBus() != null || settings.teamEventBus() != null) {
            // Only the relay and team events publish: the request functions' snapshots need no EventBridge client.
            app.lazyParts.add(events);
        }
        if (settings.teamEventBus() != null) {
            app.teamEventContinuations = new EventBridgeContinuations(events.get(), settings.teamEventBus());
        }
        app.tlsWarmup = () -> {
            URI endpoint = TlsWarmup.dynamoDbEndpoint(
                    dynamoDb.serviceClientConfiguration().endpointOverride().orElse(null), settings.region());
            return new TlsWarmup(endpoint, aws.tls(), Duration.ofSeconds(2))
                    .handshakes(TlsWarmup.ROUNDS, TlsWarmup.BUDGET);
        };
        app.tlsForget = aws::forgetTls;
        return app;
    }

    private static final class Holder {
        static final App INSTANCE = configured(Settings.fromEnvironment());

        /** Logging first, so that even the wiring's lines come out in the function's format. */
        private static App configured(Settings settings) {
            Logs.configure(settings.logFormat(), settings.logLevel());
            LogContext.putContainer("init_type", settings.initializationType());
            Metrics.namespace(settings.metricsNamespace());
            Invocations.writeMetrics(true);
            return fromSettings(settings);
        }
    }

    /** The per-container App, built on first use (in the handler's constructor, i.e. during Lambda init). */
    public static App fromEnvironment() {
        return Holder.INSTANCE;
    }

    /** The provider checks behind verify, at the configured endpoints, built on first use. */
    public static Supplier<CredentialCheck> credentialChecks(Settings settings) {
        return Lazy.of(() -> new ProviderChecks(settings.verifyEndpoints(), Clock.systemUTC()));
    }

    private static String require(String value, String name) {
        return Objects.requireNonNull(value, name + " must be set");
    }

    public Authenticator authenticator() {
        return authenticator;
    }

    public RateLimiter rateLimiter() {
        return rateLimiter;
    }

    public ApiKeyService apiKeyService() {
        return apiKeyService;
    }

    public ApiKeyRepository apiKeys() {
        return apiKeys;
    }

    public SecretService secretService() {
        return secretService;
    }

    /** The real vault clients, at the endpoints the settings name. */
    public static VaultProviders vaultClients(Settings settings) {
        return VaultClients.create(settings.dopplerApiUrl(), settings.infisicalApiUrl(), settings.opCliPath());
    }

    /** Builds the vault clients now (SnapStart priming of a function that reaches vaults). */
    public void buildVaultClients() {
        lazyProviders.get();
    }

    /**
     * TLS handshakes with the DynamoDB endpoint, no request (SnapStart priming, see {@link TlsWarmup}); returns how
     * many completed: none for in-memory wiring or an http endpoint.
     */
    public int warmTls() {
        return tlsWarmup.get();
    }

    /**
     * Closes the production clients' TLS connections and invalidates their sessions (SnapStart priming, last: see
     * {@link AwsClients#forgetTls}); says what it did.
     */
    public String forgetTls() {
        return tlsForget.get();
    }

    /** Builds every lazily created part now (SnapStart priming); returns how many there are. */
    public int buildLazyParts() {
        lazyParts.forEach(Lazy::get);
        return lazyParts.size();
    }

    /** The scheduled warnings before (and at) credential expiry. */
    public ExpiryNotices expiryNotices() {
        return expiryNotices;
    }

    public OrphanSweeper orphanSweeper() {
        return orphanSweeper;
    }

    public TeamEventsService teamEventsService() {
        return teamEventsService;
    }

    /** Where a team deletion that ran out of time is handed on. */
    public Consumer<TeamEvent> teamEventContinuations() {
        return teamEventContinuations;
    }

    /** Continuations handed on locally (no EventBridge): the local server and tests run them. */
    public TeamEvent pollContinuation() {
        return pendingContinuations.poll();
    }

    /** Where audit events go; an {@link InMemoryAuditLog} locally and in tests. */
    public AuditPublisher auditPublisher() {
        return auditPublisher;
    }

    public VaultConnectionService vaultConnectionService() {
        return vaultConnectionService;
    }

    public ResolveService resolveService() {
        return resolveService;
    }

    public VerifySecretService verifySecretService() {
        return verifySecretService;
    }

    public SecretRepository secrets() {
        return secrets;
    }

    public TeamRepository teams() {
        return teams;
    }

    public VaultConnectionRepository vaultConnections() {
        return vaultConnections;
    }

    public CredentialStore credentialStore() {
        return credentialStore;
    }

    public CredentialPaths paths() {
        return paths;
    }
}
