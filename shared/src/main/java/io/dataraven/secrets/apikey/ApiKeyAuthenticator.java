package io.dataraven.secrets.apikey;

import io.dataraven.secrets.auth.AuthenticationException;
import io.dataraven.secrets.auth.Authenticator;
import io.dataraven.secrets.auth.Principal;
import io.dataraven.secrets.auth.RequestInfo;
import io.dataraven.secrets.logging.Metrics;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * Bearer tokens of both kinds: {@code dr_...} API keys here, everything else to the session (JWT) authenticator.
 * A key costs one consistent GetItem (its item in the path's team), so a rotation or revocation refuses the very
 * next request; its last use is written at most once a minute per key. Every refusal is a 401 that never quotes
 * the token.
 */
public final class ApiKeyAuthenticator implements Authenticator {

    private static final System.Logger LOG = System.getLogger(ApiKeyAuthenticator.class.getName());
    /** How stale {@code last_used_at} may be: the spec's field without a write per request. */
    static final Duration USE_RECORDED_EVERY = Duration.ofMinutes(1);

    private final Authenticator sessions;
    private final ApiKeyRepository keys;
    private final Clock clock;

    public ApiKeyAuthenticator(Authenticator sessions, ApiKeyRepository keys, Clock clock) {
        this.sessions = sessions;
        this.keys = keys;
        this.clock = clock;
    }

    @Override
    public Principal authenticate(String bearerToken) {
        if (ApiKeyTokens.claimsKey(bearerToken)) {
            // Keys belong to one team: without the route's team there is nothing to look the key up in.
            throw new AuthenticationException("API keys are accepted on team routes only.");
        }
        return sessions.authenticate(bearerToken);
    }

    @Override
    public Principal authenticate(String bearerToken, Supplier<UUID> team, RequestInfo request) {
        if (!ApiKeyTokens.claimsKey(bearerToken)) {
            return sessions.authenticate(bearerToken, team, request);
        }
        ApiKeyTokens.Parsed sent = ApiKeyTokens.parse(bearerToken);
        if (sent == null) {
            throw new AuthenticationException("The API key is malformed: expected dr_<12 letters or digits>_<43 "
                    + "URL-safe base64 characters>.");
        }
        UUID teamId = team.get();
        ApiKey key = keys.findApiKey(teamId, sent.keyId()).orElse(null);
        // One answer for "no such key here" and "wrong secret" (a rotated-away one): neither says which keys exist.
        if (key == null || !ApiKeyTokens.matches(sent.secret(), key.secretHash())) {
            throw new AuthenticationException("The API key is not valid for this team (unknown, deleted or "
                    + "rotated).");
        }
        Instant now = clock.instant();
        if (key.revokedAt() != null) {
            throw new AuthenticationException("This API key was revoked.");
        }
        if (!key.activeAt(now)) {
            throw new AuthenticationException("This API key expired at " + key.expiresAt() + ".");
        }
        recordUse(key, now, request);
        return Principal.of(new Principal.ApiKeyGrant(teamId, key.keyId(), Set.copyOf(key.scopes())))
                .from(request);
    }

    /** Best effort: a missed last-use write must never fail the request it describes. */
    private void recordUse(ApiKey key, Instant now, RequestInfo request) {
        Instant cutoff = now.minus(USE_RECORDED_EVERY);
        if (key.lastUsedAt() != null && key.lastUsedAt().isAfter(cutoff)) {
            return;
        }
        try {
            keys.recordUse(key, now.truncatedTo(ChronoUnit.SECONDS), request.sourceIp(),
                    cutoff.truncatedTo(ChronoUnit.SECONDS));
        } catch (RuntimeException e) {
            Metrics.count("ApiKeyUseNotRecorded", Map.of());
            LOG.log(System.Logger.Level.WARNING, "last use of API key " + key.keyId() + " not recorded ("
                    + e.getClass().getSimpleName() + ")");
        }
    }

    @Override
    public void prime() {
        sessions.prime();
        // The key path's own work, without a read: parsing and the constant-time hash comparison.
        String secret = "A".repeat(43);
        ApiKeyTokens.matches(secret, ApiKeyTokens.hash(ApiKeyTokens.parse(ApiKeyTokens.fullKey("primingkey00",
                secret)).secret()));
    }
}
