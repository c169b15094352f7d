package io.dataraven.secrets.vault;

import io.dataraven.secrets.testing.Vaults;
import io.dataraven.secrets.testing.Failures;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dataraven.secrets.api.ApiException;
import io.dataraven.secrets.common.Violation;
import io.dataraven.secrets.auth.Principal;
import io.dataraven.secrets.auth.Role;
import io.dataraven.secrets.credential.Credentials;
import io.dataraven.secrets.secret.Secret;
import io.dataraven.secrets.secret.SecretRequests;
import io.dataraven.secrets.team.Tier;
import io.dataraven.secrets.testing.FakeVaultProvider;
import io.dataraven.secrets.testing.TestApp;
import io.dataraven.secrets.vault.VaultProviderException;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.UUID;

import static io.dataraven.secrets.testing.TestApp.json;
import static org.assertj.core.api.Assertions.assertThat;

class VaultConnectionServiceTest {

    private static final UUID TEAM = UUID.fromString("6f1c2a9e-7d1b-4c3a-9e55-0a1b2c3d4e5f");
    private static final String DOPPLER_TOKEN = "dp.st.prd.Zq8cV3mT0kEXAMPLETOKENVALUE";
    private final FakeVaultProvider doppler = new FakeVaultProvider(VaultType.DOPPLER, DOPPLER_TOKEN);
    private final FakeVaultProvider infisical = new FakeVaultProvider(VaultType.INFISICAL, "st.client-secret-2");
    private final TestApp t = new TestApp(null, () -> new VaultProviders(List.of(doppler, infisical), Map.of()));
    private final VaultConnectionService service = t.app.vaultConnectionService();
    private final Principal admin = new Principal("admin-1", Map.of(TEAM, Role.ADMIN));

     private VaultConnection createDoppler(String name) {
        return service.create(admin, TEAM, io.dataraven.secrets.vault.VaultConnectionRequests.create(json("""
                {"name":"%s","vault_type":"doppler","access_token":"%s","project":"transfers","config":"prd"}
                """.formatted(name, DOPPLER_TOKEN))));
    }

    private ApiException createFails(String body) {
        return Failures.http(() -> service.create(admin, TEAM, VaultConnectionRequests.create(json(body))));
    }

    @Test
    void createStoresTheTokenInTheCredentialStoreOnly() {
        VaultConnection c = createDoppler("Doppler Production");
        assertThat(c.credentialPath()).isEqualTo(TestApp.PATH_PREFIX + "/teams/" + TEAM + "/vault-connections/" + c.id());
        assertThat(t.credentials.read(c.credentialPath())).contains(new Credentials(Map.of("access_token", DOPPLER_TOKEN)));
        assertThat(t.store.findVaultConnection(TEAM, c.id())).contains(c);
        assertThat(c.settings()).isEqualTo(Vaults.dopplerSettings("transfers", "prd"));
        assertThat(c.toString()).doesNotContain(DOPPLER_TOKEN);
        assertThat(VaultConnectionJson.of(c).toString()).doesNotContain(DOPPLER_TOKEN).contains("\"project\":\"transfers\"");
    }

    @Test
    void eachVaultTypeTakesExactlyItsFieldsAndTokenPrefix() {
        ApiException wrong = createFails("""
                {"name":"x","vault_type":"doppler","access_token":"ops_abc","project":"p","client_id":"c"}""");
        assertThat(wrong.detail()).extracting(Violation::loc, Violation::type).containsExactlyInAnyOrder(
                org.assertj.core.groups.Tuple.tuple(List.of("body", "config"), "missing"),
                org.assertj.core.groups.Tuple.tuple(List.of("body", "client_id"), "extra_forbidden"),
                org.assertj.core.groups.Tuple.tuple(List.of("body", "access_token"), "value_error"));
        assertThat(wrong.toString() + wrong.detail()).doesNotContain("ops_abc");

        ApiException op = createFails("{\"name\":\"x\",\"vault_type\":\"onepassword\",\"access_token\":\"dp.st.x\"}");
        assertThat(op.detail()).singleElement().satisfies(v -> assertThat(v.msg()).contains("ops_"));

        ApiException inf = createFails("""
                {"name":"x","vault_type":"infisical","client_id":"id","client_secret":"s","project_id":"p",
                 "environment":"prod","secret_path":"aws"}""");
        assertThat(inf.detail()).extracting(Violation::loc).containsExactly(List.of("body", "secret_path"));

        assertThat(createFails("{\"name\":\"x\",\"vault_type\":\"hashicorp\"}").detail()).extracting(Violation::loc)
                .containsExactly(List.of("body", "vault_type"));
        assertThat(t.credentials.paths()).isEmpty();
    }

    @Test
    void infisicalDefaultsTheSecretPathAndStoresClientCredentials() {
        VaultConnection c = service.create(admin, TEAM, VaultConnectionRequests.create(json("""
                {"name":"Infisical Production","vault_type":"infisical","client_id":"6b2d1c9e-client",
                 "client_secret":"st.client-secret-1","project_id":"proj-1","environment":"prod"}""")));
        assertThat(c.settings().get("secret_path")).isEqualTo("/");
        assertThat(t.credentials.read(c.credentialPath())).contains(
                new Credentials(Map.of("client_id", "6b2d1c9e-client", "client_secret", "st.client-secret-1")));
    }

    @Test
    void namesAreUniqueAndTheFreeTierHoldsOneConnection() {
        createDoppler("Doppler");
        ApiException limit = Failures.http(() -> createDoppler("Another"));
        assertThat(limit.status()).isEqualTo(403);
        assertThat(limit.code()).isEqualTo("tier_limit_exceeded");
        assertThat(limit.getMessage()).contains("Free").contains("1 vault connection");
        assertThat(t.credentials.paths()).hasSize(1);

        t.store.setTier(TEAM, Tier.PRO);
        ApiException clash = Failures.http(() -> createDoppler(" doppler "));
        assertThat(clash.status()).isEqualTo(409);
        assertThat(clash.code()).isEqualTo("vault_connection_name_conflict");
        for (int i = 1; i < Tier.PRO.vaultConnectionLimit(); i++) {
            createDoppler("doppler " + i);
        }
        assertThat(Failures.http(() -> createDoppler("eleven")).getMessage()).contains("Pro").contains("10");
        assertThat(t.credentials.paths()).hasSize(10);
    }

    @Test
    void updateChangesOnlyNameAndDescription() {
        VaultConnection c = createDoppler("Doppler");
        VaultConnection renamed = service.update(admin, TEAM, c.id(),
                VaultConnectionRequests.update(json("{\"name\":\"Doppler EU\",\"description\":\"eu configs\"}")));
        assertThat(renamed.name()).isEqualTo("Doppler EU");
        assertThat(renamed.updatedAt()).isAfter(c.updatedAt());
        ApiException immutable = Failures.http(() -> service.update(admin, TEAM, c.id(),
                VaultConnectionRequests.update(json("{\"access_token\":\"dp.st.new\",\"project\":\"other\"}"))));
        assertThat(immutable.detail()).extracting(Violation::type).containsOnly("immutable");
        assertThat(immutable.detail()).extracting(Violation::msg).anySatisfy(m -> assertThat(m).contains("rotate"));
        assertThat(Failures.http(() -> service.update(admin, TEAM, c.id(), VaultConnectionRequests.update(json("{}"))))
                .code()).isEqualTo("empty_update");
    }

    @Test
    void rotateReplacesTheTokenAtOnce() {
        VaultConnection c = createDoppler("Doppler");
        ApiException badPrefix = Failures.http(() -> service.rotate(admin, TEAM, c.id(),
                VaultConnectionRequests.rotation(json("{\"access_token\":\"ops_wrong\"}"))));
        assertThat(badPrefix.status()).isEqualTo(400);
        service.rotate(admin, TEAM, c.id(),
                VaultConnectionRequests.rotation(json("{\"access_token\":\"dp.st.prd.NEWTOKEN\"}")));
        assertThat(t.credentials.read(c.credentialPath()))
                .contains(new Credentials(Map.of("access_token", "dp.st.prd.NEWTOKEN")));
        // the old token is no longer what the provider gets: the fake now rejects the new one
        assertThat(service.test(admin, TEAM, c.id()).reason()).isEqualTo("auth_failed");
        assertThat(doppler.accesses.get(doppler.accesses.size() - 1).tokenField("access_token")).isEqualTo("dp.st.prd.NEWTOKEN");
    }

    @Test
    void tokensAndSettingsMustFitTheirFieldsShapeAndAreNeverQuoted() {
        // Tokens are visible ASCII: a line break, NUL, DEL or a non-ASCII letter would later break the provider call.
        for (String token : List.of("dp.st.prd.ab\\r\\nX-Injected: 1", "dp.st.prd.ab\\u0000cd", "dp.st.prd.ab\\u007Fcd",
                "dp.st.prd.\\u00e9t\\u00e9", "dp.st.prd.two words")) {
            ApiException e = createFails("""
                    {"name":"x","vault_type":"doppler","access_token":"%s","project":"transfers","config":"prd"}
                    """.formatted(token));
            assertThat(e.status()).as(token).isEqualTo(400);
            assertThat(e.detail()).as(token).singleElement().satisfies(v -> {
                assertThat(v.loc()).containsExactly("body", "access_token");
                assertThat(v.msg()).contains("visible ASCII");
            });
            assertThat(e.getMessage() + e.detail()).doesNotContain("dp.st.prd");
        }
        // Settings may be any text without control or invisible formatting characters (here a bidi override).
        ApiException setting = createFails("""
                {"name":"x","vault_type":"doppler","access_token":"%s","project":"trans\\u202Efers","config":"prd"}
                """.formatted(DOPPLER_TOKEN));
        assertThat(setting.detail()).singleElement().satisfies(v -> assertThat(v.loc()).containsExactly("body",
                "project"));
        VaultConnection c = createDoppler("Doppler");
        ApiException rotated = Failures.http(() -> service.rotate(admin, TEAM, c.id(),
                VaultConnectionRequests.rotation(json("{\"access_token\":\"dp.st.prd.new\\nline\"}"))));
        assertThat(rotated.detail()).singleElement().satisfies(v -> assertThat(v.loc()).containsExactly("body",
                "access_token"));
        assertThat(t.credentials.read(c.credentialPath())).contains(new Credentials(Map.of("access_token",
                DOPPLER_TOKEN)));
    }

    @Test
    void anInfisicalRotationMayKeepTheStoredClientIdButNotTakeAnotherTypesToken() {
        VaultConnection c = service.create(admin, TEAM, VaultConnectionRequests.create(json("""
                {"name":"inf","vault_type":"infisical","client_id":"id-1","client_secret":"secret-1",
                 "project_id":"p1","environment":"prod"}
                """)));
        service.rotate(admin, TEAM, c.id(), VaultConnectionRequests.rotation(json("{\"client_secret\":\"secret-2\"}")));
        VaultConnection now = t.store.findVaultConnection(TEAM, c.id()).orElseThrow();
        assertThat(t.credentials.read(now.credentialPath(), now.credentialVersion()))
                .contains(new Credentials(Map.of("client_id", "id-1", "client_secret", "secret-2")));
        ApiException wrong = Failures.http(() -> service.rotate(admin, TEAM, c.id(),
                VaultConnectionRequests.rotation(json("{\"access_token\":\"dp.st.x\"}"))));
        assertThat(wrong.detail()).extracting(v -> v.loc().get(1)).containsExactlyInAnyOrder("access_token",
                "client_secret");
    }

    @Test
    void testReportsSuccessAndSetsLastVerifiedAt() {
        VaultConnection c = createDoppler("Doppler");
        Principal operator = new Principal("op", Map.of(TEAM, Role.OPERATOR));
        VaultConnectionService.TestResult ok = service.test(operator, TEAM, c.id());
        assertThat(ok.ok()).isTrue();
        assertThat(ok.message()).contains("transfers").doesNotContain(DOPPLER_TOKEN);
        assertThat(t.store.findVaultConnection(TEAM, c.id()).orElseThrow().lastVerifiedAt()).isEqualTo(ok.verifiedAt());
        assertThat(doppler.accesses.get(0).setting("project")).isEqualTo("transfers");

        doppler.failWith = new VaultProviderException.RateLimited(VaultType.DOPPLER, "Doppler rate limit",
                OptionalLong.of(30));
        VaultConnectionService.TestResult limited = service.test(operator, TEAM, c.id());
        assertThat(limited.ok()).isFalse();
        assertThat(limited.reason()).isEqualTo("rate_limited");
        assertThat(limited.retryable()).isTrue();

        Principal viewer = new Principal("v", Map.of(TEAM, Role.VIEWER));
        assertThat(Failures.http(() -> service.test(viewer, TEAM, c.id())).status()).isEqualTo(403);
    }

    @Test
    void aClientFailureTheProviderDidNotTypeIsAProviderErrorNamingNoValue() {
        VaultConnection c = createDoppler("Doppler");
        Principal operator = new Principal("op", Map.of(TEAM, Role.OPERATOR));
        for (RuntimeException thrown : List.of(
                new IllegalArgumentException("invalid header value: Bearer " + DOPPLER_TOKEN),
                new IllegalStateException("state " + DOPPLER_TOKEN), new NullPointerException())) {
            doppler.failWith = thrown;

            VaultConnectionService.TestResult result = service.test(operator, TEAM, c.id());

            assertThat(result.ok()).isFalse();
            assertThat(result.reason()).isEqualTo("provider_error");
            assertThat(result.retryable()).isFalse();
            assertThat(result.message()).contains(thrown.getClass().getSimpleName()).doesNotContain(DOPPLER_TOKEN);
        }
    }

    @Test
    void deleteIsRefusedWhileSecretsUseTheConnection() {
        VaultConnection c = createDoppler("Doppler");
        ObjectNode body = json("""
                {"name":"ext","secret_type":"s3","auth_method":"s3_access_key","vault_connection_id":"%s",
                 "field_mappings":[{"field_name":"access_key_id","reference":"AWS_ACCESS_KEY_ID"},
                                   {"field_name":"secret_access_key","reference":"AWS_SECRET_ACCESS_KEY"}]}
                """.formatted(c.id()));
        Secret secret = t.app.secretService().create(admin, TEAM, SecretRequests.create(body));

        ApiException inUse = Failures.http(() -> service.delete(admin, TEAM, c.id()));
        assertThat(inUse.status()).isEqualTo(409);
        assertThat(inUse.code()).isEqualTo("vault_connection_in_use");
        assertThat(t.credentials.read(c.credentialPath())).isPresent();

        t.app.secretService().delete(admin, TEAM, secret.id());
        service.delete(admin, TEAM, c.id());
        assertThat(t.credentials.paths()).isEmpty();
        assertThat(Failures.http(() -> service.get(admin, TEAM, c.id())).status()).isEqualTo(404);
        assertThat(createDoppler("Doppler").name()).isEqualTo("Doppler"); // slot and name are free again
    }

    @Test
    void rolesAndTeamsAreChecked() {
        VaultConnection c = createDoppler("Doppler");
        Principal viewer = new Principal("v", Map.of(TEAM, Role.VIEWER));
        assertThat(service.get(viewer, TEAM, c.id())).isEqualTo(c);
        assertThat(service.list(viewer, TEAM, Map.of()).data()).containsExactly(c);
        assertThat(Failures.http(() -> service.delete(viewer, TEAM, c.id())).status()).isEqualTo(403);
        assertThat(Failures.http(() -> service.rotate(new Principal("o", Map.of(TEAM, Role.OPERATOR)), TEAM, c.id(),
                VaultConnectionRequests.rotation(json("{\"access_token\":\"dp.st.x\"}")))).status()).isEqualTo(403);
        UUID other = UUID.randomUUID();
        Principal stranger = new Principal("s", Map.of(other, Role.OWNER));
        assertThat(Failures.http(() -> service.get(stranger, other, c.id())).status()).isEqualTo(404);
        assertThat(Failures.http(() -> service.list(stranger, TEAM, Map.of())).status()).isEqualTo(403);
        assertThat(Failures.http(() -> service.list(viewer, TEAM, Map.of("vault_type", "vault"))).status()).isEqualTo(400);
    }
}
