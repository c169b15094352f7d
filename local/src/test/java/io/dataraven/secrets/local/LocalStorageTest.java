package io.dataraven.secrets.local;

import io.dataraven.secrets.auth.Principal;
import io.dataraven.secrets.auth.Role;
import io.dataraven.secrets.config.App;
import io.dataraven.secrets.secret.Secret;
import io.dataraven.secrets.secret.SecretRequests;
import io.dataraven.secrets.common.Databind;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The local server honours CREDENTIALS_PATH_PREFIX like every function: credentials go below the configured prefix. */
class LocalStorageTest {

    private static final UUID TEAM = UUID.randomUUID();
    private static final Principal ADMIN = new Principal("u", Map.of(TEAM, Role.ADMIN));

    private static Secret create(App app) throws Exception {
        return app.secretService().create(ADMIN, TEAM, SecretRequests.create((com.fasterxml.jackson.databind.node.ObjectNode)
                Databind.MAPPER.readTree("{\"name\":\"n\",\"secret_type\":\"s3\",\"auth_method\":\"s3_access_key\","
                        + "\"credentials\":{\"access_key_id\":\"AKIAIOSFODNN7EXAMPLE\","
                        + "\"secret_access_key\":\"wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\"}}")));
    }

    @Test
    void theConfiguredPrefixIsWhereCredentialsGo() throws Exception {
        LocalStorage storage = LocalStorage.fromEnvironment(Map.of("CREDENTIALS_PATH_PREFIX", "/team-b/local"));
        assertThat(storage.paths().prefix()).isEqualTo("/team-b/local");
        Secret secret = create(storage.app(token -> ADMIN));
        assertThat(secret.credentialPath()).startsWith("/team-b/local/teams/" + TEAM + "/secrets/");
        assertThat(storage.credentials().read(secret.credentialPath(), secret.credentialVersion())).isPresent();
    }

    @Test
    void withoutOneTheLocalServerKeepsToItsOwnPrefix() {
        assertThat(LocalStorage.fromEnvironment(Map.of()).paths().prefix()).isEqualTo("/dataraven/local");
    }

    @Test
    void aMalformedPrefixStopsTheServerAtStart() {
        assertThatThrownBy(() -> LocalStorage.fromEnvironment(Map.of("CREDENTIALS_PATH_PREFIX", "no-slash")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("prefix");
    }
}
