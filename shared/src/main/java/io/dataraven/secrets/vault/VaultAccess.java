package io.dataraven.secrets.vault;


import java.net.URI;
import java.util.Objects;

/**
 * What a provider needs to reach one vault connection (spec §4.1): its non-secret settings and its secret
 * token(s). Only the fields of the connection's {@link #vaultType()} may be set; the others must be null.
 *
 * <p>{@link #toString()} names the settings but never the token, the client id or the client secret, so a
 * VaultAccess can reach a log line or an exception message without leaking them.
 *
 * @param vaultType    the provider this access is for
 * @param baseUrl      the provider's API root; defaults to the public cloud endpoint for Doppler and
 *                     Infisical, overridable (tests, Infisical EU or self-hosted); always null for 1Password,
 *                     whose CLI finds its own endpoint
 * @param project      Doppler project slug
 * @param config       Doppler config name (e.g. {@code production})
 * @param projectId    Infisical project id
 * @param environment  Infisical environment slug (e.g. {@code prod})
 * @param secretPath   Infisical folder path, {@code /} when not given
 * @param accessToken  Doppler service token ({@code dp.st.}) or 1Password service-account token
 *                     ({@code ops_}): secret
 * @param clientId     Infisical machine-identity client id: treated as secret
 * @param clientSecret Infisical machine-identity client secret: secret
 */
public record VaultAccess(VaultType vaultType, URI baseUrl,
                          String project, String config,
                          String projectId, String environment, String secretPath,
                          String accessToken, String clientId, String clientSecret) {

    public static final URI DOPPLER_API = URI.create("https://api.doppler.com");
    public static final URI INFISICAL_API = URI.create("https://app.infisical.com");
    public static final String DEFAULT_SECRET_PATH = "/";

    public VaultAccess {
        Objects.requireNonNull(vaultType, "vaultType");
        switch (vaultType) {
            case DOPPLER -> {
                baseUrl = baseUrl == null ? DOPPLER_API : checkedBaseUrl(baseUrl);
                required("project", project);
                required("config", config);
                required("access token", accessToken);
                absent(vaultType, "project id", projectId, "environment", environment, "secret path", secretPath,
                        "client id", clientId, "client secret", clientSecret);
            }
            case INFISICAL -> {
                baseUrl = baseUrl == null ? INFISICAL_API : checkedBaseUrl(baseUrl);
                required("project id", projectId);
                required("environment", environment);
                secretPath = secretPath == null || secretPath.isBlank() ? DEFAULT_SECRET_PATH : secretPath;
                if (!secretPath.startsWith("/")) {
                    throw new IllegalArgumentException("Infisical secret path must start with '/': " + secretPath);
                }
                required("client id", clientId);
                required("client secret", clientSecret);
                absent(vaultType, "project", project, "config", config, "access token", accessToken);
            }
            case ONEPASSWORD -> {
                if (baseUrl != null) {
                    throw new IllegalArgumentException("1Password access has no base URL: the op CLI finds its own");
                }
                required("access token", accessToken);
                absent(vaultType, "project", project, "config", config, "project id", projectId,
                        "environment", environment, "secret path", secretPath, "client id", clientId,
                        "client secret", clientSecret);
            }
        }
    }

    public static VaultAccess doppler(String accessToken, String project, String config) {
        return new VaultAccess(VaultType.DOPPLER, null, project, config, null, null, null, accessToken, null, null);
    }

    /** {@code secretPath} may be null: the folder is then {@code /}. */
    public static VaultAccess infisical(String clientId, String clientSecret, String projectId, String environment,
                                        String secretPath) {
        return new VaultAccess(VaultType.INFISICAL, null, null, null, projectId, environment, secretPath, null,
                clientId, clientSecret);
    }

    public static VaultAccess onePassword(String accessToken) {
        return new VaultAccess(VaultType.ONEPASSWORD, null, null, null, null, null, null, accessToken, null, null);
    }

    /** The same access against another API root (a test server, Infisical EU or self-hosted). */
    public VaultAccess withBaseUrl(URI otherBaseUrl) {
        return new VaultAccess(vaultType, Objects.requireNonNull(otherBaseUrl, "baseUrl"), project, config,
                projectId, environment, secretPath, accessToken, clientId, clientSecret);
    }

    @Override
    public String toString() {
        return switch (vaultType) {
            case DOPPLER -> "VaultAccess[doppler, baseUrl=" + baseUrl + ", project=" + project + ", config=" + config
                    + ", accessToken=<redacted>]";
            case INFISICAL -> "VaultAccess[infisical, baseUrl=" + baseUrl + ", projectId=" + projectId
                    + ", environment=" + environment + ", secretPath=" + secretPath
                    + ", clientId=<redacted>, clientSecret=<redacted>]";
            case ONEPASSWORD -> "VaultAccess[onepassword, accessToken=<redacted>]";
        };
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

    private static void required(String name, String value) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(name + " is required");
        }
    }

    /** Pairs of (name, value). Messages name the field only, never its value: some of these are secrets. */
    private static void absent(VaultType type, String... namesAndValues) {
        for (int i = 0; i < namesAndValues.length; i += 2) {
            if (namesAndValues[i + 1] != null) {
                throw new IllegalArgumentException(namesAndValues[i] + " does not belong to a " + type.wire()
                        + " connection");
            }
        }
    }
}
