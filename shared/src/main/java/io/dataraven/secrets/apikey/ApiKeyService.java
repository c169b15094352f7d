package io.dataraven.secrets.apikey;

import io.dataraven.secrets.audit.AuditEvent;
import io.dataraven.secrets.audit.Auditor;
import io.dataraven.secrets.auth.AccessDeniedException;
import io.dataraven.secrets.auth.Operation;
import io.dataraven.secrets.auth.Principal;
import io.dataraven.secrets.auth.Role;
import io.dataraven.secrets.common.ConflictException;
import io.dataraven.secrets.common.InvalidInputException;
import io.dataraven.secrets.common.LimitExceededException;
import io.dataraven.secrets.common.NotFoundException;
import io.dataraven.secrets.common.PageRequest;
import io.dataraven.secrets.common.Parsed;
import io.dataraven.secrets.common.Violation;
import io.dataraven.secrets.common.WriteNotCompletedException;
import io.dataraven.secrets.credential.CredentialWrites;
import io.dataraven.secrets.credential.WriteFailedException;
import io.dataraven.secrets.store.Refusal;
import io.dataraven.secrets.team.TierLimitExceededException;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * Managing a team's API keys (spec §5.4): JWT sessions of Admins and Owners only ({@link Operation}'s key
 * operations have no scope). The full key exists in memory for the one response that shows it; the table keeps a
 * hash, and audit events, logs and errors name the key by its id only.
 */
public final class ApiKeyService {

    private static final String RESOURCE = "api_key";

    private final ApiKeyRepository keys;
    private final ApiKeyLimits limits;
    private final Clock clock;
    private final Supplier<UUID> ids;
    private final Auditor auditor;
    /** The JDK's default CSPRNG (NativePRNG on Linux mixes in /dev/urandom on every call, so snapshots stay safe). */
    private final SecureRandom random = new SecureRandom();

    public ApiKeyService(ApiKeyRepository keys, ApiKeyLimits limits, Clock clock, Supplier<UUID> ids,
                         Auditor auditor) {
        this.keys = keys;
        this.limits = limits;
        this.clock = clock;
        this.ids = ids;
        this.auditor = auditor;
    }

    /** A key with its full value, for the one response that shows it. */
    public record Minted(ApiKey key, String fullKey) {
        @Override
        public String toString() {
            return "Minted[keyId=" + key.keyId() + "]"; // never the key
        }
    }

    public Minted create(Principal caller, UUID teamId, Supplier<Parsed<CreateApiKeyRequest>> body) {
        caller.require(teamId, Operation.CREATE_API_KEY);
        Parsed<CreateApiKeyRequest> parsed = body.get();
        List<Violation> violations = new ArrayList<>(parsed.violations());
        CreateApiKeyRequest request = parsed.request();
        Instant now = now();
        if (request.expiresAt() != null && !request.expiresAt().isAfter(now)) {
            violations.add(Violation.body("must be in the future (now: " + now + ")", "value_error", "expires_at"));
        }
        if (!violations.isEmpty()) {
            throw InvalidInputException.of(violations);
        }
        Role role = caller.roleIn(teamId);
        for (String scope : request.scopes()) {
            Role needed = Operation.minimumForScope(scope).orElseThrow();
            if (role == null || !role.atLeast(needed)) {
                throw new AccessDeniedException("Granting " + scope + " needs the " + needed.wire()
                        + " role or higher in this team.");
            }
        }
        UUID id = ids.get();
        String secret = ApiKeyTokens.newSecret(random);
        String keyId = ApiKeyTokens.keyIdOf(id);
        ApiKey key = new ApiKey(id, teamId, keyId, request.name(), request.scopes(), ApiKeyTokens.hash(secret),
                request.expiresAt(), null, null, null, null, now, caller.subject(), now);
        AuditEvent event = audit(caller, "api_key_created", key);
        try {
            CredentialWrites.commit(() -> keys.createApiKey(key, limits::of, event),
                    () -> keys.findApiKey(teamId, keyId).filter(k -> k.id().equals(id)).isPresent());
        } catch (RuntimeException e) {
            throw failure(e, key, "The creation");
        }
        return new Minted(key, ApiKeyTokens.fullKey(keyId, secret));
    }

    public PageRequest.Page<ApiKey> list(Principal caller, UUID teamId, Supplier<ApiKeyRequests.ListQuery> query) {
        caller.require(teamId, Operation.LIST_API_KEYS);
        ApiKeyRequests.ListQuery parsed = query.get();
        List<ApiKey> all = keys.listApiKeys(teamId).stream()
                .filter(k -> parsed.includeRevoked() || k.revokedAt() == null).toList();
        // Never used sorts as the oldest use.
        return parsed.paging().apply(all, k -> io.dataraven.secrets.common.Names.key(k.name()), ApiKey::createdAt,
                k -> k.lastUsedAt() == null ? Instant.EPOCH : k.lastUsedAt(), ApiKey::id);
    }

    public ApiKey get(Principal caller, UUID teamId, UUID id) {
        caller.require(teamId, Operation.GET_API_KEY);
        return find(teamId, id);
    }

    /** A new secret under the same id, name and scopes; the old one stops working with this write. */
    public Minted rotate(Principal caller, UUID teamId, UUID id) {
        caller.require(teamId, Operation.ROTATE_API_KEY);
        ApiKey existing = find(teamId, id);
        Instant now = after(existing);
        if (!existing.activeAt(now)) {
            throw new ConflictException("api_key_inactive", "This API key is " + (existing.revokedAt() != null
                    ? "revoked" : "expired") + "; create a new key instead of rotating it.");
        }
        String secret = ApiKeyTokens.newSecret(random);
        ApiKey rotated = existing.rotated(ApiKeyTokens.hash(secret), now);
        write(caller, "api_key_rotated", existing, rotated, "The rotation");
        return new Minted(rotated, ApiKeyTokens.fullKey(existing.keyId(), secret));
    }

    /** Soft delete: the key stops working and stays listed. Revoking a revoked key changes nothing. */
    public ApiKey revoke(Principal caller, UUID teamId, UUID id) {
        caller.require(teamId, Operation.REVOKE_API_KEY);
        ApiKey existing = find(teamId, id);
        if (existing.revokedAt() != null) {
            return existing;
        }
        ApiKey revoked = existing.revoked(after(existing));
        write(caller, "api_key_revoked", existing, revoked, "The revocation");
        return revoked;
    }

    public void delete(Principal caller, UUID teamId, UUID id) {
        caller.require(teamId, Operation.DELETE_API_KEY);
        ApiKey existing = find(teamId, id);
        AuditEvent event = audit(caller, "api_key_deleted", existing);
        try {
            CredentialWrites.commit(() -> keys.deleteApiKey(existing, event),
                    () -> keys.findApiKey(teamId, existing.keyId()).isEmpty());
        } catch (RuntimeException e) {
            throw failure(e, existing, "The deletion");
        }
    }

    /** What list and get show as {@code is_active}. */
    public Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }

    private void write(Principal caller, String eventType, ApiKey existing, ApiKey updated, String what) {
        AuditEvent event = audit(caller, eventType, updated);
        try {
            CredentialWrites.commit(() -> keys.updateApiKey(existing, updated, event),
                    () -> keys.findApiKey(existing.teamId(), existing.keyId())
                            .filter(k -> k.updatedAt().equals(updated.updatedAt())).isPresent());
        } catch (RuntimeException e) {
            throw failure(e, existing, what);
        }
    }

    /** updated_at is the version: it must move forward even within one millisecond. */
    private Instant after(ApiKey existing) {
        Instant now = now();
        return now.isAfter(existing.updatedAt()) ? now : existing.updatedAt().plusMillis(1);
    }

    private AuditEvent audit(Principal caller, String type, ApiKey key) {
        return auditor.event(caller, type, key.teamId(), RESOURCE, key.id(), key.name(), key.updatedAt());
    }

    private ApiKey find(UUID teamId, UUID id) {
        return keys.findApiKey(teamId, ApiKeyTokens.keyIdOf(id)).filter(k -> k.id().equals(id))
                .orElseThrow(() -> notFound(id));
    }

    private static NotFoundException notFound(UUID id) {
        return new NotFoundException("api_key_not_found", "API key " + id + " does not exist in this team.",
                new Violation(List.of("path", "api_key_id"), "no such API key in this team", "not_found"));
    }

    private RuntimeException failure(RuntimeException e, ApiKey key, String what) {
        if (e instanceof WriteFailedException failed) {
            return new WriteNotCompletedException(failed.getCause(), failed.mayHaveApplied(), what);
        }
        if (!(e instanceof Refusal)) {
            return e;
        }
        if (e instanceof ApiKeyNotFoundException) {
            return notFound(key.id());
        }
        if (e instanceof ApiKeyModifiedException) {
            return new ConflictException("api_key_modified",
                    "The API key was changed by another request meanwhile; read it again and retry.");
        }
        if (e instanceof TierLimitExceededException limit) {
            return new LimitExceededException("tier_limit_exceeded", "The " + limit.tier().displayName()
                    + " tier allows at most " + limit.limit() + " active API keys; revoke one or upgrade the plan.");
        }
        return e;
    }
}
