package io.dataraven.secrets.ratelimit;

import io.dataraven.secrets.logging.Metrics;
import io.dataraven.secrets.store.StoreUnavailableException;

import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Requests per client per fixed one-minute window (the spec's 120 per minute per IP), counted in {@link RateWindows}
 * so that the limit holds across containers and functions. Built once per container.
 *
 * <p>Two per-container maps, both for the current window only (cleared when it rolls over) and bounded in size:
 * clients that already reached the limit, whose further requests are refused without a store write; and, while the
 * store fails, the container's own counts, so that a throttled or slow store lets requests through (fail open)
 * yet still limits each client within this container.
 */
public final class RateLimiter {

    private static final System.Logger LOG = System.getLogger(RateLimiter.class.getName());
    /** A client spraying source addresses must not grow the maps without bound; past this, nothing is cached. */
    static final int MAX_TRACKED_CLIENTS = 10_000;
    /** The store may drop a window this long after it ended (DynamoDB's TTL deletes lazily anyway). */
    private static final long KEPT_SECONDS_AFTER_WINDOW = 60;
    private static final RateLimiter OFF = new RateLimiter();

    private final RateWindows windows;
    private final int limit;
    private final Clock clock;
    private final Object rollover = new Object();
    /** Client -> the window in which it reached the limit (a late request of the previous window cannot block it). */
    private final Map<String, Long> exhausted = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> localCounts = new ConcurrentHashMap<>();
    private volatile long currentWindow = Long.MIN_VALUE;
    private volatile long warnedWindow = Long.MIN_VALUE;

    private RateLimiter() {
        this.windows = null;
        this.limit = 0;
        this.clock = null;
    }

    private RateLimiter(RateWindows windows, int limit, Clock clock) {
        this.windows = Objects.requireNonNull(windows, "windows");
        this.limit = limit;
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** No limit: every request passes and carries no rate-limit headers. */
    public static RateLimiter off() {
        return OFF;
    }

    /**
     * @param perMinute requests per client per minute; 0 switches the limiter off
     */
    public static RateLimiter perMinute(int perMinute, RateWindows windows, Clock clock) {
        if (perMinute < 0) {
            throw new IllegalArgumentException("the rate limit must be 0 (off) or more, not " + perMinute);
        }
        return perMinute == 0 ? OFF : new RateLimiter(windows, perMinute, clock);
    }

    public boolean enabled() {
        return windows != null;
    }

    /** The same limit and clock over other windows, with caches of its own (off stays off). */
    public RateLimiter over(RateWindows other) {
        return enabled() ? new RateLimiter(other, limit, clock) : OFF;
    }

    /** Counts one request of {@code client}; empty when the limiter is off. Never throws for a failing store. */
    public Optional<RateDecision> check(String client) {
        if (!enabled()) {
            return Optional.empty();
        }
        long now = clock.instant().getEpochSecond();
        long window = Math.floorDiv(now, 60);
        long reset = (window + 1) * 60;
        rollTo(window);
        Long exhaustedIn = exhausted.get(client);
        if (exhaustedIn != null && exhaustedIn == window) {
            // Already over the limit in this window: another write would only confirm it.
            return Optional.of(refused(now, reset));
        }
        long count;
        try {
            count = windows.increment(client, window, Instant.ofEpochSecond(reset + KEPT_SECONDS_AFTER_WINDOW));
        } catch (StoreUnavailableException e) {
            count = countLocally(client, window, e);
        }
        if (count > limit) {
            if (exhausted.size() < MAX_TRACKED_CLIENTS) {
                exhausted.put(client, window);
            }
            return Optional.of(refused(now, reset));
        }
        return Optional.of(new RateDecision(true, limit, limit - count, reset, 0));
    }

    private RateDecision refused(long now, long reset) {
        return new RateDecision(false, limit, 0, reset, Math.max(1, reset - now));
    }

    /** A new window forgets the previous one's exhausted clients and local counts. */
    private void rollTo(long window) {
        if (window > currentWindow) {
            synchronized (rollover) {
                if (window > currentWindow) {
                    exhausted.clear();
                    localCounts.clear();
                    currentWindow = window;
                }
            }
        }
    }

    /** Fail open onto this container's own count; say so once per window (never which client). */
    private long countLocally(String client, long window, StoreUnavailableException e) {
        Metrics.count("RateLimiterUnavailable", Map.of());
        if (warnedWindow != window) {
            warnedWindow = window;
            LOG.log(System.Logger.Level.WARNING, () -> "rate limit store failed (" + e.reason()
                    + "); limiting on this container's own counts for the rest of the minute");
        }
        AtomicLong counter = localCounts.get(client);
        if (counter == null) {
            if (localCounts.size() >= MAX_TRACKED_CLIENTS) {
                return 1; // nothing left to track with: let it through rather than refuse unknowingly
            }
            counter = localCounts.computeIfAbsent(client, c -> new AtomicLong());
        }
        return counter.incrementAndGet();
    }
}
