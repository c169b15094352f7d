package io.dataraven.secrets.apikey;

import io.dataraven.secrets.audit.AuditEvent;
import io.dataraven.secrets.team.Tier;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.ToIntFunction;

/**
 * Port to API-key metadata, in the team's partition. Each management write commits its audit event with the change
 * ({@code null}: none).
 */
public interface ApiKeyRepository {

    /** A consistent read: a rotation or revocation is seen by the very next request. */
    Optional<ApiKey> findApiKey(UUID teamId, String keyId);

    List<ApiKey> listApiKeys(UUID teamId);

    /**
     * Stores a new key unless the team already has {@code limit.applyAsInt(tier)} keys active at the key's creation
     * time (expired and revoked keys do not count), or was deleted. Exact under concurrent creates.
     *
     * @throws io.dataraven.secrets.team.TierLimitExceededException the team is at its limit
     */
    void createApiKey(ApiKey key, ToIntFunction<Tier> limit, AuditEvent audit);

    /**
     * Replaces the key's metadata if unchanged since read ({@code updatedAt} is the version); keeps its last use.
     *
     * @throws ApiKeyNotFoundException gone
     * @throws ApiKeyModifiedException changed since read
     */
    void updateApiKey(ApiKey previous, ApiKey updated, AuditEvent audit);

    /**
     * @throws ApiKeyNotFoundException gone
     * @throws ApiKeyModifiedException changed since read
     */
    void deleteApiKey(ApiKey key, AuditEvent audit);

    /**
     * Records a use, only if the key is still the version read and its last recorded use is older than
     * {@code notAfter}: at most one write a minute per key however many requests it makes. Best effort: a refused
     * condition is no failure.
     */
    void recordUse(ApiKey key, Instant at, String sourceIp, Instant notAfter);
}
