package io.dataraven.secrets.vault;

/**
 * The non-secret settings of a vault connection (spec §4.1): where to look up references. Tokens and client
 * credentials are not here: they live in the credential store.
 *
 * @param project     Doppler project slug
 * @param config      Doppler config name
 * @param projectId   Infisical project id
 * @param environment Infisical environment slug
 * @param secretPath  Infisical folder path ({@code /} by default)
 */
public record VaultSettings(String project, String config, String projectId, String environment, String secretPath) {

    public static final VaultSettings NONE = new VaultSettings(null, null, null, null, null);

    public static VaultSettings doppler(String project, String config) {
        return new VaultSettings(project, config, null, null, null);
    }

    public static VaultSettings infisical(String projectId, String environment, String secretPath) {
        return new VaultSettings(null, null, projectId, environment, secretPath);
    }
}
