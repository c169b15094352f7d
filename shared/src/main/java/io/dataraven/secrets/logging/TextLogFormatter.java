package io.dataraven.secrets.logging;

import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.logging.Formatter;
import java.util.logging.LogRecord;

/**
 * One readable line per record for a terminal (the local server's default): time, level, message, then the
 * {@link LogContext} fields as {@code key=value}. Same fields as {@link JsonLogFormatter}, same rule for exceptions.
 */
public final class TextLogFormatter extends Formatter {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss.SSS").withZone(ZoneOffset.UTC);

    @Override
    public String format(LogRecord record) {
        StringBuilder line = new StringBuilder(160)
                .append(TIME.format(record.getInstant())).append(' ')
                .append(JsonLogFormatter.level(record.getLevel())).append(' ')
                .append(formatMessage(record));
        for (Map.Entry<String, Object> field : LogContext.fields().entrySet()) {
            line.append(' ').append(field.getKey()).append('=').append(field.getValue());
        }
        if (record.getThrown() != null) {
            line.append(" error_type=").append(record.getThrown().getClass().getName());
        }
        return line.append(System.lineSeparator()).toString();
    }
}
