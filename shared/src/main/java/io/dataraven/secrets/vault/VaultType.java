package io.dataraven.secrets.vault;

import java.net.URI;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * The external vaults a team can connect (spec §3.5), one descriptor each, as {@code AuthMethod} is for credentials:
 * the fields a connection takes (settings and token, with their shapes), the provider's default API root, the
 * reference syntax (spec §4.4) and how a connection is named in messages. A new vault type is a new constant here
 * plus its provider client; nothing else switches on the type.
 */
public enum VaultType {
    /** {@code op://<vault>/<item>/[<section>/]<field>}, 1Password's secret reference syntax. */
    ONEPASSWORD("1Password", null,
            Pattern.compile("op://[^/\\p{Cntrl}?]+/[^/\\p{Cntrl}?]+(/[^/\\p{Cntrl}?]+)?/[^/\\p{Cntrl}?]+"),
            "a 1Password secret reference op://<vault>/<item>/[<section>/]<field>",
            List.of(VaultField.token("access_token", 4096, "ops_", "a 1Password service-account token")),
            settings -> "1Password"),
    /** Doppler secret names: upper-case letters, digits and underscores, not starting with a digit. */
    DOPPLER("Doppler", URI.create("https://api.doppler.com"), Pattern.compile("[A-Z_][A-Z0-9_]*"),
            "a Doppler secret name (upper-case letters, digits and underscores, e.g. AWS_ACCESS_KEY_ID)",
            List.of(VaultField.token("access_token", 4096, "dp.st.", "a Doppler service token"),
                    VaultField.setting("project", 255, "the Doppler project"),
                    VaultField.setting("config", 255, "the Doppler config")),
            settings -> "Doppler project " + settings.get("project") + ", config " + settings.get("config")),
    /** Infisical secret keys: letters, digits, underscores, dots and hyphens. */
    INFISICAL("Infisical", URI.create("https://app.infisical.com"), Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]*"),
            "an Infisical secret key (letters, digits, underscores, dots and hyphens, e.g. AWS_SECRET_ACCESS_KEY)",
            List.of(VaultField.token("client_id", 255, null, "an Infisical machine-identity client id")
                            .keptWhenOmittedOnRotate(),
                    VaultField.token("client_secret", 1000, null, "an Infisical machine-identity client secret"),
                    VaultField.setting("project_id", 255, "the Infisical project id"),
                    VaultField.setting("environment", 100, "the Infisical environment slug"),
                    VaultField.setting("secret_path", 500, "the Infisical folder (e.g. /aws)").optional("/")
                            .startingWith("/")),
            settings -> "Infisical project " + settings.get("project_id") + ", environment "
                    + settings.get("environment"));

    public static final int MAX_REFERENCE_LENGTH = 1024;

    /** Every field name any type takes, in declaration order: what a request body may carry besides its own. */
    private static final Set<String> ALL_FIELDS;

    static {
        Set<String> all = new LinkedHashSet<>();
        for (VaultType type : values()) {
            type.fields.forEach(f -> all.add(f.name()));
        }
        ALL_FIELDS = Collections.unmodifiableSet(all);
    }

    private final String displayName;
    private final URI defaultBaseUrl;
    private final Pattern reference;
    private final String referenceDescription;
    private final List<VaultField> fields;
    private final Function<VaultSettings, String> describe;

    VaultType(String displayName, URI defaultBaseUrl, Pattern reference, String referenceDescription,
              List<VaultField> fields, Function<VaultSettings, String> describe) {
        this.displayName = displayName;
        this.defaultBaseUrl = defaultBaseUrl;
        this.reference = reference;
        this.referenceDescription = referenceDescription;
        this.fields = fields;
        this.describe = describe;
    }

    public String displayName() {
        return displayName;
    }

    /** The provider's public API root; null when the provider finds its own (1Password's CLI). */
    public URI defaultBaseUrl() {
        return defaultBaseUrl;
    }

    /** The fields a connection of this type takes, settings and token. */
    public List<VaultField> fields() {
        return fields;
    }

    public List<VaultField> tokenFields() {
        return fields.stream().filter(VaultField::isToken).toList();
    }

    public List<VaultField> settingFields() {
        return fields.stream().filter(f -> !f.isToken()).toList();
    }

    public Optional<VaultField> field(String name) {
        return fields.stream().filter(f -> f.name().equals(name)).findFirst();
    }

    /** Every vault field name of every type (request parsing, storage). */
    public static Set<String> allFieldNames() {
        return ALL_FIELDS;
    }

    /** The connection in words for messages, e.g. "Doppler project backend, config prd": settings only. */
    public String describe(VaultSettings settings) {
        return describe.apply(settings);
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
