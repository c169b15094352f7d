package io.dataraven.secrets.secret;

import io.dataraven.secrets.api.ApiException;
import io.dataraven.secrets.auth.Principal;
import io.dataraven.secrets.auth.Role;
import io.dataraven.secrets.common.PageRequest;
import io.dataraven.secrets.credential.AuthMethod;
import io.dataraven.secrets.credential.SecretType;
import io.dataraven.secrets.resolve.Resolution;
import io.dataraven.secrets.team.Tier;
import io.dataraven.secrets.testing.Failures;
import io.dataraven.secrets.testing.TestApp;
import io.dataraven.secrets.vault.VaultType;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** Credential versions of direct secrets, and rollback to one: a metadata switch, never a credential write. */
class SecretVersionsTest {

    static final UUID TEAM = UUID.randomUUID();
    final TestApp t = new TestApp();
    final Principal admin = new Principal("admin-1", Map.of(TEAM, Role.ADMIN));
    final Principal viewer = new Principal("viewer-1", Map.of(TEAM, Role.VIEWER));
    final SecretService service = t.app.secretService();

    static String s3(int n) {
        return "{\"access_key_id\": \"AKIAIOSFODNN7EXAMPL" + n + "\", \"secret_access_key\": \"secret-number-" + n
                + "-0123456789\"}";
    }

    Secret create() {
        return service.create(admin, TEAM, SecretRequests.create(TestApp.json("""
                {"name": "prod", "secret_type": "s3", "auth_method": "s3_access_key", "credentials": %s}"""
                .formatted(s3(1)))));
    }

    void rotate(Secret secret, int n) {
        service.update(admin, TEAM, secret.id(), SecretRequests.update(TestApp.json(
                "{\"credentials\": " + s3(n) + "}")));
    }

    Secret rollback(Principal who, Secret secret, String body) {
        return service.rollback(who, TEAM, secret.id(), () -> SecretRequests.rollback(TestApp.json(body)));
    }

    SecretService.Versions versions(Secret secret, Map<String, String> query) {
        return service.versions(viewer, TEAM, secret.id(), () -> SecretRequests.versionsPaging(query));
    }

    /** Created (1), rotated (2), moved to R2 with new credentials (3). */
    Secret threeVersions() {
        Secret secret = create();
        rotate(secret, 2);
        service.update(admin, TEAM, secret.id(), SecretRequests.update(TestApp.json("""
                {"secret_type": "r2", "auth_method": "r2_access_key", "credentials": %s}""".formatted(s3(3)))));
        return secret;
    }

    Resolution.Resolved resolve(Secret secret) {
        return (Resolution.Resolved) t.app.resolveService().resolve(TEAM.toString(), secret.id().toString());
    }

    @Test
    void eachCredentialWriteIsAVersionListedNewestFirst() {
        Secret secret = threeVersions();
        service.update(admin, TEAM, secret.id(), SecretRequests.update(TestApp.json("{\"name\": \"prod-eu\"}")));

        SecretService.Versions listed = versions(secret, Map.of());
        assertThat(listed.current()).isEqualTo(3);
        assertThat(listed.page().data()).extracting(CredentialVersion::version).containsExactly(3L, 2L, 1L);
        assertThat(listed.page().data()).extracting(CredentialVersion::authMethod)
                .containsExactly(AuthMethod.R2_ACCESS_KEY, AuthMethod.S3_ACCESS_KEY, AuthMethod.S3_ACCESS_KEY);
        assertThat(listed.page().data()).allSatisfy(v -> assertThat(v.createdBy()).isEqualTo("admin-1"));
        assertThat(SecretJson.version(listed.page().data().get(0), listed.current()).toString())
                .doesNotContain("secret-number").contains("\"current\":true");
        assertThat(versions(secret, Map.of("limit", "1", "page", "2")).page().data())
                .extracting(CredentialVersion::version).containsExactly(2L);
        assertThat(resolve(secret).version()).isEqualTo(3);
    }

    @Test
    void aRollbackSwitchesTheMetadataBackWithoutWritingCredentials() {
        Secret secret = threeVersions();
        int writes = t.credentials.versions(secret.credentialPath());

        Secret rolledBack = rollback(admin, secret, "{\"version\": 1}");

        assertThat(t.credentials.versions(secret.credentialPath())).as("no credential write").isEqualTo(writes);
        assertThat(rolledBack.credentialVersion()).isEqualTo(1);
        assertThat(rolledBack.authMethod()).isEqualTo(AuthMethod.S3_ACCESS_KEY);
        assertThat(rolledBack.secretType()).isEqualTo(SecretType.S3);
        Resolution.Resolved resolved = resolve(secret);
        assertThat(resolved.version()).isEqualTo(1);
        assertThat(resolved.authMethod()).isEqualTo(AuthMethod.S3_ACCESS_KEY);
        assertThat(resolved.credentials().values().get("access_key_id")).isEqualTo("AKIAIOSFODNN7EXAMPL1");
        assertThat(t.store.auditEvents()).extracting(e -> e.eventType()).last().isEqualTo("secret_rolled_back");
        // The versions stay; the current one moved.
        assertThat(versions(secret, Map.of()).current()).isEqualTo(1);
        assertThat(versions(secret, Map.of()).page().data()).hasSize(3);
        // Again: the same version stays current, and the switch commits anew (so an older one still in flight
        // cannot land after it).
        Secret again = rollback(admin, secret, "{\"version\": 1}");
        assertThat(again.credentialVersion()).isEqualTo(1);
        assertThat(again.updatedAt()).isAfter(rolledBack.updatedAt());
        // A rotation after it is a new version after the newest, never a reused number.
        rotate(secret, 4);
        assertThat(versions(secret, Map.of()).page().data()).extracting(CredentialVersion::version)
                .containsExactly(4L, 3L, 2L, 1L);
        assertThat(resolve(secret).credentials().values().get("access_key_id")).isEqualTo("AKIAIOSFODNN7EXAMPL4");
    }

    @Test
    void refusalsAreClear() {
        Secret secret = create();

        ApiException unknown = Failures.http(() -> rollback(admin, secret, "{\"version\": 7}"));
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.code()).isEqualTo("secret_version_not_found");
        assertThat(Failures.http(() -> rollback(admin, secret, "{\"version\": 0}")).status()).isEqualTo(400);
        assertThat(Failures.http(() -> rollback(admin, secret, "{\"version\": \"1\"}")).status()).isEqualTo(400);
        assertThat(Failures.http(() -> rollback(admin, secret, "{}")).detail()).singleElement()
                .satisfies(v -> assertThat(v.type()).isEqualTo("missing"));
        assertThat(Failures.http(() -> rollback(viewer, secret, "{\"version\": 1}")).status()).isEqualTo(403);
        assertThat(Failures.http(() -> service.rollback(admin, TEAM, UUID.randomUUID(),
                () -> SecretRequests.rollback(TestApp.json("{\"version\": 1}")))).status()).isEqualTo(404);
        assertThat(Failures.http(() -> versions(secret, Map.of("sort_by", "name"))).status()).isEqualTo(400);
    }

    @Test
    void anExternalSecretHasNoVersions() {
        t.app.teams().setTier(TEAM, Tier.PRO);
        var connection = t.seedVaultConnection(TEAM, VaultType.ONEPASSWORD);
        Secret external = service.create(admin, TEAM, SecretRequests.create(TestApp.json("""
                {"name": "ext", "secret_type": "s3", "auth_method": "s3_access_key", "vault_connection_id": "%s",
                 "field_mappings": [{"field_name": "access_key_id", "reference": "op://v/i/a"},
                                    {"field_name": "secret_access_key", "reference": "op://v/i/s"}]}"""
                .formatted(connection.id()))));

        assertThat(versions(external, Map.of()).page().data()).isEmpty();
        assertThat(Failures.http(() -> rollback(admin, external, "{\"version\": 1}")).status()).isEqualTo(400);
    }

    @Test
    void theLastHundredVersionsAreListedAsManyAsSsmKeeps() {
        Secret secret = create();
        for (int n = 2; n <= Secret.KEPT_VERSIONS + 1; n++) {
            rotate(secret, n);
        }

        PageRequest.Page<CredentialVersion> page = versions(secret, Map.of("limit", "100")).page();
        assertThat(page.total()).isEqualTo(Secret.KEPT_VERSIONS);
        assertThat(page.data().get(0).version()).isEqualTo(Secret.KEPT_VERSIONS + 1);
        assertThat(page.data().get(page.data().size() - 1).version()).isEqualTo(2);
        assertThat(Failures.http(() -> rollback(admin, secret, "{\"version\": 1}")).code())
                .isEqualTo("secret_version_not_found");
        assertThat(rollback(admin, secret, "{\"version\": 2}").credentialVersion()).isEqualTo(2);
    }

    @Test
    void aSecretWrittenBeforeVersionsWereListedShowsItsCurrentOneAndRotatesOn() {
        Secret legacy = t.seedDirectSecret(TEAM, UUID.randomUUID(), "legacy"); // no list in its metadata
        Secret stored = new Secret(legacy.id(), TEAM, legacy.name(), null, legacy.secretType(), legacy.authMethod(),
                legacy.createdAt(), legacy.createdBy(), legacy.updatedAt(), legacy.updatedBy(),
                legacy.credentialPath(), null, null, null, 1L, false);
        t.store.updateSecret(legacy, stored);

        assertThat(versions(legacy, Map.of()).page().data()).singleElement().satisfies(v -> {
            assertThat(v.version()).isEqualTo(1);
            assertThat(v.createdBy()).isEqualTo("seed");
        });
        rotate(legacy, 2);
        assertThat(versions(legacy, Map.of()).page().data()).extracting(CredentialVersion::version)
                .containsExactly(2L, 1L);
        assertThat(rollback(admin, legacy, "{\"version\": 1}").credentialVersion()).isEqualTo(1);
    }

    @Test
    void versionsSsmNoLongerKeepsLeaveTheListByNumber() {
        Secret secret = create();
        Secret stored = t.store.findSecret(TEAM, secret.id()).orElseThrow();
        // A rotation whose SSM write landed as version 150 (versions 2-149 were lost rotations): SSM keeps 51-150.
        Secret jumped = stored.recorded(150, stored.updatedAt().plusSeconds(1), "admin-1");

        assertThat(jumped.listedVersions()).extracting(CredentialVersion::version).containsExactly(150L);
    }

    @Test
    void aVersionWhoseSasHasExpiredSinceIsNoRollbackTarget() {
        var clock = new io.dataraven.secrets.testing.MutableClock(java.time.Instant.parse("2026-12-02T10:00:00Z"));
        var store = new io.dataraven.secrets.store.memory.InMemoryStore();
        var app = new io.dataraven.secrets.config.App(token -> admin, io.dataraven.secrets.config.Metadata.of(store),
                new io.dataraven.secrets.store.memory.InMemoryCredentialStore(),
                new io.dataraven.secrets.credential.CredentialPaths(TestApp.PATH_PREFIX), clock, UUID::randomUUID);
        String sas = "{\"sas_url\": \"https://acme.blob.core.windows.net/c?se=%s&sig=abc\"}";
        Secret secret = app.secretService().create(admin, TEAM, SecretRequests.create(TestApp.json("""
                {"name": "archive", "secret_type": "azure_blob", "auth_method": "azure_sas_url", "credentials": %s}"""
                .formatted(sas.formatted("2026-12-10T00:00:00Z")))));
        app.secretService().update(admin, TEAM, secret.id(), SecretRequests.update(TestApp.json(
                "{\"credentials\": " + sas.formatted("2027-06-30T00:00:00Z") + "}")));
        clock.advance(java.time.Duration.ofDays(10));

        ApiException e = Failures.http(() -> app.secretService().rollback(admin, TEAM, secret.id(),
                () -> SecretRequests.rollback(TestApp.json("{\"version\": 1}"))));

        assertThat(e.status()).isEqualTo(400);
        assertThat(e.getMessage()).contains("expired at 2026-12-10T00:00:00Z");
    }
}
