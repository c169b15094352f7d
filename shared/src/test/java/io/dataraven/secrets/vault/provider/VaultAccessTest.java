package io.dataraven.secrets.vault.provider;

import io.dataraven.secrets.testing.Vaults;
import io.dataraven.secrets.credential.Credentials;
import io.dataraven.secrets.vault.VaultAccess;
import io.dataraven.secrets.vault.VaultType;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

class VaultAccessTest {

    private static final String DOPPLER_TOKEN = "dp.st.production.Zx3kQ9vLrT2mNw8YpB5cHj7aFd1gSe4uXo6iKl0qWmAb";
    private static final String OP_TOKEN = "ops_eyJzaWduSW5BZGRyZXNzIjoibXkuMXBhc3N3b3JkLmNvbSJ9";
    private static final String CLIENT_ID = "8f5b3c1e-2d4a-4b6f-9e8d-7c6b5a4f3e2d";
    private static final String CLIENT_SECRET = "9d8c7b6a5f4e3d2c1b0a9f8e7d6c5b4a3f2e1d0c";

    @Test
    void toStringNamesTheSettingsButNoSecret() {
        assertThat(Vaults.doppler(DOPPLER_TOKEN, "my-project", "production").toString())
                .contains("my-project").contains("production").contains("https://api.doppler.com")
                .doesNotContain(DOPPLER_TOKEN).doesNotContain("Zx3kQ9");
        assertThat(Vaults.infisical(CLIENT_ID, CLIENT_SECRET, "6f1c2d3e", "prod", "/aws").toString())
                .contains("6f1c2d3e").contains("prod").contains("/aws").contains("https://app.infisical.com")
                .doesNotContain(CLIENT_ID).doesNotContain(CLIENT_SECRET);
        assertThat(Vaults.onePassword(OP_TOKEN).toString()).doesNotContain(OP_TOKEN);
    }

    @Test
    void infisicalReadsTheRootFolderWhenNoPathIsGiven() {
        assertThat(Vaults.infisical(CLIENT_ID, CLIENT_SECRET, "p", "prod", null).setting("secret_path")).isEqualTo("/");
        assertThat(Vaults.infisical(CLIENT_ID, CLIENT_SECRET, "p", "prod", " ").setting("secret_path")).isEqualTo("/");
        assertThatThrownBy(() -> Vaults.infisical(CLIENT_ID, CLIENT_SECRET, "p", "prod", "aws"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void eachVaultNeedsItsOwnSettings() {
        assertThatThrownBy(() -> Vaults.doppler(DOPPLER_TOKEN, "my-project", null))
                .hasMessageContaining("config");
        assertThatThrownBy(() -> Vaults.infisical(CLIENT_ID, " ", "p", "prod", "/"))
                .hasMessageContaining("client_secret");
        assertThatThrownBy(() -> Vaults.onePassword(null)).hasMessageContaining("access_token");
    }

    @Test
    void anotherVaultsSettingIsRefusedWithoutQuotingIt() {
        Throwable thrown = catchThrowable(() -> new VaultAccess(VaultType.DOPPLER, null,
                Vaults.dopplerSettings("my-project", "production"),
                new Credentials(Map.of("access_token", DOPPLER_TOKEN, "client_secret", CLIENT_SECRET))));

        assertThat(thrown).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("client_secret does not belong to a doppler connection");
        Leaks.assertNone(thrown, CLIENT_SECRET, DOPPLER_TOKEN);
    }

    @Test
    void aBaseUrlWithCredentialsIsRefusedWithoutQuotingThem() {
        VaultAccess access = Vaults.doppler(DOPPLER_TOKEN, "my-project", "production");

        Throwable thrown = catchThrowable(() -> access.withBaseUrl(URI.create("https://user:hunter2@example.com")));

        assertThat(thrown).isInstanceOf(IllegalArgumentException.class);
        Leaks.assertNone(thrown, "hunter2");
        assertThatThrownBy(() -> access.withBaseUrl(URI.create("ftp://example.com")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Vaults.onePassword(OP_TOKEN).withBaseUrl(URI.create("https://example.com")))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
