package io.dataraven.secrets.vault;

import io.dataraven.secrets.credential.Credentials;

import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What a provider needs to reach one vault connection (spec §4.1): its type, the API root, its settings and its
 * token, checked against the type's fields: every required field present, no field of another type.
 *
 * <p>{@link #toString()} names the settings but never a token field, so a VaultAccess can reach a log line or an
 * exception message without leaking them.
 *
 * @param baseUrl the provider's API root: the type's default unless overridden (tests, Infisical EU or
 *                self-hosted); null for a type without one (1Password's CLI finds its own endpoint)
 */
public record VaultAccess(VaultType vaultType, URI baseUrl, VaultSettings settings, Credentials token) {

    public VaultAccess {
        Objects.requireNonNull(vaultType, "vaultType");
        if (vaultType.defaultBaseUrl() == null && baseUrl != null) {
            throw new IllegalArgumentException(vaultType.displayName() + " access has no base URL: its client "
                    + "finds its own");
        }
        baseUrl = baseUrl == null ? vaultType.defaultBaseUrl() : checkedBaseUrl(baseUrl);
        Map<String, String> given = new LinkedHashMap<>(settings == null ? Map.of() : settings.values());
        Map<String, String> secret = token == null ? Map.of() : token.values();
        Map<String, String> complete = new LinkedHashMap<>();
        for (VaultField field : vaultType.fields()) {
            String value = field.isToken() ? secret.get(field.name()) : given.remove(field.name());
            if (value == null || value.isBlank()) {
                value = field.defaultValue();
            }
            if (value == null) {
                throw new IllegalArgumentException(field.name() + " is required for a " + vaultType.wire()
                        + " connection");
            }
            if (!field.isToken()) {
                complete.put(field.name(), value);
            }
            if (field.prefix() != null && !field.isToken() && !value.startsWith(field.prefix())) {
                throw new IllegalArgumentException(field.name() + " must start with '" + field.prefix() + "'");
            }
        }
        // Named, never quoted: the field may belong to another type's token.
        List<String> strays = new ArrayList<>(given.keySet());
        secret.keySet().stream().filter(name -> vaultType.field(name).filter(VaultField::isToken).isEmpty())
                .forEach(strays::add);
        if (!strays.isEmpty()) {
            throw new IllegalArgumentException(String.join(", ", strays) + " does not belong to a "
                    + vaultType.wire() + " connection");
        }
        settings = new VaultSettings(complete);
    }

    /** A setting of this connection (never null: required ones are checked, optional ones defaulted). */
    public String setting(String name) {
        return settings.get(name);
    }

    /** A token field's value: a secret, for the provider's request only. */
    public String tokenField(String name) {
        return token.values().get(name);
    }

    /** The same access against another API root (a test server, Infisical EU or self-hosted). */
    public VaultAccess withBaseUrl(URI otherBaseUrl) {
        return new VaultAccess(vaultType, Objects.requireNonNull(otherBaseUrl, "baseUrl"), settings, token);
    }

    @Override
    public String toString() {
        StringBuilder out = new StringBuilder("VaultAccess[").append(vaultType.wire());
        if (baseUrl != null) {
            out.append(", baseUrl=").append(baseUrl);
        }
        settings.values().forEach((name, value) -> out.append(", ").append(name).append('=').append(value));
        vaultType.tokenFields().forEach(f -> out.append(", ").append(f.name()).append("=<redacted>"));
        return out.append(']').toString();
    }

    private static URI checkedBaseUrl(URI baseUrl) {
        // Checked first, and the URL not quoted: user info would be a credential.
        if (baseUrl.getRawUserInfo() != null || baseUrl.getRawQuery() != null || baseUrl.getRawFragment() != null) {
            throw new IllegalArgumentException("base URL must not carry user info, a query or a fragment");
        }
        String scheme = baseUrl.getScheme();
        if (!("https".equals(scheme) || "http".equals(scheme)) || baseUrl.getHost() == null) {
            throw new IllegalArgumentException("base URL must be an absolute http(s) URL: " + baseUrl);
        }
        return baseUrl;
    }
}
