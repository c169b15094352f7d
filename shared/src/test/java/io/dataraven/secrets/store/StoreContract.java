package io.dataraven.secrets.store;

import io.dataraven.secrets.audit.AuditEvent;
import java.time.Instant;
import java.util.function.Predicate;

import io.dataraven.secrets.config.Metadata;
import io.dataraven.secrets.secret.Secret;
import io.dataraven.secrets.secret.SecretRepository;
import io.dataraven.secrets.sweep.CredentialOwners;
import io.dataraven.secrets.team.Team;
import io.dataraven.secrets.team.TeamRepository;
import io.dataraven.secrets.vault.VaultConnection;
import io.dataraven.secrets.vault.VaultConnectionRepository;

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
import java.util.concurrent.TimeoutException;

import static io.dataraven.secrets.store.StoreFixtures.vaultConnection;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the metadata contracts share: the adapter under test, two teams of each test's own (random ids, so one table
 * can serve the whole run) and helpers. Each port has its contract ({@link SecretRepositoryContract},
 * {@link TeamRepositoryContract}, {@link VaultConnectionRepositoryContract}, {@link CredentialOwnersContract}); an
 * adapter's test runs them all, each as a nested class. The ports' rules meet in one transaction (a secret create
 * moves its team's counter and its connection's references), so every contract reaches every port.
 */
public abstract class StoreContract {

    /**
     * An adapter as the contracts see it.
     *
     * @param metadata       its ports
     * @param references     how many secrets the backend counts as referencing a connection (what will block its
     *                       deletion): the ports have no read for it, so each adapter's test reads its backend directly
     * @param isolationCheck run by the concurrency tests, which check that the adapter leans on the backend's
     *                       transactions correctly and so mean something only where the backend isolates concurrent
     *                       transactions as DynamoDB does; a backend that may not (an emulator) aborts them here,
     *                       with the evidence, instead of testing the emulator
     * @param auditEvents    whether the backend holds the audit event of this id (an outbox item): the ports write
     *                       events but have no read for them, so each adapter's test reads its backend directly
     */
    public record Adapter(Metadata metadata, ConnectionReferences references, Runnable isolationCheck,
                          Predicate<UUID> auditEvents) {
    }

    /** An audit event for a write of this contract: random id, the rest fixed. */
    protected static AuditEvent auditEvent(UUID teamId, String type) {
        return new AuditEvent(UUID.randomUUID(), type, teamId, type.startsWith("secret") ? "secret" : "vault_connection",
                UUID.randomUUID(), "name", "user", "user-7", "req-1", "203.0.113.10", "curl/8",
                Instant.parse("2026-12-02T05:00:00Z"));
    }

    protected boolean committed(AuditEvent event) {
        return adapter().auditEvents().test(event.id());
    }

    @FunctionalInterface
    public interface ConnectionReferences {
        int count(UUID teamId, UUID connectionId);
    }

    protected abstract Adapter adapter();

    protected final UUID team = UUID.randomUUID();
    protected final UUID otherTeam = UUID.randomUUID();

    protected SecretRepository secrets() {
        return adapter().metadata().secrets();
    }

    protected TeamRepository teams() {
        return adapter().metadata().teams();
    }

    protected VaultConnectionRepository vaultConnections() {
        return adapter().metadata().vaultConnections();
    }

    protected CredentialOwners credentialOwners() {
        return adapter().metadata().credentialOwners();
    }

    protected int vaultConnectionReferences(UUID teamId, UUID connectionId) {
        return adapter().references().count(teamId, connectionId);
    }

    protected void assumeIsolatedTransactions() {
        adapter().isolationCheck().run();
    }

    Team teamRecord(UUID teamId) {
        return teams().findTeam(teamId).orElse(Team.unseen(teamId));
    }

    List<String> names(UUID teamId) {
        return secrets().listSecrets(teamId).stream().map(Secret::name).sorted().toList();
    }

    List<String> connectionNames(UUID teamId) {
        return vaultConnections().listVaultConnections(teamId).stream().map(VaultConnection::name).sorted().toList();
    }

    /** Creates connections named {@code prefix 1} .. {@code prefix n} and returns them. */
    List<VaultConnection> createConnections(UUID teamId, String prefix, int count) {
        List<VaultConnection> created = new ArrayList<>();
        for (int i = 1; i <= count; i++) {
            VaultConnection connection = vaultConnection(teamId, prefix + " " + i);
            vaultConnections().createVaultConnection(connection);
            created.add(connection);
        }
        return created;
    }

    /**
     * Starts all operations at once on a pool of that many threads; returns, in order, each one's exception or
     * {@code null} where it succeeded.
     */
    static List<Throwable> race(List<Runnable> operations) throws InterruptedException {
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
                } catch (TimeoutException e) {
                    throw new AssertionError("a concurrent operation did not finish in time", e);
                }
            }
            return outcomes;
        } finally {
            pool.shutdownNow();
        }
    }
}
