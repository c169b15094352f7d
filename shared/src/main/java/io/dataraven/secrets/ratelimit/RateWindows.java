package io.dataraven.secrets.ratelimit;

import java.time.Instant;

/**
 * The port of the shared request counts: one counter per client and fixed one-minute window, shared by every
 * container of every function, so a limit holds however many containers serve a client.
 */
public interface RateWindows {

    /**
     * Counts one request of {@code client} in the window that starts at minute {@code windowEpochMinute} of the
     * Unix epoch.
     *
     * @param expiresAt when the store may forget the window (it is never read after its minute)
     * @return the window's count including this request
     * @throws io.dataraven.secrets.store.StoreUnavailableException when the store gave no answer in time
     */
    long increment(String client, long windowEpochMinute, Instant expiresAt);
}
