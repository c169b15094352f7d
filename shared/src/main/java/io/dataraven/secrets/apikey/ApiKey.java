package io.dataraven.secrets.apikey;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * An API key's metadata (spec §5.4). The secret itself is never kept: only {@code secretHash}, the SHA-256 of the
 * secret part, which authentication compares in constant time (a fast hash suffices for 256 random bits).
 *
 * @param keyId      12 alphanumerics, derived from {@code id} ({@link ApiKeyTokens#keyIdOf}), stable across rotations
 * @param expiresAt  null: never expires
 * @param updatedAt  the version every management write is conditioned on (a rotation, a revocation)
 * @param lastUsedAt written at most once a minute per key, without moving {@code updatedAt}
 */
public record ApiKey(UUID id, UUID teamId, String keyId, String name, List<String> scopes, String secretHash,
                     Instant expiresAt, Instant revokedAt, Instant rotatedAt, Instant lastUsedAt, String lastUsedIp,
                     Instant createdAt, String createdBy, Instant updatedAt) {

    public ApiKey {
        scopes = List.copyOf(scopes);
    }

    /** The ids only: the hash stays out of any log line or message that prints a key. */
    @Override
    public String toString() {
        return "ApiKey[id=" + id + ", keyId=" + keyId + ", teamId=" + teamId + "]";
    }

    /** Works for authentication at {@code now}: not revoked, not expired. */
    public boolean activeAt(Instant now) {
        return revokedAt == null && (expiresAt == null || now.isBefore(expiresAt));
    }

    /** With a new secret (a rotation) at {@code at}. */
    public ApiKey rotated(String newSecretHash, Instant at) {
        return new ApiKey(id, teamId, keyId, name, scopes, newSecretHash, expiresAt, revokedAt, at, lastUsedAt,
                lastUsedIp, createdAt, createdBy, at);
    }

    /** Revoked at {@code at}. */
    public ApiKey revoked(Instant at) {
        return new ApiKey(id, teamId, keyId, name, scopes, secretHash, expiresAt, at, rotatedAt, lastUsedAt,
                lastUsedIp, createdAt, createdBy, at);
    }
}
