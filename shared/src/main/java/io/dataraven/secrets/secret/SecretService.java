package io.dataraven.secrets.secret;

import io.dataraven.secrets.api.ApiException;
import io.dataraven.secrets.audit.Auditor;
import io.dataraven.secrets.api.Violation;
import io.dataraven.secrets.auth.Principal;
import io.dataraven.secrets.auth.Role;
import io.dataraven.secrets.credential.CredentialPaths;
import io.dataraven.secrets.credential.CredentialStore;
import io.dataraven.secrets.credential.Credentials;
import io.dataraven.secrets.credential.GuardedCredentialWrite;
import io.dataraven.secrets.team.TierLimitExceededException;
import io.dataraven.secrets.vault.VaultConnection;
import io.dataraven.secrets.vault.VaultConnectionNotFoundException;
import io.dataraven.secrets.vault.VaultConnectionRepository;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * The secrets rules. Storage order for a direct secret: the credential parameter first (create-only), then one
 * metadata transaction; if that fails for any reason the parameter is deleted again, so no failure leaves an
 * orphaned parameter or metadata without credentials.
 */
public final class SecretService {

    private static final System.Logger LOG = System.getLogger(SecretService.class.getName());

    private final SecretRepository secrets;
    private final CredentialStore credentialStore;
    private final CredentialPaths paths;
    private final GuardedCredentialWrite writes;
    private final SecretValidator validator;
    private final VaultConnectionRepository connections;
    private final Clock clock;
    private final Supplier<UUID> ids;
    private final Auditor auditor;

    public SecretService(SecretRepository secrets, VaultConnectionRepository connections,
                         CredentialStore credentialStore, CredentialPaths paths, SecretValidator validator, Clock clock,
                         Supplier<UUID> ids, Auditor auditor) {
        this.auditor = auditor;
        this.connections = connections;
        this.writes = new GuardedCredentialWrite(credentialStore);
        this.secrets = secrets;
        this.credentialStore = credentialStore;
        this.paths = paths;
        this.validator = validator;
        this.clock = clock;
        this.ids = ids;
    }

    public Secret create(Principal principal, UUID teamId, SecretRequests.Parsed<CreateSecretRequest> request) {
        principal.require(teamId, Role.ADMIN);
        SecretValidator.ValidCreate valid = validator.validateCreate(teamId, request);
        UUID id = ids.get();
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        boolean direct = valid.credentials() != null;
        String path = direct ? paths.secret(teamId, id) : null;
        Secret secret = new Secret(id, teamId, valid.name(), valid.description(), valid.secretType(),
                valid.authMethod(), now, principal.subject(), now, principal.subject(), path,
                direct ? null : valid.connection().id(), direct ? null : valid.connection().vaultType(),
                valid.fieldMappings());
        try {
            if (direct) {
                writes.createThenCommit(path, new Credentials(valid.credentials()), () -> secrets.createSecret(secret),
                        SecretService::refused, () -> secrets.findSecret(teamId, id).isPresent());
            } else {
                secrets.createSecret(secret);
            }
        } catch (RuntimeException e) {
            throw mapCreateFailure(e, secret);
        }
        audit(principal, "secret_created", secret);
        return secret;
    }

    private void audit(Principal principal, String type, Secret secret) {
        auditor.record(principal, type, secret.teamId(), "secret", secret.id(), secret.name());
    }

    /** A page of the team's secrets: one repository query, then filter, sort and page in memory. */
    public io.dataraven.secrets.api.PageRequest.Page<Secret> list(Principal principal, UUID teamId, ListSecretsQuery query) {
        principal.require(teamId, Role.VIEWER);
        return query.apply(secrets.listSecrets(teamId));
    }

    public Secret get(Principal principal, UUID teamId, UUID secretId) {
        principal.require(teamId, Role.VIEWER);
        return find(teamId, secretId);
    }

    /** The connection's name for the detail view; null for direct secrets. */
    public String vaultConnectionName(Secret secret) {
        return secret.external()
                ? connections.findVaultConnection(secret.teamId(), secret.vaultConnectionId())
                        .map(VaultConnection::name).orElse(null)
                : null;
    }

    /**
     * Applies a PATCH. Order of writes, so that any failure leaves the whole secret usable:
     * - new auth method (direct): write the new fields to a fresh parameter, switch the metadata in one
     *   transaction, then delete the old parameter (or the new one if the switch failed);
     * - rotation (same auth method): the metadata first, then overwrite the parameter in place (SSM keeps the
     *   old version); if the overwrite fails the old credentials stay valid and a retry finishes the rotation.
     * A request that changes nothing answers 200 with the secret as it is, writing nothing.
     */
    public Secret update(Principal principal, UUID teamId, UUID secretId,
                         SecretRequests.Parsed<UpdateSecretRequest> request) {
        principal.require(teamId, Role.ADMIN);
        Secret existing = find(teamId, secretId);
        SecretValidator.ValidUpdate valid = validator.validateUpdate(existing, request);
        if (!valid.changed()) {
            return existing;
        }
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        if (!now.isAfter(existing.updatedAt())) {
            now = existing.updatedAt().plusMillis(1); // updated_at is the version: it must move forward
        }
        boolean newFields = valid.credentials() != null && valid.updated().authMethod() != existing.authMethod();
        String path = newFields ? paths.secretRevision(teamId, secretId, now.toEpochMilli()) : existing.credentialPath();
        Secret target = valid.updated();
        Secret updated = new Secret(target.id(), teamId, target.name(), target.description(), target.secretType(),
                target.authMethod(), existing.createdAt(), existing.createdBy(), now, principal.subject(), path,
                existing.vaultConnectionId(), existing.vaultType(), target.fieldMappings());
        if (newFields) {
            try {
                writes.createThenCommit(path, new Credentials(valid.credentials()),
                        () -> secrets.updateSecret(existing, updated), SecretService::refused,
                        () -> secrets.findSecret(teamId, secretId).filter(s -> path.equals(s.credentialPath())).isPresent());
            } catch (RuntimeException e) {
                throw mapWriteFailure(e, updated);
            }
            writes.deleteQuietly(existing.credentialPath());
            audit(principal, "secret_rotated", updated);
            return updated;
        }
        try {
            secrets.updateSecret(existing, updated);
        } catch (RuntimeException e) {
            throw mapWriteFailure(e, updated);
        }
        if (valid.credentials() != null) {
            try {
                credentialStore.overwrite(path, new Credentials(valid.credentials()));
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "rotation of " + path + " failed after the metadata update: "
                        + e.getClass().getSimpleName());
                audit(principal, "secret_updated", updated);
                throw new ApiException(503, "rotation_incomplete", "The other changes were saved but the "
                        + "credentials were not rotated; the previous credentials stay valid. Retry the request.");
            }
        }
        audit(principal, valid.credentials() != null ? "secret_rotated" : "secret_updated", updated);
        return updated;
    }

    /**
     * Deletes the credential parameter first, then the metadata in one transaction (secret, name lock, tier slot).
     * A failure between the two leaves a secret without credentials that a retried DELETE finishes; never a
     * parameter nobody can reach. A concurrent change is re-read and retried.
     */
    public void delete(Principal principal, UUID teamId, UUID secretId) {
        principal.require(teamId, Role.ADMIN);
        for (int attempt = 1; ; attempt++) {
            Secret existing = find(teamId, secretId);
            if (existing.credentialPath() != null) {
                credentialStore.delete(existing.credentialPath());
            }
            try {
                secrets.deleteSecret(existing);
                audit(principal, "secret_deleted", existing);
                return;
            } catch (SecretModifiedException e) {
                if (attempt >= 3) {
                    throw mapWriteFailure(e, existing);
                }
            } catch (RuntimeException e) {
                throw mapWriteFailure(e, existing);
            }
        }
    }

    private Secret find(UUID teamId, UUID secretId) {
        return secrets.findSecret(teamId, secretId).orElseThrow(() -> secretNotFound(secretId));
    }

    private static ApiException secretNotFound(UUID secretId) {
        return ApiException.notFound("secret_not_found", "Secret " + secretId + " does not exist in this team.",
                new Violation(List.of("path", "secret_id"), "no such secret in this team", "not_found"));
    }

    private static RuntimeException mapWriteFailure(RuntimeException e, Secret secret) {
        if (e instanceof SecretNotFoundException) {
            return secretNotFound(secret.id());
        }
        if (e instanceof SecretModifiedException) {
            return new ApiException(409, "secret_modified",
                    "The secret was changed by another request meanwhile; read it again and retry.");
        }
        return mapCreateFailure(e, secret);
    }

    /** Failures that prove the transaction did not commit; anything else (timeouts, 5xx) is ambiguous. */
    private static boolean refused(RuntimeException e) {
        return e instanceof SecretNameConflictException || e instanceof TierLimitExceededException
                || e instanceof VaultConnectionNotFoundException || e instanceof SecretModifiedException
                || e instanceof SecretNotFoundException || e instanceof ApiException;
    }

    private static RuntimeException mapCreateFailure(RuntimeException e, Secret secret) {
        if (e instanceof SecretNameConflictException) {
            return new ApiException(409, "secret_name_conflict",
                    "A secret named '" + secret.name() + "' already exists in this team.",
                    List.of(Violation.body("already used by another secret of this team (names ignore case)",
                            "conflict", "name")));
        }
        if (e instanceof TierLimitExceededException limit) {
            return new ApiException(403, "tier_limit_exceeded",
                    "The " + limit.tier().displayName() + " tier allows at most " + limit.limit()
                            + " secrets; delete one or upgrade the plan.");
        }
        if (e instanceof VaultConnectionNotFoundException) {
            return SecretValidator.vaultConnectionNotFound(secret.vaultConnectionId());
        }
        return e;
    }
}
