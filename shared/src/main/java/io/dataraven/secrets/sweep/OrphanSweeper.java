package io.dataraven.secrets.sweep;

import io.dataraven.secrets.credential.CredentialPaths;
import io.dataraven.secrets.credential.CredentialStore;
import io.dataraven.secrets.credential.CredentialStore.StoredParameter;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Set;

/**
 * Finds credential parameters that no secret or vault connection points at (left by a failed rollback or an
 * interrupted delete) and deletes those older than a grace period, so a create that has written its parameter but
 * not yet its metadata is never touched. Metadata whose parameter is missing is only reported: deleting metadata is
 * a user-visible change that needs a person.
 */
public final class OrphanSweeper {

    private static final System.Logger LOG = System.getLogger(OrphanSweeper.class.getName());

    private final CredentialStore credentialStore;
    private final CredentialOwners owners;
    private final CredentialPaths paths;
    private final Clock clock;
    private final Duration grace;

    public OrphanSweeper(CredentialStore credentialStore, CredentialOwners owners, CredentialPaths paths, Clock clock,
                         Duration grace) {
        this.credentialStore = credentialStore;
        this.owners = owners;
        this.paths = paths;
        this.clock = clock;
        this.grace = grace;
    }

    /** The numbers of one sweep: its summary line. */
    public record Summary(int scanned, int deleted, int tooYoung, int problems) {
        @Override
        public String toString() {
            return "sweep summary: scanned=" + scanned + " deleted=" + deleted + " too_young=" + tooYoung
                    + " problems=" + problems;
        }
    }

    public Summary sweep() {
        // Parameters first, owners second: an owner created in between is seen, so its parameter is never an orphan.
        var parameters = credentialStore.list(paths.prefix() + "/teams");
        Set<String> owned = new HashSet<>();
        int problems = 0;
        Set<String> present = new HashSet<>();
        parameters.forEach(p -> present.add(p.path()));
        for (CredentialOwners.Owner owner : owners.credentialOwners()) {
            owned.add(owner.credentialPath());
            if (!present.contains(owner.credentialPath())) {
                problems++;
                LOG.log(System.Logger.Level.WARNING, "problem: " + owner.kind() + " " + owner.id() + " of team "
                        + owner.teamId() + " points at missing parameter " + owner.credentialPath());
            }
        }
        Instant cutoff = clock.instant().minus(grace);
        int deleted = 0;
        int young = 0;
        for (StoredParameter parameter : parameters) {
            if (owned.contains(parameter.path())) {
                continue;
            }
            if (parameter.lastModified().isAfter(cutoff)) {
                young++; // maybe a create in flight: leave it for a later sweep
                continue;
            }
            credentialStore.delete(parameter.path());
            deleted++;
            LOG.log(System.Logger.Level.INFO, "deleted orphaned parameter " + parameter.path());
        }
        Summary summary = new Summary(parameters.size(), deleted, young, problems);
        LOG.log(System.Logger.Level.INFO, summary.toString());
        return summary;
    }
}
