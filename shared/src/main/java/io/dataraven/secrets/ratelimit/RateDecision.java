package io.dataraven.secrets.ratelimit;

/**
 * What the limiter decided for one request; the HTTP edge turns it into the X-RateLimit-* headers and, when not
 * allowed, a 429 with Retry-After.
 *
 * @param limit             requests per minute per client
 * @param remaining         requests left in the current window (0 once it is used up)
 * @param resetEpochSecond  when the current window ends, Unix seconds
 * @param retryAfterSeconds seconds until the window ends when not allowed (at least 1); 0 when allowed
 */
public record RateDecision(boolean allowed, int limit, long remaining, long resetEpochSecond, long retryAfterSeconds) {
}
