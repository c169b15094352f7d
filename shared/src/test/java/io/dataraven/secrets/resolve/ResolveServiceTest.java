package io.dataraven.secrets.resolve;

import io.dataraven.secrets.common.Databind;
import io.dataraven.secrets.auth.Principal;
import io.dataraven.secrets.auth.Role;
import io.dataraven.secrets.credential.AuthMethod;
import io.dataraven.secrets.secret.Secret;
import io.dataraven.secrets.secret.SecretRequests;
import io.dataraven.secrets.testing.FakeVaultProvider;
import io.dataraven.secrets.testing.SampleCredentials;
import io.dataraven.secrets.testing.TestApp;
import io.dataraven.secrets.vault.VaultConnection;
import io.dataraven.secrets.vault.VaultConnectionRequests;
import io.dataraven.secrets.vault.VaultProviders;
import io.dataraven.secrets.vault.VaultType;
import io.dataraven.secrets.vault.VaultProviderException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import io.dataraven.secrets.vault.provider.DopplerProvider;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.dataraven.secrets.testing.TestApp.json;
import static org.assertj.core.api.Assertions.assertThat;

class ResolveServiceTest {

    private static final UUID TEAM = UUID.fromString("6f1c2a9e-7d1b-4c3a-9e55-0a1b2c3d4e5f");
    private final FakeVaultProvider doppler = new FakeVaultProvider(VaultType.DOPPLER, "dp.st.token");
    private final FakeVaultProvider infisical = new FakeVaultProvider(VaultType.INFISICAL, "st.secret");
    private final FakeVaultProvider onePassword = new FakeVaultProvider(VaultType.ONEPASSWORD, "ops_token");
    private final TestApp t = new TestApp(null,
            () -> new VaultProviders(List.of(doppler, infisical, onePassword), Map.of()));
    private final ResolveService resolve = t.app.resolveService();
    private final Principal admin = new Principal("a", Map.of(TEAM, Role.ADMIN));

    private Secret external(VaultType type, String ref1, String ref2) {
        t.store.setTier(TEAM, io.dataraven.secrets.team.Tier.PRO);
        String fields = switch (type) {
            case DOPPLER -> "\"access_token\":\"dp.st.token\",\"project\":\"p\",\"config\":\"prd\"";
            case INFISICAL -> "\"client_id\":\"cid\",\"client_secret\":\"st.secret\",\"project_id\":\"p\",\"environment\":\"prod\"";
            case ONEPASSWORD -> "\"access_token\":\"ops_token\"";
        };
        VaultConnection c = t.app.vaultConnectionService().create(admin, TEAM, VaultConnectionRequests.create(
                json("{\"name\":\"" + type.wire() + "\",\"vault_type\":\"" + type.wire() + "\"," + fields + "}")));
        return t.app.secretService().create(admin, TEAM, SecretRequests.create(json("""
                {"name":"ext-%s","secret_type":"wasabi","auth_method":"wasabi_access_key","vault_connection_id":"%s",
                 "field_mappings":[{"field_name":"access_key_id","reference":"%s"},
                                   {"field_name":"secret_access_key","reference":"%s"}]}
                """.formatted(type.wire(), c.id(), ref1, ref2))));
    }

    @ParameterizedTest
    @EnumSource(AuthMethod.class)
    void directSecretsOfEveryTypeResolveToTheirStoredFields(AuthMethod method) {
        var body = json("{\"name\":\"d\"}");
        body.put("secret_type", method.secretType().wire());
        body.put("auth_method", method.wire());
        body.set("credentials", io.dataraven.secrets.common.Databind.MAPPER.valueToTree(SampleCredentials.valid(method)));
        Secret s = t.app.secretService().create(admin, TEAM, SecretRequests.create(body));

        Resolution r = resolve.resolve(TEAM.toString(), s.id().toString());

        assertThat(r).isInstanceOfSatisfying(Resolution.Resolved.class, ok -> {
            assertThat(ok.secretType()).isEqualTo(method.secretType());
            assertThat(ok.authMethod()).isEqualTo(method);
            assertThat(ok.credentials().values()).isEqualTo(SampleCredentials.valid(method));
        });
    }

    @ParameterizedTest
    @EnumSource(VaultType.class)
    void externalSecretsResolveThroughTheirVault(VaultType type) {
        FakeVaultProvider vault = switch (type) {
            case DOPPLER -> doppler;
            case INFISICAL -> infisical;
            case ONEPASSWORD -> onePassword;
        };
        String ref1 = type == VaultType.ONEPASSWORD ? "op://ops/wasabi/id" : "WASABI_KEY_ID";
        String ref2 = type == VaultType.ONEPASSWORD ? "op://ops/wasabi/secret" : "WASABI_SECRET";
        vault.values.put(ref1, "WASABIKEYID");
        vault.values.put(ref2, "wasabi-secret-value");
        Secret s = external(type, ref1, ref2);

        Resolution r = resolve.resolve(TEAM.toString(), s.id().toString());

        assertThat(r).isInstanceOfSatisfying(Resolution.Resolved.class, ok -> assertThat(ok.credentials().values())
                .isEqualTo(Map.of("access_key_id", "WASABIKEYID", "secret_access_key", "wasabi-secret-value")));
    }

    @Test
    void failuresAreTypedAndSayWhetherToRetry() {
        Secret s = external(VaultType.DOPPLER, "KEY_ID", "MISSING");
        doppler.values.put("KEY_ID", "x");
        assertThat(resolve.resolve(TEAM.toString(), s.id().toString()))
                .isEqualTo(new Resolution.Failed("reference_missing",
                        ((Resolution.Failed) resolve.resolve(TEAM.toString(), s.id().toString())).message(), false, null));

        doppler.failWith = new VaultProviderException.Unreachable(VaultType.DOPPLER, "Doppler timed out");
        assertThat(resolve.resolve(TEAM.toString(), s.id().toString())).isInstanceOfSatisfying(Resolution.Failed.class,
                f -> {
                    assertThat(f.code()).isEqualTo("provider_unreachable");
                    assertThat(f.retryable()).isTrue();
                });
        doppler.failWith = new VaultProviderException.AuthFailed(VaultType.DOPPLER, "token revoked");
        assertThat(((Resolution.Failed) resolve.resolve(TEAM.toString(), s.id().toString())).code())
                .isEqualTo("provider_auth_failed");

        assertThat(((Resolution.Failed) resolve.resolve(TEAM.toString(), UUID.randomUUID().toString())).code())
                .isEqualTo("secret_not_found");
        assertThat(((Resolution.Failed) resolve.resolve(UUID.randomUUID().toString(), s.id().toString())).code())
                .isEqualTo("secret_not_found");
        assertThat(((Resolution.Failed) resolve.resolve("team", null)).code()).isEqualTo("invalid_request");
    }

    @Test
    void anyOtherProviderFailureIsATypedProviderErrorWithoutTheToken() {
        Secret s = external(VaultType.DOPPLER, "KEY_ID", "SECRET");
        for (RuntimeException thrown : List.of(new IllegalArgumentException("invalid header value dp.st.token"),
                new IllegalStateException("dp.st.token"), new ArithmeticException())) {
            doppler.failWith = thrown;

            Resolution r = resolve.resolve(TEAM.toString(), s.id().toString());

            assertThat(r).isInstanceOfSatisfying(Resolution.Failed.class, f -> {
                assertThat(f.code()).isEqualTo("provider_error");
                assertThat(f.retryable()).isFalse();
                assertThat(f.message()).contains(thrown.getClass().getSimpleName()).doesNotContain("dp.st.token");
            });
        }
    }

    /** A token stored before tokens were checked: the JDK's HttpClient refuses it as a header value. */
    @Test
    void aStoredTokenTheHttpClientRefusesIsAProviderErrorNotACrash() {
        String token = "dp.st.prd.OLDTOKEN\r\nX-Injected: 1";
        TestApp real = new TestApp(null, () -> new VaultProviders(List.of(new DopplerProvider()),
                Map.of(VaultType.DOPPLER, URI.create("http://127.0.0.1:9"))));
        VaultConnection c = real.seedDopplerConnection(TEAM, UUID.randomUUID(), token);
        real.store.setTier(TEAM, io.dataraven.secrets.team.Tier.PRO);
        Secret s = real.app.secretService().create(admin, TEAM, SecretRequests.create(json("""
                {"name":"old","secret_type":"wasabi","auth_method":"wasabi_access_key","vault_connection_id":"%s",
                 "field_mappings":[{"field_name":"access_key_id","reference":"A"},
                                   {"field_name":"secret_access_key","reference":"B"}]}
                """.formatted(c.id()))));

        Resolution r = real.app.resolveService().resolve(TEAM.toString(), s.id().toString());

        assertThat(r).isInstanceOfSatisfying(Resolution.Failed.class, f -> {
            assertThat(f.code()).isEqualTo("provider_error");
            assertThat(f.message()).contains("IllegalArgumentException").doesNotContain("OLDTOKEN");
        });
    }

    @Test
    void aDirectSecretWhoseParameterIsGoneIsReported() {
        Secret s = t.seedDirectSecret(TEAM, UUID.randomUUID(), "gone");
        t.credentials.delete(s.credentialPath());
        assertThat(((Resolution.Failed) resolve.resolve(TEAM.toString(), s.id().toString())).code())
                .isEqualTo("credentials_missing");
    }
}
