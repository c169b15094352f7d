package io.dataraven.secrets.config;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** Waits for a loopback peer's counter, which its own threads move, instead of sleeping a guessed time. */
final class Await {

    private Await() {
    }

    /** Until {@code counter} reaches {@code expected}, or 5 s; the caller's assertion says which. */
    static void atLeast(AtomicInteger counter, int expected) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (counter.get() < expected && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
    }
}
