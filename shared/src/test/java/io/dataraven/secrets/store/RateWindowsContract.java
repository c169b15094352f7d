package io.dataraven.secrets.store;

import io.dataraven.secrets.ratelimit.RateWindows;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** What every {@link RateWindows} adapter must do: one exact counter per client and window, atomic under load. */
public abstract class RateWindowsContract {

    private static final long WINDOW = 29_411_340L;
    private static final Instant EXPIRES = Instant.ofEpochSecond((WINDOW + 2) * 60);

    protected abstract RateWindows windows();

    /** A client of its own per test, so that adapters over one shared table need no cleaning. */
    private final String client = "198.51.100." + UUID.randomUUID();

    @Test
    void eachRequestCountsOneAndReturnsTheCountSoFar() {
        assertThat(windows().increment(client, WINDOW, EXPIRES)).isEqualTo(1);
        assertThat(windows().increment(client, WINDOW, EXPIRES)).isEqualTo(2);
        assertThat(windows().increment(client, WINDOW, EXPIRES)).isEqualTo(3);
    }

    @Test
    void clientsAndWindowsHaveCountersOfTheirOwn() {
        windows().increment(client, WINDOW, EXPIRES);
        windows().increment(client, WINDOW, EXPIRES);

        assertThat(windows().increment(client + "-other", WINDOW, EXPIRES)).isEqualTo(1);
        assertThat(windows().increment(client, WINDOW + 1, EXPIRES.plusSeconds(60))).isEqualTo(1);
        assertThat(windows().increment(client, WINDOW, EXPIRES)).isEqualTo(3);
    }

    @Test
    void concurrentIncrementsAreNeitherLostNorDoubled() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Long>> counts = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            counts.add(pool.submit(() -> {
                start.await();
                return windows().increment(client, WINDOW, EXPIRES);
            }));
        }
        start.countDown();
        List<Long> seen = new ArrayList<>();
        for (Future<Long> count : counts) {
            seen.add(count.get(60, TimeUnit.SECONDS));
        }
        pool.shutdown();
        // Every count from 1 to 40 exactly once: no increment lost, none applied twice.
        assertThat(seen).containsExactlyInAnyOrderElementsOf(
                java.util.stream.LongStream.rangeClosed(1, 40).boxed().toList());
    }
}
