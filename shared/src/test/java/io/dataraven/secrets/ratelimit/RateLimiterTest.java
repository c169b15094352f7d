package io.dataraven.secrets.ratelimit;

import io.dataraven.secrets.common.Databind;
import io.dataraven.secrets.logging.Metrics;
import io.dataraven.secrets.store.StoreUnavailableException;
import io.dataraven.secrets.store.memory.InMemoryRateWindows;
import io.dataraven.secrets.testing.LogCapture;
import io.dataraven.secrets.testing.MutableClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Fixed one-minute windows over the port, with a clock the tests move. */
class RateLimiterTest {

    /** 2026-12-02T13:00:30Z: half a minute into window 29_415_420 (minute of the epoch). */
    private static final Instant HALF_PAST = Instant.ofEpochSecond(1_764_680_430L);
    private static final long WINDOW = 1_764_680_430L / 60;
    private static final long RESET = (WINDOW + 1) * 60;

    private final MutableClock clock = new MutableClock(HALF_PAST);
    private final CountingWindows store = new CountingWindows(new InMemoryRateWindows());

    @AfterEach
    void clearMetrics() {
        Metrics.discard();
    }

    @Test
    void countsDownToTheLimitThenRefusesWithRetryAfterUntilTheWindowEnds() {
        RateLimiter limiter = RateLimiter.perMinute(3, store, clock);

        assertThat(limiter.check("203.0.113.7")).hasValue(new RateDecision(true, 3, 2, RESET, 0));
        assertThat(limiter.check("203.0.113.7")).hasValue(new RateDecision(true, 3, 1, RESET, 0));
        assertThat(limiter.check("203.0.113.7")).hasValue(new RateDecision(true, 3, 0, RESET, 0));
        clock.advance(Duration.ofSeconds(10));
        assertThat(limiter.check("203.0.113.7")).hasValue(new RateDecision(false, 3, 0, RESET, 20));
        // Another client has its own window.
        assertThat(limiter.check("198.51.100.1")).hasValue(new RateDecision(true, 3, 2, RESET, 0));
    }

    @Test
    void aNewWindowStartsAfreshAtTheMinute() {
        RateLimiter limiter = RateLimiter.perMinute(2, store, clock);
        limiter.check("203.0.113.7");
        limiter.check("203.0.113.7");
        assertThat(limiter.check("203.0.113.7").orElseThrow().allowed()).isFalse();

        clock.set(Instant.ofEpochSecond(RESET - 1));
        assertThat(limiter.check("203.0.113.7").orElseThrow())
                .isEqualTo(new RateDecision(false, 2, 0, RESET, 1));
        clock.set(Instant.ofEpochSecond(RESET));
        assertThat(limiter.check("203.0.113.7")).hasValue(new RateDecision(true, 2, 1, RESET + 60, 0));
        assertThat(store.windows).endsWith(WINDOW + 1);
        assertThat(store.expiries).last().isEqualTo(Instant.ofEpochSecond(RESET + 60 + 60));
    }

    @Test
    void onceOverTheLimitFurtherRequestsInTheWindowCostNoStoreCall() {
        RateLimiter limiter = RateLimiter.perMinute(2, store, clock);
        for (int i = 0; i < 3; i++) {
            limiter.check("203.0.113.7");
        }
        assertThat(store.calls).isEqualTo(3);

        for (int i = 0; i < 50; i++) {
            assertThat(limiter.check("203.0.113.7").orElseThrow().allowed()).isFalse();
        }
        assertThat(store.calls).as("refusals from the container's cache").isEqualTo(3);

        clock.advance(Duration.ofMinutes(1));
        assertThat(limiter.check("203.0.113.7").orElseThrow().allowed()).isTrue();
        assertThat(store.calls).as("the next window asks the store again").isEqualTo(4);
    }

    @Test
    void aFailingStoreFailsOpenOntoTheContainersOwnCountsRecordsTheMetricAndWarnsOncePerWindowWithoutTheClient()
            throws Exception {
        RateLimiter limiter = RateLimiter.perMinute(2, store, clock);
        store.failWith(new StoreUnavailableException("dynamodb", StoreUnavailableException.Reason.THROTTLED, false,
                "ProvisionedThroughputExceededException"));
        List<RateDecision> decisions = new ArrayList<>();
        String metrics;
        try (LogCapture logs = LogCapture.start()) {
            for (int i = 0; i < 3; i++) {
                decisions.add(limiter.check("203.0.113.7").orElseThrow());
            }
            metrics = Metrics.flush(0, Map.of());
            assertThat(logs.lines()).filteredOn(line -> line.contains("rate limit store failed")).hasSize(1);
            assertThat(String.join("\n", logs.lines())).doesNotContain("203.0.113.7");
        }
        assertThat(decisions).extracting(RateDecision::allowed).containsExactly(true, true, false);
        assertThat(decisions).extracting(RateDecision::remaining).containsExactly(1L, 0L, 0L);
        assertThat(Databind.MAPPER.readTree(metrics).path("RateLimiterUnavailable").asDouble()).isEqualTo(1);

        // The next window: the store answers again, and its count (not the local one) decides.
        store.failWith(null);
        clock.advance(Duration.ofMinutes(1));
        assertThat(limiter.check("203.0.113.7")).hasValue(new RateDecision(true, 2, 1, RESET + 60, 0));
    }

    @Test
    void zeroSwitchesItOffAndNegativeIsRefused() {
        assertThat(RateLimiter.perMinute(0, store, clock).check("203.0.113.7")).isEmpty();
        assertThat(RateLimiter.off().enabled()).isFalse();
        assertThat(store.calls).isZero();
        assertThatThrownBy(() -> RateLimiter.perMinute(-1, store, clock))
                .isInstanceOf(IllegalArgumentException.class);
    }

    /** Several containers (limiters) sharing one store, many threads, one client: exactly the limit passes. */
    @Test
    void concurrentRequestsFromOneClientOverSeveralContainersAdmitExactlyTheLimit() throws Exception {
        InMemoryRateWindows shared = new InMemoryRateWindows();
        Clock fixed = Clock.fixed(HALF_PAST, ZoneOffset.UTC);
        List<RateLimiter> containers = List.of(RateLimiter.perMinute(120, shared, fixed),
                RateLimiter.perMinute(120, shared, fixed), RateLimiter.perMinute(120, shared, fixed),
                RateLimiter.perMinute(120, shared, fixed));
        ExecutorService pool = Executors.newFixedThreadPool(16);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Boolean>> results = new ArrayList<>();
        for (int i = 0; i < 400; i++) {
            RateLimiter container = containers.get(i % containers.size());
            results.add(pool.submit(() -> {
                start.await();
                return container.check("203.0.113.7").orElseThrow().allowed();
            }));
        }
        start.countDown();
        int allowed = 0;
        for (Future<Boolean> result : results) {
            allowed += result.get(30, TimeUnit.SECONDS) ? 1 : 0;
        }
        pool.shutdown();
        assertThat(allowed).isEqualTo(120);
    }

    /** Counts calls and can fail every one of them. */
    private static final class CountingWindows implements RateWindows {
        private final RateWindows delegate;
        private final List<Long> windows = new ArrayList<>();
        private final List<Instant> expiries = new ArrayList<>();
        private int calls;
        private RuntimeException failure;

        CountingWindows(RateWindows delegate) {
            this.delegate = delegate;
        }

        void failWith(RuntimeException e) {
            failure = e;
        }

        @Override
        public synchronized long increment(String client, long windowEpochMinute, Instant expiresAt) {
            calls++;
            windows.add(windowEpochMinute);
            expiries.add(expiresAt);
            if (failure != null) {
                throw failure;
            }
            return delegate.increment(client, windowEpochMinute, expiresAt);
        }
    }
}
