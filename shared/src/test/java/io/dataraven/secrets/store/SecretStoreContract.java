package io.dataraven.secrets.store;

import io.dataraven.secrets.secret.Secret;
import io.dataraven.secrets.secret.SecretNameConflictException;
import io.dataraven.secrets.secret.SecretRepository;
import io.dataraven.secrets.team.Team;
import io.dataraven.secrets.team.TeamRepository;
import io.dataraven.secrets.team.Tier;
import io.dataraven.secrets.team.TierLimitExceededException;
import io.dataraven.secrets.vault.VaultConnection;
import io.dataraven.secrets.vault.VaultConnectionNotFoundException;
import io.dataraven.secrets.vault.VaultConnectionRepository;
import org.junit.jupiter.api.Test;

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
import static io.dataraven.secrets.store.StoreFixtures.externalSecret;
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

    /**
     * The concurrency tests check that the adapter leans on the backend's transactions correctly; they mean
     * something only where the backend isolates concurrent transactions as DynamoDB does. A subclass whose backend
     * may not (an emulator) aborts them here, with the evidence, instead of testing the emulator.
     */
    protected void assumeIsolatedTransactions() {
    }

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

    /** Starts all creates at once on a pool of that many threads; returns the exceptions of those that failed. */
    private List<Throwable> runConcurrently(int count, java.util.function.IntFunction<Secret> secret)
            throws InterruptedException {
        ExecutorService pool = Executors.newFixedThreadPool(count);
        CountDownLatch ready = new CountDownLatch(count);
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<Void>> futures = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                Secret s = secret.apply(i);
                Callable<Void> create = () -> {
                    ready.countDown();
                    start.await();
                    secrets().createSecret(s);
                    return null;
                };
                futures.add(pool.submit(create));
            }
            assertThat(ready.await(30, TimeUnit.SECONDS)).as("all workers ready").isTrue();
            start.countDown();
            List<Throwable> failures = new ArrayList<>();
            for (Future<Void> future : futures) {
                try {
                    future.get(120, TimeUnit.SECONDS);
                } catch (ExecutionException e) {
                    failures.add(e.getCause());
                } catch (java.util.concurrent.TimeoutException e) {
                    throw new AssertionError("a concurrent create did not finish in time", e);
                }
            }
            return failures;
        } finally {
            pool.shutdownNow();
        }
    }
}
