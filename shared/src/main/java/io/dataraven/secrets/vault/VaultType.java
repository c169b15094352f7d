package io.dataraven.secrets.vault;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The external vaults a team can connect (spec §3.5), with the reference syntax each understands
 * (spec §4.4). References are pointers, not secret values, so messages may quote them.
 */
public enum VaultType {
    /** {@code op://<vault>/<item>/[<section>/]<field>}, 1Password's secret reference syntax. */
    ONEPASSWORD(Pattern.compile("op://[^/\\p{Cntrl}?]+/[^/\\p{Cntrl}?]+(/[^/\\p{Cntrl}?]+)?/[^/\\p{Cntrl}?]+"),
            "a 1Password secret reference op://<vault>/<item>/[<section>/]<field>"),
    /** Doppler secret names: upper-case letters, digits and underscores, not starting with a digit. */
    DOPPLER(Pattern.compile("[A-Z_][A-Z0-9_]*"),
            "a Doppler secret name (upper-case letters, digits and underscores, e.g. AWS_ACCESS_KEY_ID)"),
    /** Infisical secret keys: letters, digits, underscores, dots and hyphens. */
    INFISICAL(Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]*"),
            "an Infisical secret key (letters, digits, underscores, dots and hyphens, e.g. AWS_SECRET_ACCESS_KEY)");

    public static final int MAX_REFERENCE_LENGTH = 1024;

    private final Pattern reference;
    private final String referenceDescription;

    VaultType(Pattern reference, String referenceDescription) {
        this.reference = reference;
        this.referenceDescription = referenceDescription;
    }

    public boolean acceptsReference(String ref) {
        return ref.length() <= MAX_REFERENCE_LENGTH && reference.matcher(ref).matches();
    }

    public String referenceDescription() {
        return referenceDescription;
    }

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<VaultType> fromWire(String value) {
        for (VaultType type : values()) {
            if (type.wire().equals(value)) {
                return Optional.of(type);
            }
        }
        return Optional.empty();
    }
}
