package io.dataraven.secrets.testing;

import io.dataraven.secrets.api.ApiErrors;
import io.dataraven.secrets.api.ApiException;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;

/** What a failure means over HTTP, through the one mapping the handlers use ({@link ApiErrors}). */
public final class Failures {

    private Failures() {
    }

    /** The HTTP answer for a failure; fails the test when it has none (the handlers would answer 500). */
    public static ApiException http(Throwable thrown) {
        ApiException mapped = thrown instanceof RuntimeException e ? ApiErrors.map(e) : null;
        if (mapped == null) {
            throw new AssertionError("expected a failure with an HTTP meaning, got " + thrown, thrown);
        }
        return mapped;
    }

    /** Runs a call that must fail, and gives the HTTP answer for its failure. */
    public static ApiException http(ThrowingCallable call) {
        try {
            call.call();
        } catch (Throwable thrown) {
            return http(thrown);
        }
        throw new AssertionError("expected the call to fail");
    }
}
