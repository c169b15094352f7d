package io.dataraven.secrets.store.aws;

import java.util.function.LongSupplier;

/**
 * Spaces calls at most {@code perSecond} a second within this container, so bulk deletes (team deletion, the
 * sweeper) stay under SSM's small delete rate and leave the budget to requests. Concurrent containers add up;
 * the SDK's throttling retries absorb what is left (docs/SCALING.md).
 */
public final class Pacer {

    /** How a pacer waits; tests record instead of sleeping. */
    public interface Sleeper {
        void sleepNanos(long nanos) throws InterruptedException;
    }

    private final long intervalNanos;
    private final LongSupplier clock;
    private final Sleeper sleeper;
    private long next = Long.MIN_VALUE;

    public Pacer(double perSecond, LongSupplier nanoClock, Sleeper sleeper) {
        if (!(perSecond > 0)) {
            throw new IllegalArgumentException("a pace must be above 0 calls a second, got " + perSecond);
        }
        this.intervalNanos = (long) (1_000_000_000L / perSecond);
        this.clock = nanoClock;
        this.sleeper = sleeper;
    }

    public static Pacer perSecond(double perSecond) {
        return new Pacer(perSecond, System::nanoTime, nanos -> Thread.sleep(nanos / 1_000_000, (int) (nanos % 1_000_000)));
    }

    /** Waits until the next call may go. */
    public synchronized void await() {
        long now = clock.getAsLong();
        if (next != Long.MIN_VALUE && now < next) {
            try {
                sleeper.sleepNanos(next - now);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while pacing deletes");
            }
            now = next;
        }
        next = now + intervalNanos;
    }
}
