package io.dataraven.secrets.verify;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dataraven.secrets.auth.Operation;
import io.dataraven.secrets.auth.Principal;
import io.dataraven.secrets.resolve.Resolution;
import io.dataraven.secrets.resolve.ResolveService;
import io.dataraven.secrets.secret.Secret;
import io.dataraven.secrets.secret.SecretRepository;
import io.dataraven.secrets.secret.SecretService;
import io.dataraven.secrets.secret.Verification;
import io.dataraven.secrets.store.StoreUnavailableException;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * {@code POST .../secrets/{secret_id}/verify}: reads the secret's credentials as a resolve does (a direct secret's
 * current version, an external one's values from its vault), checks them against their provider and records the
 * outcome on the metadata. The values live only in this call; the answer and the record carry none.
 */
public final class VerifySecretService {

    /**
     * @param recorded whether the outcome was kept on the metadata: false when the secret changed or went during
     *                 the check (the outcome is of credentials it no longer holds) or the store was unavailable
     * @param version  the credential version checked; null for an external secret
     */
    public record Result(CheckOutcome outcome, Instant checkedAt, Long version, boolean recorded) {
    }

    private final SecretRepository secrets;
    private final ResolveService resolve;
    private final Supplier<? extends CredentialCheck> checks;
    private final Clock clock;

    /** {@code checks}: built on first use, so only the verify function pays for the provider HTTP client. */
    public VerifySecretService(SecretRepository secrets, ResolveService resolve,
                               Supplier<? extends CredentialCheck> checks, Clock clock) {
        this.secrets = Objects.requireNonNull(secrets);
        this.resolve = Objects.requireNonNull(resolve);
        this.checks = Objects.requireNonNull(checks);
        this.clock = Objects.requireNonNull(clock);
    }

    /** The same service with other provider checks. */
    public VerifySecretService with(Supplier<? extends CredentialCheck> other) {
        return new VerifySecretService(secrets, resolve, other, clock);
    }

    /** Builds the provider checks now (SnapStart priming of the verify function): no request is made. */
    public void buildChecks() {
        checks.get();
    }

    /** {@code body}: the request's JSON object, null when it sent none. */
    public Result verify(Principal principal, UUID teamId, UUID secretId, Supplier<ObjectNode> body) {
        principal.require(teamId, Operation.VERIFY_SECRET);
        ObjectNode given = body.get();
        Secret secret = secrets.findVisibleSecret(teamId, secretId)
                .orElseThrow(() -> SecretService.secretNotFound(secretId));
        CheckTarget target = CheckTarget.parse(given, secret.authMethod());
        Resolution resolution = resolve.resolve(secret);
        Instant checkedAt = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        CheckOutcome outcome;
        Long version = null;
        if (resolution instanceof Resolution.Resolved resolved) {
            version = resolved.version();
            outcome = checks.get().check(secret.authMethod(), resolved.credentials(), target);
        } else {
            outcome = unavailable((Resolution.Failed) resolution);
        }
        boolean recorded;
        try {
            recorded = secrets.recordVerification(secret, new Verification(checkedAt, outcome.ok(),
                    outcome.reason(), version));
        } catch (StoreUnavailableException e) {
            // The check ran and its answer stands; only its record is missing, and the next check writes one.
            recorded = false;
        }
        return new Result(outcome, checkedAt, version, recorded);
    }

    /** Credentials that could not be read: the vault's throttling and outages stay retryable. */
    private static CheckOutcome unavailable(Resolution.Failed failed) {
        Reason reason = switch (failed.code()) {
            case "provider_rate_limited" -> Reason.RATE_LIMITED;
            case "provider_unreachable" -> Reason.UNREACHABLE;
            default -> Reason.CREDENTIALS_UNAVAILABLE;
        };
        return CheckOutcome.failed(reason, failed.message(), failed.retryAfterSeconds());
    }
}
