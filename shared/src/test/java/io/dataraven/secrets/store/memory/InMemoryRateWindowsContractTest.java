package io.dataraven.secrets.store.memory;

import io.dataraven.secrets.ratelimit.RateWindows;
import io.dataraven.secrets.store.RateWindowsContract;

/** The rate-window contract against the in-memory adapter: a fresh store for every test. */
class InMemoryRateWindowsContractTest extends RateWindowsContract {

    private final InMemoryRateWindows windows = new InMemoryRateWindows();

    @Override
    protected RateWindows windows() {
        return windows;
    }
}
