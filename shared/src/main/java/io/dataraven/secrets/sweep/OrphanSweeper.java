package io.dataraven.secrets.sweep;

import io.dataraven.secrets.credential.CredentialPaths;
import io.dataraven.secrets.credential.CredentialStore;
import io.dataraven.secrets.credential.CredentialStore.StoredParameter;
import io.dataraven.secrets.secret.SecretModifiedException;
import io.dataraven.secrets.secret.SecretNotFoundException;
import io.dataraven.secrets.secret.SecretRepository;
import io.dataraven.secrets.vault.VaultConnectionInUseException;
import io.dataraven.secrets.vault.VaultConnectionModifiedException;
import io.dataraven.secrets.vault.VaultConnectionNotFoundException;
import io.dataraven.secrets.vault.VaultConnectionRepository;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Cleans what interrupted writes leave, never what anything points at:
 * <ul>
 *   <li>abandoned creates (pending metadata older than the grace period) are removed, conditioned on still being
 *   pending, freeing their name and tier slot;</li>
 *   <li>credential parameters that no metadata points at and that are older than the grace period are deleted, in
 *   batches. Only parameters this stack's table created are listed (the store filters by its owner tag), so a
 *   table sharing the account and prefix is never touched.</li>
 * </ul>
 * The grace period is at least {@link #MIN_GRACE}: longer than any function can run (Lambda stops every invocation
 * at 15 minutes), so no write still in flight can lose its parameter. Metadata whose parameter is missing is only
 * reported: deleting visible metadata is a user-visible change that needs a person.
 */
public final class OrphanSweeper {

    /** Lambda's hard maximum timeout (15 min) plus a margin for a request still reaching AWS. */
    public static final Duration MIN_GRACE = Duration.ofMinutes(20);

    private static final System.Logger LOG = System.getLogger(OrphanSweeper.class.getName());

    private final CredentialStore credentialStore;
    private final CredentialOwners owners;
    private final SecretRepository secrets;
    private final VaultConnectionRepository connections;
    private final CredentialPaths paths;
    private final Clock clock;
    private final Duration grace;

    public OrphanSweeper(CredentialStore credentialStore, CredentialOwners owners, SecretRepository secrets,
                         VaultConnectionRepository connections, CredentialPaths paths, Clock clock, Duration grace) {
        if (grace.compareTo(MIN_GRACE) < 0) {
            throw new IllegalArgumentException("the sweeper's grace period must be at least " + MIN_GRACE.toMinutes()
                    + " minutes (longer than any function can run), got " + grace.toMinutes());
        }
        this.credentialStore = credentialStore;
        this.owners = owners;
        this.secrets = secrets;
        this.connections = connections;
        this.paths = paths;
        this.clock = clock;
        this.grace = grace;
    }

    /** The numbers of one sweep: its summary line. */
    public record Summary(int scanned, int deleted, int tooYoung, int problems, int abandonedCreates) {
        @Override
        public String toString() {
            return "sweep summary: scanned=" + scanned + " deleted=" + deleted + " too_young=" + tooYoung
                    + " problems=" + problems + " abandoned_creates=" + abandonedCreates;
        }
    }

    public Summary sweep() {
        Instant cutoff = clock.instant().minus(grace);
        // Parameters first, owners second: an owner created in between is seen, so its parameter is never an orphan.
        List<StoredParameter> parameters = credentialStore.list(paths.prefix() + "/teams");
        Set<String> present = new HashSet<>();
        parameters.forEach(p -> present.add(p.path()));
        Set<String> owned = new HashSet<>();
        int problems = 0;
        int abandoned = 0;
        for (CredentialOwners.Owner owner : owners.credentialOwners()) {
            if (owner.pending() && owner.since().isBefore(cutoff) && removeAbandoned(owner)) {
                abandoned++;
                continue; // its parameter, if it was written, is an orphan now
            }
            owned.add(owner.credentialPath());
            if (!owner.pending() && !present.contains(owner.credentialPath())) {
                problems++;
                LOG.log(System.Logger.Level.WARNING, "problem: " + owner.kind() + " " + owner.id() + " of team "
                        + owner.teamId() + " points at missing parameter " + owner.credentialPath());
            }
        }
        List<String> orphans = new ArrayList<>();
        int young = 0;
        for (StoredParameter parameter : parameters) {
            if (owned.contains(parameter.path())) {
                continue;
            }
            if (parameter.lastModified().isAfter(cutoff)) {
                young++; // maybe a write in flight: leave it for a later sweep
                continue;
            }
            orphans.add(parameter.path());
        }
        credentialStore.deleteAll(orphans);
        orphans.forEach(p -> LOG.log(System.Logger.Level.INFO, "deleted orphaned parameter " + p));
        Summary summary = new Summary(parameters.size(), orphans.size(), young, problems, abandoned);
        LOG.log(System.Logger.Level.INFO, summary.toString());
        return summary;
    }

    /** Removes an abandoned create if it is still pending and unchanged; false if it moved on meanwhile. */
    private boolean removeAbandoned(CredentialOwners.Owner owner) {
        try {
            if ("secret".equals(owner.kind())) {
                var secret = secrets.findSecret(owner.teamId(), owner.id()).filter(s -> s.pending()).orElse(null);
                if (secret != null) {
                    secrets.deleteSecret(secret);
                }
            } else {
                var connection = connections.findVaultConnection(owner.teamId(), owner.id()).filter(c -> c.pending())
                        .orElse(null);
                if (connection != null) {
                    connections.deleteVaultConnection(connection);
                }
            }
            LOG.log(System.Logger.Level.INFO, "removed abandoned create of " + owner.kind() + " " + owner.id()
                    + " of team " + owner.teamId());
            return true;
        } catch (SecretNotFoundException | VaultConnectionNotFoundException gone) {
            return true;
        } catch (SecretModifiedException | VaultConnectionModifiedException | VaultConnectionInUseException movedOn) {
            return false;
        }
    }
}
