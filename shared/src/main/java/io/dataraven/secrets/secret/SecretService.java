package io.dataraven.secrets.secret;

import io.dataraven.secrets.api.ApiException;
import io.dataraven.secrets.api.Violation;
import io.dataraven.secrets.auth.Principal;
import io.dataraven.secrets.auth.Role;
import io.dataraven.secrets.credential.CredentialPaths;
import io.dataraven.secrets.credential.CredentialStore;
import io.dataraven.secrets.credential.Credentials;
import io.dataraven.secrets.team.TierLimitExceededException;
import io.dataraven.secrets.vault.VaultConnectionNotFoundException;

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
    private final SecretValidator validator;
    private final Clock clock;
    private final Supplier<UUID> ids;

    public SecretService(SecretRepository secrets, CredentialStore credentialStore, CredentialPaths paths,
                         SecretValidator validator, Clock clock, Supplier<UUID> ids) {
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
        if (direct) {
            credentialStore.create(path, new Credentials(valid.credentials()));
        }
        try {
            secrets.createSecret(secret);
        } catch (RuntimeException e) {
            Outcome outcome = refused(e) ? Outcome.NOT_COMMITTED : outcomeOf(secret);
            if (outcome == Outcome.COMMITTED) {
                return secret; // a timeout or 5xx after DynamoDB had committed: the create did succeed
            }
            if (direct && outcome == Outcome.NOT_COMMITTED) {
                deleteQuietly(path);
            } else if (direct) {
                LOG.log(System.Logger.Level.WARNING, "create outcome unknown; keeping credential parameter " + path
                        + " for the orphan sweeper");
            }
            throw mapCreateFailure(e, secret);
        }
        return secret;
    }

    private enum Outcome { COMMITTED, NOT_COMMITTED, UNKNOWN }

    /** Failures that prove the transaction did not commit; anything else (timeouts, 5xx) is ambiguous. */
    private static boolean refused(RuntimeException e) {
        return e instanceof SecretNameConflictException || e instanceof TierLimitExceededException
                || e instanceof VaultConnectionNotFoundException || e instanceof ApiException;
    }

    /**
     * After an ambiguous failure, read back whether the secret exists, so the rollback never deletes the parameter
     * of committed metadata.
     */
    private Outcome outcomeOf(Secret secret) {
        try {
            return secrets.findSecret(secret.teamId(), secret.id()).isPresent() ? Outcome.COMMITTED : Outcome.NOT_COMMITTED;
        } catch (RuntimeException readFailure) {
            return Outcome.UNKNOWN;
        }
    }

    private void deleteQuietly(String path) {
        try {
            credentialStore.delete(path);
        } catch (RuntimeException cleanup) {
            // The sweeper removes parameters without metadata; log the path (no value) so it can be traced.
            LOG.log(System.Logger.Level.WARNING, "rollback could not delete credential parameter " + path + ": "
                    + cleanup.getClass().getSimpleName());
        }
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
