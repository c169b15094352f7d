package io.dataraven.secrets.logging;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The start and end of one invocation, for the log lines in between: its request id, the function's name and
 * version, and on the container's first one {@code cold_start: true} (later ones false).
 */
public final class Invocations {

    private static final AtomicBoolean FIRST = new AtomicBoolean(true);
    /** Whether the invocation in progress on this thread is a real one (it has a request id). */
    private static final ThreadLocal<Boolean> REAL = ThreadLocal.withInitial(() -> false);
    /** EMF lines go to stdout only where something reads them: Lambda, or the local server asked for JSON. */
    private static volatile boolean metricsOut;

    private Invocations() {
    }

    /**
     * @param requestId Lambda's request id; null for a call that is no invocation (SnapStart priming, tests), which
     *                  neither uses up the container's first invocation nor says anything about it
     */
    public static void begin(String requestId, String functionName, String functionVersion) {
        LogContext.clear();
        Metrics.discard();
        REAL.set(requestId != null);
        if (requestId == null) {
            return;
        }
        boolean first = FIRST.getAndSet(false);
        // Per invocation, not per container: the local server runs every function in one process.
        LogContext.put("function_name", functionName);
        LogContext.put("function_version", functionVersion);
        LogContext.put("request_id", requestId);
        LogContext.put("cold_start", first);
        LogContext.put("trace_id", traceId(System.getProperty(TRACE_HEADER)));
    }

    /** Where Lambda's runtime client puts each invocation's X-Ray trace header (the SDK reads it there too). */
    public static final String TRACE_HEADER = "com.amazonaws.xray.traceHeader";

    /** The {@code Root=} of an X-Ray trace header ({@code Root=1-...;Parent=...;Sampled=1}), or null. */
    static String traceId(String header) {
        if (header == null) {
            return null;
        }
        for (String part : header.split(";")) {
            String field = part.strip();
            if (field.startsWith("Root=") && field.length() > 5) {
                return field.substring(5);
            }
        }
        return null;
    }

    /** Writes the invocation's metrics line (see {@link Metrics}), if it is a real one, and clears its fields. */
    public static void end() {
        if (metricsOut) {
            // A call that is no invocation (SnapStart priming) builds its line too, unprinted: the EMF writer's
            // code is then loaded before the snapshot instead of on the first request after a restore.
            String line = Metrics.flush(System.currentTimeMillis(), LogContext.fields());
            if (line != null && REAL.get()) {
                // stdout, not a logger: CloudWatch reads EMF from the raw line, and it holds counts and ids only.
                System.out.println(line);
            }
        } else {
            Metrics.discard(); // nothing reads it: do not build the line
        }
        REAL.set(false);
        LogContext.clear();
    }

    /** Turns the EMF lines on (the Lambda wiring; the local server with LOG_FORMAT=json). */
    public static void writeMetrics(boolean on) {
        metricsOut = on;
    }
}
