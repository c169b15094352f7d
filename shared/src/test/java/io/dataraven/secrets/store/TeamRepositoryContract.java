package io.dataraven.secrets.store;

import io.dataraven.secrets.secret.Secret;
import io.dataraven.secrets.team.Team;
import io.dataraven.secrets.team.TeamRepository;
import io.dataraven.secrets.team.Tier;
import io.dataraven.secrets.team.TierLimitExceededException;
import io.dataraven.secrets.vault.VaultConnection;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import static io.dataraven.secrets.store.StoreFixtures.directSecret;
import static io.dataraven.secrets.store.StoreFixtures.dopplerConnection;
import static io.dataraven.secrets.store.StoreFixtures.externalSecret;
import static io.dataraven.secrets.store.StoreFixtures.vaultConnection;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * What every {@link TeamRepository} adapter must do: an unseen team's defaults, the tiers'
 * caps as creates meet them, tier and plan changes, deletion (see {@link StoreContract}).
 */
public abstract class TeamRepositoryContract extends StoreContract {

    @Test
    void unknownSecretsAndTeamsAreEmpty() {
        assertThat(secrets().findSecret(team, UUID.randomUUID())).isEmpty();
        assertThat(secrets().listSecrets(team)).isEmpty();
        assertThat(teams().findTeam(team)).isEmpty();
        assertThat(vaultConnections().findVaultConnection(team, UUID.randomUUID())).isEmpty();
        assertThat(vaultConnections().listVaultConnections(team)).isEmpty();
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

    @Test
    void planChangesApplyOnlyWhenNewerAndNeverAfterDeletion() {
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
}
