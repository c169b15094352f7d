package io.dataraven.secrets.teamevents;

import io.dataraven.secrets.apikey.ApiKey;
import io.dataraven.secrets.apikey.ApiKeyModifiedException;
import io.dataraven.secrets.apikey.ApiKeyNotFoundException;
import io.dataraven.secrets.apikey.ApiKeyRepository;

import io.dataraven.secrets.credential.CredentialStore;
import io.dataraven.secrets.team.TeamEvent;
import io.dataraven.secrets.team.TeamRepository;
import io.dataraven.secrets.team.Tier;
import io.dataraven.secrets.secret.Secret;
import io.dataraven.secrets.secret.SecretModifiedException;
import io.dataraven.secrets.secret.SecretNotFoundException;
import io.dataraven.secrets.secret.SecretRepository;
import io.dataraven.secrets.vault.VaultConnection;
import io.dataraven.secrets.vault.VaultConnectionInUseException;
import io.dataraven.secrets.vault.VaultConnectionModifiedException;
import io.dataraven.secrets.vault.VaultConnectionNotFoundException;
import io.dataraven.secrets.vault.VaultConnectionRepository;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * Applies the team service's events: plan changes set the tier and limits (newest wins, duplicates are no-ops);
 * a deletion tombstones the team, then removes every secret and vault connection with their parameters. Deletion
 * is idempotent and resumable: each step is safe to repeat, so a retry after a crash, or a continuation after
 * the time budget ran out, simply finishes the job; continuations are bounded ({@link #MAX_DELETION_HOPS}).
 */
public final class TeamEventsService {

    /** How long the tombstone keeps late plan changes from resurrecting a deleted team. */
    static final Duration TOMBSTONE_RETENTION = Duration.ofDays(30);
    /**
     * How many times one deletion may be handed on. A team at the Pro caps (100 secrets, 10 connections) needs one
     * invocation, so a deletion unfinished after this many has stopped making progress (an item that keeps failing
     * to go): it fails rather than re-publishing itself forever, Lambda retries it twice, and then it waits in the
     * dead-letter queue, whose alarm calls someone.
     */
    public static final int MAX_DELETION_HOPS = 10;
    /** SSM's DeleteParameters takes 10 names a call. */
    private static final int DELETE_BATCH = 10;
    private static final System.Logger LOG = System.getLogger(TeamEventsService.class.getName());

    private final TeamRepository teams;
    private final SecretRepository secrets;
    private final VaultConnectionRepository connections;
    private final ApiKeyRepository apiKeys;
    private final CredentialStore credentialStore;
    private final Clock clock;

    public TeamEventsService(TeamRepository teams, SecretRepository secrets, VaultConnectionRepository connections,
                             ApiKeyRepository apiKeys, CredentialStore credentialStore, Clock clock) {
        this.teams = teams;
        this.apiKeys = apiKeys;
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
        // Then the keys (few, and nothing in SSM): none authenticates once the team is gone.
        for (ApiKey key : apiKeys.listApiKeys(event.teamId())) {
            try {
                apiKeys.deleteApiKey(key, null);
            } catch (ApiKeyNotFoundException | ApiKeyModifiedException alreadyChanged) {
                // deleted, rotated or revoked meanwhile: the next pass (or the retry) reads it again
            }
        }
        // Metadata first, parameters after in batches (DeleteParameters, paced by the store): a crash in between
        // leaves orphans for the sweeper, never a secret without its credentials.
        List<String> parameters = new ArrayList<>();
        int secretsDeleted = 0;
        int connectionsDeleted = 0;
        boolean stopped = false;
        for (Secret secret : secrets.listSecrets(event.teamId())) { // pending creates too
            if (!timeLeft.getAsBoolean()) {
                stopped = true;
                break;
            }
            try {
                secrets.deleteSecret(secret);
            } catch (SecretNotFoundException | SecretModifiedException alreadyChanged) {
                // deleted or changed meanwhile: the next pass (or the retry) reads it again
                continue;
            }
            secretsDeleted++;
            collect(parameters, secret.credentialPath());
        }
        if (!stopped) {
            for (VaultConnection connection : connections.listVaultConnections(event.teamId())) {
                if (!timeLeft.getAsBoolean()) {
                    stopped = true;
                    break;
                }
                try {
                    connections.deleteVaultConnection(connection);
                } catch (VaultConnectionNotFoundException | VaultConnectionModifiedException alreadyChanged) {
                    continue; // as above
                } catch (VaultConnectionInUseException referencedByALateSecret) {
                    continue; // a secret created before the tombstone: the next pass deletes it first
                }
                connectionsDeleted++;
                collect(parameters, connection.credentialPath());
            }
        }
        credentialStore.deleteAll(parameters);
        parameters.clear();
        boolean empty = !stopped && apiKeys.listApiKeys(event.teamId()).isEmpty()
                && secrets.listSecrets(event.teamId()).isEmpty()
                && connections.listVaultConnections(event.teamId()).isEmpty();
        if (!empty && event.hops() >= MAX_DELETION_HOPS) {
            LOG.log(System.Logger.Level.ERROR, "TEAM_DELETION_NOT_FINISHING team_id=" + event.teamId() + " hops="
                    + event.hops() + " secrets_deleted=" + secretsDeleted + " connections_deleted=" + connectionsDeleted
                    + ": not handed on again; after Lambda's retries the event goes to the dead-letter queue");
            throw new IllegalStateException("team deletion unfinished after " + event.hops() + " hand-ons");
        }
        return new Outcome(empty ? "deleted" : "deleting", empty, secretsDeleted, connectionsDeleted);
    }

    /** Deletes a full batch as soon as it is collected, so a crash leaves at most one batch of orphans. */
    private void collect(List<String> parameters, String path) {
        if (path != null) {
            parameters.add(path);
        }
        if (parameters.size() >= DELETE_BATCH) {
            credentialStore.deleteAll(parameters);
            parameters.clear();
        }
    }
}
