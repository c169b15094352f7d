package io.dataraven.secrets.logging;

import java.util.Locale;
import java.util.logging.ConsoleHandler;
import java.util.logging.Formatter;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Configures the process's logging (System.Logger, which writes through java.util.logging): one formatter on the
 * root's handlers, JSON or text, and the application log level. Our own formatter rather than Powertools logging:
 * see the README (Logging) for the measured cost of each.
 */
public final class Logs {

    private Logs() {
    }

    /**
     * @param format "json" or "text" (any case); anything else is text
     * @param level  Lambda's level names (TRACE, DEBUG, INFO, WARN, ERROR, FATAL), or null to keep INFO
     */
    public static void configure(String format, String level) {
        Logger root = Logger.getLogger("");
        Formatter formatter = "json".equalsIgnoreCase(format) ? new JsonLogFormatter() : new TextLogFormatter();
        Handler[] handlers = root.getHandlers();
        if (handlers.length == 0) {
            root.addHandler(new ConsoleHandler());
            handlers = root.getHandlers();
        }
        Level threshold = level(level);
        for (Handler handler : handlers) {
            handler.setFormatter(formatter);
            handler.setLevel(threshold);
        }
        root.setLevel(threshold);
    }

    static Level level(String name) {
        if (name == null || name.isBlank()) {
            return Level.INFO;
        }
        return switch (name.strip().toUpperCase(Locale.ROOT)) {
            case "TRACE" -> Level.FINEST;
            case "DEBUG" -> Level.FINE;
            case "WARN" -> Level.WARNING;
            case "ERROR", "FATAL" -> Level.SEVERE;
            default -> Level.INFO;
        };
    }
}
