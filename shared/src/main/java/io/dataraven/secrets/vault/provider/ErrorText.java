package io.dataraven.secrets.vault.provider;

import java.util.Locale;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a provider's error text (an HTTP error body's messages, the op CLI's stderr) to classify a failure.
 * The text is only matched, never quoted into our messages: it may echo anything.
 *
 * <p>Before matching, the names the text quotes (vaults, items, secrets, configs, the reference itself) are
 * cut out, so an item called "authentication" or a secret called {@code NOT_FOUND} cannot steer the
 * classification.
 */
final class ErrorText {

    private static final Pattern DOUBLE_QUOTED = Pattern.compile("\"[^\"]*\"");
    /** A single quote not preceded by a letter opens a quotation; the one in "isn't" does not. */
    private static final Pattern SINGLE_QUOTED = Pattern.compile("(?<![\\p{L}\\p{N}])'[^']*'");
    private static final Pattern OP_REFERENCE = Pattern.compile("op://\\S+");
    private static final Pattern RETRY_IN = Pattern.compile(
            "(?:retry|try again) in (\\d{1,9}) ?(second|sec|s|minute|min|m|hour|h)s?\\b");

    private final String text;

    private ErrorText(String text) {
        this.text = text;
    }

    /** {@code quoted}: the literal names the caller knows the text may contain (references, secret names). */
    static ErrorText of(String raw, String... quoted) {
        String text = raw == null ? "" : raw;
        for (String name : quoted) {
            if (name != null && !name.isEmpty()) {
                text = text.replace(name, " ");
            }
        }
        text = DOUBLE_QUOTED.matcher(text).replaceAll(" ");
        text = SINGLE_QUOTED.matcher(text).replaceAll(" ");
        text = OP_REFERENCE.matcher(text).replaceAll(" ");
        return new ErrorText(text.toLowerCase(Locale.ROOT));
    }

    boolean containsAny(String... needles) {
        for (String needle : needles) {
            if (text.contains(needle.toLowerCase(Locale.ROOT))) {
                return true;
            }
        }
        return false;
    }

    boolean isEmpty() {
        return text.isBlank();
    }

    /** "Please try again in 12 seconds", "Please retry in 59 minutes": the wait, in seconds. */
    OptionalLong retryAfterSeconds() {
        Matcher m = RETRY_IN.matcher(text);
        if (!m.find()) {
            return OptionalLong.empty();
        }
        long amount = Long.parseLong(m.group(1));
        return switch (m.group(2)) {
            case "minute", "min", "m" -> OptionalLong.of(amount * 60);
            case "hour", "h" -> OptionalLong.of(amount * 3600);
            default -> OptionalLong.of(amount);
        };
    }
}
