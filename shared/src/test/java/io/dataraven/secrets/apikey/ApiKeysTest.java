package io.dataraven.secrets.apikey;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dataraven.secrets.api.ApiException;
import io.dataraven.secrets.audit.AuditEvent;
import io.dataraven.secrets.audit.InMemoryAuditLog;
import io.dataraven.secrets.auth.AuthenticationException;
import io.dataraven.secrets.auth.Operation;
import io.dataraven.secrets.auth.Principal;
import io.dataraven.secrets.auth.RequestInfo;
import io.dataraven.secrets.auth.Role;
import io.dataraven.secrets.common.Databind;
import io.dataraven.secrets.common.Json;
import io.dataraven.secrets.config.App;
import io.dataraven.secrets.config.Metadata;
import io.dataraven.secrets.credential.CredentialPaths;
import io.dataraven.secrets.secret.SecretRequests;
import io.dataraven.secrets.store.memory.InMemoryCredentialStore;
import io.dataraven.secrets.store.memory.InMemoryStore;
import io.dataraven.secrets.team.Tier;
import io.dataraven.secrets.testing.Failures;
import io.dataraven.secrets.testing.LogCapture;
import io.dataraven.secrets.testing.MutableClock;
import io.dataraven.secrets.vault.VaultProviders;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.ToIntFunction;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** API keys end to end over the in-memory adapters: minting, authentication, scopes, rotation, limits, audit. */
class ApiKeysTest {

    static final UUID TEAM = UUID.randomUUID();
    static final UUID OTHER_TEAM = UUID.randomUUID();
    static final Principal OWNER = new Principal("user-owner", Map.of(TEAM, Role.OWNER, OTHER_TEAM, Role.OWNER));
    static final RequestInfo REQUEST = new RequestInfo("req-1", "198.51.100.7", "terraform/1.9");

    final MutableClock clock = new MutableClock(Instant.parse("2026-12-02T10:00:00Z"));
    final InMemoryAuditLog audit = new InMemoryAuditLog();
    final InMemoryStore store = new InMemoryStore(audit::publish);
    final AtomicInteger useWrites = new AtomicInteger();
    /** The store, counting the last-use writes that reach it. */
    final ApiKeyRepository counted = new CountingKeys(store, useWrites);
    final App app = new App(token -> OWNER, new Metadata(store, store, store, store, counted),
            new InMemoryCredentialStore(), new CredentialPaths("/dataraven/keys-test"), clock, UUID::randomUUID,
            () -> new VaultProviders(List.of(), Map.of()), audit, Duration.ofHours(1), new ApiKeyLimits(2, 4));

    ApiKeyService.Minted create(String name, String... scopes) {
        return create(OWNER, name, null, scopes);
    }

    ApiKeyService.Minted create(Principal who, String name, String expiresAt, String... scopes) {
        ObjectNode body = Databind.MAPPER.createObjectNode().put("name", name);
        body.putArray("scopes").addAll(java.util.Arrays.stream(scopes).map(Databind.MAPPER.getNodeFactory()::textNode)
                .toList());
        if (expiresAt != null) {
            body.put("expires_at", expiresAt);
        }
        return app.apiKeyService().create(who, TEAM, () -> ApiKeyRequests.create(body));
    }

    Principal authenticate(String key) {
        return app.authenticator().authenticate(key, () -> TEAM, REQUEST);
    }

    ApiException refusal(String key) {
        return Failures.http(() -> authenticate(key));
    }

    @Test
    void aMintedKeyHasTheDocumentedFormatAndOnlyItsHashIsKept() {
        ApiKeyService.Minted minted = create("ci", "secrets:read");

        assertThat(minted.fullKey()).matches("dr_[A-Za-z0-9]{12}_[A-Za-z0-9_-]{43}");
        assertThat(minted.fullKey()).startsWith("dr_" + minted.key().keyId() + "_");
        ApiKey stored = store.findApiKey(TEAM, minted.key().keyId()).orElseThrow();
        String secret = minted.fullKey().substring(16);
        assertThat(stored.toString()).doesNotContain(secret).doesNotContain(stored.secretHash());
        assertThat(stored.secretHash()).isEqualTo(ApiKeyTokens.hash(secret)).isNotEqualTo(secret);
        assertThat(minted.toString()).doesNotContain(secret);
        assertThat(ApiKeyJson.view(stored, clock.instant(), true).toString()).doesNotContain(secret)
                .doesNotContain(stored.secretHash());
        // Two keys never share a secret.
        assertThat(create("ci-2", "secrets:read").fullKey().substring(16)).isNotEqualTo(secret);
    }

    @Test
    void aKeyAuthenticatesAsAnApiKeyActorOfItsTeamWithItsScopes() {
        ApiKeyService.Minted minted = create("ci", "secrets:read", "secrets:create");

        Principal caller = authenticate(minted.fullKey());

        assertThat(caller.subject()).isEqualTo("apikey:" + minted.key().keyId());
        assertThat(caller.apiKey().scopes()).containsExactlyInAnyOrder("secrets:read", "secrets:create");
        assertThat(caller.request()).isEqualTo(REQUEST);
        caller.require(TEAM, Operation.LIST_SECRETS);
        caller.require(TEAM, Operation.CREATE_SECRET);
        assertThat(Failures.http(() -> caller.require(TEAM, Operation.DELETE_SECRET)).status()).isEqualTo(403);
        assertThat(Failures.http(() -> caller.require(OTHER_TEAM, Operation.LIST_SECRETS)).status()).isEqualTo(403);
        // The same key on another team's route: that team has no such key.
        assertThat(Failures.http(() -> app.authenticator().authenticate(minted.fullKey(), () -> OTHER_TEAM, REQUEST))
                .status()).isEqualTo(401);
    }

    /** The scope matrix: a key holding one scope may do exactly the operations of that scope. */
    @ParameterizedTest
    @EnumSource(Operation.class)
    void eachScopeGrantsExactlyItsOperations(Operation granted) {
        if (granted.scope() == null) {
            return; // JWT-only operations: covered below
        }
        Principal caller = authenticate(create("only " + granted.scope(), granted.scope()).fullKey());
        for (Operation op : Operation.values()) {
            if (granted.scope().equals(op.scope())) {
                caller.require(TEAM, op);
            } else {
                ApiException denied = Failures.http(() -> caller.require(TEAM, op));
                assertThat(denied.status()).as(op + " with a key holding only " + granted.scope()).isEqualTo(403);
                assertThat(denied.getMessage()).contains(op.scope() == null ? "user session" : op.scope());
            }
        }
    }

    @Test
    void aKeyCannotMintOrManageKeys() {
        ApiKeyService.Minted minted = create("ci", Operation.SCOPES.toArray(String[]::new));
        Principal caller = authenticate(minted.fullKey());
        UUID id = minted.key().id();

        List<ApiException> refused = List.of(
                Failures.http(() -> create(caller, "minted by a key", null, "secrets:read")),
                Failures.http(() -> app.apiKeyService().list(caller, TEAM, () -> ApiKeyRequests.list(Map.of()))),
                Failures.http(() -> app.apiKeyService().get(caller, TEAM, id)),
                Failures.http(() -> app.apiKeyService().rotate(caller, TEAM, id)),
                Failures.http(() -> app.apiKeyService().revoke(caller, TEAM, id)),
                Failures.http(() -> app.apiKeyService().delete(caller, TEAM, id)));

        assertThat(refused).allSatisfy(e -> {
            assertThat(e.status()).isEqualTo(403);
            assertThat(e.getMessage()).contains("signed-in user session");
        });
        assertThat(store.listApiKeys(TEAM)).hasSize(1);
    }

    @Test
    void onlyAdminsAndOwnersManageKeys() {
        Principal operator = new Principal("user-op", Map.of(TEAM, Role.OPERATOR));
        assertThat(Failures.http(() -> create(operator, "ci", null, "secrets:read")).status()).isEqualTo(403);
        assertThat(Failures.http(() -> app.apiKeyService().list(operator, TEAM, () -> ApiKeyRequests.list(Map.of())))
                .status()).isEqualTo(403);
        Principal admin = new Principal("user-admin", Map.of(TEAM, Role.ADMIN));
        assertThat(create(admin, "ci", null, "secrets:read").key().createdBy()).isEqualTo("user-admin");
    }

    @Test
    void aRotatedKeyIsRefusedOnTheVeryNextRequestAndTheNewOneWorks() {
        ApiKeyService.Minted first = create("ci", "secrets:read");
        authenticate(first.fullKey());
        clock.advance(Duration.ofSeconds(1));

        ApiKeyService.Minted second = app.apiKeyService().rotate(OWNER, TEAM, first.key().id());

        assertThat(second.key().keyId()).isEqualTo(first.key().keyId());
        assertThat(second.key().id()).isEqualTo(first.key().id());
        assertThat(second.key().scopes()).isEqualTo(first.key().scopes());
        assertThat(second.fullKey()).isNotEqualTo(first.fullKey());
        assertThat(refusal(first.fullKey()).status()).isEqualTo(401);
        assertThat(authenticate(second.fullKey()).apiKey().keyId()).isEqualTo(first.key().keyId());
        assertThat(app.apiKeyService().get(OWNER, TEAM, first.key().id()).rotatedAt()).isEqualTo(clock.instant());
    }

    @Test
    void aRevokedKeyIsRefusedOnTheVeryNextRequestAndStaysListed() {
        ApiKeyService.Minted minted = create("ci", "secrets:read");
        authenticate(minted.fullKey());
        clock.advance(Duration.ofSeconds(1));

        app.apiKeyService().revoke(OWNER, TEAM, minted.key().id());

        ApiException refused = refusal(minted.fullKey());
        assertThat(refused.status()).isEqualTo(401);
        assertThat(refused.getMessage()).contains("revoked");
        var listed = app.apiKeyService().list(OWNER, TEAM, () -> ApiKeyRequests.list(Map.of())).data();
        assertThat(listed).singleElement().satisfies(k -> assertThat(k.revokedAt()).isEqualTo(clock.instant()));
        assertThat(ApiKeyJson.view(listed.get(0), clock.instant(), false).get("is_active").asBoolean()).isFalse();
        assertThat(app.apiKeyService().list(OWNER, TEAM, () -> ApiKeyRequests.list(Map.of("include_revoked",
                "false"))).data()).isEmpty();
        // Revoked keys cannot be rotated back to life.
        assertThat(Failures.http(() -> app.apiKeyService().rotate(OWNER, TEAM, minted.key().id())).status())
                .isEqualTo(409);
    }

    @Test
    void anExpiredKeyIsRefused() {
        ApiKeyService.Minted minted = create(OWNER, "ci", "2026-12-02T11:00:00Z", "secrets:read");
        authenticate(minted.fullKey());

        clock.advance(Duration.ofHours(1));

        ApiException refused = refusal(minted.fullKey());
        assertThat(refused.status()).isEqualTo(401);
        assertThat(refused.getMessage()).contains("expired");
    }

    @Test
    void aDeletedKeyIsRefusedAndGone() {
        ApiKeyService.Minted minted = create("ci", "secrets:read");
        app.apiKeyService().delete(OWNER, TEAM, minted.key().id());

        assertThat(refusal(minted.fullKey()).status()).isEqualTo(401);
        assertThat(Failures.http(() -> app.apiKeyService().get(OWNER, TEAM, minted.key().id())).status())
                .isEqualTo(404);
    }

    @ParameterizedTest
    @ValueSource(strings = {"dr_", "dr_short_x", "dr_ABCDEFGHIJKL_tooShort", "dr_ABCDEFGHIJK!_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
            "dr_ABCDEFGHIJKL_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=", "dr_ABCDEFGHIJKL_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"})
    void malformedAndUnknownKeysGet401WithoutQuotingTheToken(String token) {
        create("ci", "secrets:read");

        ApiException refused = refusal(token);

        assertThat(refused.status()).isEqualTo(401);
        if (token.length() > "dr_".length()) { // the message names the format, prefix included
            assertThat(refused.getMessage()).doesNotContain(token);
        }
    }

    @Test
    void aKeyWithTheRightIdButAnotherSecretIsRefused() {
        ApiKeyService.Minted minted = create("ci", "secrets:read");
        String forged = "dr_" + minted.key().keyId() + "_" + "A".repeat(43);

        assertThat(refusal(forged).status()).isEqualTo(401);
        assertThat(useWrites).hasValue(0);
    }

    @Test
    void theLastUseIsWrittenAtMostOnceAMinute() {
        ApiKeyService.Minted minted = create("ci", "secrets:read");

        for (int i = 0; i < 5; i++) {
            authenticate(minted.fullKey());
            clock.advance(Duration.ofSeconds(10));
        }
        assertThat(useWrites).hasValue(1);
        ApiKey used = app.apiKeyService().get(OWNER, TEAM, minted.key().id());
        assertThat(used.lastUsedAt()).isEqualTo("2026-12-02T10:00:00Z");
        assertThat(used.lastUsedIp()).isEqualTo("198.51.100.7");
        assertThat(used.updatedAt()).as("a use is not a version").isEqualTo(minted.key().updatedAt());

        clock.advance(Duration.ofSeconds(15)); // 65 s after the recorded use
        authenticate(minted.fullKey());
        assertThat(useWrites).hasValue(2);
        assertThat(app.apiKeyService().get(OWNER, TEAM, minted.key().id()).lastUsedAt())
                .isEqualTo("2026-12-02T10:01:05Z");
    }

    @Test
    void aFailingLastUseWriteDoesNotFailTheRequest() {
        ApiKeyService.Minted minted = create("ci", "secrets:read");
        failUses = true;

        assertThat(authenticate(minted.fullKey()).apiKey()).isNotNull();
    }

    @Test
    void theTierCapsActiveKeysAndExpiredOrRevokedOnesDoNotCount() {
        ApiKeyService.Minted expiring = create(OWNER, "soon", "2026-12-02T10:30:00Z", "secrets:read");
        ApiKeyService.Minted revoked = create("revoked", "secrets:read");

        ApiException full = Failures.http(() -> create("third", "secrets:read"));
        assertThat(full.status()).isEqualTo(403);
        assertThat(full.code()).isEqualTo("tier_limit_exceeded");
        assertThat(full.getMessage()).contains("Free tier allows at most 2 active API keys");

        app.apiKeyService().revoke(OWNER, TEAM, revoked.key().id());
        create("third", "secrets:read");
        assertThat(Failures.http(() -> create("fourth", "secrets:read")).status()).isEqualTo(403);
        clock.advance(Duration.ofHours(1)); // "soon" expired
        create("fourth", "secrets:read");
        assertThat(expiring.key().activeAt(clock.instant())).isFalse();

        app.teams().setTier(TEAM, Tier.PRO);
        create("fifth", "secrets:read");
        create("sixth", "secrets:read");
        assertThat(Failures.http(() -> create("seventh", "secrets:read")).getMessage())
                .contains("Pro tier allows at most 4");
    }

    @Test
    void createNamesEveryProblemInDetail() {
        ObjectNode body = Databind.MAPPER.createObjectNode().put("name", "").put("expires_at", "tomorrow")
                .put("color", "blue");
        body.putArray("scopes").add("secrets:read").add("tasks:run").add(7);

        ApiException e = Failures.http(() -> app.apiKeyService().create(OWNER, TEAM,
                () -> ApiKeyRequests.create(body)));

        assertThat(e.status()).isEqualTo(400);
        assertThat(e.detail()).extracting(v -> v.loc().toString()).containsExactlyInAnyOrder(
                "[body, color]", "[body, name]", "[body, scopes, 1]", "[body, scopes, 2]", "[body, expires_at]");
        assertThat(e.detail().toString()).doesNotContain("tasks:run");
    }

    @Test
    void expiryMustBeInTheFutureAndScopesAreRequired() {
        assertThat(Failures.http(() -> create(OWNER, "ci", "2026-12-01T00:00:00Z", "secrets:read")).detail())
                .singleElement().satisfies(v -> assertThat(v.loc()).isEqualTo(List.of("body", "expires_at")));
        assertThat(Failures.http(() -> create("ci")).detail()).singleElement()
                .satisfies(v -> assertThat(v.loc()).isEqualTo(List.of("body", "scopes")));
        ObjectNode nullScopes = Databind.MAPPER.createObjectNode().put("name", "ci").putNull("scopes");
        assertThat(Failures.http(() -> app.apiKeyService().create(OWNER, TEAM, () -> ApiKeyRequests.create(nullScopes)))
                .detail()).singleElement().satisfies(v -> assertThat(v.type()).isEqualTo("missing"));
        ObjectNode noScopes = Databind.MAPPER.createObjectNode().put("name", "ci");
        assertThat(Failures.http(() -> app.apiKeyService().create(OWNER, TEAM, () -> ApiKeyRequests.create(noScopes)))
                .detail()).singleElement().satisfies(v -> assertThat(v.type()).isEqualTo("missing"));
    }

    @Test
    void everyKeyWriteIsAuditedAndWorkDoneWithAKeyIsAuditedAsTheKey() {
        ApiKeyService.Minted minted = create("ci", "secrets:create");
        app.apiKeyService().rotate(OWNER, TEAM, minted.key().id());
        ApiKeyService.Minted other = create("other", "secrets:read");
        app.apiKeyService().revoke(OWNER, TEAM, other.key().id());
        app.apiKeyService().delete(OWNER, TEAM, other.key().id());
        ApiKeyService.Minted current = app.apiKeyService().rotate(OWNER, TEAM, minted.key().id());

        Principal caller = authenticate(current.fullKey());
        app.secretService().create(caller, TEAM, () -> SecretRequests.create((ObjectNode) Json.parse(
                ("{\"name\":\"by key\",\"secret_type\":\"s3\",\"auth_method\":\"s3_access_key\",\"credentials\":"
                        + "{\"access_key_id\":\"AKIAIOSFODNN7EXAMPLE\",\"secret_access_key\":\"abcdefghij0123456789\"}}")
                        .getBytes(), "body")));

        List<AuditEvent> events = audit.events();
        assertThat(events).extracting(AuditEvent::eventType).containsExactly("api_key_created", "api_key_rotated",
                "api_key_created", "api_key_revoked", "api_key_deleted", "api_key_rotated", "secret_created");
        assertThat(events.subList(0, 6)).allSatisfy(e -> {
            assertThat(e.resourceType()).isEqualTo("api_key");
            assertThat(e.actorType()).isEqualTo("user");
        });
        AuditEvent byKey = events.get(6);
        assertThat(byKey.actorType()).isEqualTo("api_key");
        assertThat(byKey.actorId()).isEqualTo("apikey:" + minted.key().keyId());
        assertThat(byKey.sourceIp()).isEqualTo("198.51.100.7");
        for (String key : List.of(minted.fullKey(), current.fullKey(), other.fullKey())) {
            assertThat(events.toString()).doesNotContain(key).doesNotContain(key.substring(16));
        }
    }

    @Test
    void noLogLineOrErrorEverCarriesAKey() {
        List<String> keys = new ArrayList<>();
        List<String> messages = new ArrayList<>();
        try (LogCapture logs = LogCapture.start()) {
            ApiKeyService.Minted minted = create("ci", "secrets:read");
            keys.add(minted.fullKey());
            authenticate(minted.fullKey());
            ApiKeyService.Minted rotated = app.apiKeyService().rotate(OWNER, TEAM, minted.key().id());
            keys.add(rotated.fullKey());
            messages.add(refusal(minted.fullKey()).getMessage());
            failUses = true;
            clock.advance(Duration.ofMinutes(5));
            authenticate(rotated.fullKey()); // logs the missed last-use write
            app.apiKeyService().revoke(OWNER, TEAM, minted.key().id());
            messages.add(refusal(rotated.fullKey()).getMessage());
            assertThat(logs.lines()).anySatisfy(line -> assertThat(line).contains("not recorded"));
            for (String key : keys) {
                String secret = key.substring(16);
                assertThat(logs.lines()).noneSatisfy(line -> assertThat(line).contains(secret));
                assertThat(messages).noneSatisfy(m -> assertThat(m).contains(secret));
            }
        }
    }

    @Test
    void listPagesSortsAndSearches() {
        app.teams().setTier(TEAM, Tier.PRO);
        ApiKeyService.Minted a = create("alpha", "secrets:read");
        clock.advance(Duration.ofSeconds(1));
        ApiKeyService.Minted b = create("beta", "secrets:read");
        clock.advance(Duration.ofSeconds(1));
        create("gamma", "secrets:read");
        clock.advance(Duration.ofMinutes(2));
        authenticate(a.fullKey());

        assertThat(names(Map.of())).containsExactly("gamma", "beta", "alpha");
        assertThat(names(Map.of("sort_by", "name", "sort_order", "asc"))).containsExactly("alpha", "beta", "gamma");
        assertThat(names(Map.of("sort_by", "last_used_at"))).first().isEqualTo("alpha");
        assertThat(names(Map.of("q", "ET"))).containsExactly("beta");
        assertThat(names(Map.of("limit", "2", "page", "2"))).containsExactly("alpha");
        assertThat(Failures.http(() -> names(Map.of("sort_by", "updated_at"))).status()).isEqualTo(400);
        assertThat(Failures.http(() -> names(Map.of("include_revoked", "yes"))).status()).isEqualTo(400);
        assertThat(b.key().name()).isEqualTo("beta");
    }

    private List<String> names(Map<String, String> query) {
        return app.apiKeyService().list(OWNER, TEAM, () -> ApiKeyRequests.list(query)).data().stream()
                .map(ApiKey::name).toList();
    }

    @Test
    void teamDeletionRemovesTheKeysSoNoneAuthenticates() {
        ApiKeyService.Minted minted = create("ci", "secrets:read");

        app.teamEventsService().handle(new io.dataraven.secrets.team.TeamEvent(
                io.dataraven.secrets.team.TeamEvent.DELETED, TEAM, null, 0, clock.instant()), () -> true);

        assertThat(refusal(minted.fullKey()).status()).isEqualTo(401);
        assertThat(store.listApiKeys(TEAM)).isEmpty();
        assertThat(Failures.http(() -> create("after", "secrets:read")).status()).isEqualTo(403);
    }

    @Test
    void jwtSessionsStillAuthenticateThroughTheSameAuthenticator() {
        assertThat(app.authenticator().authenticate("eyJhbGciOi.not.checked-here", () -> TEAM, REQUEST).subject())
                .isEqualTo("user-owner");
        assertThatThrownBy(() -> app.authenticator().authenticate("dr_ABCDEFGHIJKL_" + "A".repeat(43)))
                .isInstanceOf(AuthenticationException.class);
    }

    volatile boolean failUses;

    /** The real store, counting (or failing) the last-use writes. */
    final class CountingKeys implements ApiKeyRepository {
        final ApiKeyRepository real;
        final AtomicInteger writes;

        CountingKeys(ApiKeyRepository real, AtomicInteger writes) {
            this.real = real;
            this.writes = writes;
        }

        public java.util.Optional<ApiKey> findApiKey(UUID teamId, String keyId) {
            return real.findApiKey(teamId, keyId);
        }

        public List<ApiKey> listApiKeys(UUID teamId) {
            return real.listApiKeys(teamId);
        }

        public void createApiKey(ApiKey key, ToIntFunction<Tier> limit, AuditEvent event) {
            real.createApiKey(key, limit, event);
        }

        public void updateApiKey(ApiKey previous, ApiKey updated, AuditEvent event) {
            real.updateApiKey(previous, updated, event);
        }

        public void deleteApiKey(ApiKey key, AuditEvent event) {
            real.deleteApiKey(key, event);
        }

        public void recordUse(ApiKey key, Instant at, String sourceIp, Instant notAfter) {
            if (failUses) {
                throw new IllegalStateException("throttled");
            }
            writes.incrementAndGet();
            real.recordUse(key, at, sourceIp, notAfter);
        }
    }
}
