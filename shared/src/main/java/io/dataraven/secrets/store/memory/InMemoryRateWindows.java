package io.dataraven.secrets.store.memory;

import io.dataraven.secrets.ratelimit.RateWindows;

import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The request counts in memory, thread-safe: for tests and the local server (one process, so one store for all its
 * functions). Windows older than the previous minute are dropped as the minutes pass.
 */
public final class InMemoryRateWindows implements RateWindows {

    private record Window(String client, long minute) {
    }

    private final Map<Window, AtomicLong> counts = new ConcurrentHashMap<>();
    private volatile long newest = Long.MIN_VALUE;

    @Override
    public long increment(String client, long windowEpochMinute, Instant expiresAt) {
        if (windowEpochMinute > newest) {
            newest = windowEpochMinute;
            counts.keySet().removeIf(w -> w.minute() < windowEpochMinute - 1);
        }
        return counts.computeIfAbsent(new Window(client, windowEpochMinute), w -> new AtomicLong()).incrementAndGet();
    }
}
