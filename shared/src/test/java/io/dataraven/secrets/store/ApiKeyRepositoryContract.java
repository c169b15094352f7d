package io.dataraven.secrets.store;

import io.dataraven.secrets.apikey.ApiKey;
import io.dataraven.secrets.apikey.ApiKeyModifiedException;
import io.dataraven.secrets.apikey.ApiKeyNotFoundException;
import io.dataraven.secrets.apikey.ApiKeyRepository;
import io.dataraven.secrets.apikey.ApiKeyTokens;
import io.dataraven.secrets.audit.AuditEvent;
import io.dataraven.secrets.team.TierLimitExceededException;
import io.dataraven.secrets.team.Tier;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.function.ToIntFunction;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * What every {@link ApiKeyRepository} adapter must do: keys read back whole, the active-key cap counted at the
 * create's time and exact under concurrency, versioned updates and deletes, and last-use writes that never
 * overwrite a rotation (see {@link StoreContract}).
 */
public abstract class ApiKeyRepositoryContract extends StoreContract {

    static final Instant NOW = Instant.parse("2026-12-02T10:00:00Z");
    static final ToIntFunction<Tier> TWO_FREE = tier -> tier == Tier.PRO ? 5 : 2;

    protected ApiKeyRepository keys() {
        return adapter().metadata().apiKeys();
    }

    static ApiKey key(UUID teamId, String name, Instant createdAt, Instant expiresAt) {
        UUID id = UUID.randomUUID();
        return new ApiKey(id, teamId, ApiKeyTokens.keyIdOf(id), name, List.of("secrets:create", "secrets:read"),
                ApiKeyTokens.hash("secret-of-" + id), expiresAt, null, null, null, null, createdAt, "user-1",
                createdAt);
    }

    ApiKey key(String name) {
        return key(team, name, NOW, null);
    }

    private static AuditEvent keyEvent(UUID teamId, String type) {
        AuditEvent e = auditEvent(teamId, type);
        return new AuditEvent(e.id(), type, teamId, "api_key", e.resourceId(), e.resourceName(), e.actorType(),
                e.actorId(), e.requestId(), e.sourceIp(), e.userAgent(), e.time());
    }

    @Test
    void aKeyReadsBackWholeAndOnlyInItsTeam() {
        UUID id = UUID.randomUUID();
        ApiKey key = new ApiKey(id, team, ApiKeyTokens.keyIdOf(id), "Terraform · prod",
                List.of("secrets:read", "vault_connections:read"), "aGFzaA", Instant.parse("2027-01-01T00:00:00Z"),
                null, null, null, null, NOW, "user-1", NOW);
        AuditEvent event = keyEvent(team, "api_key_created");

        keys().createApiKey(key, TWO_FREE, event);

        assertThat(keys().findApiKey(team, key.keyId())).contains(key);
        assertThat(keys().listApiKeys(team)).containsExactly(key);
        assertThat(keys().findApiKey(otherTeam, key.keyId())).isEmpty();
        assertThat(keys().listApiKeys(otherTeam)).isEmpty();
        assertThat(committed(event)).isTrue();
        // Nothing else of the team's partition reads as a key.
        secrets().createSecret(StoreFixtures.directSecret(team, "a secret"));
        assertThat(keys().listApiKeys(team)).containsExactly(key);
    }

    @Test
    void theCapCountsKeysActiveAtTheCreateTime() {
        ApiKey expiring = key(team, "expiring", NOW, NOW.plusSeconds(60));
        keys().createApiKey(expiring, TWO_FREE, null);
        ApiKey revoked = key("revoked");
        keys().createApiKey(revoked, TWO_FREE, null);
        AuditEvent refusedEvent = keyEvent(team, "api_key_created");

        ApiKey third = key("third");
        assertThatThrownBy(() -> keys().createApiKey(third, TWO_FREE, refusedEvent))
                .isInstanceOfSatisfying(TierLimitExceededException.class, e -> {
                    assertThat(e.tier()).isEqualTo(Tier.FREE);
                    assertThat(e.limit()).isEqualTo(2);
                });
        assertThat(keys().findApiKey(team, third.keyId())).isEmpty();
        assertThat(committed(refusedEvent)).isFalse();

        keys().updateApiKey(revoked, revoked.revoked(NOW.plusSeconds(1)), null);
        keys().createApiKey(key(team, "third", NOW.plusSeconds(2), null), TWO_FREE, null);
        assertThatThrownBy(() -> keys().createApiKey(key(team, "fourth", NOW.plusSeconds(3), null), TWO_FREE, null))
                .isInstanceOf(TierLimitExceededException.class);
        // At a time past the first key's expiry, it no longer counts.
        keys().createApiKey(key(team, "fourth", NOW.plusSeconds(61), null), TWO_FREE, null);
        assertThat(keys().listApiKeys(team)).hasSize(4);

        teams().setTier(team, Tier.PRO);
        keys().createApiKey(key(team, "pro", NOW.plusSeconds(62), null), TWO_FREE, null);
        // The key writes keep the team's other counters and caps.
        assertThat(teams().findTeam(team).orElseThrow().secretLimit()).isEqualTo(100);
    }

    @Test
    void aDeletedTeamGetsNoKeys() {
        teams().markDeleted(team, NOW, NOW.plusSeconds(3600));

        assertThatThrownBy(() -> keys().createApiKey(key("late"), TWO_FREE, null))
                .isInstanceOfSatisfying(TierLimitExceededException.class, e -> assertThat(e.limit()).isZero());
        assertThat(keys().listApiKeys(team)).isEmpty();
    }

    @Test
    void concurrentCreatesNeverPassTheCap() throws InterruptedException {
        assumeIsolatedTransactions();
        List<ApiKey> attempts = new ArrayList<>();
        List<Runnable> creates = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            ApiKey key = key("racer " + i);
            attempts.add(key);
            creates.add(() -> keys().createApiKey(key, TWO_FREE, null));
        }

        List<Throwable> outcomes = race(creates);

        assertThat(outcomes.stream().filter(Objects::isNull).count()).isEqualTo(2);
        assertThat(outcomes).filteredOn(Objects::nonNull).allSatisfy(e ->
                assertThat(e).isInstanceOf(TierLimitExceededException.class));
        assertThat(keys().listApiKeys(team)).hasSize(2);
    }

    @Test
    void updatesAreConditionedOnTheVersionRead() {
        ApiKey key = key("ci");
        keys().createApiKey(key, TWO_FREE, null);
        ApiKey rotated = key.rotated("new-hash", NOW.plusSeconds(5));
        AuditEvent event = keyEvent(team, "api_key_rotated");

        keys().updateApiKey(key, rotated, event);

        assertThat(keys().findApiKey(team, key.keyId())).contains(rotated);
        assertThat(committed(event)).isTrue();
        AuditEvent stale = keyEvent(team, "api_key_revoked");
        assertThatThrownBy(() -> keys().updateApiKey(key, key.revoked(NOW.plusSeconds(6)), stale))
                .isInstanceOf(ApiKeyModifiedException.class);
        assertThat(committed(stale)).isFalse();
        ApiKey missing = key("never stored");
        assertThatThrownBy(() -> keys().updateApiKey(missing, missing.revoked(NOW), null))
                .isInstanceOf(ApiKeyNotFoundException.class);
        assertThat(keys().findApiKey(team, missing.keyId())).isEmpty();
    }

    @Test
    void deletesAreConditionedOnTheVersionRead() {
        ApiKey key = key("ci");
        keys().createApiKey(key, TWO_FREE, null);
        ApiKey revoked = key.revoked(NOW.plusSeconds(1));
        keys().updateApiKey(key, revoked, null);

        assertThatThrownBy(() -> keys().deleteApiKey(key, null)).isInstanceOf(ApiKeyModifiedException.class);
        AuditEvent event = keyEvent(team, "api_key_deleted");
        keys().deleteApiKey(revoked, event);

        assertThat(keys().findApiKey(team, key.keyId())).isEmpty();
        assertThat(committed(event)).isTrue();
        assertThatThrownBy(() -> keys().deleteApiKey(revoked, null)).isInstanceOf(ApiKeyNotFoundException.class);
    }

    @Test
    void aUseIsRecordedOncePerIntervalAndSurvivesUpdates() {
        ApiKey key = key("ci");
        keys().createApiKey(key, TWO_FREE, null);
        Instant firstUse = NOW.plusSeconds(10);

        keys().recordUse(key, firstUse, "198.51.100.7", firstUse.minusSeconds(60));
        keys().recordUse(key, firstUse.plusSeconds(30), "198.51.100.8", firstUse.minusSeconds(30));

        ApiKey used = keys().findApiKey(team, key.keyId()).orElseThrow();
        assertThat(used.lastUsedAt()).isEqualTo(firstUse);
        assertThat(used.lastUsedIp()).isEqualTo("198.51.100.7");
        assertThat(used.updatedAt()).isEqualTo(key.updatedAt());

        keys().recordUse(key, firstUse.plusSeconds(61), "198.51.100.9", firstUse.plusSeconds(1));
        assertThat(keys().findApiKey(team, key.keyId()).orElseThrow().lastUsedIp()).isEqualTo("198.51.100.9");

        // A rotation keeps the recorded use; a use read before the rotation is not written after it.
        ApiKey rotated = key.rotated("new-hash", NOW.plusSeconds(200));
        keys().updateApiKey(key, rotated, null);
        assertThat(keys().findApiKey(team, key.keyId()).orElseThrow().lastUsedAt()).isEqualTo(firstUse.plusSeconds(61));
        keys().recordUse(key, NOW.plusSeconds(500), "203.0.113.1", NOW.plusSeconds(400));
        assertThat(keys().findApiKey(team, key.keyId()).orElseThrow().lastUsedIp()).isEqualTo("198.51.100.9");

        // A use of a key that is gone creates nothing.
        ApiKey gone = key("gone");
        keys().recordUse(gone, NOW, "203.0.113.1", NOW.minusSeconds(60));
        assertThat(keys().findApiKey(team, gone.keyId())).isEmpty();
    }
}
