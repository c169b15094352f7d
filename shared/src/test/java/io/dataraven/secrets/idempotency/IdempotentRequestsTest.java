package io.dataraven.secrets.idempotency;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dataraven.secrets.api.ApiException;
import io.dataraven.secrets.api.ApiRequest;
import io.dataraven.secrets.audit.InMemoryAuditLog;
import io.dataraven.secrets.auth.Principal;
import io.dataraven.secrets.auth.Role;
import io.dataraven.secrets.config.App;
import io.dataraven.secrets.config.Metadata;
import io.dataraven.secrets.credential.CredentialPaths;
import io.dataraven.secrets.credential.Credentials;
import io.dataraven.secrets.secret.Secret;
import io.dataraven.secrets.secret.SecretJson;
import io.dataraven.secrets.secret.SecretRequests;
import io.dataraven.secrets.store.memory.InMemoryCredentialStore;
import io.dataraven.secrets.store.memory.InMemoryStore;
import io.dataraven.secrets.team.Tier;
import io.dataraven.secrets.testing.DelegatingCredentialStore;
import io.dataraven.secrets.testing.Failures;
import io.dataraven.secrets.vault.VaultConnection;
import io.dataraven.secrets.vault.VaultConnectionRequests;
import io.dataraven.secrets.vault.VaultProviders;
import io.dataraven.secrets.vault.VaultType;
import io.dataraven.secrets.testing.FakeVaultProvider;
import io.dataraven.secrets.testing.MutableClock;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static io.dataraven.secrets.testing.TestApp.json;
import static org.assertj.core.api.Assertions.assertThat;

/** The {@code Idempotency-Key} rules at service level, over the in-memory adapters. */
class IdempotentRequestsTest {

    private static final UUID TEAM = UUID.fromString("3b0c8a9e-0000-4000-8000-00000000a001");
    private static final Principal ADMIN = new Principal("admin-1", Map.of(TEAM, Role.ADMIN));
    private static final Principal OTHER_ADMIN = new Principal("admin-2", Map.of(TEAM, Role.ADMIN));
    private static final Principal VIEWER = new Principal("viewer-1", Map.of(TEAM, Role.VIEWER));
    private static final String TOKEN = "dp.st.accepted-token";

    /**
     * Two requests made to overlap: the first to reach SSM waits there until the other one has reached SSM too or
     * has finished without it, so each sees the other in flight (no sleep: a condition, with a timeout only as a
     * safety net).
     */
    static final class Overlap {
        private final CountDownLatch reached = new CountDownLatch(2);
        private final ThreadLocal<Boolean> counted = ThreadLocal.withInitial(() -> false);

        /** This request reached SSM, or finished: counted once per request (per thread). */
        void reach() {
            if (!counted.get()) {
                counted.set(true);
                reached.countDown();
            }
        }

        void awaitTheOther() {
            try {
                reached.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Counts the credential writes (a replay must make none) and can hold them up (to overlap two requests). */
    static final class CountingCredentials extends DelegatingCredentialStore {
        final AtomicInteger writes = new AtomicInteger();
        volatile Overlap overlap;

        CountingCredentials(InMemoryCredentialStore real) {
            super(real);
        }

        @Override
        public long create(String path, Credentials credentials) {
            writes.incrementAndGet();
            Overlap hold = overlap;
            if (hold != null) {
                hold.reach();
                hold.awaitTheOther();
            }
            return super.create(path, credentials);
        }

        @Override
        public long overwrite(String path, Credentials credentials) {
            writes.incrementAndGet();
            return super.overwrite(path, credentials);
        }
    }

    private final MutableClock clock = new MutableClock();
    private final InMemoryStore store = new InMemoryStore();
    private final InMemoryCredentialStore stored = new InMemoryCredentialStore();
    private final CountingCredentials credentials = new CountingCredentials(stored);
    private final App app = new App(token -> ADMIN, Metadata.of(store), credentials, new CredentialPaths("/idem"),
            clock, UUID::randomUUID, () -> new VaultProviders(List.of(new FakeVaultProvider(VaultType.DOPPLER, TOKEN)),
            Map.of()), new InMemoryAuditLog());

    private static String s3(String name, String secretKey) {
        return "{\"name\":\"" + name + "\",\"secret_type\":\"s3\",\"auth_method\":\"s3_access_key\","
                + "\"credentials\":{\"access_key_id\":\"AKIAIOSFODNN7EXAMPLE\",\"secret_access_key\":\"" + secretKey
                + "\"}}";
    }

    private Idempotency.Outcome<Secret> createSecret(Principal who, String key, String body) {
        ObjectNode json = json(body);
        return app.secretService().create(who, TEAM, ApiRequest.idempotencyRequest(key, () -> json),
                () -> SecretRequests.create(json));
    }

    private Idempotency.Outcome<VaultConnection> createConnection(String key, String name) {
        ObjectNode json = json("{\"name\":\"" + name + "\",\"vault_type\":\"doppler\",\"access_token\":\"" + TOKEN
                + "\",\"project\":\"backend\",\"config\":\"prd\"}");
        return app.vaultConnectionService().create(ADMIN, TEAM,
                ApiRequest.idempotencyRequest(key, () -> json), () -> VaultConnectionRequests.create(json));
    }

    private Idempotency.Outcome<VaultConnection> rotate(UUID connection, String key, String token) {
        ObjectNode json = json("{\"access_token\":\"" + token + "\"}");
        return app.vaultConnectionService().rotate(ADMIN, TEAM, connection,
                ApiRequest.idempotencyRequest(key, () -> json), () -> VaultConnectionRequests.rotation(json));
    }

    private List<Secret> secrets() {
        return store.listSecrets(TEAM);
    }

    @Test
    void aRepeatReplaysTheFirstResponseAndWritesNothing() {
        Idempotency.Outcome<Secret> first = createSecret(ADMIN, "key-1", s3("prod", "secret-value-0123456789"));
        int writes = credentials.writes.get();
        int events = store.auditEvents().size();
        // The same body with its keys in another order is the same request.
        Idempotency.Outcome<Secret> again = createSecret(ADMIN, "key-1", "{\"credentials\":{\"secret_access_key\":"
                + "\"secret-value-0123456789\",\"access_key_id\":\"AKIAIOSFODNN7EXAMPLE\"},\"auth_method\":"
                + "\"s3_access_key\",\"secret_type\":\"s3\",\"name\":\"prod\"}");
        assertThat(first.replayed()).isFalse();
        assertThat(again.replayed()).isTrue();
        assertThat(again.resourceId()).isEqualTo(first.resourceId()).isEqualTo(first.resource().id());
        assertThat(again.body()).isEqualTo(first.body()).isEqualTo(SecretJson.summary(first.resource()));
        assertThat(credentials.writes.get()).as("no second SSM write").isEqualTo(writes);
        assertThat(store.auditEvents()).as("no second event").hasSize(events);
        assertThat(secrets()).singleElement().satisfies(s -> assertThat(s.pending()).isFalse());
    }

    @Test
    void theRecordHoldsNoBodyAndNoCredential() {
        createSecret(ADMIN, "key-1", s3("prod", "secret-value-0123456789"));
        IdempotencyRecord record = store.findRecord(TEAM, Idempotency.sha256("admin-1\nkey-1")).orElseThrow();
        assertThat(record.toString()).doesNotContain("secret-value-0123456789");
        assertThat(record.complete()).isTrue();
        assertThat(record.expiresAt()).isEqualTo(record.createdAt().plus(Duration.ofHours(24)));
        assertThat(record.operation()).isEqualTo("create_secret");
    }

    @Test
    void theSameKeyWithAnotherBodyIs422AndCreatesNothingSecretValuesAside() {
        createSecret(ADMIN, "key-1", s3("prod", "secret-value-0123456789"));
        int writes = credentials.writes.get();
        // Credential values are never part of the fingerprint (nothing computed from them is stored): another value
        // under the key is the same request, replayed.
        assertThat(createSecret(ADMIN, "key-1", s3("prod", "another-value-0123456789")).replayed()).isTrue();
        ApiException renamed = Failures.http(() -> createSecret(ADMIN, "key-1", s3("staging", "secret-value-0123456789")));
        assertThat(renamed.status()).isEqualTo(422);
        assertThat(renamed.code()).isEqualTo("idempotency_key_reused");
        assertThat(renamed.getMessage()).doesNotContain("secret-value");
        assertThat(credentials.writes.get()).isEqualTo(writes);
        assertThat(secrets()).hasSize(1);
    }

    @Test
    void keysAreScopedPerCaller() {
        Idempotency.Outcome<Secret> mine = createSecret(ADMIN, "key-1", s3("prod", "secret-value-0123456789"));
        // Another caller's same key and body is its own request: it is not given my response.
        ApiException theirs = Failures.http(() -> createSecret(OTHER_ADMIN, "key-1", s3("prod", "secret-value-0123456789")));
        assertThat(theirs.code()).isEqualTo("secret_name_conflict");
        Idempotency.Outcome<Secret> other = createSecret(OTHER_ADMIN, "key-1", s3("staging", "secret-value-0123456789"));
        assertThat(other.replayed()).isFalse();
        assertThat(other.resourceId()).isNotEqualTo(mine.resourceId());
        assertThat(secrets()).hasSize(2);
    }

    @Test
    void afterTwentyFourHoursTheKeyIsNew() {
        createSecret(ADMIN, "key-1", s3("prod", "secret-value-0123456789"));
        clock.advance(Idempotency.RETENTION.plusSeconds(1));
        // The record is still there (TTL deletes lag): the expiry is read, not waited for.
        assertThat(store.findRecord(TEAM, Idempotency.sha256("admin-1\nkey-1"))).isPresent();
        Idempotency.Outcome<Secret> fresh = createSecret(ADMIN, "key-1", s3("staging", "secret-value-0123456789"));
        assertThat(fresh.replayed()).isFalse();
        assertThat(secrets()).hasSize(2);
        assertThat(createSecret(ADMIN, "key-1", s3("staging", "secret-value-0123456789")).resourceId())
                .isEqualTo(fresh.resourceId());
    }

    @Test
    void withoutAKeyNothingChanges() {
        app.secretService().create(ADMIN, TEAM, SecretRequests.create(json(s3("prod", "secret-value-0123456789"))));
        ApiException again = Failures.http(() -> app.secretService().create(ADMIN, TEAM,
                SecretRequests.create(json(s3("prod", "secret-value-0123456789")))));
        assertThat(again.code()).isEqualTo("secret_name_conflict");
        assertThat(store.findRecord(TEAM, Idempotency.sha256("admin-1\nnull"))).isEmpty();
    }

    @Test
    void aMalformedKeyIs400NamingTheHeaderAfterTheRoleCheck() {
        for (String bad : List.of("", "has space", "x".repeat(256), "caf\u00e9", "tab\there")) {
            ApiException e = Failures.http(() -> createSecret(ADMIN, bad, s3("prod", "secret-value-0123456789")));
            assertThat(e.status()).as(bad).isEqualTo(400);
            assertThat(e.code()).isEqualTo("invalid_idempotency_key");
            assertThat(e.getMessage()).contains("Idempotency-Key");
            assertThat(e.detail()).singleElement().satisfies(v ->
                    assertThat(v.loc()).containsExactly("header", "idempotency-key"));
        }
        assertThat(createSecret(ADMIN, "x".repeat(255), s3("prod", "secret-value-0123456789")).replayed()).isFalse();
        // A caller who may not create learns nothing about the key or the body: 403 before either is read.
        boolean[] read = {false};
        ApiException denied = Failures.http(() -> app.secretService().create(VIEWER, TEAM,
                new Idempotency.Request("bad key", () -> { read[0] = true; return ""; }), () -> {
                    read[0] = true;
                    return SecretRequests.create(json("{}"));
                }));
        assertThat(denied.status()).isEqualTo(403);
        assertThat(read[0]).isFalse();
    }

    @Test
    void twoConcurrentRequestsWithOneKeyCreateOneSecret() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            for (int round = 0; round < 5; round++) {
                String key = "race-" + round;
                String body = s3("prod-" + round, "secret-value-0123456789");
                CountDownLatch start = new CountDownLatch(1);
                Overlap overlap = new Overlap();
                credentials.overlap = overlap; // both reach SSM while the other is in flight
                Callable<Object> request = () -> {
                    start.await();
                    try {
                        return createSecret(ADMIN, key, body);
                    } catch (RuntimeException e) {
                        return Failures.http(e);
                    } finally {
                        overlap.reach();
                    }
                };
                List<Future<Object>> results = new ArrayList<>(List.of(pool.submit(request), pool.submit(request)));
                start.countDown();
                List<UUID> ids = new ArrayList<>();
                for (Future<Object> result : results) {
                    Object outcome = result.get();
                    if (outcome instanceof Idempotency.Outcome<?> ok) {
                        ids.add(ok.resourceId());
                    } else {
                        ApiException e = (ApiException) outcome;
                        // Never the name conflict a second create would meet: the key makes them one request.
                        if (e.status() == 409) {
                            assertThat(e.code()).isEqualTo("idempotency_request_in_progress");
                            assertThat(e.headers()).containsKey("Retry-After");
                        } else {
                            assertThat(e.status()).as(e.code() + " " + e.getMessage()).isIn(500, 503);
                            assertThat(e.changeApplied()).isEqualTo("no");
                        }
                    }
                }
                String name = "prod-" + round;
                List<Secret> named = secrets().stream().filter(s -> s.name().equals(name)).toList();
                assertThat(named).as("one secret, active").singleElement().satisfies(s ->
                        assertThat(s.pending()).isFalse());
                assertThat(ids).as("at least one answer is the create").isNotEmpty().allMatch(named.get(0).id()::equals);
                credentials.overlap = null;
                assertThat(createSecret(ADMIN, key, body).resourceId()).isEqualTo(named.get(0).id());
            }
        } finally {
            credentials.overlap = null;
            pool.shutdownNow();
        }
    }

    @Test
    void aVaultConnectionCreateReplaysItsResponse() {
        app.teams().setTier(TEAM, Tier.PRO);
        Idempotency.Outcome<VaultConnection> first = createConnection("conn-key", "vault");
        int writes = credentials.writes.get();
        Idempotency.Outcome<VaultConnection> again = createConnection("conn-key", "vault");
        assertThat(again.replayed()).isTrue();
        assertThat(again.resourceId()).isEqualTo(first.resourceId());
        assertThat(again.body()).isEqualTo(first.body());
        assertThat(again.body().toString()).doesNotContain(TOKEN);
        assertThat(credentials.writes.get()).isEqualTo(writes);
        assertThat(Failures.http(() -> createConnection("conn-key", "vault-2")).code())
                .isEqualTo("idempotency_key_reused");
        assertThat(store.listVaultConnections(TEAM)).hasSize(1);
    }

    @Test
    void aRotationReplaysWithoutWritingAVersion() {
        app.teams().setTier(TEAM, Tier.PRO);
        VaultConnection c = createConnection(null, "vault").resource();
        VaultConnection other = createConnection(null, "vault-2").resource();
        Idempotency.Outcome<VaultConnection> rotated = rotate(c.id(), "rot-1", "dp.st.token-2");
        int writes = credentials.writes.get();
        Idempotency.Outcome<VaultConnection> again = rotate(c.id(), "rot-1", "dp.st.token-2");
        assertThat(again.replayed()).isTrue();
        assertThat(again.body()).isEqualTo(rotated.body());
        assertThat(credentials.writes.get()).as("a replay writes no SSM version").isEqualTo(writes);
        assertThat(stored.versions(c.credentialPath())).isEqualTo(2);
        // A token is a secret value, never part of the fingerprint: another one under the key is a replay too.
        assertThat(rotate(c.id(), "rot-1", "dp.st.token-3").replayed()).isTrue();
        assertThat(credentials.writes.get()).isEqualTo(writes);
        assertThat(Failures.http(() -> rotate(other.id(), "rot-1", "dp.st.token-2")).status())
                .as("the same key on another connection").isEqualTo(422);
        // Without a key, a rotation is a rotation each time.
        rotate(c.id(), null, "dp.st.token-2");
        assertThat(stored.versions(c.credentialPath())).isEqualTo(3);
    }
}
