package io.dataraven.secrets.store;

import io.dataraven.secrets.secret.Secret;
import io.dataraven.secrets.secret.SecretModifiedException;
import io.dataraven.secrets.secret.SecretNameConflictException;
import io.dataraven.secrets.secret.SecretNotFoundException;
import io.dataraven.secrets.secret.SecretRepository;
import io.dataraven.secrets.team.Team;
import io.dataraven.secrets.team.TeamRepository;
import io.dataraven.secrets.team.Tier;
import io.dataraven.secrets.team.TierLimitExceededException;
import io.dataraven.secrets.vault.VaultConnection;
import io.dataraven.secrets.vault.VaultConnectionInUseException;
import io.dataraven.secrets.vault.VaultConnectionNameConflictException;
import io.dataraven.secrets.vault.VaultConnectionNotFoundException;
import io.dataraven.secrets.vault.VaultConnectionRepository;
import io.dataraven.secrets.vault.VaultSettings;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static io.dataraven.secrets.store.StoreFixtures.directSecret;
import static io.dataraven.secrets.store.StoreFixtures.dopplerConnection;
import static io.dataraven.secrets.store.StoreFixtures.edited;
import static io.dataraven.secrets.store.StoreFixtures.externalSecret;
import static io.dataraven.secrets.store.StoreFixtures.infisicalConnection;
import static io.dataraven.secrets.store.StoreFixtures.renamed;
import static io.dataraven.secrets.store.StoreFixtures.vaultConnection;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * What every metadata adapter (in memory, DynamoDB) must do. A subclass supplies the adapter; every test works
 * on teams of its own (random ids), so one table can serve the whole run.
 */
public abstract class SecretStoreContract {

    protected abstract SecretRepository secrets();

    protected abstract TeamRepository teams();

    protected abstract VaultConnectionRepository vaultConnections();

    protected abstract io.dataraven.secrets.sweep.CredentialOwners credentialOwners();

    /**
     * The concurrency tests check that the adapter leans on the backend's transactions correctly; they mean
     * something only where the backend isolates concurrent transactions as DynamoDB does. A subclass whose backend
     * may not (an emulator) aborts them here, with the evidence, instead of testing the emulator.
     */
    protected void assumeIsolatedTransactions() {
    }

    /**
     * How many secrets the backend counts as referencing the connection (what will block its deletion). The port
     * has no read for it, so each subclass reads its backend directly.
     */
    protected abstract int vaultConnectionReferences(UUID teamId, UUID connectionId);

    private final UUID team = UUID.randomUUID();
    private final UUID otherTeam = UUID.randomUUID();

    private Team teamRecord(UUID teamId) {
        return teams().findTeam(teamId).orElse(Team.unseen(teamId));
    }

    private List<String> names(UUID teamId) {
        return secrets().listSecrets(teamId).stream().map(Secret::name).sorted().toList();
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
    void unknownSecretsAndTeamsAreEmpty() {
        assertThat(secrets().findSecret(team, UUID.randomUUID())).isEmpty();
        assertThat(secrets().listSecrets(team)).isEmpty();
        assertThat(teams().findTeam(team)).isEmpty();
        assertThat(vaultConnections().findVaultConnection(team, UUID.randomUUID())).isEmpty();
        assertThat(vaultConnections().listVaultConnections(team)).isEmpty();
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
    void anUnseenTeamIsFreeWithFiveSecrets() {
        for (int i = 1; i <= 5; i++) {
            secrets().createSecret(directSecret(team, "secret " + i));
        }
        Secret sixth = directSecret(team, "secret 6");

        assertThatThrownBy(() -> secrets().createSecret(sixth))
                .isInstanceOfSatisfying(TierLimitExceededException.class, e -> {
                    assertThat(e.tier()).isEqualTo(Tier.FREE);
                    assertThat(e.limit()).isEqualTo(5);
                });

        assertThat(secrets().findSecret(team, sixth.id())).isEmpty();
        assertThat(secrets().listSecrets(team)).hasSize(5);
        assertThat(teams().findTeam(team)).contains(new Team(team, Tier.FREE, 5, 5));
    }

    @Test
    void aProTeamHasOneHundredSecrets() {
        teams().setTier(team, Tier.PRO);
        assertThat(teams().findTeam(team)).contains(new Team(team, Tier.PRO, 0, 100));

        for (int i = 1; i <= 100; i++) {
            secrets().createSecret(directSecret(team, "secret " + i));
        }

        assertThatThrownBy(() -> secrets().createSecret(directSecret(team, "secret 101")))
                .isInstanceOfSatisfying(TierLimitExceededException.class, e -> {
                    assertThat(e.tier()).isEqualTo(Tier.PRO);
                    assertThat(e.limit()).isEqualTo(100);
                });
        assertThat(secrets().listSecrets(team)).hasSize(100);
        assertThat(teams().findTeam(team)).contains(new Team(team, Tier.PRO, 100, 100));
    }

    @Test
    void changingTheTierKeepsTheCount() {
        for (int i = 1; i <= 5; i++) {
            secrets().createSecret(directSecret(team, "secret " + i));
        }
        teams().setTier(team, Tier.PRO);

        assertThat(teams().findTeam(team)).contains(new Team(team, Tier.PRO, 5, 100));
        secrets().createSecret(directSecret(team, "secret 6"));
        assertThat(teamRecord(team).secretCount()).isEqualTo(6);

        teams().setTier(team, Tier.FREE);
        assertThat(teams().findTeam(team)).contains(new Team(team, Tier.FREE, 6, 5));
        assertThatThrownBy(() -> secrets().createSecret(directSecret(team, "secret 7")))
                .isInstanceOf(TierLimitExceededException.class);
        assertThat(secrets().listSecrets(team)).hasSize(6);
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

    // ---- vault connections: create, find, list ----

    private List<String> connectionNames(UUID teamId) {
        return vaultConnections().listVaultConnections(teamId).stream().map(VaultConnection::name).sorted().toList();
    }

    /** Creates connections named {@code prefix 1} .. {@code prefix n} and returns them. */
    private List<VaultConnection> createConnections(UUID teamId, String prefix, int count) {
        List<VaultConnection> created = new ArrayList<>();
        for (int i = 1; i <= count; i++) {
            VaultConnection connection = vaultConnection(teamId, prefix + " " + i);
            vaultConnections().createVaultConnection(connection);
            created.add(connection);
        }
        return created;
    }

    @Test
    void createdConnectionsCanBeFoundAndAreListedPerTeam() {
        teams().setTier(team, Tier.PRO);
        VaultConnection first = vaultConnection(team, "Infra 1Password");
        VaultConnection second = dopplerConnection(team, "Doppler prd");
        VaultConnection theirs = vaultConnection(otherTeam, "Infra 1Password");

        vaultConnections().createVaultConnection(first);
        vaultConnections().createVaultConnection(second);
        vaultConnections().createVaultConnection(theirs);

        assertThat(vaultConnections().findVaultConnection(team, first.id())).contains(first);
        assertThat(vaultConnections().findVaultConnection(team, second.id())).contains(second);
        assertThat(vaultConnections().listVaultConnections(team)).containsExactlyInAnyOrder(first, second);
        assertThat(vaultConnections().listVaultConnections(otherTeam)).containsExactly(theirs);
        // an id is only found in its own team
        assertThat(vaultConnections().findVaultConnection(otherTeam, first.id())).isEmpty();
        assertThat(vaultConnections().findVaultConnection(team, theirs.id())).isEmpty();
        assertThat(vaultConnections().listVaultConnections(UUID.randomUUID())).isEmpty();
        // connections are not secrets
        assertThat(secrets().listSecrets(team)).isEmpty();
    }

    @Test
    void settingsCredentialPathAndVerifiedTimeRoundTrip() {
        VaultConnection doppler = dopplerConnection(team, "Doppler prd");
        VaultConnection infisical = infisicalConnection(otherTeam, "Infisical prod");
        VaultConnection bare = vaultConnection(UUID.randomUUID(), "1Password");
        assertThat(doppler.updatedAt()).isNotEqualTo(doppler.createdAt());
        assertThat(doppler.lastVerifiedAt()).isNotNull();

        for (VaultConnection connection : List.of(doppler, infisical, bare)) {
            vaultConnections().createVaultConnection(connection);
            VaultConnection found = vaultConnections().findVaultConnection(connection.teamId(), connection.id())
                    .orElseThrow();
            assertThat(found).as(connection.name()).isEqualTo(connection);
            assertThat(vaultConnections().listVaultConnections(connection.teamId())).containsExactly(connection);
        }
        VaultConnection found = vaultConnections().findVaultConnection(team, doppler.id()).orElseThrow();
        assertThat(found.settings().get("project")).isEqualTo("backend");
        assertThat(found.settings().get("config")).isEqualTo("prd");
        assertThat(found.credentialPath()).isEqualTo(doppler.credentialPath());
        assertThat(vaultConnections().findVaultConnection(otherTeam, infisical.id()).orElseThrow().settings())
                .isEqualTo(infisical.settings());
        assertThat(vaultConnections().findVaultConnection(bare.teamId(), bare.id()).orElseThrow().settings())
                .isEqualTo(VaultSettings.NONE);
    }

    @Test
    void connectionNamesConflictCaseInsensitivelyAfterTrimming() {
        teams().setTier(team, Tier.PRO);
        VaultConnection original = vaultConnection(team, "Infra Vault");
        vaultConnections().createVaultConnection(original);

        for (String clash : List.of("infra vault", "  INFRA VAULT\t", "Infra Vault ")) {
            VaultConnection refused = vaultConnection(team, clash);
            assertThatThrownBy(() -> vaultConnections().createVaultConnection(refused))
                    .as("name %s", clash).isInstanceOf(VaultConnectionNameConflictException.class);
            assertThat(vaultConnections().findVaultConnection(team, refused.id())).isEmpty();
        }
        vaultConnections().createVaultConnection(vaultConnection(team, "Caf\u00e9"));
        assertThatThrownBy(() -> vaultConnections().createVaultConnection(vaultConnection(team, "CAFE\u0301")))
                .isInstanceOf(VaultConnectionNameConflictException.class);

        assertThat(connectionNames(team)).containsExactly("Caf\u00e9", "Infra Vault");
        // similar names, and the same name in another team, are fine
        vaultConnections().createVaultConnection(vaultConnection(team, "Infra Vault 2"));
        vaultConnections().createVaultConnection(vaultConnection(otherTeam, "infra vault"));
        assertThat(connectionNames(otherTeam)).containsExactly("infra vault");
        // the refused creates took no slot: exactly seven more fit under the Pro cap of ten
        createConnections(team, "more", 7);
        assertThatThrownBy(() -> vaultConnections().createVaultConnection(vaultConnection(team, "one too many")))
                .isInstanceOf(TierLimitExceededException.class);
        assertThat(vaultConnections().listVaultConnections(team)).hasSize(10);
    }

    @Test
    void connectionNamesAreTheirOwnNamespace() {
        secrets().createSecret(directSecret(team, "Infra"));
        VaultConnection connection = vaultConnection(team, "Infra");

        vaultConnections().createVaultConnection(connection);

        assertThat(vaultConnections().listVaultConnections(team)).containsExactly(connection);
        secrets().createSecret(directSecret(team, "infra vault"));
        assertThat(names(team)).containsExactly("Infra", "infra vault");
    }

    @Test
    void anUnseenTeamIsFreeWithOneConnectionAndARefusedCreateWritesNothing() {
        VaultConnection first = vaultConnection(team, "first");
        vaultConnections().createVaultConnection(first);
        VaultConnection second = vaultConnection(team, "second");

        assertThatThrownBy(() -> vaultConnections().createVaultConnection(second))
                .isInstanceOfSatisfying(TierLimitExceededException.class, e -> {
                    assertThat(e.tier()).isEqualTo(Tier.FREE);
                    assertThat(e.limit()).isEqualTo(1);
                });

        assertThat(vaultConnections().findVaultConnection(team, second.id())).isEmpty();
        assertThat(vaultConnections().listVaultConnections(team)).containsExactly(first);
        assertThat(teamRecord(team)).isEqualTo(Team.unseen(team));
        // neither the name nor a slot was taken: on Pro, the refused name is free and exactly nine more fit
        teams().setTier(team, Tier.PRO);
        VaultConnection retried = vaultConnection(team, "SECOND");
        vaultConnections().createVaultConnection(retried);
        createConnections(team, "pro", 8);
        assertThatThrownBy(() -> vaultConnections().createVaultConnection(vaultConnection(team, "eleventh")))
                .isInstanceOfSatisfying(TierLimitExceededException.class, e -> {
                    assertThat(e.tier()).isEqualTo(Tier.PRO);
                    assertThat(e.limit()).isEqualTo(10);
                });
        assertThat(vaultConnections().listVaultConnections(team)).hasSize(10).contains(first, retried);
    }

    @Test
    void aProTeamHasTenConnections() {
        teams().setTier(team, Tier.PRO);
        List<VaultConnection> created = createConnections(team, "vault", 10);
        VaultConnection eleventh = vaultConnection(team, "vault 11");

        assertThatThrownBy(() -> vaultConnections().createVaultConnection(eleventh))
                .isInstanceOfSatisfying(TierLimitExceededException.class, e -> {
                    assertThat(e.tier()).isEqualTo(Tier.PRO);
                    assertThat(e.limit()).isEqualTo(10);
                });

        assertThat(vaultConnections().findVaultConnection(team, eleventh.id())).isEmpty();
        assertThat(vaultConnections().listVaultConnections(team)).containsExactlyInAnyOrderElementsOf(created);
        assertThat(teams().findTeam(team)).contains(new Team(team, Tier.PRO, 0, 100));
        // the other team is still Free, with its own slot
        vaultConnections().createVaultConnection(vaultConnection(otherTeam, "vault 1"));
        assertThatThrownBy(() -> vaultConnections().createVaultConnection(vaultConnection(otherTeam, "vault 2")))
                .isInstanceOf(TierLimitExceededException.class);
    }

    @Test
    void aDowngradeKeepsTheConnectionsButAdmitsNoMore() {
        teams().setTier(team, Tier.PRO);
        List<VaultConnection> created = createConnections(team, "vault", 3);

        teams().setTier(team, Tier.FREE);

        assertThat(vaultConnections().listVaultConnections(team)).containsExactlyInAnyOrderElementsOf(created);
        assertThatThrownBy(() -> vaultConnections().createVaultConnection(vaultConnection(team, "vault 4")))
                .isInstanceOfSatisfying(TierLimitExceededException.class, e -> {
                    assertThat(e.tier()).isEqualTo(Tier.FREE);
                    assertThat(e.limit()).isEqualTo(1);
                });
        // back on Pro, the count carried over: seven more fit
        teams().setTier(team, Tier.PRO);
        createConnections(team, "again", 7);
        assertThatThrownBy(() -> vaultConnections().createVaultConnection(vaultConnection(team, "vault 11")))
                .isInstanceOf(TierLimitExceededException.class);
    }

    @Test
    void aNameConflictAtTheConnectionLimitIsReportedAsTheConflict() {
        vaultConnections().createVaultConnection(vaultConnection(team, "only"));

        assertThatThrownBy(() -> vaultConnections().createVaultConnection(vaultConnection(team, " ONLY")))
                .isInstanceOf(VaultConnectionNameConflictException.class);
    }

    @Test
    void creatingAConnectionLeavesTheSecretCountersAlone() {
        VaultConnection connection = vaultConnection(team, "vault");
        vaultConnections().createVaultConnection(connection);
        assertThat(teamRecord(team)).isEqualTo(Team.unseen(team));

        secrets().createSecret(externalSecret(team, "external", connection.id()));
        for (int i = 2; i <= 5; i++) {
            secrets().createSecret(directSecret(team, "secret " + i));
        }
        assertThatThrownBy(() -> secrets().createSecret(directSecret(team, "secret 6")))
                .isInstanceOfSatisfying(TierLimitExceededException.class, e -> {
                    assertThat(e.tier()).isEqualTo(Tier.FREE);
                    assertThat(e.limit()).isEqualTo(5);
                });
        assertThat(teams().findTeam(team)).contains(new Team(team, Tier.FREE, 5, 5));

        // and a team that already has secrets keeps its count when it adds a connection
        secrets().createSecret(directSecret(otherTeam, "one"));
        secrets().createSecret(directSecret(otherTeam, "two"));
        vaultConnections().createVaultConnection(vaultConnection(otherTeam, "vault"));
        assertThat(teams().findTeam(otherTeam)).contains(new Team(otherTeam, Tier.FREE, 2, 5));
        for (String name : List.of("three", "four", "five")) {
            secrets().createSecret(directSecret(otherTeam, name));
        }
        assertThatThrownBy(() -> secrets().createSecret(directSecret(otherTeam, "six")))
                .isInstanceOf(TierLimitExceededException.class);
    }

    @Test
    void theSecretCapDoesNotLimitConnections() {
        for (int i = 1; i <= 5; i++) {
            secrets().createSecret(directSecret(team, "secret " + i));
        }

        VaultConnection connection = vaultConnection(team, "vault");
        vaultConnections().createVaultConnection(connection);

        assertThat(vaultConnections().listVaultConnections(team)).containsExactly(connection);
        assertThat(teams().findTeam(team)).contains(new Team(team, Tier.FREE, 5, 5));
    }

    // ---- vault connections: update ----

    @Test
    void aConnectionUpdateReplacesNameAndDescriptionAndBecomesTheNewVersion() {
        VaultConnection original = dopplerConnection(team, "Doppler prd");
        vaultConnections().createVaultConnection(original);

        VaultConnection described = edited(original, "Doppler prd", "production config");
        vaultConnections().updateVaultConnection(original, described);
        assertThat(vaultConnections().findVaultConnection(team, original.id())).contains(described);

        // the written state is the version the next update must present; a null description clears it
        VaultConnection cleared = edited(described, "Doppler prd", null);
        vaultConnections().updateVaultConnection(described, cleared);
        VaultConnection found = vaultConnections().findVaultConnection(team, original.id()).orElseThrow();
        assertThat(found).isEqualTo(cleared);
        assertThat(found.description()).isNull();
        assertThat(found.settings()).isEqualTo(original.settings());
        assertThat(found.credentialPath()).isEqualTo(original.credentialPath());
        assertThat(vaultConnections().listVaultConnections(team)).containsExactly(cleared);

        // and a description can be set again
        VaultConnection redescribed = edited(cleared, "Doppler prd", "again");
        vaultConnections().updateVaultConnection(cleared, redescribed);
        assertThat(vaultConnections().findVaultConnection(team, original.id())).contains(redescribed);
    }

    @Test
    void aConnectionRenameMovesTheNameLock() {
        teams().setTier(team, Tier.PRO);
        VaultConnection alpha = vaultConnection(team, "alpha");
        vaultConnections().createVaultConnection(alpha);

        VaultConnection beta = renamed(alpha, "  Beta ");
        vaultConnections().updateVaultConnection(alpha, beta);

        assertThat(vaultConnections().findVaultConnection(team, alpha.id())).contains(beta);
        // the new name is taken for everybody else ...
        for (String clash : List.of("beta", "BETA", " Beta\t")) {
            VaultConnection refused = vaultConnection(team, clash);
            assertThatThrownBy(() -> vaultConnections().createVaultConnection(refused))
                    .as("create %s", clash).isInstanceOf(VaultConnectionNameConflictException.class);
        }
        VaultConnection other = vaultConnection(team, "other");
        vaultConnections().createVaultConnection(other);
        assertThatThrownBy(() -> vaultConnections().updateVaultConnection(other, renamed(other, "BETA")))
                .isInstanceOf(VaultConnectionNameConflictException.class);
        // ... and the old one is free again
        vaultConnections().createVaultConnection(vaultConnection(team, "ALPHA"));

        assertThat(connectionNames(team)).containsExactly("  Beta ", "ALPHA", "other");
        // a rename neither takes nor frees a slot: seven more fit under the Pro cap
        createConnections(team, "more", 7);
        assertThatThrownBy(() -> vaultConnections().createVaultConnection(vaultConnection(team, "eleventh")))
                .isInstanceOf(TierLimitExceededException.class);
    }

    @Test
    void aConnectionRenameToATakenNameIsRefusedAndChangesNothing() {
        teams().setTier(team, Tier.PRO);
        VaultConnection alpha = vaultConnection(team, "alpha");
        VaultConnection beta = vaultConnection(team, "Beta");
        vaultConnections().createVaultConnection(alpha);
        vaultConnections().createVaultConnection(beta);

        for (String clash : List.of("Beta", "beta", "  BETA\t")) {
            assertThatThrownBy(() -> vaultConnections().updateVaultConnection(alpha, edited(alpha, clash, "x")))
                    .as("rename to %s", clash).isInstanceOf(VaultConnectionNameConflictException.class);
        }

        assertThat(vaultConnections().findVaultConnection(team, alpha.id())).contains(alpha);
        assertThat(vaultConnections().findVaultConnection(team, beta.id())).contains(beta);
        assertThatThrownBy(() -> vaultConnections().createVaultConnection(vaultConnection(team, "ALPHA")))
                .isInstanceOf(VaultConnectionNameConflictException.class);
        assertThatThrownBy(() -> vaultConnections().createVaultConnection(vaultConnection(team, "beta")))
                .isInstanceOf(VaultConnectionNameConflictException.class);
        // the refused renames did not move the version: the original read still updates
        VaultConnection gamma = renamed(alpha, "gamma");
        vaultConnections().updateVaultConnection(alpha, gamma);
        assertThat(connectionNames(team)).containsExactly("Beta", "gamma");
    }

    @Test
    void aConnectionRenameToTheSameNameInOtherCasingKeepsTheLock() {
        teams().setTier(team, Tier.PRO);
        VaultConnection original = vaultConnection(team, "infra vault");
        vaultConnections().createVaultConnection(original);

        VaultConnection recased = renamed(original, " Infra Vault ");
        vaultConnections().updateVaultConnection(original, recased);

        assertThat(vaultConnections().findVaultConnection(team, original.id())).contains(recased);
        assertThatThrownBy(() -> vaultConnections().createVaultConnection(vaultConnection(team, "INFRA VAULT")))
                .isInstanceOf(VaultConnectionNameConflictException.class);
        // the lock is still this connection's: a later real rename releases it
        vaultConnections().updateVaultConnection(recased, renamed(recased, "archive"));
        vaultConnections().createVaultConnection(vaultConnection(team, "infra vault"));
        assertThat(connectionNames(team)).containsExactly("archive", "infra vault");
    }

    @Test
    void aConnectionUpdateFromAStaleReadIsRefusedAndChangesNothing() {
        teams().setTier(team, Tier.PRO);
        VaultConnection read = vaultConnection(team, "alpha");
        vaultConnections().createVaultConnection(read);
        VaultConnection current = renamed(read, "beta");
        vaultConnections().updateVaultConnection(read, current);

        for (VaultConnection stale : List.of(edited(read, "alpha", "late edit"), renamed(read, "gamma"),
                renamed(read, "ALPHA"))) {
            assertThatThrownBy(() -> vaultConnections().updateVaultConnection(read, stale))
                    .as("stale update to %s", stale.name()).isInstanceOf(io.dataraven.secrets.vault.VaultConnectionModifiedException.class);
        }

        assertThat(vaultConnections().findVaultConnection(team, read.id())).contains(current);
        assertThatThrownBy(() -> vaultConnections().createVaultConnection(vaultConnection(team, "Beta")))
                .isInstanceOf(VaultConnectionNameConflictException.class);
        // neither the stale read's name nor the refused target was locked
        vaultConnections().createVaultConnection(vaultConnection(team, "gamma"));
        vaultConnections().createVaultConnection(vaultConnection(team, "alpha"));
        assertThat(connectionNames(team)).containsExactly("alpha", "beta", "gamma");
    }

    @Test
    void updatesAndDeletesOfAMissingConnectionAreNotFound() {
        VaultConnection neverCreated = vaultConnection(team, "ghost");

        assertThatThrownBy(() -> vaultConnections().updateVaultConnection(neverCreated,
                edited(neverCreated, "ghost", "x"))).isInstanceOf(VaultConnectionNotFoundException.class);
        assertThatThrownBy(() -> vaultConnections().updateVaultConnection(neverCreated,
                renamed(neverCreated, "phantom"))).isInstanceOf(VaultConnectionNotFoundException.class);
        assertThatThrownBy(() -> vaultConnections().deleteVaultConnection(neverCreated))
                .isInstanceOf(VaultConnectionNotFoundException.class);
        assertThat(vaultConnections().findVaultConnection(team, neverCreated.id())).isEmpty();

        // another team's connection is missing in this team
        VaultConnection theirs = vaultConnection(otherTeam, "theirs");
        vaultConnections().createVaultConnection(theirs);
        VaultConnection borrowed = new VaultConnection(theirs.id(), team, theirs.name(), theirs.description(),
                theirs.vaultType(), theirs.createdAt(), theirs.createdBy());
        assertThatThrownBy(() -> vaultConnections().updateVaultConnection(borrowed, renamed(borrowed, "mine")))
                .isInstanceOf(VaultConnectionNotFoundException.class);
        assertThatThrownBy(() -> vaultConnections().deleteVaultConnection(borrowed))
                .isInstanceOf(VaultConnectionNotFoundException.class);
        assertThat(vaultConnections().findVaultConnection(otherTeam, theirs.id())).contains(theirs);

        VaultConnection deleted = vaultConnection(team, "gone");
        vaultConnections().createVaultConnection(deleted);
        vaultConnections().deleteVaultConnection(deleted);
        assertThatThrownBy(() -> vaultConnections().updateVaultConnection(deleted, renamed(deleted, "phantom")))
                .isInstanceOf(VaultConnectionNotFoundException.class);
        assertThatThrownBy(() -> vaultConnections().deleteVaultConnection(deleted))
                .isInstanceOf(VaultConnectionNotFoundException.class);
        assertThat(vaultConnections().findVaultConnection(team, deleted.id())).isEmpty();

        // no refused attempt took a name or the team's one slot, nor freed a slot it did not hold
        vaultConnections().createVaultConnection(vaultConnection(team, "phantom"));
        assertThat(connectionNames(team)).containsExactly("phantom");
        assertThatThrownBy(() -> vaultConnections().createVaultConnection(vaultConnection(team, "ghost")))
                .isInstanceOf(TierLimitExceededException.class);
    }

    @Test
    void aConnectionUpdateKeepsItsSecretReferences() {
        VaultConnection connection = vaultConnection(team, "vault");
        vaultConnections().createVaultConnection(connection);
        Secret external = externalSecret(team, "vault backed", connection.id());
        secrets().createSecret(external);
        assertThat(vaultConnectionReferences(team, connection.id())).isEqualTo(1);

        VaultConnection updated = edited(connection, "Vault (prod)", "renamed while in use");
        vaultConnections().updateVaultConnection(connection, updated);

        assertThat(vaultConnectionReferences(team, connection.id())).isEqualTo(1);
        assertThatThrownBy(() -> vaultConnections().deleteVaultConnection(updated))
                .isInstanceOfSatisfying(VaultConnectionInUseException.class,
                        e -> assertThat(e.secrets()).isEqualTo(1));
        assertThat(vaultConnections().findVaultConnection(team, connection.id())).contains(updated);

        // the reference still counts down when the secret goes, and then the connection can go
        secrets().deleteSecret(external);
        assertThat(vaultConnectionReferences(team, connection.id())).isZero();
        vaultConnections().deleteVaultConnection(updated);
        assertThat(vaultConnections().findVaultConnection(team, connection.id())).isEmpty();
    }

    // ---- vault connections: delete ----

    @Test
    void aConnectionInUseCannotBeDeletedUntilItsSecretsAreGone() {
        VaultConnection connection = vaultConnection(team, "vault");
        vaultConnections().createVaultConnection(connection);
        Secret first = externalSecret(team, "one", connection.id());
        Secret second = externalSecret(team, "two", connection.id());
        secrets().createSecret(first);
        secrets().createSecret(second);
        secrets().createSecret(directSecret(team, "direct"));

        assertThatThrownBy(() -> vaultConnections().deleteVaultConnection(connection))
                .isInstanceOfSatisfying(VaultConnectionInUseException.class, e -> {
                    assertThat(e.secrets()).isEqualTo(2);
                    assertThat(e.getMessage()).contains(connection.id().toString());
                });
        assertThat(vaultConnections().findVaultConnection(team, connection.id())).contains(connection);
        assertThat(vaultConnectionReferences(team, connection.id())).isEqualTo(2);

        secrets().deleteSecret(first);
        assertThatThrownBy(() -> vaultConnections().deleteVaultConnection(connection))
                .isInstanceOfSatisfying(VaultConnectionInUseException.class,
                        e -> assertThat(e.secrets()).isEqualTo(1));
        // the refusals kept the name and the slot
        assertThatThrownBy(() -> vaultConnections().createVaultConnection(vaultConnection(team, "VAULT")))
                .isInstanceOf(VaultConnectionNameConflictException.class);
        assertThatThrownBy(() -> vaultConnections().createVaultConnection(vaultConnection(team, "other")))
                .isInstanceOf(TierLimitExceededException.class);

        secrets().deleteSecret(second);
        vaultConnections().deleteVaultConnection(connection);

        assertThat(vaultConnections().findVaultConnection(team, connection.id())).isEmpty();
        assertThat(vaultConnections().listVaultConnections(team)).isEmpty();
        assertThat(names(team)).containsExactly("direct");
        assertThat(teams().findTeam(team)).contains(new Team(team, Tier.FREE, 1, 5));
    }

    @Test
    void aConnectionDeleteFreesItsNameAndSlot() {
        VaultConnection first = vaultConnection(team, "Infra Vault");
        vaultConnections().createVaultConnection(first);
        assertThatThrownBy(() -> vaultConnections().createVaultConnection(vaultConnection(team, "another")))
                .isInstanceOf(TierLimitExceededException.class);

        vaultConnections().deleteVaultConnection(first);

        assertThat(vaultConnections().findVaultConnection(team, first.id())).isEmpty();
        assertThat(vaultConnections().listVaultConnections(team)).isEmpty();
        // the Free slot is free again, under the deleted connection's name
        VaultConnection replacement = vaultConnection(team, " infra vault");
        vaultConnections().createVaultConnection(replacement);
        assertThat(vaultConnections().listVaultConnections(team)).containsExactly(replacement);
        assertThatThrownBy(() -> vaultConnections().createVaultConnection(vaultConnection(team, "another")))
                .isInstanceOfSatisfying(TierLimitExceededException.class, e -> {
                    assertThat(e.tier()).isEqualTo(Tier.FREE);
                    assertThat(e.limit()).isEqualTo(1);
                });
        assertThat(teamRecord(team)).isEqualTo(Team.unseen(team));
    }

    @Test
    void deletingAConnectionLeavesOtherTeamsAlone() {
        VaultConnection mine = vaultConnection(team, "shared name");
        VaultConnection theirs = vaultConnection(otherTeam, "shared name");
        vaultConnections().createVaultConnection(mine);
        vaultConnections().createVaultConnection(theirs);

        vaultConnections().deleteVaultConnection(mine);

        assertThat(vaultConnections().listVaultConnections(team)).isEmpty();
        assertThat(vaultConnections().listVaultConnections(otherTeam)).containsExactly(theirs);
        assertThatThrownBy(() -> vaultConnections().createVaultConnection(vaultConnection(otherTeam, "Shared Name")))
                .isInstanceOf(VaultConnectionNameConflictException.class);
    }

    @Test
    void aConnectionDeleteFromAStaleReadIsRefusedAndChangesNothing() {
        VaultConnection read = vaultConnection(team, "alpha");
        vaultConnections().createVaultConnection(read);
        VaultConnection current = renamed(read, "beta");
        vaultConnections().updateVaultConnection(read, current);

        assertThatThrownBy(() -> vaultConnections().deleteVaultConnection(read))
                .isInstanceOf(io.dataraven.secrets.vault.VaultConnectionModifiedException.class);

        assertThat(vaultConnections().findVaultConnection(team, read.id())).contains(current);
        assertThatThrownBy(() -> vaultConnections().createVaultConnection(vaultConnection(team, "BETA")))
                .isInstanceOf(VaultConnectionNameConflictException.class);
        vaultConnections().deleteVaultConnection(current);
        assertThat(vaultConnections().listVaultConnections(team)).isEmpty();
        vaultConnections().createVaultConnection(vaultConnection(team, "beta"));
    }

    @Test
    void aStaleDeleteOfAConnectionInUseIsAModification() {
        VaultConnection read = vaultConnection(team, "alpha");
        vaultConnections().createVaultConnection(read);
        secrets().createSecret(externalSecret(team, "external", read.id()));
        VaultConnection current = renamed(read, "beta");
        vaultConnections().updateVaultConnection(read, current);

        assertThatThrownBy(() -> vaultConnections().deleteVaultConnection(read))
                .isInstanceOf(io.dataraven.secrets.vault.VaultConnectionModifiedException.class);
        assertThatThrownBy(() -> vaultConnections().deleteVaultConnection(current))
                .isInstanceOf(VaultConnectionInUseException.class);
        assertThat(vaultConnections().findVaultConnection(team, read.id())).contains(current);
    }

    // ---- vault connections: verification time ----

    @Test
    void recordVerifiedSetsTheTimeWithoutChangingTheVersion() {
        VaultConnection read = vaultConnection(team, "vault");
        vaultConnections().createVaultConnection(read);
        Instant at = StoreFixtures.CREATED.plusSeconds(3600);

        vaultConnections().recordVerified(team, read.id(), at);

        VaultConnection found = vaultConnections().findVaultConnection(team, read.id()).orElseThrow();
        assertThat(found).isEqualTo(StoreFixtures.verified(read, at));
        assertThat(found.updatedAt()).isEqualTo(read.updatedAt());
        assertThat(vaultConnections().listVaultConnections(team)).containsExactly(found);

        // a later verification replaces the time
        Instant later = at.plusSeconds(60);
        vaultConnections().recordVerified(team, read.id(), later);
        assertThat(vaultConnections().findVaultConnection(team, read.id()).orElseThrow().lastVerifiedAt())
                .isEqualTo(later);

        // not a version change: an edit based on the read from before the verifications still applies, and keeps
        // the verification time
        VaultConnection updated = edited(read, "vault", "edited after a test");
        vaultConnections().updateVaultConnection(read, updated);
        assertThat(vaultConnections().findVaultConnection(team, read.id()))
                .contains(StoreFixtures.verified(updated, later));
    }

    @Test
    void recordVerifiedOfAMissingConnectionDoesNothing() {
        VaultConnection theirs = vaultConnection(otherTeam, "theirs");
        vaultConnections().createVaultConnection(theirs);
        Instant at = StoreFixtures.CREATED.plusSeconds(3600);

        vaultConnections().recordVerified(team, UUID.randomUUID(), at);
        // another team's connection is missing in this team
        vaultConnections().recordVerified(team, theirs.id(), at);

        assertThat(vaultConnections().listVaultConnections(team)).isEmpty();
        assertThat(vaultConnections().findVaultConnection(team, theirs.id())).isEmpty();
        assertThat(vaultConnections().findVaultConnection(otherTeam, theirs.id())).contains(theirs);

        // nor does it bring a deleted connection back
        VaultConnection deleted = vaultConnection(team, "gone");
        vaultConnections().createVaultConnection(deleted);
        vaultConnections().deleteVaultConnection(deleted);
        vaultConnections().recordVerified(team, deleted.id(), at);
        assertThat(vaultConnections().findVaultConnection(team, deleted.id())).isEmpty();
        assertThat(vaultConnections().listVaultConnections(team)).isEmpty();
        vaultConnections().createVaultConnection(vaultConnection(team, "gone"));
    }

    // ---- concurrency ----

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
                        f -> assertThat(f).isInstanceOf(TierLimitExceededException.class),
                        f -> assertThat(f).isInstanceOf(StoreUnavailableException.class));
            }
        }
        List<Secret> remaining = secrets().listSecrets(team);
        assertThat(remaining).hasSizeLessThanOrEqualTo(5).hasSize(5 - deleted + created);
        assertThat(teams().findTeam(team)).contains(new Team(team, Tier.FREE, remaining.size(), 5));
        for (int i = 0; i < doomed.size(); i++) {
            boolean gone = outcomes.get(i * 4) == null;
            assertThat(secrets().findSecret(team, doomed.get(i).id())).as("deleted %d", i)
                    .isEqualTo(gone ? java.util.Optional.empty() : java.util.Optional.of(doomed.get(i)));
        }
        assertThat(remaining).containsAll(existing.subList(3, 5));
        assertThat(newcomers.stream().filter(remaining::contains).count()).isEqualTo(created);
    }

    @Test
    void concurrentConnectionCreatesInAFreeTeamTakeItsOneSlot() throws Exception {
        assumeIsolatedTransactions();
        List<VaultConnection> candidates = new ArrayList<>();
        List<Runnable> creates = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            VaultConnection connection = vaultConnection(team, "parallel " + i);
            candidates.add(connection);
            creates.add(() -> vaultConnections().createVaultConnection(connection));
        }

        List<Throwable> outcomes = race(creates);

        assertThat(outcomes.stream().filter(java.util.Objects::isNull).count()).isEqualTo(1);
        assertThat(outcomes).filteredOn(java.util.Objects::nonNull).allSatisfy(failure ->
                assertThat(failure).satisfiesAnyOf(
                        f -> assertThat(f).isInstanceOf(TierLimitExceededException.class),
                        f -> assertThat(f).isInstanceOf(StoreUnavailableException.class)));
        VaultConnection winner = candidates.get(outcomes.indexOf(null));
        assertThat(vaultConnections().listVaultConnections(team)).containsExactly(winner);
        assertThatThrownBy(() -> vaultConnections().createVaultConnection(vaultConnection(team, "after")))
                .isInstanceOf(TierLimitExceededException.class);
    }

    @Test
    void concurrentConnectionCreatesOfOneNameLetExactlyOneWin() throws Exception {
        assumeIsolatedTransactions();
        teams().setTier(team, Tier.PRO);
        List<Runnable> creates = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            VaultConnection connection = vaultConnection(team, i % 2 == 0 ? "Shared" : " shared ");
            creates.add(() -> vaultConnections().createVaultConnection(connection));
        }

        List<Throwable> outcomes = race(creates);

        assertThat(outcomes.stream().filter(java.util.Objects::isNull).count()).isEqualTo(1);
        assertThat(outcomes).filteredOn(java.util.Objects::nonNull).allSatisfy(failure ->
                assertThat(failure).satisfiesAnyOf(
                        f -> assertThat(f).isInstanceOf(VaultConnectionNameConflictException.class),
                        f -> assertThat(f).isInstanceOf(StoreUnavailableException.class)));
        assertThat(vaultConnections().listVaultConnections(team)).hasSize(1);
        // the losers took no slot: nine more fit under the Pro cap
        createConnections(team, "more", 9);
        assertThatThrownBy(() -> vaultConnections().createVaultConnection(vaultConnection(team, "eleventh")))
                .isInstanceOf(TierLimitExceededException.class);
    }

    /** Starts all creates at once on a pool of that many threads; returns the exceptions of those that failed. */
    private List<Throwable> runConcurrently(int count, java.util.function.IntFunction<Secret> secret)
            throws InterruptedException {
        List<Runnable> creates = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            Secret s = secret.apply(i);
            creates.add(() -> secrets().createSecret(s));
        }
        return race(creates).stream().filter(java.util.Objects::nonNull).toList();
    }

    /**
     * Starts all operations at once on a pool of that many threads; returns, in order, each one's exception or
     * {@code null} where it succeeded.
     */
    private static List<Throwable> race(List<Runnable> operations) throws InterruptedException {
        int count = operations.size();
        ExecutorService pool = Executors.newFixedThreadPool(count);
        CountDownLatch ready = new CountDownLatch(count);
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<Void>> futures = new ArrayList<>();
            for (Runnable operation : operations) {
                Callable<Void> task = () -> {
                    ready.countDown();
                    start.await();
                    operation.run();
                    return null;
                };
                futures.add(pool.submit(task));
            }
            assertThat(ready.await(30, TimeUnit.SECONDS)).as("all workers ready").isTrue();
            start.countDown();
            List<Throwable> outcomes = new ArrayList<>();
            for (Future<Void> future : futures) {
                try {
                    future.get(120, TimeUnit.SECONDS);
                    outcomes.add(null);
                } catch (ExecutionException e) {
                    outcomes.add(e.getCause());
                } catch (java.util.concurrent.TimeoutException e) {
                    throw new AssertionError("a concurrent operation did not finish in time", e);
                }
            }
            return outcomes;
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void planChangesApplyOnlyWhenNewerAndNeverAfterDeletion() {
        UUID team = UUID.randomUUID();
        assertThat(teams().applyPlan(team, Tier.PRO, 20)).isTrue();
        assertThat(teams().applyPlan(team, Tier.FREE, 10)).isFalse();
        assertThat(teams().applyPlan(team, Tier.FREE, 20)).isFalse();
        assertThat(teams().findTeam(team).orElseThrow().tier()).isEqualTo(Tier.PRO);
        assertThat(teams().isDeleted(team)).isFalse();

        secrets().createSecret(directSecret(team, UUID.randomUUID(), "before deletion"));
        teams().markDeleted(team, Instant.now(), Instant.now().plusSeconds(3600));
        teams().markDeleted(team, Instant.now(), Instant.now().plusSeconds(3600)); // idempotent

        assertThat(teams().isDeleted(team)).isTrue();
        assertThat(teams().applyPlan(team, Tier.PRO, 30)).isFalse();
        assertThatThrownBy(() -> secrets().createSecret(directSecret(team, UUID.randomUUID(), "after deletion")))
                .isInstanceOf(TierLimitExceededException.class);
        assertThatThrownBy(() -> vaultConnections().createVaultConnection(dopplerConnection(team, "after")))
                .isInstanceOf(TierLimitExceededException.class);
    }

    @Test
    void credentialOwnersListEveryStoredPath() {
        UUID team = UUID.randomUUID();
        Secret secret = directSecret(team, UUID.randomUUID(), "owned");
        secrets().createSecret(secret);
        assertThat(credentialOwners().credentialOwners())
                .contains(new io.dataraven.secrets.sweep.CredentialOwners.Owner(team, "secret", secret.id(),
                        secret.credentialPath(), false, secret.updatedAt()));
    }

    // ---- the storage protocol's reservations: a pending create holds its name and slot, and exactly one of its
    // activation and its removal can commit

    @Test
    void aPendingSecretHoldsItsNameAndSlotAndSaysWhoHoldsTheName() {
        UUID team = UUID.randomUUID();
        Secret pending = directSecret(team, "reserved").asPending();
        secrets().createSecret(pending);
        assertThat(secrets().findSecret(team, pending.id())).hasValueSatisfying(s -> {
            assertThat(s.pending()).isTrue();
            assertThat(s.credentialVersion()).isNull();
        });
        assertThat(teamRecord(team).secretCount()).isEqualTo(1);
        assertThatThrownBy(() -> secrets().createSecret(directSecret(team, "RESERVED")))
                .isInstanceOfSatisfying(SecretNameConflictException.class,
                        e -> assertThat(e.holder()).isEqualTo(pending.id()));
    }

    @Test
    void anActivationPointsAtTheVersionAndOnlyOnce() {
        UUID team = UUID.randomUUID();
        Secret secret = directSecret(team, "activated");
        Secret pending = secret.asPending();
        secrets().createSecret(pending);
        secrets().updateSecret(pending, secret.activated(7L));
        assertThat(secrets().findSecret(team, secret.id())).hasValueSatisfying(s -> {
            assertThat(s.pending()).isFalse();
            assertThat(s.credentialVersion()).isEqualTo(7L);
            assertThat(s.credentialPath()).isEqualTo(secret.credentialPath());
        });
        // A repeated activation from the same pending read is refused: the state it read is gone.
        assertThatThrownBy(() -> secrets().updateSecret(pending, secret.activated(8L)))
                .isInstanceOf(SecretModifiedException.class);
        assertThat(secrets().findSecret(team, secret.id()).orElseThrow().credentialVersion()).isEqualTo(7L);
    }

    @Test
    void anActivatedSecretCannotBeRemovedAsAnAbandonedCreate() {
        UUID team = UUID.randomUUID();
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
        UUID team = UUID.randomUUID();
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
        UUID team = UUID.randomUUID();
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
        UUID team = UUID.randomUUID();
        Secret holder = directSecret(team, "taken");
        Secret other = directSecret(team, "free");
        secrets().createSecret(holder);
        secrets().createSecret(other);
        assertThatThrownBy(() -> secrets().updateSecret(other, renamed(other, "TAKEN")))
                .isInstanceOfSatisfying(SecretNameConflictException.class,
                        e -> assertThat(e.holder()).isEqualTo(holder.id()));
    }

    @Test
    void aPendingConnectionHoldsItsNameCannotBeReferencedAndActivatesWithItsVersion() {
        UUID team = UUID.randomUUID();
        VaultConnection connection = dopplerConnection(team, "pending vault");
        VaultConnection pending = connection.asPending();
        vaultConnections().createVaultConnection(pending);
        assertThatThrownBy(() -> vaultConnections().createVaultConnection(dopplerConnection(team, "Pending Vault")))
                .isInstanceOfSatisfying(VaultConnectionNameConflictException.class,
                        e -> assertThat(e.holder()).isEqualTo(connection.id()));
        assertThatThrownBy(() -> secrets().createSecret(externalSecret(team, "too early", connection.id())))
                .isInstanceOf(VaultConnectionNotFoundException.class);
        vaultConnections().updateVaultConnection(pending, connection.activated(1L));
        VaultConnection active = vaultConnections().findVaultConnection(team, connection.id()).orElseThrow();
        assertThat(active.pending()).isFalse();
        assertThat(active.credentialVersion()).isEqualTo(1L);
        assertThatThrownBy(() -> vaultConnections().deleteVaultConnection(pending))
                .isInstanceOf(io.dataraven.secrets.vault.VaultConnectionModifiedException.class);
        secrets().createSecret(externalSecret(team, "now", connection.id()));
        assertThat(vaultConnectionReferences(team, connection.id())).isEqualTo(1);
    }

    @Test
    void pendingCreatesAreListedForTheSweeperAsPending() {
        UUID team = UUID.randomUUID();
        Secret pending = directSecret(team, "in flight").asPending();
        secrets().createSecret(pending);
        assertThat(credentialOwners().credentialOwners())
                .contains(new io.dataraven.secrets.sweep.CredentialOwners.Owner(team, "secret", pending.id(),
                        pending.credentialPath(), true, pending.updatedAt()));
    }
}
