package io.dataraven.secrets.team;

import io.dataraven.secrets.credential.CredentialStore;
import io.dataraven.secrets.secret.Secret;
import io.dataraven.secrets.secret.SecretModifiedException;
import io.dataraven.secrets.secret.SecretNotFoundException;
import io.dataraven.secrets.secret.SecretRepository;
import io.dataraven.secrets.vault.VaultConnection;
import io.dataraven.secrets.vault.VaultConnectionNotFoundException;
import io.dataraven.secrets.vault.VaultConnectionRepository;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.function.BooleanSupplier;

/**
 * Applies the team service's events: plan changes set the tier and limits (newest wins, duplicates are no-ops);
 * a deletion tombstones the team, then removes every secret and vault connection with their parameters. Deletion
 * is idempotent and resumable: each step is safe to repeat, so a retry after a crash, or a continuation after
 * the time budget ran out, simply finishes the job.
 */
public final class TeamEventsService {

    /** How long the tombstone keeps late plan changes from resurrecting a deleted team. */
    static final Duration TOMBSTONE_RETENTION = Duration.ofDays(30);

    private final TeamRepository teams;
    private final SecretRepository secrets;
    private final VaultConnectionRepository connections;
    private final CredentialStore credentialStore;
    private final Clock clock;

    public TeamEventsService(TeamRepository teams, SecretRepository secrets, VaultConnectionRepository connections,
                             CredentialStore credentialStore, Clock clock) {
        this.teams = teams;
        this.secrets = secrets;
        this.connections = connections;
        this.credentialStore = credentialStore;
        this.clock = clock;
    }

    /** What an event did, for the function's summary log line and its tests. */
    public record Outcome(String action, boolean complete, int secretsDeleted, int connectionsDeleted) {
    }

    /** @param timeLeft false once the invocation should stop and continue in a new one */
    public Outcome handle(TeamEvent event, BooleanSupplier timeLeft) {
        return switch (event.detailType()) {
            case TeamEvent.CREATED -> new Outcome(teams.applyPlan(event.teamId(),
                    event.tier() == null ? Tier.FREE : event.tier(), event.order()) ? "created" : "ignored_stale",
                    true, 0, 0);
            case TeamEvent.PLAN_CHANGED -> new Outcome(teams.applyPlan(event.teamId(), event.tier(), event.order())
                    ? "plan_changed" : "ignored_stale", true, 0, 0);
            case TeamEvent.DELETED, TeamEvent.DELETION_CONTINUED -> delete(event, timeLeft);
            default -> throw new IllegalArgumentException("unknown detail-type " + event.detailType());
        };
    }

    private Outcome delete(TeamEvent event, BooleanSupplier timeLeft) {
        Instant now = clock.instant();
        // First: no create can succeed from here on, so the loop below cannot be outrun.
        teams.markDeleted(event.teamId(), now, now.plus(TOMBSTONE_RETENTION));
        int secretsDeleted = 0;
        for (Secret secret : secrets.listSecrets(event.teamId())) {
            if (!timeLeft.getAsBoolean()) {
                return new Outcome("deleting", false, secretsDeleted, 0);
            }
            if (secret.credentialPath() != null) {
                credentialStore.delete(secret.credentialPath()); // idempotent
            }
            try {
                secrets.deleteSecret(secret);
            } catch (SecretNotFoundException | SecretModifiedException alreadyChanged) {
                // deleted or changed meanwhile: the next pass (or the retry) reads it again
            }
            secretsDeleted++;
        }
        int connectionsDeleted = 0;
        for (VaultConnection connection : connections.listVaultConnections(event.teamId())) {
            if (!timeLeft.getAsBoolean()) {
                return new Outcome("deleting", false, secretsDeleted, connectionsDeleted);
            }
            try {
                connections.deleteVaultConnection(connection);
            } catch (VaultConnectionNotFoundException | SecretModifiedException alreadyChanged) {
                // as above
            }
            if (connection.credentialPath() != null) {
                credentialStore.delete(connection.credentialPath());
            }
            connectionsDeleted++;
        }
        boolean empty = secrets.listSecrets(event.teamId()).isEmpty()
                && connections.listVaultConnections(event.teamId()).isEmpty();
        return new Outcome(empty ? "deleted" : "deleting", empty, secretsDeleted, connectionsDeleted);
    }
}
