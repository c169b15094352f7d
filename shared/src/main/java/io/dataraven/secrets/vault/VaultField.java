package io.dataraven.secrets.vault;

import java.util.regex.Pattern;

/**
 * One field of a vault connection's request, as its {@link VaultType} declares it. A {@code SETTING} says where
 * references are looked up (stored in the metadata, shown in responses); a {@code TOKEN} field is part of the secret
 * that authenticates us to the vault (kept in the credential store only, never shown, never quoted).
 *
 * @param defaultValue    the value when an optional setting is omitted (null: none)
 * @param prefix          the start a value must have (null: any), so a pasted token of the wrong kind is caught early
 * @param keptOnRotate    a token field a rotation may omit: the stored value stays (Infisical's client id)
 */
public record VaultField(String name, Kind kind, boolean required, int maxLength, String defaultValue, String prefix,
                         String description, boolean keptOnRotate) {

    public enum Kind { SETTING, TOKEN }

    /**
     * Tokens and client credentials are visible ASCII: anything else (spaces, CR/LF, NUL, DEL, non-ASCII) would be
     * refused later by the HTTP client as a header value, or is a paste accident.
     */
    private static final Pattern TOKEN_SHAPE = Pattern.compile("[\\x21-\\x7E]+");

    /** Settings go into provider URLs and logs: any text without control, format or unpaired surrogate chars. */
    private static final Pattern SETTING_SHAPE = Pattern.compile("[^\\p{Cc}\\p{Cf}\\p{Cs}]+");

    public static VaultField setting(String name, int maxLength, String description) {
        return new VaultField(name, Kind.SETTING, true, maxLength, null, null, description, false);
    }

    public static VaultField token(String name, int maxLength, String prefix, String description) {
        return new VaultField(name, Kind.TOKEN, true, maxLength, null, prefix, description, false);
    }

    /** This setting, optional: omitted means {@code value}. */
    public VaultField optional(String value) {
        return new VaultField(name, kind, false, maxLength, value, prefix, description, keptOnRotate);
    }

    /** This setting, constrained to start with {@code start}. */
    public VaultField startingWith(String start) {
        return new VaultField(name, kind, required, maxLength, defaultValue, start, description, keptOnRotate);
    }

    /** This token field, optional on rotation (the stored value is kept). */
    public VaultField keptWhenOmittedOnRotate() {
        return new VaultField(name, kind, required, maxLength, defaultValue, prefix, description, true);
    }

    public boolean isToken() {
        return kind == Kind.TOKEN;
    }

    /**
     * What is wrong with a given value, or null when it fits. Never quotes the value: token fields are secrets.
     */
    public String problem(String value) {
        if (value.isEmpty() || value.length() > maxLength) {
            return "must be 1 to " + maxLength + " characters";
        }
        if (isToken() ? !TOKEN_SHAPE.matcher(value).matches() : !SETTING_SHAPE.matcher(value).matches()) {
            return isToken() ? "must be visible ASCII characters only (no spaces, line breaks or control characters)"
                    : "must not contain control or invisible formatting characters";
        }
        if (prefix != null && !value.startsWith(prefix)) {
            return "must be " + description + " (starts with " + prefix + ")";
        }
        return null;
    }
}
