package io.dataraven.secrets.protocol;

import io.dataraven.secrets.apikey.ApiKey;
import io.dataraven.secrets.apikey.ApiKeyRequests;

import io.dataraven.secrets.testing.Failures;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dataraven.secrets.api.ApiException;
import io.dataraven.secrets.common.Databind;
import io.dataraven.secrets.audit.InMemoryAuditLog;
import io.dataraven.secrets.auth.Principal;
import io.dataraven.secrets.auth.Role;
import io.dataraven.secrets.config.App;
import io.dataraven.secrets.config.Metadata;
import io.dataraven.secrets.credential.CredentialPaths;
import io.dataraven.secrets.credential.CredentialStore;
import io.dataraven.secrets.credential.Credentials;
import io.dataraven.secrets.resolve.Resolution;
import io.dataraven.secrets.secret.ListSecretsQuery;
import io.dataraven.secrets.secret.Secret;
import io.dataraven.secrets.secret.SecretRequests;
import io.dataraven.secrets.store.StoreUnavailableException;
import io.dataraven.secrets.store.memory.InMemoryCredentialStore;
import io.dataraven.secrets.store.memory.InMemoryStore;
import io.dataraven.secrets.team.TeamEvent;
import io.dataraven.secrets.team.Tier;
import io.dataraven.secrets.testing.FakeVaultProvider;
import io.dataraven.secrets.testing.MutableClock;
import io.dataraven.secrets.vault.VaultConnection;
import io.dataraven.secrets.vault.VaultConnectionRequests;
import io.dataraven.secrets.vault.VaultProviders;
import io.dataraven.secrets.vault.VaultType;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The storage protocol under faults, at service level: every write path x every storage call x every fault kind
 * (fails before applying, applies then fails, applies late after the caller gave up, throttled, a conflicting
 * request just before), pairs of faults, and a seeded random run. After each request the dust settles (late writes
 * land) and the properties of the acceptance are checked:
 * <ol>
 *   <li>what the API shows resolves, whole (auth method and fields agree), to the last acknowledged write; after a
 *   5xx to the old or the new state; never a visible secret or connection without its credentials;</li>
 *   <li>a late write never undoes a later acknowledged one;</li>
 *   <li>a 5xx that says change_applied=no changed nothing; a 2xx has its audit event, a refusal or "no" none;</li>
 *   <li>the same request repeated converges;</li>
 *   <li>the sweeper, past its grace period, deletes no credential anything points at and leaves no orphan and no
 *   abandoned create behind.</li>
 * </ol>
 */
class StorageProtocolFaultTest {

    static final UUID TEAM = UUID.fromString("7d3c8a9e-0000-4000-8000-000000000001");
    static final Principal ADMIN = new Principal("admin-1", Map.of(TEAM, Role.ADMIN));
    /** Another client: its audit events are not the request under test's. */
    static final Principal OTHER = new Principal("other-1", Map.of(TEAM, Role.ADMIN));
    static final String TOKEN = "dp.st.accepted-token";

    // ---- the world: real in-memory adapters, a faulty view for the request under test, a clean one for the rest

    static final class World {
        // Every read a millisecond later: every write gets a later updated_at, as wall time would.
        final MutableClock clock = new MutableClock(Instant.parse("2026-12-01T10:00:00Z"), Duration.ofMillis(1));
        final InMemoryAuditLog audit = new InMemoryAuditLog();
        // Committed audit events reach the log at once, as the table's stream hands them to the relay.
        final InMemoryStore store = new InMemoryStore(audit::publish);
        final InMemoryCredentialStore credentials = new InMemoryCredentialStore(clock);
        final FaultPlan plan = new FaultPlan();
        final FakeVaultProvider vault = new FakeVaultProvider(VaultType.DOPPLER, TOKEN);
        final App faulty;
        final App clean;
        final CountingCredentials cleanCredentials;

        World() {
            CredentialPaths paths = new CredentialPaths("/dataraven/faults");
            vault.values.put("REF_KEY_ID", "AKIAIOSFODNN7EXAMPLE");
            vault.values.put("REF_SECRET", "vault-secret-value-0123456789");
            java.util.function.Supplier<VaultProviders> providers = () -> new VaultProviders(List.of(vault), Map.of());
            FaultyStore faultyStore = new FaultyStore(store, plan);
            faulty = new App(token -> ADMIN, Metadata.of(faultyStore),
                    new FaultyCredentialStore(credentials, plan), paths, clock, UUID::randomUUID, providers, audit);
            cleanCredentials = new CountingCredentials(credentials);
            clean = new App(token -> ADMIN, Metadata.of(store), cleanCredentials, paths, clock, UUID::randomUUID,
                    providers, audit);
        }
    }

    /** Counts the calls that reach the credential store (a refused create must make none). */
    static final class CountingCredentials implements CredentialStore {
        final CredentialStore real;
        int calls;

        CountingCredentials(CredentialStore real) {
            this.real = real;
        }

        @Override
        public long create(String path, Credentials c) {
            calls++;
            return real.create(path, c);
        }

        @Override
        public long overwrite(String path, Credentials c) {
            calls++;
            return real.overwrite(path, c);
        }

        @Override
        public void delete(String path) {
            calls++;
            real.delete(path);
        }

        @Override
        public void deleteAll(java.util.Collection<String> paths) {
            calls++;
            real.deleteAll(paths);
        }

        @Override
        public Optional<Credentials> read(String path) {
            calls++;
            return real.read(path);
        }

        @Override
        public Optional<Credentials> read(String path, Long version) {
            calls++;
            return real.read(path, version);
        }

        @Override
        public List<StoredParameter> list(String prefix) {
            calls++;
            return real.list(prefix);
        }
    }

    /** What a client got: a status, and for a failed write whether it may have been applied. */
    record Outcome(int status, String changeApplied, long retryAfter) {
        boolean ok() {
            return status < 300;
        }

        boolean unknown() {
            return status >= 500 && !"no".equals(changeApplied);
        }
    }

    static Outcome attempt(Runnable request) {
        try {
            request.run();
            return new Outcome(200, null, 0);
        } catch (RuntimeException thrown) {
            ApiException e = Failures.http(thrown);
            if (e.status() >= 500) {
                assertThat(e.changeApplied()).as("a 5xx says whether the change may have been applied: " + e.getMessage())
                        .isIn("no", "unknown");
                assertThat(e.status() != 503 || e.headers().containsKey("Retry-After")).as("a 503 has Retry-After")
                        .isTrue();
            }
            String wait = e.headers().get("Retry-After");
            return new Outcome(e.status(), e.changeApplied(), wait == null ? 0 : Long.parseLong(wait));
        }
    }

    // ---- the write paths

    /** One write path: a starting state, the request, and what the API shows of its subject. */
    interface WritePath {
        String name();

        void setup(World w);

        /** The request; {@code n} picks its values (1: the request under test, 2: a later, different one). */
        void request(World w, int n);

        /** What a client can observe of the subject (through the clean API: GET, list, resolve). */
        Object observe(World w);

        /** A request of another client on the same resources, run by CONFLICT. */
        void concurrent(World w);

        /** The audit event types the request produces when it succeeds. */
        String auditType();

        /** Whether the request with values n and then m leaves the same state as m alone (creates, deletes). */
        default boolean idempotent() {
            return false;
        }
    }

    static ObjectNode json(String text) {
        try {
            return (ObjectNode) Databind.MAPPER.readTree(text);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
    }

    static String s3Credentials(int n) {
        return "{\"access_key_id\":\"AKIAIOSFODNN7EXAMPLE\",\"secret_access_key\":\"secret-value-number-" + n
                + "-0123456789\"}";
    }

    static void createS3(App app, String name, int n) {
        createS3(app, ADMIN, name, n);
    }

    static void createS3(App app, Principal who, String name, int n) {
        app.secretService().create(who, TEAM, SecretRequests.create(json(
                "{\"name\":\"" + name + "\",\"secret_type\":\"s3\",\"auth_method\":\"s3_access_key\","
                        + "\"credentials\":" + s3Credentials(n) + "}")));
    }

    static Optional<Secret> byName(World w, String name) {
        return w.clean.secretService().list(ADMIN, TEAM, ListSecretsQuery.parse(Map.of("limit", "100"))).data()
                .stream().filter(s -> s.name().equals(name)).findFirst();
    }

    /** A visible secret as a client sees it: GET's auth method and name, and what resolve hands out. */
    static Object view(World w, Secret listed) {
        Secret got = w.clean.secretService().get(ADMIN, TEAM, listed.id());
        Resolution r = w.clean.resolveService().resolve(TEAM.toString(), got.id().toString());
        assertThat(r).as("a visible secret resolves (" + got.name() + ")").isInstanceOf(Resolution.Resolved.class);
        Resolution.Resolved resolved = (Resolution.Resolved) r;
        assertThat(resolved.authMethod()).as("GET and resolve agree on the auth method").isEqualTo(got.authMethod());
        assertThat(resolved.credentials().values().keySet()).as("the fields are those of the auth method")
                .isEqualTo(new HashSet<>(got.authMethod().fields().stream().map(f -> f.name()).toList()));
        return List.of(got.name(), got.authMethod().wire(), resolved.credentials().values());
    }

    static Object secretNamed(World w, String name) {
        return byName(w, name).map(s -> view(w, s)).orElse("absent");
    }

    static Secret secret(World w, String name) {
        return byName(w, name).orElseThrow();
    }

    static Optional<VaultConnection> connectionNamed(World w, String name) {
        return w.clean.vaultConnectionService().list(ADMIN, TEAM, Map.of()).data().stream()
                .filter(c -> c.name().equals(name)).findFirst();
    }

    /** A visible connection: its name and the token its test and resolve would read. */
    static Object connectionView(World w, String name) {
        return connectionNamed(w, name).<Object>map(c -> {
            Optional<Credentials> token = w.credentials.read(c.credentialPath(), c.credentialVersion());
            assertThat(token).as("a visible connection has its token").isPresent();
            return List.of(c.name(), token.get().values());
        }).orElse("absent");
    }

    static void createConnection(App app, String name, String token) {
        createConnection(app, ADMIN, name, token);
    }

    static void createConnection(App app, Principal who, String name, String token) {
        app.vaultConnectionService().create(who, TEAM, VaultConnectionRequests.create(json(
                "{\"name\":\"" + name + "\",\"vault_type\":\"doppler\",\"access_token\":\"" + token
                        + "\",\"project\":\"backend\",\"config\":\"prd\"}")));
    }

    static void createKey(App app, String name) {
        createKey(app, ADMIN, name);
    }

    static void createKey(App app, Principal who, String name) {
        app.apiKeyService().create(who, TEAM, () -> ApiKeyRequests.create(json(
                "{\"name\":\"" + name + "\",\"scopes\":[\"secrets:read\"]}")));
    }

    static Optional<ApiKey> keyNamed(World w, String name) {
        return w.clean.apiKeyService().list(ADMIN, TEAM, () -> ApiKeyRequests.list(Map.of())).data().stream()
                .filter(k -> k.name().equals(name)).findFirst();
    }

    static ApiKey key(World w, String name) {
        return keyNamed(w, name).orElseThrow();
    }

    /**
     * The key under test ("ci") as a client sees it, the others' changes being the concurrent ones: a set, since a
     * create repeated after an unknown outcome may make a second key of the name (keys have no unique names):
     * its scopes, rotated, revoked.
     */
    static Object keysView(World w) {
        Set<List<Object>> view = new HashSet<>();
        w.clean.apiKeyService().list(ADMIN, TEAM, () -> ApiKeyRequests.list(Map.of())).data().stream()
                .filter(k -> k.name().equals("ci")).forEach(k ->
                        view.add(List.of(k.scopes(), k.rotatedAt() != null, k.revokedAt() != null)));
        return view;
    }

    static void rename(App app, Secret s, String name) {
        app.secretService().update(ADMIN, TEAM, s.id(), SecretRequests.update(json("{\"name\":\"" + name + "\"}")));
    }

    static void describe(App app, Secret s, String description) {
        app.secretService().update(OTHER, TEAM, s.id(),
                SecretRequests.update(json("{\"description\":\"" + description + "\"}")));
    }

    static final List<WritePath> PATHS = List.of(
            new WritePath() {
                public String name() { return "create direct"; }
                public void setup(World w) { createS3(w.clean, "other", 9); }
                public void request(World w, int n) { createS3(w.faulty, "prod", 1); }
                public Object observe(World w) { return secretNamed(w, "prod"); }
                public void concurrent(World w) { describe(w.clean, secret(w, "other"), "changed"); }
                public String auditType() { return "secret_created"; }
                public boolean idempotent() { return true; }
            },
            new WritePath() {
                public String name() { return "create external"; }
                public void setup(World w) { w.clean.teams().setTier(TEAM, Tier.PRO); createConnection(w.clean, "vault", TOKEN); }
                public void request(World w, int n) {
                    UUID connection = connectionNamed(w, "vault").orElseThrow().id();
                    w.faulty.secretService().create(ADMIN, TEAM, SecretRequests.create(json(
                            "{\"name\":\"ext\",\"secret_type\":\"s3\",\"auth_method\":\"s3_access_key\","
                                    + "\"vault_connection_id\":\"" + connection + "\",\"field_mappings\":["
                                    + "{\"field_name\":\"access_key_id\",\"reference\":\"REF_KEY_ID\"},"
                                    + "{\"field_name\":\"secret_access_key\",\"reference\":\"REF_SECRET\"}]}")));
                }
                public Object observe(World w) { return secretNamed(w, "ext"); }
                public void concurrent(World w) { createS3(w.clean, OTHER, "unrelated", 3); }
                public String auditType() { return "secret_created"; }
                public boolean idempotent() { return true; }
            },
            new WritePath() {
                public String name() { return "rename"; }
                public void setup(World w) { createS3(w.clean, "before", 0); }
                public void request(World w, int n) {
                    Optional<Secret> s = byName(w, "before").or(() -> byName(w, "after-1"));
                    rename(w.faulty, s.orElseThrow(), "after-" + n);
                }
                public Object observe(World w) {
                    return w.clean.secretService().list(ADMIN, TEAM, ListSecretsQuery.parse(Map.of())).data()
                            .stream().map(s -> view(w, s)).toList();
                }
                public void concurrent(World w) { describe(w.clean, secret(w, "before"), "concurrent"); }
                public String auditType() { return "secret_updated"; }
            },
            new WritePath() {
                public String name() { return "rotation"; }
                public void setup(World w) { createS3(w.clean, "prod", 0); }
                public void request(World w, int n) {
                    w.faulty.secretService().update(ADMIN, TEAM, secret(w, "prod").id(), SecretRequests.update(
                            json("{\"credentials\":" + s3Credentials(n) + "}")));
                }
                public Object observe(World w) { return secretNamed(w, "prod"); }
                public void concurrent(World w) { describe(w.clean, secret(w, "prod"), "concurrent"); }
                public String auditType() { return "secret_rotated"; }
            },
            new WritePath() {
                public String name() { return "auth-method change"; }
                public void setup(World w) {
                    w.clean.secretService().create(ADMIN, TEAM, SecretRequests.create(json(
                            "{\"name\":\"blob\",\"secret_type\":\"azure_blob\",\"auth_method\":\"azure_sas_url\","
                                    + "\"credentials\":{\"sas_url\":\"" + io.dataraven.secrets.testing.SampleCredentials.SAS_URL
                                    + "\"}}")));
                }
                public void request(World w, int n) {
                    w.faulty.secretService().update(ADMIN, TEAM, secret(w, "blob").id(), SecretRequests.update(json(
                            "{\"auth_method\":\"azure_account_key\",\"credentials\":{\"account_name\":\"acct0" + n
                                    + "\",\"account_key\":\"c2VjcmV0LWFjY291bnQta2V5LWZvci10ZXN0cy1vbmx5LTAxMjM0NTY3ODk=\"}}")));
                }
                public Object observe(World w) { return secretNamed(w, "blob"); }
                public void concurrent(World w) { describe(w.clean, secret(w, "blob"), "concurrent"); }
                public String auditType() { return "secret_rotated"; }
            },
            new WritePath() {
                public String name() { return "delete"; }
                public void setup(World w) { createS3(w.clean, "prod", 0); }
                public void request(World w, int n) {
                    byName(w, "prod").ifPresent(s -> w.faulty.secretService().delete(ADMIN, TEAM, s.id()));
                }
                public Object observe(World w) { return secretNamed(w, "prod"); }
                public void concurrent(World w) { describe(w.clean, secret(w, "prod"), "concurrent"); }
                public String auditType() { return "secret_deleted"; }
                public boolean idempotent() { return true; }
            },
            new WritePath() {
                public String name() { return "vault connection create"; }
                public void setup(World w) { w.clean.teams().setTier(TEAM, Tier.PRO); }
                public void request(World w, int n) { createConnection(w.faulty, "vault", "dp.st.token-1"); }
                public Object observe(World w) { return connectionView(w, "vault"); }
                public void concurrent(World w) { createConnection(w.clean, OTHER, "unrelated", "dp.st.other"); }
                public String auditType() { return "vault_connection_created"; }
                public boolean idempotent() { return true; }
            },
            new WritePath() {
                public String name() { return "vault connection rename"; }
                public void setup(World w) { createConnection(w.clean, "vault", "dp.st.token-0"); }
                public void request(World w, int n) {
                    VaultConnection c = connectionNamed(w, "vault").or(() -> connectionNamed(w, "renamed-1"))
                            .orElseThrow();
                    w.faulty.vaultConnectionService().update(ADMIN, TEAM, c.id(),
                            VaultConnectionRequests.update(json("{\"name\":\"renamed-" + n + "\"}")));
                }
                public Object observe(World w) {
                    return w.clean.vaultConnectionService().list(ADMIN, TEAM, Map.of()).data().stream()
                            .map(c -> connectionView(w, c.name())).toList();
                }
                public void concurrent(World w) {
                    w.clean.vaultConnectionService().update(OTHER, TEAM, connectionNamed(w, "vault").orElseThrow().id(),
                            VaultConnectionRequests.update(json("{\"description\":\"concurrent\"}")));
                }
                public String auditType() { return "vault_connection_updated"; }
            },
            new WritePath() {
                public String name() { return "vault connection rotate"; }
                public void setup(World w) { createConnection(w.clean, "vault", "dp.st.token-0"); }
                public void request(World w, int n) {
                    w.faulty.vaultConnectionService().rotate(ADMIN, TEAM, connectionNamed(w, "vault").orElseThrow().id(),
                            VaultConnectionRequests.rotation(json("{\"access_token\":\"dp.st.token-" + n + "\"}")));
                }
                public Object observe(World w) { return connectionView(w, "vault"); }
                public void concurrent(World w) {
                    w.clean.vaultConnectionService().update(OTHER, TEAM, connectionNamed(w, "vault").orElseThrow().id(),
                            VaultConnectionRequests.update(json("{\"description\":\"concurrent\"}")));
                }
                public String auditType() { return "vault_connection_rotated"; }
            },
            new WritePath() {
                public String name() { return "vault connection test"; }
                public void setup(World w) { createConnection(w.clean, "vault", TOKEN); }
                public void request(World w, int n) {
                    w.faulty.vaultConnectionService().test(ADMIN, TEAM, connectionNamed(w, "vault").orElseThrow().id());
                }
                public Object observe(World w) {
                    // Verified or not: each test records its own time, so the time itself never converges.
                    return connectionNamed(w, "vault").<Object>map(c -> List.of(c.name(),
                            c.lastVerifiedAt() != null)).orElse("absent");
                }
                public void concurrent(World w) {
                    w.clean.vaultConnectionService().update(OTHER, TEAM, connectionNamed(w, "vault").orElseThrow().id(),
                            VaultConnectionRequests.update(json("{\"description\":\"concurrent\"}")));
                }
                public String auditType() { return "vault_connection_tested"; }
            },
            new WritePath() {
                public String name() { return "rollback"; }
                public void setup(World w) {
                    createS3(w.clean, "prod", 1);
                    w.clean.secretService().update(ADMIN, TEAM, secret(w, "prod").id(), SecretRequests.update(json(
                            "{\"credentials\":" + s3Credentials(2) + "}")));
                    createS3(w.clean, "other", 9);
                }
                public void request(World w, int n) {
                    w.faulty.secretService().rollback(ADMIN, TEAM, secret(w, "prod").id(),
                            () -> SecretRequests.rollback(json("{\"version\":" + n + "}")));
                }
                public Object observe(World w) { return secretNamed(w, "prod"); }
                public void concurrent(World w) { describe(w.clean, secret(w, "other"), "changed"); }
                public String auditType() { return "secret_rolled_back"; }
            },
            new WritePath() {
                public String name() { return "api key create"; }
                public void setup(World w) { w.clean.teams().setTier(TEAM, Tier.PRO); createKey(w.clean, "other"); }
                public void request(World w, int n) { createKey(w.faulty, "ci"); }
                public Object observe(World w) { return keysView(w); }
                public void concurrent(World w) { createKey(w.clean, OTHER, "concurrent"); }
                public String auditType() { return "api_key_created"; }
                public boolean idempotent() { return true; }
            },
            new WritePath() {
                public String name() { return "api key rotate"; }
                public void setup(World w) { createKey(w.clean, "ci"); createKey(w.clean, "other"); }
                public void request(World w, int n) { w.faulty.apiKeyService().rotate(ADMIN, TEAM, key(w, "ci").id()); }
                public Object observe(World w) { return keysView(w); }
                public void concurrent(World w) { w.clean.apiKeyService().rotate(OTHER, TEAM, key(w, "other").id()); }
                public String auditType() { return "api_key_rotated"; }
            },
            new WritePath() {
                public String name() { return "api key revoke"; }
                public void setup(World w) { createKey(w.clean, "ci"); createKey(w.clean, "other"); }
                public void request(World w, int n) { w.faulty.apiKeyService().revoke(ADMIN, TEAM, key(w, "ci").id()); }
                public Object observe(World w) { return keysView(w); }
                public void concurrent(World w) { w.clean.apiKeyService().rotate(OTHER, TEAM, key(w, "other").id()); }
                public String auditType() { return "api_key_revoked"; }
                public boolean idempotent() { return true; }
            },
            new WritePath() {
                public String name() { return "api key delete"; }
                public void setup(World w) { createKey(w.clean, "ci"); createKey(w.clean, "other"); }
                public void request(World w, int n) {
                    keyNamed(w, "ci").ifPresent(k -> w.faulty.apiKeyService().delete(ADMIN, TEAM, k.id()));
                }
                public Object observe(World w) { return keysView(w); }
                public void concurrent(World w) { w.clean.apiKeyService().rotate(OTHER, TEAM, key(w, "other").id()); }
                public String auditType() { return "api_key_deleted"; }
                public boolean idempotent() { return true; }
            },
            new WritePath() {
                public String name() { return "vault connection delete"; }
                public void setup(World w) { createConnection(w.clean, "vault", "dp.st.token-0"); }
                public void request(World w, int n) {
                    connectionNamed(w, "vault").ifPresent(c -> w.faulty.vaultConnectionService().delete(ADMIN, TEAM, c.id()));
                }
                public Object observe(World w) { return connectionView(w, "vault"); }
                public void concurrent(World w) {
                    w.clean.vaultConnectionService().update(OTHER, TEAM, connectionNamed(w, "vault").orElseThrow().id(),
                            VaultConnectionRequests.update(json("{\"description\":\"concurrent\"}")));
                }
                public String auditType() { return "vault_connection_deleted"; }
                public boolean idempotent() { return true; }
            });

    // ---- the properties

    /** Order A: the request under test, then a later different request (acknowledged), then late writes land. */
    private static void laterRequestWins(WritePath path, FaultPlan.Kind[] kinds, int[] calls) {
        World w = world(path);
        w.plan.concurrently(() -> path.concurrent(w));
        for (int i = 0; i < calls.length; i++) {
            w.plan.inject(calls[i], kinds[i]);
        }
        w.plan.arm();
        attempt(() -> path.request(w, 1));
        w.plan.disarm();
        Outcome later = attempt(() -> path.request(w, 2));
        Object acknowledged = path.observe(w);
        w.plan.settle();
        if (later.ok()) {
            assertThat(path.observe(w)).as(path.name() + ": a late write never undoes a later acknowledged one")
                    .isEqualTo(acknowledged);
        }
        sweepAndCheck(w, path);
    }

    /** Order B: the request under test, late writes land, truthfulness is checked, then the same request again. */
    private static void truthfulThenConverges(WritePath path, FaultPlan.Kind[] kinds, int[] calls, Object after) {
        World w = world(path);
        w.plan.concurrently(() -> path.concurrent(w));
        for (int i = 0; i < calls.length; i++) {
            w.plan.inject(calls[i], kinds[i]);
        }
        Object before = path.observe(w);
        int events = w.audit.events().size();
        w.plan.arm();
        Outcome first = attempt(() -> path.request(w, 1));
        w.plan.disarm();
        int eventsAfterFirst = countType(w, path.auditType(), events);
        w.plan.settle();
        Object settled = path.observe(w);
        String label = path.name() + " with " + List.of(kinds) + " at " + java.util.Arrays.toString(calls) + " -> " + first;
        if (first.ok()) {
            assertThat(settled).as(label + ": a 2xx shows its write").isEqualTo(after);
            assertThat(eventsAfterFirst).as(label + ": a 2xx has its audit event").isEqualTo(1);
        } else if (first.unknown()) {
            assertThat(settled).as(label + ": after an unknown outcome, the old or the new state").isIn(before, after);
            // The event is committed with its change: there exactly when the change is, even if nobody saw it land.
            assertThat(countType(w, path.auditType(), events)).as(label + ": an event exactly if the change landed")
                    .isEqualTo(settled.equals(after) && !settled.equals(before) ? 1 : 0);
        } else {
            assertThat(settled).as(label + ": a refusal or a 5xx saying 'no' changed nothing").isEqualTo(before);
            assertThat(eventsAfterFirst).as(label + ": no audit event for a change not applied").isZero();
        }
        Outcome again = attempt(() -> path.request(w, 1));
        if (again.status() == 409 && again.retryAfter() > 0) {
            // the name is held by the interrupted first attempt: a client honouring Retry-After takes it over
            w.clock.advance(Duration.ofSeconds(again.retryAfter()));
            again = attempt(() -> path.request(w, 1));
        }
        boolean ownEarlierCreate = again.status() == 409 && path.idempotent() && settled.equals(after);
        assertThat(again.ok() || ownEarlierCreate).as(label + ": the same request again converges, got " + again)
                .isTrue();
        assertThat(path.observe(w)).as(label + ": converged").isEqualTo(after);
        sweepAndCheck(w, path);
    }

    private static int countType(World w, String type, int from) {
        List<io.dataraven.secrets.audit.AuditEvent> all = w.audit.events();
        return (int) all.subList(from, all.size()).stream()
                .filter(e -> e.eventType().equals(type) && ADMIN.subject().equals(e.actorId())).count();
    }

    private static World world(WritePath path) {
        World w = new World();
        path.setup(w);
        return w;
    }

    /** Past the grace period the sweeper removes leftovers only: what is visible stays whole. */
    private static void sweepAndCheck(World w, WritePath path) {
        sweepAndCheck(w, path.name(), path::observe);
    }

    static void sweepAndCheck(World w, String name, java.util.function.Function<World, Object> observe) {
        Object visible = observe.apply(w);
        w.clock.advance(Duration.ofHours(2));
        w.clean.orphanSweeper().sweep();
        assertThat(observe.apply(w)).as(name + ": the sweeper deleted nothing anything points at")
                .isEqualTo(visible);
        Set<String> pointedAt = new HashSet<>();
        w.store.credentialOwners().forEach(o -> {
            assertThat(o.pending()).as("no abandoned create survives the sweeper").isFalse();
            pointedAt.add(o.credentialPath());
        });
        assertThat(w.credentials.paths()).as(name + ": no orphaned parameter survives the sweeper")
                .isSubsetOf(pointedAt);
    }

    /** The calls a path makes without faults (their number drives the matrix), and its state after success. */
    private static Object[] cleanRun(WritePath path) {
        World w = world(path);
        w.plan.arm();
        try {
            path.request(w, 1);
        } catch (RuntimeException thrown) {
            ApiException e = Failures.http(thrown);
            throw new AssertionError(path.name() + " fails without faults: " + e.getMessage() + " " + e.detail());
        }
        w.plan.disarm();
        return new Object[]{w.plan.calls().size(), path.observe(w), w.plan.calls()};
    }

    @TestFactory
    Stream<DynamicTest> everyPathEveryCallEveryFault() {
        List<DynamicTest> tests = new ArrayList<>();
        for (WritePath path : PATHS) {
            Object[] clean = cleanRun(path);
            int calls = (int) clean[0];
            for (int call = 0; call < calls; call++) {
                for (FaultPlan.Kind kind : FaultPlan.Kind.values()) {
                    int at = call;
                    tests.add(DynamicTest.dynamicTest(path.name() + ": " + kind + " at call " + call + " ("
                            + ((List<?>) clean[2]).get(call) + ")", () -> {
                        truthfulThenConverges(path, new FaultPlan.Kind[]{kind}, new int[]{at}, clean[1]);
                        laterRequestWins(path, new FaultPlan.Kind[]{kind}, new int[]{at});
                    }));
                }
            }
        }
        return tests.stream();
    }

    @TestFactory
    Stream<DynamicTest> everyPathEveryPairOfFaults() {
        List<DynamicTest> tests = new ArrayList<>();
        FaultPlan.Kind[] kinds = {FaultPlan.Kind.FAIL_BEFORE, FaultPlan.Kind.APPLY_THEN_FAIL, FaultPlan.Kind.APPLY_LATE};
        for (WritePath path : PATHS) {
            Object[] clean = cleanRun(path);
            int calls = (int) clean[0] + 2; // faults may also hit the cleanup and read-back calls a fault adds
            tests.add(DynamicTest.dynamicTest(path.name() + ": every pair of faults", () -> {
                for (int a = 0; a < calls; a++) {
                    for (int b = a + 1; b < calls; b++) {
                        for (FaultPlan.Kind ka : kinds) {
                            for (FaultPlan.Kind kb : kinds) {
                                truthfulThenConverges(path, new FaultPlan.Kind[]{ka, kb}, new int[]{a, b}, clean[1]);
                                laterRequestWins(path, new FaultPlan.Kind[]{ka, kb}, new int[]{a, b});
                            }
                        }
                    }
                }
            }));
        }
        return tests.stream();
    }

    @Test
    void aSeededRandomRunKeepsEveryProperty() {
        Random random = new Random(20261202L);
        FaultPlan.Kind[] kinds = FaultPlan.Kind.values();
        for (int run = 0; run < 400; run++) {
            WritePath path = PATHS.get(random.nextInt(PATHS.size()));
            int faults = 1 + random.nextInt(3);
            FaultPlan.Kind[] chosen = new FaultPlan.Kind[faults];
            int[] at = new int[faults];
            Set<Integer> used = new HashSet<>();
            for (int i = 0; i < faults; i++) {
                chosen[i] = kinds[random.nextInt(kinds.length)];
                int call;
                do {
                    call = random.nextInt(8);
                } while (!used.add(call));
                at[i] = call;
            }
            Object after = cleanRun(path)[1];
            truthfulThenConverges(path, chosen, at, after);
            laterRequestWins(path, chosen, at);
        }
    }

    // ---- team deletion: metadata first, parameters in batches; a crash anywhere is finished by the retry

    @TestFactory
    Stream<DynamicTest> teamDeletionUnderEveryFault() {
        List<DynamicTest> tests = new ArrayList<>();
        for (int call = 0; call < 30; call++) {
            for (FaultPlan.Kind kind : List.of(FaultPlan.Kind.FAIL_BEFORE, FaultPlan.Kind.APPLY_THEN_FAIL,
                    FaultPlan.Kind.APPLY_LATE, FaultPlan.Kind.THROTTLE)) {
                int at = call;
                tests.add(DynamicTest.dynamicTest("team deletion: " + kind + " at call " + call, () -> {
                    World w = new World();
                    w.clean.teams().setTier(TEAM, Tier.PRO);
                    for (int i = 0; i < 12; i++) {
                        createS3(w.clean, "s" + i, i);
                    }
                    createConnection(w.clean, "vault", TOKEN);
                    w.plan.inject(at, kind).arm();
                    TeamEvent deleted = new TeamEvent(TeamEvent.DELETED, TEAM, null, 0, Instant.now());
                    try {
                        w.faulty.teamEventsService().handle(deleted, () -> true);
                    } catch (StoreUnavailableException failed) {
                        // the function fails; EventBridge delivers the event again
                    }
                    w.plan.disarm();
                    // Whatever is still visible is whole.
                    w.clean.secretService().list(ADMIN, TEAM, ListSecretsQuery.parse(Map.of("limit", "100"))).data()
                            .forEach(s -> view(w, s));
                    w.plan.settle();
                    assertThat(w.clean.teamEventsService().handle(deleted, () -> true).complete()).isTrue();
                    assertThat(w.store.listSecrets(TEAM)).isEmpty();
                    assertThat(w.store.listVaultConnections(TEAM)).isEmpty();
                    w.clock.advance(Duration.ofHours(2));
                    w.clean.orphanSweeper().sweep();
                    assertThat(w.credentials.paths()).as("no credentials of a deleted team survive").isEmpty();
                }));
            }
        }
        return tests.stream();
    }

    @Test
    void teamDeletionDeletesParametersInBatchesOfTen() {
        World w = new World();
        w.clean.teams().setTier(TEAM, Tier.PRO);
        for (int i = 0; i < 23; i++) {
            createS3(w.clean, "s" + i, i);
        }
        w.plan.arm();
        w.faulty.teamEventsService().handle(new TeamEvent(TeamEvent.DELETED, TEAM, null, 0, Instant.now()), () -> true);
        w.plan.disarm();
        assertThat(w.plan.calls().stream().filter(c -> c.equals("credentials.deleteAll")).count()).isEqualTo(3);
        assertThat(w.plan.calls()).doesNotContain("credentials.delete");
        assertThat(w.credentials.paths()).isEmpty();
    }

    // ---- budgets: SSM spent on real changes only

    @Test
    void aRefusedCreateMakesNoSsmCall() {
        World w = new World();
        for (int i = 0; i < Tier.FREE.secretLimit(); i++) {
            createS3(w.clean, "s" + i, i);
        }
        w.cleanCredentials.calls = 0;
        Outcome full = attempt(() -> createS3(w.clean, "sixth", 6));
        Outcome taken = attempt(() -> createS3(w.clean, "s0", 7));
        Outcome invalid = attempt(() -> w.clean.secretService().create(ADMIN, TEAM, SecretRequests.create(json(
                "{\"name\":\"x\",\"secret_type\":\"s3\",\"auth_method\":\"s3_access_key\",\"credentials\":{}}"))));
        Outcome missingConnection = attempt(() -> w.clean.secretService().create(ADMIN, TEAM, SecretRequests.create(json(
                "{\"name\":\"e\",\"secret_type\":\"s3\",\"auth_method\":\"s3_access_key\",\"vault_connection_id\":\""
                        + UUID.randomUUID() + "\",\"field_mappings\":[{\"field_name\":\"access_key_id\","
                        + "\"reference\":\"a\"},{\"field_name\":\"secret_access_key\",\"reference\":\"b\"}]}"))));
        Outcome connectionsFull = attempt(() -> {
            createConnection(w.clean, "one", TOKEN);
            createConnection(w.clean, "two", TOKEN);
        });
        assertThat(List.of(full.status(), taken.status(), invalid.status(), missingConnection.status(),
                connectionsFull.status())).containsExactly(403, 409, 400, 404, 403);
        assertThat(w.cleanCredentials.calls).as("SSM calls: only the one connection that was created").isEqualTo(1);
    }

    @Test
    void aCreateCostsOneParameterWriteAndARotationOneNewVersionOfTheSamePath() {
        World w = new World();
        w.plan.arm();
        createS3(w.faulty, "prod", 1);
        assertThat(w.plan.calls()).containsExactly("secrets.create", "credentials.create", "secrets.update");
        Secret created = secret(w, "prod");
        w.plan.arm();
        w.faulty.secretService().update(ADMIN, TEAM, created.id(),
                SecretRequests.update(json("{\"credentials\":" + s3Credentials(2) + "}")));
        assertThat(w.plan.calls()).containsExactly("secrets.find", "credentials.overwrite", "secrets.update");
        w.plan.disarm();
        Secret rotated = secret(w, "prod");
        assertThat(rotated.credentialPath()).isEqualTo(created.credentialPath());
        assertThat(rotated.credentialVersion()).isEqualTo(2L);
        assertThat(w.credentials.versions(created.credentialPath())).isEqualTo(2);
    }

    @Test
    void anAbandonedCreateFreesItsNameForTheNextCreateOfIt() {
        World w = new World();
        // The reservation commits, then the function dies before storing the credentials (no cleanup at all).
        w.plan.inject(1, FaultPlan.Kind.FAIL_BEFORE).inject(2, FaultPlan.Kind.FAIL_BEFORE).arm();
        assertThat(attempt(() -> createS3(w.faulty, "prod", 1)).changeApplied()).isEqualTo("no");
        w.plan.disarm();
        assertThat(w.store.listSecrets(TEAM)).singleElement().satisfies(s -> assertThat(s.pending()).isTrue());
        assertThat(secretNamed(w, "prod")).isEqualTo("absent");
        // Soon after, the name is still held: a create in flight must not be stolen.
        assertThat(attempt(() -> createS3(w.clean, "prod", 2)).status()).isEqualTo(409);
        w.clock.advance(io.dataraven.secrets.credential.CredentialWrites.ABANDONED_AFTER.plusSeconds(1));
        assertThat(attempt(() -> createS3(w.clean, "prod", 2)).ok()).isTrue();
        assertThat(w.store.listSecrets(TEAM)).singleElement().satisfies(s -> assertThat(s.pending()).isFalse());
        assertThat(w.store.findTeam(TEAM).orElseThrow().secretCount()).isEqualTo(1);
    }

    @Test
    void theSweeperNeverTouchesParametersOfAnotherTable() {
        World w = new World();
        CredentialStore other = w.credentials.sharedWith("other-table");
        String theirs = "/dataraven/faults/teams/" + TEAM + "/secrets/" + UUID.randomUUID();
        other.create(theirs, new Credentials(Map.of("access_key_id", "x", "secret_access_key", "y")));
        String ours = "/dataraven/faults/teams/" + TEAM + "/secrets/" + UUID.randomUUID();
        w.credentials.create(ours, new Credentials(Map.of("access_key_id", "x", "secret_access_key", "y")));
        w.clock.advance(Duration.ofDays(2));
        var summary = w.clean.orphanSweeper().sweep();
        assertThat(summary.deleted()).isEqualTo(1);
        assertThat(w.credentials.paths()).containsExactly(theirs);
        assertThat(Objects.requireNonNull(other.read(theirs))).isPresent();
    }

    @Test
    void resolveUnderThrottlingIsARetryableFailureWithRetryAfter() {
        for (int call = 0; call < 2; call++) { // the metadata read, then the parameter read
            World w = new World();
            createS3(w.clean, "prod", 1);
            UUID id = secret(w, "prod").id();
            w.plan.inject(call, FaultPlan.Kind.THROTTLE).arm();
            Resolution r = w.faulty.resolveService().resolve(TEAM.toString(), id.toString());
            w.plan.disarm();
            assertThat(r).isInstanceOfSatisfying(Resolution.Failed.class, failed -> {
                assertThat(failed.code()).isEqualTo("service_throttled");
                assertThat(failed.retryable()).isTrue();
                assertThat(failed.retryAfterSeconds()).isEqualTo(2L);
            });
        }
    }
}
