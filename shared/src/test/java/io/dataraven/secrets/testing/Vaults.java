package io.dataraven.secrets.testing;

import io.dataraven.secrets.credential.Credentials;
import io.dataraven.secrets.vault.VaultAccess;
import io.dataraven.secrets.vault.VaultSettings;
import io.dataraven.secrets.vault.VaultType;

import java.util.LinkedHashMap;
import java.util.Map;

/** Settings and accesses of each vault type, by their field names, for tests. */
public final class Vaults {

    private Vaults() {
    }

    public static VaultSettings dopplerSettings(String project, String config) {
        Map<String, String> values = new LinkedHashMap<>();
        values.put("project", project);
        values.put("config", config);
        return new VaultSettings(values);
    }

    /** {@code secretPath} may be null (the root folder). */
    public static VaultSettings infisicalSettings(String projectId, String environment, String secretPath) {
        Map<String, String> values = new LinkedHashMap<>();
        values.put("project_id", projectId);
        values.put("environment", environment);
        values.put("secret_path", secretPath);
        return new VaultSettings(values);
    }

    public static VaultAccess doppler(String accessToken, String project, String config) {
        return new VaultAccess(VaultType.DOPPLER, null, dopplerSettings(project, config),
                token("access_token", accessToken));
    }

    public static VaultAccess infisical(String clientId, String clientSecret, String projectId, String environment,
                                        String secretPath) {
        return new VaultAccess(VaultType.INFISICAL, null, infisicalSettings(projectId, environment, secretPath),
                token("client_id", clientId, "client_secret", clientSecret));
    }

    public static VaultAccess onePassword(String accessToken) {
        return new VaultAccess(VaultType.ONEPASSWORD, null, VaultSettings.NONE,
                token("access_token", accessToken));
    }

    /** Pairs of (field, value); null values are left out, as a request without the field. */
    private static Credentials token(String... fieldsAndValues) {
        Map<String, String> values = new LinkedHashMap<>();
        for (int i = 0; i < fieldsAndValues.length; i += 2) {
            if (fieldsAndValues[i + 1] != null) {
                values.put(fieldsAndValues[i], fieldsAndValues[i + 1]);
            }
        }
        return new Credentials(values);
    }
}
