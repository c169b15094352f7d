package io.dataraven.secrets.store;

import io.dataraven.secrets.idempotency.IdempotencyRecord;
import io.dataraven.secrets.idempotency.IdempotencyRecordExistsException;
import io.dataraven.secrets.idempotency.IdempotencyRecords;
import io.dataraven.secrets.secret.Secret;
import io.dataraven.secrets.vault.VaultConnection;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import static io.dataraven.secrets.store.StoreFixtures.directSecret;
import static io.dataraven.secrets.store.StoreFixtures.edited;
import static io.dataraven.secrets.store.StoreFixtures.vaultConnection;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The idempotency records as the writes carry them: put with a create's reservation, completed with its activation,
 * removed with an abandon, put complete with a one-step write; every other put of the key is refused with the
 * record as stored, and nothing of that write applies.
 */
public abstract class IdempotencyRecordsContract extends StoreContract {

    /** Records keep whole seconds (expires_at is the TTL attribute, epoch seconds). */
    private static final Instant NOW = Instant.parse("2026-12-02T09:00:00Z");

    private IdempotencyRecords records() {
        return adapter().metadata().idempotency();
    }

    private IdempotencyRecord pending(UUID teamId, String keyHash, UUID resourceId, Instant at) {
        return new IdempotencyRecord(teamId, keyHash, "create_secret", resourceId, "fp-" + keyHash, false, null, at,
                at.plus(Duration.ofHours(24)));
    }

    private static String hash() {
        return UUID.randomUUID().toString().replace("-", "");
    }

    @Test
    void aReservationCarriesItsPendingRecordAndTheActivationCompletesIt() {
        Secret secret = directSecret(team, "prod");
        IdempotencyRecord record = pending(team, hash(), secret.id(), NOW);
        secrets().createSecret(secret.asPending(), null, record);
        assertThat(records().findRecord(team, record.keyHash())).contains(record);
        IdempotencyRecord complete = record.completed("{\"id\":\"" + secret.id() + "\"}");
        secrets().updateSecret(secret.asPending(), secret.activated(1L), null, complete);
        assertThat(records().findRecord(team, record.keyHash())).contains(complete);
        assertThat(records().findRecord(otherTeam, record.keyHash())).as("per team").isEmpty();
    }

    @Test
    void anotherPutOfTheKeyIsRefusedWithTheStoredRecordAndAppliesNothing() {
        Secret first = directSecret(team, "prod");
        IdempotencyRecord record = pending(team, hash(), first.id(), NOW).completed("{}");
        secrets().createSecret(first, null, record);
        Secret second = directSecret(team, "staging");
        assertThatThrownBy(() -> secrets().createSecret(second, null, pending(team, record.keyHash(), second.id(),
                NOW.plusSeconds(5)))).isInstanceOfSatisfying(IdempotencyRecordExistsException.class,
                e -> assertThat(e.existing()).isEqualTo(record));
        assertThat(names(team)).containsExactly("prod");
        assertThat(teamRecord(team).secretCount()).isEqualTo(1);
        // Checked before the other conditions: a repeat also meets its own name lock, and must learn of the record.
        assertThatThrownBy(() -> secrets().createSecret(directSecret(team, "prod"), null,
                pending(team, record.keyHash(), UUID.randomUUID(), NOW.plusSeconds(5))))
                .isInstanceOf(IdempotencyRecordExistsException.class);
        // The same pending record again (not the activation of its own create) is refused too once complete.
        assertThatThrownBy(() -> secrets().updateSecret(first, edited(first, "prod", "x"), null, record))
                .isInstanceOf(IdempotencyRecordExistsException.class);
    }

    @Test
    void anExpiredRecordIsReplacedThoughTtlHasNotDeletedItYet() {
        Secret first = directSecret(team, "prod");
        IdempotencyRecord old = pending(team, hash(), first.id(), NOW).completed("{}");
        secrets().createSecret(first, null, old);
        Secret later = directSecret(team, "staging");
        // A second before its expiry it still holds; from expires_at on it counts as gone (the domain's rule too).
        assertThatThrownBy(() -> secrets().createSecret(later, null, pending(team, old.keyHash(), later.id(),
                old.expiresAt().minusSeconds(1)))).isInstanceOf(IdempotencyRecordExistsException.class);
        assertThat(old.expired(old.expiresAt())).isTrue();
        IdempotencyRecord fresh = pending(team, old.keyHash(), later.id(), old.expiresAt());
        secrets().createSecret(later, null, fresh);
        assertThat(records().findRecord(team, old.keyHash())).contains(fresh);
    }

    @Test
    void anAbandonRemovesTheReservationWithItsRecord() {
        Secret secret = directSecret(team, "prod");
        IdempotencyRecord record = pending(team, hash(), secret.id(), NOW);
        secrets().createSecret(secret.asPending(), null, record);
        // Another create's record is not this reservation's: the removal is refused and removes nothing.
        IdempotencyRecord foreign = pending(team, record.keyHash(), UUID.randomUUID(), NOW);
        assertThatThrownBy(() -> secrets().deleteSecret(secret.asPending(), null, foreign))
                .isInstanceOf(IdempotencyRecordExistsException.class);
        assertThat(secrets().findSecret(team, secret.id())).isPresent();
        secrets().deleteSecret(secret.asPending(), null, record);
        assertThat(secrets().findSecret(team, secret.id())).isEmpty();
        assertThat(records().findRecord(team, record.keyHash())).isEmpty();
        assertThat(teamRecord(team).secretCount()).isZero();
    }

    @Test
    void aPendingRecordAloneIsRemovedButNeverACompleteOne() {
        Secret gone = directSecret(team, "prod");
        IdempotencyRecord record = pending(team, hash(), gone.id(), NOW);
        secrets().createSecret(gone.asPending(), null, record);
        secrets().deleteSecret(gone.asPending()); // taken over by name, or swept: the record stays behind
        assertThat(records().findRecord(team, record.keyHash())).contains(record);
        records().removeRecord(record);
        assertThat(records().findRecord(team, record.keyHash())).isEmpty();

        Secret kept = directSecret(team, "kept");
        IdempotencyRecord complete = pending(team, hash(), kept.id(), NOW).completed("{}");
        secrets().createSecret(kept, null, complete);
        assertThatThrownBy(() -> records().removeRecord(pending(team, complete.keyHash(), kept.id(), NOW)))
                .isInstanceOfSatisfying(IdempotencyRecordExistsException.class,
                        e -> assertThat(e.existing()).isEqualTo(complete));
        assertThat(records().findRecord(team, complete.keyHash())).contains(complete);
    }

    @Test
    void connectionWritesCarryRecordsTheSameWay() {
        teams().setTier(team, io.dataraven.secrets.team.Tier.PRO);
        VaultConnection connection = vaultConnection(team, "vault");
        IdempotencyRecord created = new IdempotencyRecord(team, hash(), "create_vault_connection", connection.id(),
                "fp", false, null, NOW, NOW.plus(Duration.ofHours(24)));
        vaultConnections().createVaultConnection(connection.asPending(), null, created);
        vaultConnections().updateVaultConnection(connection.asPending(), connection.activated(1L), null,
                created.completed("{}"));
        assertThat(records().findRecord(team, created.keyHash())).contains(created.completed("{}"));
        // A rotation's record rides on the switch; the same key again is refused, and the switch with it.
        VaultConnection current = vaultConnections().findVaultConnection(team, connection.id()).orElseThrow();
        VaultConnection rotated = StoreFixtures.edited(current, current.name(), "rotated");
        IdempotencyRecord rotation = new IdempotencyRecord(team, hash(), "rotate_vault_connection", connection.id(),
                "fp-rot", true, "{}", NOW, NOW.plus(Duration.ofHours(24)));
        vaultConnections().updateVaultConnection(current, rotated, null, rotation);
        VaultConnection after = vaultConnections().findVaultConnection(team, connection.id()).orElseThrow();
        assertThatThrownBy(() -> vaultConnections().updateVaultConnection(after,
                StoreFixtures.edited(after, after.name(), "again"), null, rotation))
                .isInstanceOfSatisfying(IdempotencyRecordExistsException.class,
                        e -> assertThat(e.existing()).isEqualTo(rotation));
        assertThat(vaultConnections().findVaultConnection(team, connection.id()).orElseThrow().description())
                .isEqualTo("rotated");
        // An abandoned create's connection goes with its record.
        VaultConnection abandoned = vaultConnection(team, "abandoned");
        IdempotencyRecord reserved = new IdempotencyRecord(team, hash(), "create_vault_connection", abandoned.id(),
                "fp", false, null, NOW, NOW.plus(Duration.ofHours(24)));
        vaultConnections().createVaultConnection(abandoned.asPending(), null, reserved);
        vaultConnections().deleteVaultConnection(abandoned.asPending(), null, reserved);
        assertThat(records().findRecord(team, reserved.keyHash())).isEmpty();
        assertThat(connectionNames(team)).containsExactly("vault");
    }
}
