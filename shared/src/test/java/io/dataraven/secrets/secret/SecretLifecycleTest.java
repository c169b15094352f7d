package io.dataraven.secrets.secret;

import io.dataraven.secrets.testing.Failures;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dataraven.secrets.api.ApiException;
import io.dataraven.secrets.common.Databind;
import io.dataraven.secrets.common.Violation;
import io.dataraven.secrets.auth.Principal;
import io.dataraven.secrets.auth.Role;
import io.dataraven.secrets.credential.AuthMethod;
import io.dataraven.secrets.credential.Credentials;
import io.dataraven.secrets.team.Tier;
import io.dataraven.secrets.testing.SampleCredentials;
import io.dataraven.secrets.testing.TestApp;
import io.dataraven.secrets.vault.VaultConnection;
import io.dataraven.secrets.vault.VaultType;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static io.dataraven.secrets.testing.TestApp.directS3;
import static io.dataraven.secrets.testing.TestApp.json;
import static org.assertj.core.api.Assertions.assertThat;

/** List, get, update and delete over the in-memory adapters, and how they combine with create. */
class SecretLifecycleTest {

    private static final UUID TEAM = UUID.fromString("6f1c2a9e-7d1b-4c3a-9e55-0a1b2c3d4e5f");
    private final TestApp t = new TestApp();
    private final SecretService service = t.app.secretService();
    private final Principal admin = new Principal("admin-1", Map.of(TEAM, Role.ADMIN));
    private final Principal viewer = new Principal("viewer-1", Map.of(TEAM, Role.VIEWER));

    private Secret create(String name) {
        return service.create(admin, TEAM, SecretRequests.create(directS3(name)));
    }

    private Secret update(Secret secret, String body) {
        return service.update(admin, TEAM, secret.id(), SecretRequests.update(json(body)));
    }

     private io.dataraven.secrets.common.PageRequest.Page<Secret> list(Map<String, String> query) {
        return service.list(viewer, TEAM, ListSecretsQuery.parse(query));
    }

    @Test
    void lifecycleCreateRenameRotateDeleteRecreateWithinTheFreeLimit() {
        for (int i = 0; i < Tier.FREE.secretLimit() - 1; i++) {
            create("filler-" + i);
        }
        Secret original = create("Prod Backups");
        Secret renamed = update(original, "{\"name\":\"Prod Backups EU\"}");
        assertThat(renamed.name()).isEqualTo("Prod Backups EU");
        assertThat(Failures.http(() -> create("one more")).code()).isEqualTo("tier_limit_exceeded");
        // the old name is free again, the new one taken
        assertThat(Failures.http(() -> create("prod backups eu")).status()).isIn(403, 409);

        Secret rotated = update(renamed, """
                {"credentials":{"access_key_id":"AKIAROTATED0000001","secret_access_key":"rotated-secret-key"}}""");
        assertThat(t.credentials.read(rotated.credentialPath()))
                .contains(new Credentials(Map.of("access_key_id", "AKIAROTATED0000001", "secret_access_key", "rotated-secret-key")));
        assertThat(rotated.credentialPath()).isEqualTo(original.credentialPath());

        service.delete(admin, TEAM, rotated.id());
        assertThat(t.credentials.read(rotated.credentialPath())).isEmpty();
        assertThat(Failures.http(() -> service.delete(admin, TEAM, rotated.id())).status()).isEqualTo(404);
        assertThat(Failures.http(() -> service.get(viewer, TEAM, rotated.id())).code()).isEqualTo("secret_not_found");

        Secret again = create("Prod Backups EU");
        assertThat(again.id()).isNotEqualTo(original.id());
        assertThat(t.store.findTeam(TEAM).orElseThrow().secretCount()).isEqualTo(Tier.FREE.secretLimit());
        assertThat(t.credentials.paths()).hasSize(Tier.FREE.secretLimit());
    }

    @Test
    void renameKeepsUniquenessButAllowsOtherCasing() {
        Secret a = create("alpha");
        create("beta");
        ApiException clash = Failures.http(() -> update(a, "{\"name\":\" BETA \"}"));
        assertThat(clash.status()).isEqualTo(409);
        assertThat(clash.code()).isEqualTo("secret_name_conflict");
        assertThat(t.store.findSecret(TEAM, a.id()).orElseThrow().name()).isEqualTo("alpha");

        assertThat(update(a, "{\"name\":\"ALPHA\"}").name()).isEqualTo("ALPHA");
        assertThat(Failures.http(() -> create("Alpha")).status()).isEqualTo(409);
    }

    @Test
    void aNoOpAnswersUnchangedAndWritesNothing() {
        Secret a = create("alpha");
        Secret same = update(a, "{\"name\":\"alpha\",\"description\":null}");
        assertThat(same).isEqualTo(a);
        assertThat(t.store.findSecret(TEAM, a.id())).contains(a);
    }

    @Test
    void descriptionCanBeSetAndCleared() {
        Secret a = create("alpha");
        Secret described = update(a, "{\"description\":\"nightly\"}");
        assertThat(described.description()).isEqualTo("nightly");
        assertThat(update(described, "{\"description\":null}").description()).isNull();
    }

    @Test
    void changingTheAuthMethodNeedsMatchingCredentialsAndWritesANewVersionOfTheSameParameter() {
        ObjectNode azure = json("{\"name\":\"blob\",\"secret_type\":\"azure_blob\",\"auth_method\":\"azure_sas_url\"}");
        azure.set("credentials", Databind.MAPPER.valueToTree(SampleCredentials.valid(AuthMethod.AZURE_SAS_URL)));
        Secret secret = service.create(admin, TEAM, SecretRequests.create(azure));

        ApiException missing = Failures.http(() -> update(secret, "{\"auth_method\":\"azure_account_key\"}"));
        assertThat(missing.detail()).extracting(Violation::loc).containsExactly(List.of("body", "credentials"));

        ApiException wrongFields = Failures.http(() -> update(secret,
                "{\"auth_method\":\"azure_account_key\",\"credentials\":{\"sas_url\":\"" + SampleCredentials.SAS_URL + "\"}}"));
        assertThat(wrongFields.detail()).extracting(Violation::type).contains("missing", "extra_forbidden");

        ApiException typeOnly = Failures.http(() -> update(secret, "{\"secret_type\":\"gcs\"}"));
        assertThat(typeOnly.detail()).extracting(Violation::loc).contains(List.of("body", "auth_method"));

        ObjectNode change = json("{\"auth_method\":\"azure_account_key\"}");
        change.set("credentials", Databind.MAPPER.valueToTree(SampleCredentials.valid(AuthMethod.AZURE_ACCOUNT_KEY)));
        Secret changed = service.update(admin, TEAM, secret.id(), SecretRequests.update(change));

        assertThat(changed.authMethod()).isEqualTo(AuthMethod.AZURE_ACCOUNT_KEY);
        // Same path, a new version the metadata now points at; the old version stays (nothing points at it).
        assertThat(changed.credentialPath()).isEqualTo(secret.credentialPath());
        assertThat(secret.credentialVersion()).isEqualTo(1L);
        assertThat(changed.credentialVersion()).isEqualTo(2L);
        assertThat(t.store.findSecret(TEAM, secret.id()).orElseThrow().credentialVersion()).isEqualTo(2L);
        assertThat(t.credentials.paths()).containsExactly(secret.credentialPath());
        assertThat(t.credentials.read(changed.credentialPath(), changed.credentialVersion()))
                .contains(new Credentials(SampleCredentials.valid(AuthMethod.AZURE_ACCOUNT_KEY)));
        assertThat(t.credentials.read(secret.credentialPath(), 1L))
                .contains(new Credentials(SampleCredentials.valid(AuthMethod.AZURE_SAS_URL)));
    }

    @Test
    void theModeRulesOfUpdateHold() {
        Secret direct = create("direct");
        assertThat(Failures.http(() -> update(direct, "{\"field_mappings\":[{\"field_name\":\"access_key_id\",\"reference\":\"A\"}]}"))
                .detail()).extracting(Violation::loc).contains(List.of("body", "field_mappings"));
        assertThat(Failures.http(() -> update(direct, "{\"credentials\":{},\"field_mappings\":[]}")).status()).isEqualTo(400);
        assertThat(Failures.http(() -> update(direct, "{\"vault_connection_id\":null}")).detail())
                .extracting(Violation::type).contains("immutable");
        assertThat(Failures.http(() -> update(direct, "{\"name\":null}")).status()).isEqualTo(400);

        VaultConnection op = t.seedVaultConnection(TEAM, VaultType.ONEPASSWORD);
        Secret external = service.create(admin, TEAM, SecretRequests.create(json("""
                {"name":"external","secret_type":"b2","auth_method":"b2_application_key","vault_connection_id":"%s",
                 "field_mappings":[{"field_name":"application_key_id","reference":"op://ops/b2/id"},
                                   {"field_name":"application_key","reference":"op://ops/b2/key"}]}
                """.formatted(op.id()))));
        assertThat(Failures.http(() -> update(external, """
                {"credentials":{"application_key_id":"x","application_key":"y"}}""")).detail())
                .extracting(Violation::loc).contains(List.of("body", "credentials"));
        assertThat(Failures.http(() -> update(external, """
                {"field_mappings":[{"field_name":"application_key_id","reference":"B2_ID"},
                                   {"field_name":"application_key","reference":"op://ops/b2/key"}]}""")).detail())
                .extracting(Violation::loc).containsExactly(List.of("body", "field_mappings", 0, "reference"));

        Secret remapped = update(external, """
                {"field_mappings":[{"field_name":"application_key_id","reference":"op://ops/b2-new/id"},
                                   {"field_name":"application_key","reference":"op://ops/b2-new/section/key"}]}""");
        assertThat(remapped.fieldMappings()).containsEntry("application_key", "op://ops/b2-new/section/key");
        assertThat(remapped.vaultConnectionId()).isEqualTo(op.id());
        assertThat(t.credentials.paths()).hasSize(1); // only the direct secret's

        service.delete(admin, TEAM, external.id());
        assertThat(t.store.vaultConnectionReferences(op.id())).isZero();
    }

    @Test
    void onlyAdminsWriteAndOtherTeamsSeeNothing() {
        Secret a = create("alpha");
        Principal operator = new Principal("op", Map.of(TEAM, Role.OPERATOR));
        assertThat(Failures.http(() -> service.update(operator, TEAM, a.id(), SecretRequests.update(json("{\"name\":\"x\"}"))))
                .status()).isEqualTo(403);
        assertThat(Failures.http(() -> service.delete(operator, TEAM, a.id())).status()).isEqualTo(403);
        assertThat(service.get(operator, TEAM, a.id())).isEqualTo(a);

        UUID otherTeam = UUID.randomUUID();
        Principal stranger = new Principal("s", Map.of(otherTeam, Role.OWNER));
        assertThat(Failures.http(() -> service.get(stranger, TEAM, a.id())).status()).isEqualTo(403);
        assertThat(Failures.http(() -> service.list(stranger, TEAM, ListSecretsQuery.parse(Map.of()))).status()).isEqualTo(403);
        // their own team path with our secret id: 404, never our data
        assertThat(Failures.http(() -> service.get(stranger, otherTeam, a.id())).status()).isEqualTo(404);
        assertThat(Failures.http(() -> service.delete(stranger, otherTeam, a.id())).status()).isEqualTo(404);
        assertThat(Failures.http(() -> service.update(stranger, otherTeam, a.id(),
                SecretRequests.update(json("{\"name\":\"mine\"}")))).status()).isEqualTo(404);
        assertThat(t.store.findSecret(TEAM, a.id())).contains(a);
    }

    @Test
    void listPagingEdges() {
        assertThat(list(Map.of()).data()).isEmpty();
        assertThat(list(Map.of()).totalPages()).isZero();

        t.store.setTier(TEAM, Tier.PRO);
        for (int i = 0; i < 100; i++) {
            create(String.format("secret-%03d", i));
        }
        io.dataraven.secrets.common.PageRequest.Page<Secret> all = list(Map.of("limit", "100", "sort_by", "name", "sort_order", "asc"));
        assertThat(all.data()).hasSize(100);
        assertThat(all.totalPages()).isEqualTo(1);
        assertThat(all.data().get(0).name()).isEqualTo("secret-000");

        io.dataraven.secrets.common.PageRequest.Page<Secret> last = list(Map.of("limit", "30", "page", "4", "sort_by", "name", "sort_order", "asc"));
        assertThat(last.data()).extracting(Secret::name).containsExactly("secret-090", "secret-091", "secret-092",
                "secret-093", "secret-094", "secret-095", "secret-096", "secret-097", "secret-098", "secret-099");
        assertThat(last.total()).isEqualTo(100);
        assertThat(last.totalPages()).isEqualTo(4);
        assertThat(list(Map.of("limit", "30", "page", "5")).data()).isEmpty();

        assertThat(list(Map.of()).data()).hasSize(ListSecretsQuery.DEFAULT_LIMIT);
        assertThat(list(Map.of("q", "SECRET-09")).total()).isEqualTo(10);
        assertThat(list(Map.of("secret_type", "gcs")).total()).isZero();
        assertThat(Failures.http(() -> list(Map.of("limit", "0"))).detail()).extracting(Violation::loc)
                .containsExactly(List.of("query", "limit"));
        assertThat(Failures.http(() -> list(Map.of("secret_type", "ftp", "sort_order", "up"))).detail()).hasSize(2);
    }

    @Test
    void concurrentRenamesToTheSameNameHaveOneWinner() throws Exception {
        List<Secret> secrets = List.of(create("a"), create("b"), create("c"), create("d"));
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Callable<Integer>> calls = new ArrayList<>();
            for (Secret s : secrets) {
                calls.add(() -> {
                    try {
                        update(s, "{\"name\":\"winner\"}");
                        return 200;
                    } catch (RuntimeException thrown) {
            ApiException e = Failures.http(thrown);
                        return e.status();
                    }
                });
            }
            List<Integer> statuses = new ArrayList<>();
            for (Future<Integer> f : pool.invokeAll(calls)) {
                statuses.add(f.get());
            }
            assertThat(statuses).containsOnlyOnce(200).filteredOn(s -> s != 200).containsOnly(409);
        } finally {
            pool.shutdownNow();
        }
        assertThat(t.store.listSecrets(TEAM)).extracting(Secret::name).containsOnlyOnce("winner");
    }

    @Test
    void deleteRacingCreateAtTheLimitNeverExceedsIt() throws Exception {
        List<Secret> full = new ArrayList<>();
        for (int i = 0; i < Tier.FREE.secretLimit(); i++) {
            full.add(create("full-" + i));
        }
        ExecutorService pool = Executors.newFixedThreadPool(6);
        try {
            List<Callable<Integer>> calls = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                String name = "racer-" + i;
                calls.add(() -> {
                    try {
                        create(name);
                        return 201;
                    } catch (RuntimeException thrown) {
            ApiException e = Failures.http(thrown);
                        return e.status();
                    }
                });
            }
            for (Secret s : full.subList(0, 2)) {
                calls.add(() -> {
                    service.delete(admin, TEAM, s.id());
                    return 204;
                });
            }
            for (Future<Integer> f : pool.invokeAll(calls)) {
                assertThat(f.get()).isIn(201, 204, 403);
            }
        } finally {
            pool.shutdownNow();
        }
        int secrets = t.store.listSecrets(TEAM).size();
        assertThat(secrets).isBetween(3, Tier.FREE.secretLimit());
        assertThat(t.store.findTeam(TEAM).orElseThrow().secretCount()).isEqualTo(secrets);
        assertThat(t.credentials.paths()).hasSize(secrets);
    }
}
