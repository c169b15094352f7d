package io.dataraven.secrets.secret;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dataraven.secrets.api.ApiException;
import io.dataraven.secrets.api.Json;
import io.dataraven.secrets.api.Violation;
import io.dataraven.secrets.auth.Principal;
import io.dataraven.secrets.auth.Role;
import io.dataraven.secrets.credential.AuthMethod;
import io.dataraven.secrets.credential.CredentialStore;
import io.dataraven.secrets.credential.Credentials;
import io.dataraven.secrets.store.memory.InMemoryCredentialStore;
import io.dataraven.secrets.team.Tier;
import io.dataraven.secrets.testing.SampleCredentials;
import io.dataraven.secrets.testing.TestApp;
import io.dataraven.secrets.vault.VaultConnection;
import io.dataraven.secrets.vault.VaultType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static io.dataraven.secrets.testing.TestApp.directS3;
import static io.dataraven.secrets.testing.TestApp.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SecretServiceTest {

    private static final UUID TEAM = UUID.fromString("6f1c2a9e-7d1b-4c3a-9e55-0a1b2c3d4e5f");
    private final TestApp t = new TestApp();
    private final SecretService service = t.app.secretService();
    private final Principal admin = new Principal("admin-1", Map.of(TEAM, Role.ADMIN));

    private Secret create(ObjectNode body) {
        return service.create(admin, TEAM, SecretRequests.create(body));
    }

    private ApiException rejected(ObjectNode body) {
        return rejected(admin, body);
    }

    private ApiException rejected(Principal who, ObjectNode body) {
        try {
            service.create(who, TEAM, SecretRequests.create(body));
        } catch (ApiException e) {
            return e;
        }
        throw new AssertionError("expected the create to be refused");
    }

    private void assertNothingWritten() {
        assertThat(t.store.listSecrets(TEAM)).isEmpty();
        assertThat(t.credentials.paths()).isEmpty();
        assertThat(t.store.findTeam(TEAM).map(team -> team.secretCount()).orElse(0)).isZero();
    }

    @ParameterizedTest
    @EnumSource(AuthMethod.class)
    void createsADirectSecretForEveryAuthMethod(AuthMethod method) {
        ObjectNode body = json("{\"name\":\"  prod " + method.wire() + "  \",\"description\":\"d\"}");
        body.put("secret_type", method.secretType().wire());
        body.put("auth_method", method.wire());
        body.set("credentials", Json.MAPPER.valueToTree(SampleCredentials.valid(method)));

        Secret secret = create(body);

        assertThat(secret.name()).isEqualTo("prod " + method.wire());
        assertThat(secret.createdBy()).isEqualTo("admin-1");
        assertThat(secret.credentialPath()).isEqualTo(TestApp.PATH_PREFIX + "/teams/" + TEAM + "/secrets/" + secret.id());
        assertThat(t.credentials.read(secret.credentialPath()))
                .contains(new Credentials(SampleCredentials.valid(method)));
        assertThat(t.store.findSecret(TEAM, secret.id())).contains(secret);
        assertThat(t.store.findTeam(TEAM).orElseThrow().secretCount()).isEqualTo(1);
    }

    @ParameterizedTest
    @EnumSource(VaultType.class)
    void createsAnExternalSecretWithoutWritingCredentials(VaultType type) {
        VaultConnection connection = t.seedVaultConnection(TEAM, type);
        String[] refs = switch (type) {
            case ONEPASSWORD -> new String[] {"op://DevOps/AWS-Prod/access_key_id", "op://DevOps/AWS-Prod/keys/secret_access_key"};
            case DOPPLER, INFISICAL -> new String[] {"AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY"};
        };
        Secret secret = create(json("""
                {"name":"external","secret_type":"s3","auth_method":"s3_access_key",
                 "vault_connection_id":"%s",
                 "field_mappings":[{"field_name":"access_key_id","reference":"%s"},
                                   {"field_name":"secret_access_key","reference":"%s"}]}
                """.formatted(connection.id(), refs[0], refs[1])));

        assertThat(secret.external()).isTrue();
        assertThat(secret.vaultType()).isEqualTo(type);
        assertThat(secret.fieldMappings()).containsEntry("access_key_id", refs[0]).hasSize(2);
        assertThat(secret.credentialPath()).isNull();
        assertThat(t.credentials.paths()).isEmpty();
        assertThat(t.store.vaultConnectionReferences(connection.id())).isEqualTo(1);
    }

    @Test
    void referencesMustFitTheConnectionsVaultType() {
        VaultConnection doppler = t.seedVaultConnection(TEAM, VaultType.DOPPLER);
        ApiException e = rejected(json("""
                {"name":"x","secret_type":"s3","auth_method":"s3_access_key","vault_connection_id":"%s",
                 "field_mappings":[{"field_name":"access_key_id","reference":"op://v/i/f"},
                                   {"field_name":"secret_access_key","reference":"aws secret"}]}
                """.formatted(doppler.id())));
        assertThat(e.status()).isEqualTo(400);
        assertThat(e.detail()).extracting(Violation::loc).containsExactlyInAnyOrder(
                List.of("body", "field_mappings", 0, "reference"), List.of("body", "field_mappings", 1, "reference"));
        assertNothingWritten();
    }

    @Test
    void onePasswordReferencesNeedVaultItemAndField() {
        VaultConnection op = t.seedVaultConnection(TEAM, VaultType.ONEPASSWORD);
        ApiException e = rejected(json("""
                {"name":"x","secret_type":"gcs","auth_method":"gcs_service_account","vault_connection_id":"%s",
                 "field_mappings":[{"field_name":"service_account_json","reference":"op://only-vault/item"}]}
                """.formatted(op.id())));
        assertThat(e.detail()).singleElement().satisfies(v -> assertThat(v.msg()).contains("op://<vault>/<item>"));
    }

    @Test
    void fieldMappingsMustNameEachRequiredFieldExactlyOnce() {
        VaultConnection c = t.seedVaultConnection(TEAM, VaultType.INFISICAL);
        ApiException e = rejected(json("""
                {"name":"x","secret_type":"s3","auth_method":"s3_access_key","vault_connection_id":"%s",
                 "field_mappings":[{"field_name":"access_key_id","reference":"A"},
                                   {"field_name":"access_key_id","reference":"B"},
                                   {"field_name":"region","reference":"C"}]}
                """.formatted(c.id())));
        assertThat(e.detail()).extracting(Violation::loc, Violation::type).containsExactlyInAnyOrder(
                org.assertj.core.groups.Tuple.tuple(List.of("body", "field_mappings", 1, "field_name"), "value_error"),
                org.assertj.core.groups.Tuple.tuple(List.of("body", "field_mappings", 2, "field_name"), "extra_forbidden"),
                org.assertj.core.groups.Tuple.tuple(List.of("body", "field_mappings"), "missing"));
    }

    @Test
    void unknownOrForeignVaultConnectionIs404() {
        UUID otherTeam = UUID.randomUUID();
        VaultConnection foreign = t.seedVaultConnection(otherTeam, VaultType.DOPPLER);
        for (UUID id : List.of(foreign.id(), UUID.randomUUID())) {
            ApiException e = rejected(json("""
                    {"name":"x","secret_type":"s3","auth_method":"s3_access_key","vault_connection_id":"%s",
                     "field_mappings":[{"field_name":"access_key_id","reference":"A"},
                                       {"field_name":"secret_access_key","reference":"B"}]}
                    """.formatted(id)));
            assertThat(e.status()).isEqualTo(404);
            assertThat(e.code()).isEqualTo("vault_connection_not_found");
            assertThat(e.detail()).extracting(Violation::loc).containsExactly(List.of("body", "vault_connection_id"));
        }
        assertNothingWritten();
    }

    @Test
    void everyProblemIsReportedAtOnce() {
        ApiException e = rejected(json("""
                {"name":"  ","description":"%s","secret_type":"dropbox","auth_method":"s3_access_key",
                 "credentials":{"access_key_id":42},"colour":"red"}
                """.formatted("d".repeat(2001))));
        assertThat(e.status()).isEqualTo(400);
        assertThat(e.code()).isEqualTo("validation_error");
        assertThat(e.detail()).extracting(Violation::loc).contains(
                List.of("body", "name"), List.of("body", "description"), List.of("body", "secret_type"),
                List.of("body", "credentials", "access_key_id"), List.of("body", "credentials", "secret_access_key"),
                List.of("body", "colour"));
        assertNothingWritten();
    }

    @Test
    void nameRulesAreChecked() {
        assertThat(rejected(directS3("a".repeat(256))).detail()).extracting(Violation::loc)
                .containsExactly(List.of("body", "name"));
        assertThat(rejected(directS3("line\nbreak")).detail()).singleElement()
                .satisfies(v -> assertThat(v.msg()).contains("control"));
        ObjectNode noName = directS3("x");
        noName.remove("name");
        assertThat(rejected(noName).detail()).singleElement().satisfies(v -> {
            assertThat(v.loc()).isEqualTo(List.of("body", "name"));
        });
        assertThat(create(directS3("a".repeat(255))).name()).hasSize(255);
    }

    @Test
    void authMethodMustFitTheSecretType() {
        ObjectNode body = directS3("x");
        body.put("secret_type", "gcs");
        ApiException e = rejected(body);
        assertThat(e.detail()).singleElement().satisfies(v -> {
            assertThat(v.loc()).isEqualTo(List.of("body", "auth_method"));
            assertThat(v.msg()).contains("gcs_service_account");
        });
    }

    @Test
    void exactlyOneModeIsRequired() {
        ObjectNode both = directS3("x");
        both.put("vault_connection_id", UUID.randomUUID().toString());
        both.putArray("field_mappings");
        assertThat(rejected(both).detail()).extracting(Violation::msg).anySatisfy(m -> assertThat(m).contains("not both"));

        ObjectNode neither = directS3("x");
        neither.remove("credentials");
        assertThat(rejected(neither).detail()).singleElement().satisfies(v -> assertThat(v.loc()).isEqualTo(List.of("body")));

        ObjectNode halfExternal = directS3("x");
        halfExternal.remove("credentials");
        halfExternal.put("vault_connection_id", "not-a-uuid");
        assertThat(rejected(halfExternal).detail()).extracting(Violation::loc).containsExactlyInAnyOrder(
                List.of("body", "vault_connection_id"), List.of("body", "field_mappings"));
        assertNothingWritten();
    }

    @Test
    void namesAreUniquePerTeamIgnoringCaseAndSpaces() {
        create(directS3("Prod Backups"));
        ApiException e = rejected(directS3("  prod backups "));
        assertThat(e.status()).isEqualTo(409);
        assertThat(e.code()).isEqualTo("secret_name_conflict");
        assertThat(t.credentials.paths()).hasSize(1);
        assertThat(t.store.findTeam(TEAM).orElseThrow().secretCount()).isEqualTo(1);

        UUID otherTeam = UUID.randomUUID();
        Secret elsewhere = service.create(new Principal("o", Map.of(otherTeam, Role.OWNER)), otherTeam,
                SecretRequests.create(directS3("Prod Backups")));
        assertThat(elsewhere.teamId()).isEqualTo(otherTeam);
    }

    @Test
    void freeTierStopsAtFiveAndProAtOneHundred() {
        for (int i = 0; i < Tier.FREE.secretLimit(); i++) {
            create(directS3("s" + i));
        }
        ApiException e = rejected(directS3("one too many"));
        assertThat(e.status()).isEqualTo(403);
        assertThat(e.code()).isEqualTo("tier_limit_exceeded");
        assertThat(e.getMessage()).contains("Free").contains("5");
        assertThat(t.credentials.paths()).hasSize(5);

        t.store.setTier(TEAM, Tier.PRO);
        for (int i = 5; i < Tier.PRO.secretLimit(); i++) {
            create(directS3("s" + i));
        }
        assertThat(rejected(directS3("s100")).getMessage()).contains("Pro").contains("100");
        assertThat(t.store.listSecrets(TEAM)).hasSize(100);
        assertThat(t.credentials.paths()).hasSize(100);
    }

    @Test
    void onlyAdminsAndOwnersMayCreate() {
        for (Role role : List.of(Role.VIEWER, Role.OPERATOR)) {
            ApiException e = rejected(new Principal("u", Map.of(TEAM, role)), directS3("x"));
            assertThat(e.status()).isEqualTo(403);
        }
        assertThat(rejected(new Principal("u", Map.of(UUID.randomUUID(), Role.OWNER)), directS3("x")).status())
                .isEqualTo(403);
        assertNothingWritten();
        assertThat(service.create(new Principal("o", Map.of(TEAM, Role.OWNER)), TEAM,
                SecretRequests.create(directS3("x"))).createdBy()).isEqualTo("o");
    }

    @Test
    void aFailedMetadataWriteRemovesTheParameter() {
        // The metadata write fails after the parameter exists: the parameter must go again.
        TestApp failing = new TestApp();
        failing.store.createVaultConnection(new VaultConnection(UUID.randomUUID(), TEAM, "n", null, VaultType.DOPPLER,
                java.time.Instant.now(), "x"));
        SecretService broken = new SecretService(new SecretRepository() {
            @Override
            public void createSecret(Secret secret) {
                throw new IllegalStateException("DynamoDB unavailable");
            }

            @Override
            public Optional<Secret> findSecret(UUID teamId, UUID secretId) {
                return Optional.empty();
            }

            @Override
            public List<Secret> listSecrets(UUID teamId) {
                return List.of();
            }

            @Override
            public void updateSecret(Secret previous, Secret updated) {
                throw new IllegalStateException("DynamoDB unavailable");
            }

            @Override
            public void deleteSecret(Secret secret) {
                throw new IllegalStateException("DynamoDB unavailable");
            }
        }, failing.store, failing.credentials, new io.dataraven.secrets.credential.CredentialPaths("/p"),
                new SecretValidator(new io.dataraven.secrets.api.BeanValidation(
                        java.util.Set.of(CreateSecretRequest.class, FieldMapping.class)), failing.store),
                java.time.Clock.systemUTC(), UUID::randomUUID,
                new io.dataraven.secrets.audit.Auditor(new io.dataraven.secrets.audit.InMemoryAuditLog(), java.time.Clock.systemUTC()));
        assertThatThrownBy(() -> broken.create(admin, TEAM, SecretRequests.create(directS3("x"))))
                .isInstanceOf(IllegalStateException.class);
        assertThat(failing.credentials.paths()).isEmpty();
    }

    /** A repository whose write fails ambiguously: maybe after committing, maybe with an unreadable outcome. */
    private SecretService serviceOver(TestApp base, boolean commitsBeforeFailing, boolean readFails) {
        SecretRepository flaky = new SecretRepository() {
            @Override
            public void createSecret(Secret secret) {
                if (commitsBeforeFailing) {
                    base.store.createSecret(secret);
                }
                throw new IllegalStateException("read timed out");
            }

            @Override
            public Optional<Secret> findSecret(UUID teamId, UUID secretId) {
                if (readFails) {
                    throw new IllegalStateException("still unreachable");
                }
                return base.store.findSecret(teamId, secretId);
            }

            @Override
            public List<Secret> listSecrets(UUID teamId) {
                return base.store.listSecrets(teamId);
            }

            @Override
            public void updateSecret(Secret previous, Secret updated) {
                base.store.updateSecret(previous, updated);
            }

            @Override
            public void deleteSecret(Secret secret) {
                base.store.deleteSecret(secret);
            }
        };
        return new SecretService(flaky, base.store, base.credentials, new io.dataraven.secrets.credential.CredentialPaths("/p"),
                new SecretValidator(new io.dataraven.secrets.api.BeanValidation(
                        java.util.Set.of(CreateSecretRequest.class, FieldMapping.class)), base.store),
                java.time.Clock.systemUTC(), UUID::randomUUID,
                new io.dataraven.secrets.audit.Auditor(new io.dataraven.secrets.audit.InMemoryAuditLog(), java.time.Clock.systemUTC()));
    }

    @Test
    void aTimeoutAfterTheMetadataCommittedIsASuccessAndKeepsTheParameter() {
        TestApp base = new TestApp();
        Secret secret = serviceOver(base, true, false).create(admin, TEAM, SecretRequests.create(directS3("x")));
        assertThat(base.store.findSecret(TEAM, secret.id())).isPresent();
        assertThat(base.credentials.read(secret.credentialPath())).isPresent();
    }

    @Test
    void anUnknownOutcomeKeepsTheParameterForTheSweeper() {
        TestApp base = new TestApp();
        assertThatThrownBy(() -> serviceOver(base, false, true).create(admin, TEAM, SecretRequests.create(directS3("x"))))
                .isInstanceOf(IllegalStateException.class);
        assertThat(base.credentials.paths()).hasSize(1);
    }

    @Test
    void aFailedParameterWriteWritesNoMetadata() {
        CredentialStore down = new InMemoryCredentialStore();
        TestApp failing = new TestApp(new CredentialStore() {
            @Override
            public void create(String path, Credentials credentials) {
                throw new IllegalStateException("SSM unavailable");
            }

            @Override
            public void overwrite(String path, Credentials credentials) {
                down.overwrite(path, credentials);
            }

            @Override
            public void delete(String path) {
                down.delete(path);
            }

            @Override
            public Optional<Credentials> read(String path) {
                return down.read(path);
            }

            @Override
            public java.util.List<StoredParameter> list(String prefix) {
                return down.list(prefix);
            }
        });
        assertThatThrownBy(() -> failing.app.secretService().create(admin, TEAM, SecretRequests.create(directS3("x"))))
                .isInstanceOf(IllegalStateException.class);
        assertThat(failing.store.listSecrets(TEAM)).isEmpty();
        assertThat(failing.store.findTeam(TEAM)).isEmpty();
    }

    @Test
    void twentyConcurrentCreatesOnAFreeTeamLeaveExactlyFive() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Callable<Integer>> calls = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                String name = "concurrent-" + i;
                calls.add(() -> {
                    try {
                        create(directS3(name));
                        return 201;
                    } catch (ApiException e) {
                        return e.status();
                    }
                });
            }
            List<Integer> statuses = new ArrayList<>();
            for (Future<Integer> f : pool.invokeAll(calls)) {
                statuses.add(f.get());
            }
            assertThat(statuses).filteredOn(s -> s == 201).hasSize(5);
            assertThat(statuses).filteredOn(s -> s == 403).hasSize(15);
        } finally {
            pool.shutdownNow();
        }
        assertThat(t.store.listSecrets(TEAM)).hasSize(5);
        assertThat(t.credentials.paths()).hasSize(5);
        assertThat(t.store.findTeam(TEAM).orElseThrow().secretCount()).isEqualTo(5);
    }

    @Test
    void requestToStringNeverShowsCredentials() {
        CreateSecretRequest request = SecretRequests.create(directS3("x")).request();
        assertThat(request.toString()).doesNotContain(SampleCredentials.SECRET_MARKER).contains("secret_access_key");
    }
}
