package io.dataraven.secrets.vault.provider;

import java.io.PrintWriter;
import java.io.StringWriter;

import static org.assertj.core.api.Assertions.assertThat;

/** Asserts a failure says nothing secret: not in its message, its toString, its causes or its stack trace. */
final class Leaks {

    private Leaks() {
    }

    static void assertNone(Throwable thrown, String... secrets) {
        assertThat(thrown).isNotNull();
        StringWriter trace = new StringWriter();
        thrown.printStackTrace(new PrintWriter(trace));
        for (Throwable t = thrown; t != null; t = t.getCause()) {
            for (String secret : secrets) {
                assertThat(String.valueOf(t.getMessage())).doesNotContain(secret);
                assertThat(t.toString()).doesNotContain(secret);
            }
        }
        for (String secret : secrets) {
            assertThat(trace.toString()).doesNotContain(secret);
        }
    }
}
