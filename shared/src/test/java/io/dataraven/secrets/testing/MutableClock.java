package io.dataraven.secrets.testing;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/** A clock the test moves; each reading is 1 ms later, so every write gets a later updated_at, as wall time would. */
public final class MutableClock extends Clock {

    private Instant now = Instant.parse("2026-12-01T10:00:00Z");

    public synchronized void advance(Duration by) {
        now = now.plus(by);
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
        now = now.plusMillis(1);
        return now;
    }
}
