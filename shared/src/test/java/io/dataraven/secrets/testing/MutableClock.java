package io.dataraven.secrets.testing;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/** A UTC clock the test moves; optionally a tick on every read, so that each write sees a later time. */
public final class MutableClock extends Clock {

    private final Duration tickPerRead;
    private volatile Instant now;

    public MutableClock(Instant start, Duration tickPerRead) {
        this.now = start;
        this.tickPerRead = tickPerRead;
    }

    /** Stands still between the test's own moves. */
    public MutableClock(Instant start) {
        this(start, Duration.ZERO);
    }

    /** From 2026-12-01T10:00:00Z, 1 ms later on every read: each write gets a later updated_at, as wall time would. */
    public MutableClock() {
        this(Instant.parse("2026-12-01T10:00:00Z"), Duration.ofMillis(1));
    }

    public synchronized void advance(Duration by) {
        now = now.plus(by);
    }

    public void set(Instant instant) {
        now = instant;
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return this;
    }

    @Override
    public synchronized Instant instant() {
        now = now.plus(tickPerRead);
        return now;
    }
}
