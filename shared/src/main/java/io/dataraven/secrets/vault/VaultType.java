package io.dataraven.secrets.vault;

import java.util.List;
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
            "a 1Password secret reference op://<vault>/<item>/[<section>/]<field>",
            "1Password", List.of("access_token"), List.of(), List.of("access_token"), "ops_",
            "1Password service-account token"),
    /** Doppler secret names: upper-case letters, digits and underscores, not starting with a digit. */
    DOPPLER(Pattern.compile("[A-Z_][A-Z0-9_]*"),
            "a Doppler secret name (upper-case letters, digits and underscores, e.g. AWS_ACCESS_KEY_ID)",
            "Doppler", List.of("access_token", "project", "config"), List.of(), List.of("access_token"), "dp.st.",
            "Doppler service token"),
    /** Infisical secret keys: letters, digits, underscores, dots and hyphens. */
    INFISICAL(Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]*"),
            "an Infisical secret key (letters, digits, underscores, dots and hyphens, e.g. AWS_SECRET_ACCESS_KEY)",
            "Infisical", List.of("client_id", "client_secret", "project_id", "environment"), List.of("secret_path"),
            List.of("client_id", "client_secret"), null, null);

    public static final int MAX_REFERENCE_LENGTH = 1024;

    private final Pattern reference;
    private final String referenceDescription;
    private final String displayName;
    private final List<String> requiredFields;
    private final List<String> optionalFields;
    private final List<String> tokenFields;
    private final String tokenPrefix;
    private final String tokenDescription;

    /**
     * One descriptor per vault type, as {@code AuthMethod} is for credentials: what a connection of this type takes
     * (required and optional request fields), which of them are the stored token (never metadata), and the shape a
     * pasted token must have.
     */
    VaultType(Pattern reference, String referenceDescription, String displayName, List<String> requiredFields,
              List<String> optionalFields, List<String> tokenFields, String tokenPrefix, String tokenDescription) {
        this.reference = reference;
        this.referenceDescription = referenceDescription;
        this.displayName = displayName;
        this.requiredFields = requiredFields;
        this.optionalFields = optionalFields;
        this.tokenFields = tokenFields;
        this.tokenPrefix = tokenPrefix;
        this.tokenDescription = tokenDescription;
    }

    public String displayName() {
        return displayName;
    }

    /** The request fields a connection of this type requires (its token fields among them). */
    public List<String> requiredFields() {
        return requiredFields;
    }

    public List<String> optionalFields() {
        return optionalFields;
    }

    /** The fields that make up the stored token, kept in the credential store only. */
    public List<String> tokenFields() {
        return tokenFields;
    }

    /** The prefix a token of this type starts with (null: no fixed shape), and what such a token is called. */
    public String tokenPrefix() {
        return tokenPrefix;
    }

    public String tokenDescription() {
        return tokenDescription;
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
