package io.dataraven.secrets.logging;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What the log lines of the current invocation carry besides their message: the Lambda request id, the function,
 * and as they become known the route, team, principal, status, latency and error code. One invocation at a time
 * per thread (Lambda runs one per container; the local server one per request thread), cleared when it ends.
 * Values are ids, names and codes only: never a body, a header value, a token or a credential.
 */
public final class LogContext {

    private static final ThreadLocal<Map<String, Object>> CURRENT = ThreadLocal.withInitial(LinkedHashMap::new);
    /** Fields of the container, on every line: function name and version, how it was started. */
    private static final Map<String, Object> CONTAINER = new LinkedHashMap<>();

    private LogContext() {
    }

    /** Adds a field to this invocation's lines; a null value removes it. */
    public static void put(String field, Object value) {
        if (value == null) {
            CURRENT.get().remove(field);
        } else {
            CURRENT.get().put(field, value);
        }
    }

    /** Adds a field to every line of this container (for example whether it was restored from a snapshot). */
    public static synchronized void putContainer(String field, Object value) {
        CONTAINER.put(field, value);
    }

    /** This container's fields, then this invocation's, in the order they were put. */
    public static Map<String, Object> fields() {
        Map<String, Object> all;
        synchronized (LogContext.class) {
            all = new LinkedHashMap<>(CONTAINER);
        }
        all.putAll(CURRENT.get());
        return all;
    }

    /** Ends the invocation: its fields do not leak into the next one's lines. */
    public static void clear() {
        CURRENT.get().clear();
    }
}
