package io.dataraven.secrets.idempotency;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * What the table keeps of one request made with an {@code Idempotency-Key}: never its body nor a credential, only a
 * salted hash of it ({@code fingerprint}), the resource it wrote and, once complete, the response it got (metadata
 * only: the create and rotate responses hold no credential).
 *
 * @param keyHash    SHA-256 of the caller's subject and the key: a caller can never meet another's record
 * @param operation  what the request did (e.g. {@code create_secret}, {@code rotate_vault_connection})
 * @param complete   false while the create it belongs to is only reserved (pending)
 * @param response   the response body (JSON) once complete; null while pending
 * @param expiresAt  24 h after {@code createdAt}: the table's TTL attribute; reads check it too (TTL is lazy)
 */
public record IdempotencyRecord(UUID teamId, String keyHash, String operation, UUID resourceId, String fingerprint,
                                boolean complete, String response, Instant createdAt, Instant expiresAt) {

    public IdempotencyRecord {
        Objects.requireNonNull(teamId, "teamId");
        Objects.requireNonNull(keyHash, "keyHash");
        Objects.requireNonNull(resourceId, "resourceId");
        Objects.requireNonNull(fingerprint, "fingerprint");
    }

    /** The record of the finished request, with its response. */
    public IdempotencyRecord completed(String responseJson) {
        return new IdempotencyRecord(teamId, keyHash, operation, resourceId, fingerprint, true, responseJson,
                createdAt, expiresAt);
    }

    public boolean expired(Instant now) {
        return !expiresAt.isAfter(now);
    }

    /**
     * Whether a write of {@code next} may replace this stored record: the condition every adapter applies (the
     * DynamoDB one as a condition expression): this one expired (TTL deletes lag), or it is the pending record of
     * the same create that {@code next} completes.
     */
    public boolean replaceableBy(IdempotencyRecord next) {
        return expired(next.createdAt()) || (!complete && resourceId.equals(next.resourceId())
                && fingerprint.equals(next.fingerprint()));
    }
}
