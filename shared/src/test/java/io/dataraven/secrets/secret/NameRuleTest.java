package io.dataraven.secrets.secret;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dataraven.secrets.api.ApiException;
import io.dataraven.secrets.auth.Principal;
import io.dataraven.secrets.auth.Role;
import io.dataraven.secrets.common.Databind;
import io.dataraven.secrets.common.Violation;
import io.dataraven.secrets.team.Tier;
import io.dataraven.secrets.testing.Failures;
import io.dataraven.secrets.testing.TestApp;
import io.dataraven.secrets.vault.VaultConnection;
import io.dataraven.secrets.vault.VaultConnectionRequests;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.dataraven.secrets.testing.TestApp.directS3;
import static io.dataraven.secrets.testing.TestApp.json;
import static org.assertj.core.api.Assertions.assertThat;

/** One name rule (common.Names) for secrets and vault connections, on create and on PATCH alike. */
class NameRuleTest {

    private static final UUID TEAM = UUID.fromString("6f1c2a9e-7d1b-4c3a-9e55-0a1b2c3d4e5f");
    private final TestApp t = new TestApp();
    private final Principal admin = new Principal("admin-1", Map.of(TEAM, Role.ADMIN));

    {
        t.store.setTier(TEAM, Tier.PRO);
    }

    private static ApiException refused(Runnable action) {
        try {
            action.run();
        } catch (RuntimeException e) {
            return Failures.http(e);
        }
        throw new AssertionError("expected a refusal");
    }

    private Secret createSecret(String name) {
        return t.app.secretService().create(admin, TEAM, SecretRequests.create(directS3(name)));
    }

    private VaultConnection createConnection(String name) {
        ObjectNode body = json("{\"vault_type\":\"onepassword\",\"access_token\":\"ops_abc\"}");
        body.put("name", name);
        return t.app.vaultConnectionService().create(admin, TEAM, VaultConnectionRequests.create(body));
    }

    private ObjectNode rename(String name) {
        ObjectNode body = Databind.MAPPER.createObjectNode();
        body.put("name", name);
        return body;
    }

    /** The one violation of each of the four writes that take a name. */
    private List<Violation> fourRefusals(String name) {
        Secret secret = createSecret("secret " + UUID.randomUUID());
        VaultConnection connection = createConnection("connection " + UUID.randomUUID());
        return List.of(
                refused(() -> createSecret(name)),
                refused(() -> t.app.secretService().update(admin, TEAM, secret.id(),
                        SecretRequests.update(rename(name)))),
                refused(() -> createConnection(name)),
                refused(() -> t.app.vaultConnectionService().update(admin, TEAM, connection.id(),
                        VaultConnectionRequests.update(rename(name))))).stream()
                .map(e -> {
                    assertThat(e.status()).isEqualTo(400);
                    assertThat(e.detail()).hasSize(1);
                    return e.detail().get(0);
                }).toList();
    }

    @ParameterizedTest
    @ValueSource(strings = {"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
            + "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", "\u00a0\u00a0", "\u3000", "", "bidi \u202eevil", "zero\u200bwidth",
            "c1 \u0085 control", "lone \ud800 surrogate", "\ufeffbom", "\u2066isolate\u2069"})
    void createAndPatchOfSecretsAndConnectionsRefuseANameWithOneMessage(String name) {
        List<Violation> four = fourRefusals(name);

        assertThat(four).allSatisfy(v -> assertThat(v.loc()).isEqualTo(List.of("body", "name")));
        assertThat(four).extracting(Violation::msg).containsOnly(four.get(0).msg());
        assertThat(four).extracting(Violation::type).containsOnly(four.get(0).type());
    }

    @Test
    void lengthIsInCharactersNotUtf16Units() {
        String keys = "\ud83d\udd11".repeat(255);
        assertThat(createSecret(keys).name()).isEqualTo(keys);
        assertThat(createConnection(keys).name()).isEqualTo(keys);
        assertThat(fourRefusals("\ud83d\udd11".repeat(256))).extracting(Violation::msg)
                .containsOnly("must be 1 to 255 characters (has 256)");
    }

    @Test
    void namesThatReadTheSameCollideForSecretsAndConnections() {
        createSecret("Straße");
        createConnection("Ｐｒｏｄ Vault");
        assertThat(refused(() -> createSecret("STRASSE")).code()).isEqualTo("secret_name_conflict");
        assertThat(refused(() -> createSecret("  strasse\u00a0")).code()).isEqualTo("secret_name_conflict");
        assertThat(refused(() -> createConnection("prod  vault")).code()).isEqualTo("vault_connection_name_conflict");
        Secret other = createSecret("other");
        assertThat(refused(() -> t.app.secretService().update(admin, TEAM, other.id(),
                SecretRequests.update(rename("STRASSE")))).code()).isEqualTo("secret_name_conflict");
        // Stored as sent (trimmed, NFC), found by q folded the same way.
        assertThat(createSecret("  cafe\u0301  ").name()).isEqualTo("caf\u00e9");
        assertThat(t.app.secretService().list(admin, TEAM, () -> ListSecretsQuery.parse(Map.of("q", "STRASS")))
                .data()).extracting(Secret::name).containsExactly("Straße");
        assertThat(t.app.secretService().list(admin, TEAM, () -> ListSecretsQuery.parse(Map.of("q", "ＣＡＦÉ")))
                .data()).extracting(Secret::name).containsExactly("caf\u00e9");
    }
}
