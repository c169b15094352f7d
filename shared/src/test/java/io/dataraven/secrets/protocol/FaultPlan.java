package io.dataraven.secrets.protocol;

import io.dataraven.secrets.store.StoreUnavailableException;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Which storage calls of one request fail, and how. Calls are numbered across both stores in the order the service
 * makes them, so "every call x every fault kind" is a loop over indexes.
 */
final class FaultPlan {

    enum Kind {
        /** No answer, nothing applied (a request lost on the way). */
        FAIL_BEFORE,
        /** Applied, then the answer was lost. */
        APPLY_THEN_FAIL,
        /** No answer now; the call applies later, after the caller gave up (run by {@link #settle}). */
        APPLY_LATE,
        /** Throttled after the SDK's retries: refused before applying. */
        THROTTLE,
        /** Another request changes the same resource just before this call; the call then runs normally. */
        CONFLICT
    }

    private final Map<Integer, Kind> faults = new HashMap<>();
    private final List<String> calls = new ArrayList<>();
    private final Deque<Runnable> late = new ArrayDeque<>();
    private Runnable concurrentChange = () -> { };
    private boolean armed;
    private int next;

    FaultPlan inject(int call, Kind kind) {
        faults.put(call, kind);
        return this;
    }

    /** What a CONFLICT runs: a clean request of another client. */
    FaultPlan concurrently(Runnable change) {
        this.concurrentChange = change;
        return this;
    }

    void arm() {
        armed = true;
        next = 0;
        calls.clear();
    }

    void disarm() {
        armed = false;
    }

    /** Names of the calls made while armed, in order. */
    List<String> calls() {
        return List.copyOf(calls);
    }

    boolean pendingLateWrites() {
        return !late.isEmpty();
    }

    /** Lets every late write land (their own conditions still apply; refusals are dropped, as AWS would). */
    void settle() {
        boolean was = armed;
        armed = false;
        while (!late.isEmpty()) {
            late.poll().run();
        }
        armed = was;
    }

    <T> T call(String name, boolean write, Supplier<T> operation) {
        if (!armed) {
            return operation.get();
        }
        int index = next++;
        calls.add(name);
        Kind kind = faults.get(index);
        if (kind == null) {
            return operation.get();
        }
        switch (kind) {
            case THROTTLE:
                throw new StoreUnavailableException(backend(name), StoreUnavailableException.Reason.THROTTLED, false,
                        "injected at call " + index);
            case CONFLICT:
                armed = false;
                try {
                    concurrentChange.run();
                } finally {
                    armed = true;
                }
                return operation.get();
            case APPLY_THEN_FAIL:
                if (write) {
                    try {
                        operation.get();
                    } catch (RuntimeException refusedAnyway) {
                        // the answer is lost either way
                    }
                }
                throw unknown(name, index);
            case APPLY_LATE:
                if (write) {
                    late.add(() -> {
                        try {
                            operation.get();
                        } catch (RuntimeException refused) {
                            // a late write meets the conditions of its time
                        }
                    });
                }
                throw unknown(name, index);
            default:
                throw unknown(name, index);
        }
    }

    private static StoreUnavailableException unknown(String name, int index) {
        return new StoreUnavailableException(backend(name), StoreUnavailableException.Reason.UNAVAILABLE, true,
                "injected at call " + index);
    }

    private static String backend(String name) {
        return name.startsWith("credentials.") ? "ssm" : "dynamodb";
    }
}
