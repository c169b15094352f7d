package io.dataraven.secrets.credential;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Credential values of one secret. Its {@code toString} names the fields only, so a value can never reach a
 * log line or an exception message by accident.
 */
public final class Credentials {

    private final Map<String, String> values;

    public Credentials(Map<String, String> values) {
        this.values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
    }

    public Map<String, String> values() {
        return values;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Credentials c && c.values.equals(values);
    }

    @Override
    public int hashCode() {
        return values.hashCode();
    }

    @Override
    public String toString() {
        return "Credentials" + values.keySet() + " (values redacted)";
    }
}
