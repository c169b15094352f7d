package io.dataraven.secrets.store;

import io.dataraven.secrets.audit.AuditEvent;

import io.dataraven.secrets.secret.Secret;
import io.dataraven.secrets.team.Team;
import io.dataraven.secrets.team.Tier;
import io.dataraven.secrets.team.TierLimitExceededException;
import io.dataraven.secrets.vault.VaultConnection;
import io.dataraven.secrets.vault.VaultConnectionInUseException;
import io.dataraven.secrets.vault.VaultConnectionModifiedException;
import io.dataraven.secrets.vault.VaultConnectionNameConflictException;
import io.dataraven.secrets.vault.VaultConnectionNotFoundException;
import io.dataraven.secrets.vault.VaultConnectionRepository;
import io.dataraven.secrets.vault.VaultSettings;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

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
 * What every {@link VaultConnectionRepository} adapter must do (see {@link StoreContract}).
 */
public abstract class VaultConnectionRepositoryContract extends StoreContract {

    // ---- create, find, list ----

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
    void aNameConflictAtTheConnectionLimitIsReportedAsTheConflict() {
        vaultConnections().createVaultConnection(vaultConnection(team, "only"));

        assertThatThrownBy(() -> vaultConnections().createVaultConnection(vaultConnection(team, " ONLY")))
                .isInstanceOf(VaultConnectionNameConflictException.class);
    }

    // ---- update ----

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
                    .as("stale update to %s", stale.name()).isInstanceOf(VaultConnectionModifiedException.class);
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

    // ---- delete ----

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
                .isInstanceOf(VaultConnectionModifiedException.class);

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
                .isInstanceOf(VaultConnectionModifiedException.class);
        assertThatThrownBy(() -> vaultConnections().deleteVaultConnection(current))
                .isInstanceOf(VaultConnectionInUseException.class);
        assertThat(vaultConnections().findVaultConnection(team, read.id())).contains(current);
    }

    // ---- verification time ----

    @Test
    void anAuditedConnectionWriteCommitsItsEventWithItAndARefusedOneNone() {
        VaultConnection connection = vaultConnection(team, "audited");
        AuditEvent created = auditEvent(team, "vault_connection_created");
        vaultConnections().createVaultConnection(connection, created);
        VaultConnection changed = edited(connection, "audited", "changed");
        AuditEvent updated = auditEvent(team, "vault_connection_updated");
        vaultConnections().updateVaultConnection(connection, changed, updated);
        AuditEvent tested = auditEvent(team, "vault_connection_tested");
        vaultConnections().recordVerified(team, connection.id(), Instant.parse("2026-12-02T06:00:00Z"), tested);
        AuditEvent testedMissing = auditEvent(team, "vault_connection_tested");
        vaultConnections().recordVerified(team, UUID.randomUUID(), Instant.parse("2026-12-02T06:00:00Z"),
                testedMissing);
        AuditEvent stale = auditEvent(team, "vault_connection_deleted");
        assertThatThrownBy(() -> vaultConnections().deleteVaultConnection(connection, stale))
                .isInstanceOf(VaultConnectionModifiedException.class);
        AuditEvent deleted = auditEvent(team, "vault_connection_deleted");
        vaultConnections().deleteVaultConnection(vaultConnections().findVaultConnection(team, connection.id())
                .orElseThrow(), deleted);

        assertThat(committed(created)).as("create").isTrue();
        assertThat(committed(updated)).as("update").isTrue();
        assertThat(committed(tested)).as("verified").isTrue();
        assertThat(committed(deleted)).as("delete").isTrue();
        assertThat(committed(testedMissing)).as("verified, but gone").isFalse();
        assertThat(committed(stale)).as("refused delete").isFalse();
    }

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

        assertThat(outcomes.stream().filter(Objects::isNull).count()).isEqualTo(1);
        assertThat(outcomes).filteredOn(Objects::nonNull).allSatisfy(failure ->
                assertThat(failure).satisfiesAnyOf(
                        thrown -> assertThat(thrown).isInstanceOf(TierLimitExceededException.class),
                        thrown -> assertThat(thrown).isInstanceOf(StoreUnavailableException.class)));
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

        assertThat(outcomes.stream().filter(Objects::isNull).count()).isEqualTo(1);
        assertThat(outcomes).filteredOn(Objects::nonNull).allSatisfy(failure ->
                assertThat(failure).satisfiesAnyOf(
                        thrown -> assertThat(thrown).isInstanceOf(VaultConnectionNameConflictException.class),
                        thrown -> assertThat(thrown).isInstanceOf(StoreUnavailableException.class)));
        assertThat(vaultConnections().listVaultConnections(team)).hasSize(1);
        // the losers took no slot: nine more fit under the Pro cap
        createConnections(team, "more", 9);
        assertThatThrownBy(() -> vaultConnections().createVaultConnection(vaultConnection(team, "eleventh")))
                .isInstanceOf(TierLimitExceededException.class);
    }

    // ---- the storage protocol's reservations: a pending create holds its name and slot, and exactly one of its
    // activation and its removal can commit

    @Test
    void aPendingConnectionHoldsItsNameCannotBeReferencedAndActivatesWithItsVersion() {
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
                .isInstanceOf(VaultConnectionModifiedException.class);
        secrets().createSecret(externalSecret(team, "now", connection.id()));
        assertThat(vaultConnectionReferences(team, connection.id())).isEqualTo(1);
    }
}
