package io.dataraven.secrets.credential;

import io.dataraven.secrets.common.Violation;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;

/**
 * When a credential works, as far as the credential itself says: an Azure SAS URL carries its validity window in
 * its token ({@code st=} signed start, {@code se=} signed expiry, UTC ISO 8601: {@code YYYY-MM-DD},
 * {@code YYYY-MM-DDThh:mmZ} or {@code YYYY-MM-DDThh:mm:ssZ}). Other credentials say nothing, and have no validity.
 *
 * @param notBefore null: valid from issue
 * @param expiresAt null: no expiry in the credential (a SAS bound to a stored access policy keeps it there)
 */
public record CredentialValidity(Instant notBefore, Instant expiresAt) {

    /** The window a credential set carries, or null when it carries none (or is not one that could). */
    public static CredentialValidity of(AuthMethod method, Map<String, String> credentials) {
        if (method != AuthMethod.AZURE_SAS_URL || credentials == null || credentials.get("sas_url") == null) {
            return null;
        }
        String query = rawQuery(credentials.get("sas_url"));
        Instant start = time(parameter(query, "st"));
        Instant expiry = time(parameter(query, "se"));
        return start == null && expiry == null ? null : new CredentialValidity(start, expiry);
    }

    /**
     * Adds the window's problems at {@code credentials.sas_url}: a date that does not parse, a start after the
     * expiry, an expiry already past at {@code now} (naming the date, never the URL).
     */
    public static void check(AuthMethod method, Map<String, String> credentials, Instant now, List<Violation> out) {
        if (method != AuthMethod.AZURE_SAS_URL || credentials == null || credentials.get("sas_url") == null) {
            return;
        }
        String query = rawQuery(credentials.get("sas_url"));
        if (query == null) {
            return; // the URL's own problems are CredentialRules'
        }
        String st = parameter(query, "st");
        String se = parameter(query, "se");
        boolean parsed = true;
        for (String[] field : new String[][]{{"st", st}, {"se", se}}) {
            if (field[1] != null && time(field[1]) == null) {
                parsed = false;
                out.add(Violation.body("the SAS token's " + field[0] + "= is not a UTC ISO 8601 time (YYYY-MM-DD, "
                        + "YYYY-MM-DDThh:mmZ or YYYY-MM-DDThh:mm:ssZ)", "value_error", "credentials", "sas_url"));
            }
        }
        if (!parsed) {
            return;
        }
        Instant start = time(st);
        Instant expiry = time(se);
        if (expiry != null && !expiry.isAfter(now)) {
            out.add(Violation.body("the SAS token expired at " + expiry + " (its se=); issue a new SAS with a later "
                    + "expiry", "value_error", "credentials", "sas_url"));
        } else if (start != null && expiry != null && !start.isBefore(expiry)) {
            out.add(Violation.body("the SAS token starts (st=" + start + ") at or after it expires (se=" + expiry
                    + ")", "value_error", "credentials", "sas_url"));
        }
    }

    private static String rawQuery(String url) {
        try {
            return new URI(url).getRawQuery();
        } catch (URISyntaxException e) {
            return null;
        }
    }

    /** The decoded value of one query parameter; null when absent (or the query is missing). */
    private static String parameter(String rawQuery, String name) {
        if (rawQuery == null) {
            return null;
        }
        for (String pair : rawQuery.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0 && pair.substring(0, eq).equals(name)) {
                try {
                    return URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
                } catch (IllegalArgumentException e) {
                    return "";
                }
            }
        }
        return null;
    }

    /** A SAS time: a UTC date (midnight) or a date-time with an offset; null when absent or unreadable. */
    private static Instant time(String value) {
        if (value == null) {
            return null;
        }
        try {
            if (value.length() == 10) {
                return LocalDate.parse(value).atStartOfDay(ZoneOffset.UTC).toInstant();
            }
            return OffsetDateTime.parse(value).toInstant();
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
