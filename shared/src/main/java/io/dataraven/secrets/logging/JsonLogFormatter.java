package io.dataraven.secrets.logging;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dataraven.secrets.common.Json;

import java.util.Map;
import java.util.logging.Formatter;
import java.util.logging.Level;
import java.util.logging.LogRecord;

/**
 * One JSON object per line: {@code timestamp} (RFC 3339, which Lambda's log-level filtering needs), {@code level}
 * (Lambda's names: TRACE, DEBUG, INFO, WARN, ERROR), {@code logger}, {@code message}, then the {@link LogContext}
 * fields. A thrown exception adds its type only ({@code error_type}): an SDK or parser message could quote input.
 * Lambda's JSON log format passes such lines through as they are.
 */
public final class JsonLogFormatter extends Formatter {

    @Override
    public String format(LogRecord record) {
        ObjectNode line = Json.object();
        line.put("timestamp", record.getInstant().toString());
        line.put("level", level(record.getLevel()));
        line.put("logger", record.getLoggerName());
        line.put("message", formatMessage(record));
        for (Map.Entry<String, Object> field : LogContext.fields().entrySet()) {
            Object value = field.getValue();
            if (value instanceof Integer number) {
                line.put(field.getKey(), number);
            } else if (value instanceof Long number) {
                line.put(field.getKey(), number);
            } else if (value instanceof Double number) {
                line.put(field.getKey(), number);
            } else if (value instanceof Boolean flag) {
                line.put(field.getKey(), flag);
            } else {
                line.put(field.getKey(), String.valueOf(value));
            }
        }
        if (record.getThrown() != null) {
            line.put("error_type", record.getThrown().getClass().getName());
        }
        try {
            return Json.write(line) + System.lineSeparator();
        } catch (RuntimeException e) {
            // A formatter that throws loses the line: say that one was lost instead.
            return "{\"level\":\"ERROR\",\"message\":\"log line not serializable\"}" + System.lineSeparator();
        }
    }

    /** java.util.logging's levels as Lambda names them (System.Logger's map onto these). */
    static String level(Level level) {
        int value = level.intValue();
        if (value >= Level.SEVERE.intValue()) {
            return "ERROR";
        }
        if (value >= Level.WARNING.intValue()) {
            return "WARN";
        }
        if (value >= Level.INFO.intValue()) {
            return "INFO";
        }
        return value >= Level.FINE.intValue() ? "DEBUG" : "TRACE";
    }
}
