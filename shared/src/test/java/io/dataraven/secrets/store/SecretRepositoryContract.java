package io.dataraven.secrets.store;

import io.dataraven.secrets.audit.AuditEvent;

import io.dataraven.secrets.secret.Secret;
import io.dataraven.secrets.secret.SecretModifiedException;
import io.dataraven.secrets.secret.SecretNameConflictException;
import io.dataraven.secrets.secret.SecretNotFoundException;
import io.dataraven.secrets.secret.SecretRepository;
import io.dataraven.secrets.team.Team;
import io.dataraven.secrets.team.Tier;
import io.dataraven.secrets.team.TierLimitExceededException;
import io.dataraven.secrets.vault.VaultConnection;
import io.dataraven.secrets.vault.VaultConnectionNotFoundException;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.function.IntFunction;

import static io.dataraven.secrets.store.StoreFixtures.directSecret;
import static io.dataraven.secrets.store.StoreFixtures.edited;
import static io.dataraven.secrets.store.StoreFixtures.externalSecret;
import static io.dataraven.secrets.store.StoreFixtures.renamed;
import static io.dataraven.secrets.store.StoreFixtures.vaultConnection;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What every {@link SecretRepository} adapter must do (see {@link StoreContract}). */
public abstract class SecretRepositoryContract extends StoreContract {

    @Test
    void anAuditedWriteCommitsItsEventWithItAndARefusedWriteCommitsNone() {
        Secret secret = directSecret(team, "audited");
        AuditEvent created = auditEvent(team, "secret_created");
        secrets().createSecret(secret, created);
        AuditEvent refused = auditEvent(team, "secret_created");
        assertThatThrownBy(() -> secrets().createSecret(directSecret(team, "AUDITED"), refused))
                .isInstanceOf(SecretNameConflictException.class);
        Secret changed = edited(secret, "audited", "changed");
        AuditEvent updated = auditEvent(team, "secret_updated");
        secrets().updateSecret(secret, changed, updated);
        AuditEvent stale = auditEvent(team, "secret_deleted");
        assertThatThrownBy(() -> secrets().deleteSecret(secret, stale)).isInstanceOf(SecretModifiedException.class);
        AuditEvent deleted = auditEvent(team, "secret_deleted");
        secrets().deleteSecret(changed, deleted);

        assertThat(committed(created)).as("create").isTrue();
        assertThat(committed(updated)).as("update").isTrue();
        assertThat(committed(deleted)).as("delete").isTrue();
        assertThat(committed(refused)).as("refused create").isFalse();
        assertThat(committed(stale)).as("refused delete").isFalse();
        assertThat(secrets().listSecrets(team)).isEmpty();
    }

    @Test
    void theCredentialsValidityWindowIsKeptThroughCreateAndUpdate() {
        Secret plain = directSecret(team, "sas archive");
        io.dataraven.secrets.credential.CredentialValidity window = new io.dataraven.secrets.credential
                .CredentialValidity(java.time.Instant.parse("2026-12-01T00:00:00Z"),
                java.time.Instant.parse("2027-01-01T00:00:00Z"));
        Secret secret = plain.withValidity(window);
        secrets().createSecret(secret);

        assertThat(secrets().findSecret(team, secret.id())).contains(secret);
        assertThat(secrets().listSecrets(team)).containsExactly(secret);
        Secret onlyExpiry = edited(secret, "sas archive", "rotated").withValidity(
                new io.dataraven.secrets.credential.CredentialValidity(null, java.time.Instant.parse("2027-06-30T00:00:00Z")));
        secrets().updateSecret(secret, onlyExpiry);
        assertThat(secrets().findSecret(team, secret.id())).contains(onlyExpiry);
        Secret none = edited(onlyExpiry, "sas archive", "no window").withValidity(null);
        secrets().updateSecret(onlyExpiry, none);
        assertThat(secrets().findSecret(team, secret.id()).orElseThrow().validity()).isNull();
    }

    @Test
    void theCredentialVersionsAreKeptWithTheSecret() {
        Secret secret = directSecret(team, "versioned").recorded(1, java.time.Instant.parse("2026-12-01T00:00:00Z"),
                "user-1");
        secrets().createSecret(secret);
        Secret rotated = edited(secret, "versioned", "rotated").withValidity(new io.dataraven.secrets.credential
                .CredentialValidity(null, java.time.Instant.parse("2027-01-01T00:00:00Z")));
        rotated = new Secret(rotated.id(), rotated.teamId(), rotated.name(), rotated.description(),
                rotated.secretType(), rotated.authMethod(), rotated.createdAt(), rotated.createdBy(),
                rotated.updatedAt(), rotated.updatedBy(), rotated.credentialPath(), null, null, null, 1L, false,
                rotated.validity(), secret.versions()).recorded(2, rotated.updatedAt(), "user-2");

        secrets().updateSecret(secret, rotated);

        Secret found = secrets().findSecret(team, secret.id()).orElseThrow();
        assertThat(found).isEqualTo(rotated);
        assertThat(found.versions()).extracting(v -> v.version()).containsExactly(1L, 2L);
        assertThat(found.version(2).orElseThrow().validity().expiresAt()).isEqualTo("2027-01-01T00:00:00Z");
        assertThat(found.credentialVersion()).isEqualTo(2);
    }

    @Test
    void aVerificationIsRecordedOnTheCredentialsItCheckedAndKeptByAMetadataEdit() {
        Secret secret = directSecret(team, "verified").activated(3L);
        secrets().createSecret(secret);
        io.dataraven.secrets.secret.Verification failed = new io.dataraven.secrets.secret.Verification(
                java.time.Instant.parse("2026-12-02T10:00:00Z"), false, "auth_failed", 3L);

        assertThat(secrets().recordVerification(secret, failed)).isTrue();

        Secret read = secrets().findSecret(team, secret.id()).orElseThrow();
        assertThat(read.verification()).isEqualTo(failed);
        // Not an edit: the version an edit is conditioned on did not move.
        assertThat(read.updatedAt()).isEqualTo(secret.updatedAt());
        assertThat(secrets().listSecrets(team)).containsExactly(secret.withVerification(failed));
        Secret renamed = edited(read, "verified", "renamed").activated(3L).withVerification(read.verification());
        secrets().updateSecret(read, renamed);
        assertThat(secrets().findSecret(team, secret.id()).orElseThrow().verification()).isEqualTo(failed);
    }

    @Test
    void aVerificationOfCredentialsReplacedOrRemovedMeanwhileIsNotRecorded() {
        Secret secret = directSecret(team, "rotated meanwhile").activated(1L);
        secrets().createSecret(secret);
        Secret rotated = edited(secret, "rotated meanwhile", "rotated").activated(2L);
        secrets().updateSecret(secret, rotated);
        io.dataraven.secrets.secret.Verification ofVersion1 = new io.dataraven.secrets.secret.Verification(
                java.time.Instant.parse("2026-12-02T10:00:00Z"), true, null, 1L);

        assertThat(secrets().recordVerification(secret, ofVersion1)).isFalse();
        assertThat(secrets().findSecret(team, secret.id()).orElseThrow().verification()).isNull();

        secrets().deleteSecret(rotated);
        assertThat(secrets().recordVerification(rotated, new io.dataraven.secrets.secret.Verification(
                java.time.Instant.parse("2026-12-02T10:00:01Z"), true, null, 2L))).isFalse();
        assertThat(secrets().findSecret(team, secret.id())).isEmpty();
    }

    @Test
    void anExternalSecretsVerificationHasNoVersion() {
        VaultConnection connection = vaultConnection(team);
        vaultConnections().createVaultConnection(connection);
        Secret secret = externalSecret(team, "external verified", connection.id());
        secrets().createSecret(secret);
        io.dataraven.secrets.secret.Verification ok = new io.dataraven.secrets.secret.Verification(
                java.time.Instant.parse("2026-12-02T10:00:00Z"), true, null, null);

        assertThat(secrets().recordVerification(secret, ok)).isTrue();
        assertThat(secrets().findSecret(team, secret.id()).orElseThrow().verification()).isEqualTo(ok);
    }

    @Test
    void createdSecretCanBeFoundAndListed() {
        Secret first = directSecret(team, "Prod backups");
        Secret second = directSecret(team, "Staging backups");

        secrets().createSecret(first);
        secrets().createSecret(second);

        assertThat(secrets().findSecret(team, first.id())).contains(first);
        assertThat(secrets().findSecret(team, second.id())).contains(second);
        assertThat(secrets().listSecrets(team)).containsExactlyInAnyOrder(first, second);
        assertThat(teams().findTeam(team)).contains(new Team(team, Tier.FREE, 2, 5));
    }

    @Test
    void namesConflictCaseInsensitivelyAfterTrimming() {
        Secret original = directSecret(team, "Prod Backups");
        secrets().createSecret(original);

        for (String clash : List.of("prod backups", "  PROD BACKUPS\t", "Prod Backups ")) {
            Secret refused = directSecret(team, clash);
            assertThatThrownBy(() -> secrets().createSecret(refused))
                    .as("name %s", clash).isInstanceOf(SecretNameConflictException.class);
            assertThat(secrets().findSecret(team, refused.id())).isEmpty();
        }

        assertThat(secrets().listSecrets(team)).containsExactly(original);
        assertThat(teamRecord(team).secretCount()).isEqualTo(1);
    }

    @Test
    void namesAreComparedAfterUnicodeNormalization() {
        secrets().createSecret(directSecret(team, "Caf\u00e9 exports"));

        assertThatThrownBy(() -> secrets().createSecret(directSecret(team, "CAFE\u0301 EXPORTS")))
                .isInstanceOf(SecretNameConflictException.class);
        assertThat(teamRecord(team).secretCount()).isEqualTo(1);
    }

    @Test
    void similarButDifferentNamesAndTheSameNameInAnotherTeamAreAllowed() {
        secrets().createSecret(directSecret(team, "backups"));
        secrets().createSecret(directSecret(team, "backups-2"));
        secrets().createSecret(directSecret(otherTeam, "backups"));

        assertThat(names(team)).containsExactly("backups", "backups-2");
        assertThat(names(otherTeam)).containsExactly("backups");
    }

    @Test
    void aNameConflictAtTheLimitIsReportedAsTheConflict() {
        for (int i = 1; i <= 5; i++) {
            secrets().createSecret(directSecret(team, "secret " + i));
        }
        assertThatThrownBy(() -> secrets().createSecret(directSecret(team, "SECRET 1")))
                .isInstanceOf(SecretNameConflictException.class);
    }

    @Test
    void externalSecretReferencesAConnectionOfItsOwnTeam() {
        VaultConnection connection = vaultConnection(team);
        vaultConnections().createVaultConnection(connection);
        assertThat(vaultConnections().findVaultConnection(team, connection.id())).contains(connection);
        assertThat(vaultConnections().findVaultConnection(otherTeam, connection.id())).isEmpty();

        Secret external = externalSecret(team, "vault backed", connection.id());
        secrets().createSecret(external);

        assertThat(secrets().findSecret(team, external.id())).contains(external);
        assertThat(teamRecord(team).secretCount()).isEqualTo(1);
    }

    @Test
    void externalSecretsCountAsReferencesOfTheirConnectionOnlyWhenCreated() {
        VaultConnection connection = vaultConnection(team);
        vaultConnections().createVaultConnection(connection);
        assertThat(vaultConnectionReferences(team, connection.id())).isZero();

        secrets().createSecret(externalSecret(team, "one", connection.id()));
        secrets().createSecret(externalSecret(team, "two", connection.id()));
        assertThatThrownBy(() -> secrets().createSecret(externalSecret(team, "ONE", connection.id())))
                .isInstanceOf(SecretNameConflictException.class);
        secrets().createSecret(directSecret(team, "three"));

        assertThat(vaultConnectionReferences(team, connection.id())).isEqualTo(2);
    }

    @Test
    void externalSecretWithAnotherTeamsConnectionIsRefusedAndWritesNothing() {
        VaultConnection foreign = vaultConnection(otherTeam);
        vaultConnections().createVaultConnection(foreign);
        secrets().createSecret(directSecret(team, "existing"));

        Secret refused = externalSecret(team, "borrowed", foreign.id());
        assertThatThrownBy(() -> secrets().createSecret(refused))
                .isInstanceOf(VaultConnectionNotFoundException.class);

        assertThat(secrets().findSecret(team, refused.id())).isEmpty();
        assertThat(names(team)).containsExactly("existing");
        assertThat(teamRecord(team).secretCount()).isEqualTo(1);
        // the name was not taken either: a later create with it succeeds
        secrets().createSecret(directSecret(team, "borrowed"));
        assertThat(names(team)).containsExactly("borrowed", "existing");
    }

    @Test
    void externalSecretWithAnUnknownConnectionIsRefused() {
        Secret refused = externalSecret(team, "dangling", UUID.randomUUID());

        assertThatThrownBy(() -> secrets().createSecret(refused))
                .isInstanceOf(VaultConnectionNotFoundException.class);
        assertThat(secrets().listSecrets(team)).isEmpty();
        assertThat(teamRecord(team)).isEqualTo(Team.unseen(team));
    }

    @Test
    void refusedCreatesLeaveNameLocksAndCountersUntouched() {
        secrets().createSecret(directSecret(team, "one"));
        assertThatThrownBy(() -> secrets().createSecret(directSecret(team, "ONE")))
                .isInstanceOf(SecretNameConflictException.class);
        assertThatThrownBy(() -> secrets().createSecret(externalSecret(team, "two", UUID.randomUUID())))
                .isInstanceOf(VaultConnectionNotFoundException.class);

        assertThat(teamRecord(team).secretCount()).isEqualTo(1);
        // four more fit exactly: the refused attempts consumed no quota and no names
        for (String name : List.of("two", "three", "four", "five")) {
            secrets().createSecret(directSecret(team, name));
        }
        assertThat(teams().findTeam(team)).contains(new Team(team, Tier.FREE, 5, 5));
    }

    @Test
    void listsAreIsolatedPerTeam() {
        Secret mine = directSecret(team, "mine");
        Secret theirs = directSecret(otherTeam, "theirs");
        secrets().createSecret(mine);
        secrets().createSecret(theirs);

        assertThat(secrets().listSecrets(team)).containsExactly(mine);
        assertThat(secrets().listSecrets(otherTeam)).containsExactly(theirs);
        assertThat(secrets().findSecret(team, theirs.id())).isEmpty();
        assertThat(secrets().findSecret(otherTeam, mine.id())).isEmpty();
        assertThat(teamRecord(team).secretCount()).isEqualTo(1);
        assertThat(teamRecord(otherTeam).secretCount()).isEqualTo(1);
    }

    // ---- update ----

    @Test
    void anUpdateReplacesTheMetadataAndBecomesTheNewVersion() {
        Secret original = directSecret(team, "Prod backups");
        Secret untouched = directSecret(team, "Staging backups");
        secrets().createSecret(original);
        secrets().createSecret(untouched);

        Secret updated = edited(original, "Prod backups", "rotated weekly");
        secrets().updateSecret(original, updated);

        assertThat(secrets().findSecret(team, original.id())).contains(updated);
        assertThat(secrets().listSecrets(team)).containsExactlyInAnyOrder(updated, untouched);
        assertThat(teams().findTeam(team)).contains(new Team(team, Tier.FREE, 2, 5));

        // the written state is the version the next update must present
        Secret again = edited(updated, "Prod backups", null);
        secrets().updateSecret(updated, again);
        assertThat(secrets().findSecret(team, original.id())).contains(again);
    }

    @Test
    void updatingAnExternalSecretKeepsItsSingleConnectionReference() {
        VaultConnection connection = vaultConnection(team);
        vaultConnections().createVaultConnection(connection);
        Secret external = externalSecret(team, "vault backed", connection.id());
        secrets().createSecret(external);
        assertThat(vaultConnectionReferences(team, connection.id())).isEqualTo(1);

        Secret updated = edited(external, "Vault Backed (prod)", "moved");
        secrets().updateSecret(external, updated);

        assertThat(secrets().findSecret(team, external.id())).contains(updated);
        assertThat(vaultConnectionReferences(team, connection.id())).isEqualTo(1);
        assertThat(teamRecord(team).secretCount()).isEqualTo(1);
    }

    @Test
    void aRenameToAFreeNameMovesTheNameLock() {
        Secret alpha = directSecret(team, "alpha");
        secrets().createSecret(alpha);

        Secret beta = renamed(alpha, "  Beta ");
        secrets().updateSecret(alpha, beta);

        assertThat(secrets().findSecret(team, alpha.id())).contains(beta);
        // the new name is taken for everybody else ...
        for (String clash : List.of("beta", "BETA", " Beta\t")) {
            Secret refused = directSecret(team, clash);
            assertThatThrownBy(() -> secrets().createSecret(refused))
                    .as("create %s", clash).isInstanceOf(SecretNameConflictException.class);
        }
        Secret other = directSecret(team, "other");
        secrets().createSecret(other);
        assertThatThrownBy(() -> secrets().updateSecret(other, renamed(other, "BETA")))
                .isInstanceOf(SecretNameConflictException.class);
        // ... and the old one is free again
        Secret newAlpha = directSecret(team, "ALPHA");
        secrets().createSecret(newAlpha);

        assertThat(names(team)).containsExactly("  Beta ", "ALPHA", "other");
        assertThat(teams().findTeam(team)).contains(new Team(team, Tier.FREE, 3, 5));
    }

    @Test
    void aRenameToAnotherSecretsNameIsAConflictAndChangesNothing() {
        Secret alpha = directSecret(team, "alpha");
        Secret beta = directSecret(team, "Beta");
        secrets().createSecret(alpha);
        secrets().createSecret(beta);

        for (String clash : List.of("Beta", "beta", "  BETA\t", "Beta ")) {
            assertThatThrownBy(() -> secrets().updateSecret(alpha, edited(alpha, clash, "clashing")))
                    .as("rename to %s", clash).isInstanceOf(SecretNameConflictException.class);
        }

        assertThat(secrets().findSecret(team, alpha.id())).contains(alpha);
        assertThat(secrets().findSecret(team, beta.id())).contains(beta);
        assertThat(teamRecord(team).secretCount()).isEqualTo(2);
        // both names still belong to their secrets
        assertThatThrownBy(() -> secrets().createSecret(directSecret(team, "ALPHA")))
                .isInstanceOf(SecretNameConflictException.class);
        assertThatThrownBy(() -> secrets().createSecret(directSecret(team, "beta")))
                .isInstanceOf(SecretNameConflictException.class);
        // and the refused renames did not move the version: the original read still updates
        Secret gamma = renamed(alpha, "gamma");
        secrets().updateSecret(alpha, gamma);
        assertThat(names(team)).containsExactly("Beta", "gamma");
    }

    @Test
    void aRenameToTheSameNameInOtherCasingIsAllowedAndKeepsTheLock() {
        Secret original = directSecret(team, "prod backups");
        secrets().createSecret(original);

        Secret recased = renamed(original, " Prod Backups ");
        secrets().updateSecret(original, recased);

        assertThat(secrets().findSecret(team, original.id())).contains(recased);
        assertThatThrownBy(() -> secrets().createSecret(directSecret(team, "PROD BACKUPS")))
                .isInstanceOf(SecretNameConflictException.class);

        // the lock is still this secret's: a later real rename releases it
        Secret moved = renamed(recased, "archive");
        secrets().updateSecret(recased, moved);
        secrets().createSecret(directSecret(team, "prod backups"));
        assertThat(names(team)).containsExactly("archive", "prod backups");
        assertThat(teamRecord(team).secretCount()).isEqualTo(2);
    }

    @Test
    void anUpdateFromAStaleReadIsRefusedAndChangesNothing() {
        Secret read = directSecret(team, "alpha");
        secrets().createSecret(read);
        Secret current = renamed(read, "beta");
        secrets().updateSecret(read, current);

        // the same content, another rename, and the old name: all carry the outdated version
        for (Secret stale : List.of(edited(read, "alpha", "late edit"), renamed(read, "gamma"), renamed(read, "ALPHA"))) {
            assertThatThrownBy(() -> secrets().updateSecret(read, stale))
                    .as("stale update to %s", stale.name()).isInstanceOf(SecretModifiedException.class);
        }

        assertThat(secrets().findSecret(team, read.id())).contains(current);
        assertThatThrownBy(() -> secrets().createSecret(directSecret(team, "Beta")))
                .isInstanceOf(SecretNameConflictException.class);
        // neither the stale read's name nor the refused target was locked
        secrets().createSecret(directSecret(team, "gamma"));
        secrets().createSecret(directSecret(team, "alpha"));
        assertThat(names(team)).containsExactly("alpha", "beta", "gamma");
        assertThat(teamRecord(team).secretCount()).isEqualTo(3);
    }

    @Test
    void updatesAndDeletesOfAMissingSecretAreNotFound() {
        Secret neverCreated = directSecret(team, "ghost");

        assertThatThrownBy(() -> secrets().updateSecret(neverCreated, edited(neverCreated, "ghost", "x")))
                .isInstanceOf(SecretNotFoundException.class);
        assertThatThrownBy(() -> secrets().updateSecret(neverCreated, renamed(neverCreated, "phantom")))
                .isInstanceOf(SecretNotFoundException.class);
        assertThatThrownBy(() -> secrets().deleteSecret(neverCreated))
                .isInstanceOf(SecretNotFoundException.class);
        assertThat(secrets().findSecret(team, neverCreated.id())).isEmpty();
        assertThat(teamRecord(team)).isEqualTo(Team.unseen(team));

        Secret deleted = directSecret(team, "gone");
        secrets().createSecret(deleted);
        secrets().deleteSecret(deleted);

        assertThatThrownBy(() -> secrets().updateSecret(deleted, renamed(deleted, "phantom")))
                .isInstanceOf(SecretNotFoundException.class);
        assertThatThrownBy(() -> secrets().deleteSecret(deleted))
                .isInstanceOf(SecretNotFoundException.class);
        assertThat(secrets().findSecret(team, deleted.id())).isEmpty();
        assertThat(teamRecord(team).secretCount()).isZero();
        // no refused attempt took a name
        secrets().createSecret(directSecret(team, "phantom"));
        secrets().createSecret(directSecret(team, "ghost"));
        secrets().createSecret(directSecret(team, "gone"));
        assertThat(teamRecord(team).secretCount()).isEqualTo(3);
    }

    // ---- delete ----

    @Test
    void aDeleteRemovesTheSecretAndFreesItsNameAndTierSlot() {
        List<Secret> created = new ArrayList<>();
        for (int i = 1; i <= 5; i++) {
            Secret secret = directSecret(team, "secret " + i);
            secrets().createSecret(secret);
            created.add(secret);
        }
        assertThatThrownBy(() -> secrets().createSecret(directSecret(team, "secret 6")))
                .isInstanceOf(TierLimitExceededException.class);

        Secret third = created.get(2);
        secrets().deleteSecret(third);

        assertThat(secrets().findSecret(team, third.id())).isEmpty();
        assertThat(secrets().listSecrets(team)).hasSize(4).doesNotContain(third);
        assertThat(teams().findTeam(team)).contains(new Team(team, Tier.FREE, 4, 5));

        // the slot is free again: a sixth create now fits, under the deleted secret's name
        Secret replacement = directSecret(team, " SECRET 3");
        secrets().createSecret(replacement);
        assertThat(secrets().findSecret(team, replacement.id())).contains(replacement);
        assertThat(teams().findTeam(team)).contains(new Team(team, Tier.FREE, 5, 5));
        assertThatThrownBy(() -> secrets().createSecret(directSecret(team, "secret 7")))
                .isInstanceOf(TierLimitExceededException.class);
    }

    @Test
    void deletingASecretLeavesOtherTeamsAlone() {
        Secret mine = directSecret(team, "shared name");
        Secret theirs = directSecret(otherTeam, "shared name");
        secrets().createSecret(mine);
        secrets().createSecret(theirs);

        secrets().deleteSecret(mine);

        assertThat(secrets().listSecrets(team)).isEmpty();
        assertThat(secrets().listSecrets(otherTeam)).containsExactly(theirs);
        assertThat(teamRecord(otherTeam).secretCount()).isEqualTo(1);
        assertThatThrownBy(() -> secrets().createSecret(directSecret(otherTeam, "Shared Name")))
                .isInstanceOf(SecretNameConflictException.class);
    }

    @Test
    void deletingAnExternalSecretReleasesItsConnectionReference() {
        VaultConnection connection = vaultConnection(team);
        vaultConnections().createVaultConnection(connection);
        Secret first = externalSecret(team, "vault one", connection.id());
        Secret second = externalSecret(team, "vault two", connection.id());
        Secret direct = directSecret(team, "direct");
        secrets().createSecret(first);
        secrets().createSecret(second);
        secrets().createSecret(direct);
        assertThat(vaultConnectionReferences(team, connection.id())).isEqualTo(2);

        secrets().deleteSecret(first);
        assertThat(vaultConnectionReferences(team, connection.id())).isEqualTo(1);
        secrets().deleteSecret(direct);
        assertThat(vaultConnectionReferences(team, connection.id())).isEqualTo(1);
        secrets().deleteSecret(second);

        assertThat(vaultConnectionReferences(team, connection.id())).isZero();
        assertThat(secrets().listSecrets(team)).isEmpty();
        assertThat(teamRecord(team).secretCount()).isZero();
        assertThat(vaultConnections().findVaultConnection(team, connection.id())).contains(connection);
    }

    @Test
    void aDeleteFromAStaleReadIsRefusedAndChangesNothing() {
        VaultConnection connection = vaultConnection(team);
        vaultConnections().createVaultConnection(connection);
        Secret read = externalSecret(team, "alpha", connection.id());
        secrets().createSecret(read);
        Secret current = renamed(read, "beta");
        secrets().updateSecret(read, current);

        assertThatThrownBy(() -> secrets().deleteSecret(read)).isInstanceOf(SecretModifiedException.class);

        assertThat(secrets().findSecret(team, read.id())).contains(current);
        assertThat(teamRecord(team).secretCount()).isEqualTo(1);
        assertThat(vaultConnectionReferences(team, connection.id())).isEqualTo(1);
        assertThatThrownBy(() -> secrets().createSecret(directSecret(team, "BETA")))
                .isInstanceOf(SecretNameConflictException.class);

        secrets().deleteSecret(current);
        assertThat(secrets().listSecrets(team)).isEmpty();
        assertThat(teamRecord(team).secretCount()).isZero();
        assertThat(vaultConnectionReferences(team, connection.id())).isZero();
    }

    // ---- concurrency ----

    /** Starts all creates at once on a pool of that many threads; returns the exceptions of those that failed. */
    private List<Throwable> runConcurrently(int count, IntFunction<Secret> secret)
            throws InterruptedException {
        List<Runnable> creates = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            Secret candidate = secret.apply(i);
            creates.add(() -> secrets().createSecret(candidate));
        }
        return race(creates).stream().filter(Objects::nonNull).toList();
    }

    @Test
    void concurrentCreatesNeverExceedTheFreeLimit() throws Exception {
        assumeIsolatedTransactions();
        List<Throwable> failures = runConcurrently(20, i -> directSecret(team, "parallel " + i));

        assertThat(failures).hasSize(15).allSatisfy(failure ->
                assertThat(failure).isInstanceOf(TierLimitExceededException.class));
        assertThat(secrets().listSecrets(team)).hasSize(5);
        assertThat(teams().findTeam(team)).contains(new Team(team, Tier.FREE, 5, 5));
    }

    @Test
    void concurrentCreatesOfOneNameLetExactlyOneWin() throws Exception {
        assumeIsolatedTransactions();
        teams().setTier(team, Tier.PRO);

        List<Throwable> failures = runConcurrently(12, i -> directSecret(team, i % 2 == 0 ? "Shared" : " shared "));

        assertThat(failures).hasSize(11).allSatisfy(failure ->
                assertThat(failure).isInstanceOf(SecretNameConflictException.class));
        assertThat(secrets().listSecrets(team)).hasSize(1);
        assertThat(teamRecord(team).secretCount()).isEqualTo(1);
    }

    @Test
    void concurrentRenamesToOneNameLetExactlyOneWin() throws Exception {
        assumeIsolatedTransactions();
        teams().setTier(team, Tier.PRO);
        List<Secret> sources = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            Secret source = directSecret(team, "source " + i);
            secrets().createSecret(source);
            sources.add(source);
        }
        List<Runnable> renames = new ArrayList<>();
        for (int i = 0; i < sources.size(); i++) {
            Secret source = sources.get(i);
            Secret target = renamed(source, i % 2 == 0 ? "Target" : " target ");
            renames.add(() -> secrets().updateSecret(source, target));
        }

        List<Throwable> outcomes = race(renames);

        List<Integer> winners = new ArrayList<>();
        for (int i = 0; i < outcomes.size(); i++) {
            if (outcomes.get(i) == null) {
                winners.add(i);
            } else {
                assertThat(outcomes.get(i)).as("rename %d", i).isInstanceOf(SecretNameConflictException.class);
            }
        }
        assertThat(winners).hasSize(1);
        int winner = winners.get(0);
        for (int i = 0; i < sources.size(); i++) {
            Secret stored = secrets().findSecret(team, sources.get(i).id()).orElseThrow();
            assertThat(Secret.normalizeName(stored.name())).isEqualTo(i == winner ? "target" : "source " + i);
        }
        // the lock follows the winner: its old name is free, the target is not
        assertThatThrownBy(() -> secrets().createSecret(directSecret(team, "TARGET")))
                .isInstanceOf(SecretNameConflictException.class);
        secrets().createSecret(directSecret(team, "source " + winner));
        assertThat(teamRecord(team).secretCount()).isEqualTo(sources.size() + 1);
    }

    @Test
    void deletesRacingWithCreatesAtTheFreeLimitKeepTheCapAndTheCounter() throws Exception {
        assumeIsolatedTransactions();
        List<Secret> existing = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            Secret secret = directSecret(team, "existing " + i);
            secrets().createSecret(secret);
            existing.add(secret);
        }
        List<Secret> doomed = existing.subList(0, 3);
        List<Secret> newcomers = new ArrayList<>();
        List<Runnable> operations = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            if (i % 4 == 0) {
                Secret victim = doomed.get(i / 4);
                operations.add(() -> secrets().deleteSecret(victim));
            } else {
                Secret newcomer = directSecret(team, "newcomer " + i);
                newcomers.add(newcomer);
                operations.add(() -> secrets().createSecret(newcomer));
            }
        }

        List<Throwable> outcomes = race(operations);

        // the only acceptable failures: the cap, or (after the adapter's retries) a contended team
        int deleted = 0;
        int created = 0;
        for (int i = 0; i < outcomes.size(); i++) {
            Throwable failure = outcomes.get(i);
            if (failure == null) {
                if (i % 4 == 0) {
                    deleted++;
                } else {
                    created++;
                }
            } else if (i % 4 == 0) {
                assertThat(failure).as("delete %d", i).isInstanceOf(StoreUnavailableException.class);
            } else {
                assertThat(failure).as("create %d", i).satisfiesAnyOf(
                        thrown -> assertThat(thrown).isInstanceOf(TierLimitExceededException.class),
                        thrown -> assertThat(thrown).isInstanceOf(StoreUnavailableException.class));
            }
        }
        List<Secret> remaining = secrets().listSecrets(team);
        assertThat(remaining).hasSizeLessThanOrEqualTo(5).hasSize(5 - deleted + created);
        assertThat(teams().findTeam(team)).contains(new Team(team, Tier.FREE, remaining.size(), 5));
        for (int i = 0; i < doomed.size(); i++) {
            boolean gone = outcomes.get(i * 4) == null;
            assertThat(secrets().findSecret(team, doomed.get(i).id())).as("deleted %d", i)
                    .isEqualTo(gone ? Optional.empty() : Optional.of(doomed.get(i)));
        }
        assertThat(remaining).containsAll(existing.subList(3, 5));
        assertThat(newcomers.stream().filter(remaining::contains).count()).isEqualTo(created);
    }

    // ---- the storage protocol's reservations: a pending create holds its name and slot, and exactly one of its
    // activation and its removal can commit

    @Test
    void aPendingSecretHoldsItsNameAndSlotAndSaysWhoHoldsTheName() {
        Secret pending = directSecret(team, "reserved").asPending();
        secrets().createSecret(pending);
        assertThat(secrets().findSecret(team, pending.id())).hasValueSatisfying(stored -> {
            assertThat(stored.pending()).isTrue();
            assertThat(stored.credentialVersion()).isNull();
        });
        assertThat(teamRecord(team).secretCount()).isEqualTo(1);
        assertThatThrownBy(() -> secrets().createSecret(directSecret(team, "RESERVED")))
                .isInstanceOfSatisfying(SecretNameConflictException.class,
                        e -> assertThat(e.holder()).isEqualTo(pending.id()));
    }

    @Test
    void anActivationPointsAtTheVersionAndOnlyOnce() {
        Secret secret = directSecret(team, "activated");
        Secret pending = secret.asPending();
        secrets().createSecret(pending);
        secrets().updateSecret(pending, secret.activated(7L));
        assertThat(secrets().findSecret(team, secret.id())).hasValueSatisfying(stored -> {
            assertThat(stored.pending()).isFalse();
            assertThat(stored.credentialVersion()).isEqualTo(7L);
            assertThat(stored.credentialPath()).isEqualTo(secret.credentialPath());
        });
        // A repeated activation from the same pending read is refused: the state it read is gone.
        assertThatThrownBy(() -> secrets().updateSecret(pending, secret.activated(8L)))
                .isInstanceOf(SecretModifiedException.class);
        assertThat(secrets().findSecret(team, secret.id()).orElseThrow().credentialVersion()).isEqualTo(7L);
    }

    @Test
    void anActivatedSecretCannotBeRemovedAsAnAbandonedCreate() {
        Secret secret = directSecret(team, "kept");
        Secret pending = secret.asPending();
        secrets().createSecret(pending);
        secrets().updateSecret(pending, secret.activated(1L));
        // Same updated_at, other state: the removal of the reservation must not delete the active secret.
        assertThatThrownBy(() -> secrets().deleteSecret(pending)).isInstanceOf(SecretModifiedException.class);
        assertThat(secrets().findSecret(team, secret.id())).isPresent();
        assertThat(teamRecord(team).secretCount()).isEqualTo(1);
    }

    @Test
    void aRemovedReservationCannotBeActivatedAndFreesNameAndSlot() {
        Secret secret = directSecret(team, "abandoned");
        Secret pending = secret.asPending();
        secrets().createSecret(pending);
        secrets().deleteSecret(pending);
        assertThatThrownBy(() -> secrets().updateSecret(pending, secret.activated(1L)))
                .isInstanceOf(SecretNotFoundException.class);
        assertThat(teamRecord(team).secretCount()).isZero();
        secrets().createSecret(directSecret(team, "abandoned"));
        assertThat(names(team)).containsExactly("abandoned");
    }

    @Test
    void aRotationSwitchesTheVersionUnderTheVersionCondition() {
        Secret secret = directSecret(team, "rotated").activated(1L);
        secrets().createSecret(secret);
        Secret rotated = edited(secret, "rotated", secret.description()).activated(2L);
        secrets().updateSecret(secret, rotated);
        assertThat(secrets().findSecret(team, secret.id()).orElseThrow().credentialVersion()).isEqualTo(2L);
        // A late switch from the old read cannot move the pointer back.
        assertThatThrownBy(() -> secrets().updateSecret(secret, edited(secret, "rotated", "late").activated(3L)))
                .isInstanceOf(SecretModifiedException.class);
        assertThat(secrets().findSecret(team, secret.id()).orElseThrow().credentialVersion()).isEqualTo(2L);
    }

    @Test
    void aRenameConflictSaysWhoHoldsTheName() {
        Secret holder = directSecret(team, "taken");
        Secret other = directSecret(team, "free");
        secrets().createSecret(holder);
        secrets().createSecret(other);
        assertThatThrownBy(() -> secrets().updateSecret(other, renamed(other, "TAKEN")))
                .isInstanceOfSatisfying(SecretNameConflictException.class,
                        e -> assertThat(e.holder()).isEqualTo(holder.id()));
    }
}
