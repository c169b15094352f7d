package io.dataraven.secrets.secret;

import io.dataraven.secrets.audit.AuditEvent;

import io.dataraven.secrets.testing.Failures;
import io.dataraven.secrets.store.StoreUnavailableException;
import java.util.Set;
import java.time.Clock;
import io.dataraven.secrets.audit.InMemoryAuditLog;
import io.dataraven.secrets.audit.Auditor;
import io.dataraven.secrets.common.BeanValidation;
import io.dataraven.secrets.credential.CredentialPaths;
import io.dataraven.secrets.testing.DelegatingSecretRepository;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dataraven.secrets.api.ApiException;
import io.dataraven.secrets.common.Databind;
import io.dataraven.secrets.common.Violation;
import io.dataraven.secrets.auth.Principal;
import io.dataraven.secrets.auth.Role;
import io.dataraven.secrets.credential.AuthMethod;
import io.dataraven.secrets.credential.CredentialStore;
import io.dataraven.secrets.credential.Credentials;
import io.dataraven.secrets.store.memory.InMemoryCredentialStore;
import io.dataraven.secrets.team.Tier;
import io.dataraven.secrets.testing.DelegatingCredentialStore;
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
        return Failures.http(() -> service.create(who, TEAM, SecretRequests.create(body)));
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
        body.set("credentials", Databind.MAPPER.valueToTree(SampleCredentials.valid(method)));

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
    void aFailedReservationNeverReachesTheCredentialStore() {
        // The pending reservation is the first write: when it fails, SSM is never called.
        TestApp failing = new TestApp();
        SecretService broken = serviceWith(new DelegatingSecretRepository(failing.store) {
            @Override
            public void createSecret(Secret secret, AuditEvent audit) {
                throw new IllegalStateException("DynamoDB unavailable");
            }

            @Override
            public void updateSecret(Secret previous, Secret updated, AuditEvent audit) {
                throw new IllegalStateException("DynamoDB unavailable");
            }

            @Override
            public void deleteSecret(Secret secret, AuditEvent audit) {
                throw new IllegalStateException("DynamoDB unavailable");
            }
        }, failing);
        assertThat(Failures.http(() -> broken.create(admin, TEAM, SecretRequests.create(directS3("x"))))).satisfies(e -> {
                    assertThat(e.status()).isEqualTo(500);
                    assertThat(e.changeApplied()).isEqualTo("no"); // a pending reservation is never visible
                    assertThat(e.retryable()).isTrue();
                });
        assertThat(failing.credentials.paths()).isEmpty();
    }

    /** Where a repository write fails ambiguously (a timeout): maybe after committing, maybe unreadable after. */
    private enum Flaky {
        RESERVATION_COMMITS_THEN_TIMES_OUT, ACTIVATION_COMMITS_THEN_TIMES_OUT, ACTIVATION_TIMES_OUT,
        ACTIVATION_TIMES_OUT_AND_READS_FAIL
    }

    private SecretService serviceOver(TestApp base, Flaky flaky) {
        return serviceWith(new DelegatingSecretRepository(base.store) {
            @Override
            public void createSecret(Secret secret, AuditEvent audit) {
                base.store.createSecret(secret, audit);
                if (flaky == Flaky.RESERVATION_COMMITS_THEN_TIMES_OUT) {
                    throw new IllegalStateException("read timed out");
                }
            }

            @Override
            public Optional<Secret> findSecret(UUID teamId, UUID secretId) {
                if (flaky == Flaky.ACTIVATION_TIMES_OUT_AND_READS_FAIL) {
                    throw new IllegalStateException("still unreachable");
                }
                return base.store.findSecret(teamId, secretId);
            }

            @Override
            public void updateSecret(Secret previous, Secret updated, AuditEvent audit) {
                if (flaky == Flaky.ACTIVATION_COMMITS_THEN_TIMES_OUT) {
                    base.store.updateSecret(previous, updated, audit);
                }
                if (flaky != Flaky.RESERVATION_COMMITS_THEN_TIMES_OUT) {
                    throw new IllegalStateException("read timed out");
                }
                base.store.updateSecret(previous, updated, audit);
            }
        }, base);
    }

    /** The service over {@code app}'s stores, with {@code secrets} in place of its secret repository. */
    private static SecretService serviceWith(SecretRepository secrets, TestApp app) {
        return new SecretService(secrets, app.store, app.credentials, new CredentialPaths("/p"),
                new SecretValidator(new BeanValidation(Set.of(CreateSecretRequest.class, FieldMapping.class)),
                        app.store),
                Clock.systemUTC(), UUID::randomUUID, new Auditor(Clock.systemUTC()));
    }

    private static ApiException createFails(SecretService service, Principal who) {
        return Failures.http(() -> service.create(who, TEAM, SecretRequests.create(directS3("x"))));
    }

    @Test
    void aTimeoutAfterTheActivationCommittedIsASuccessAndKeepsTheParameter() {
        TestApp base = new TestApp();
        Secret secret = serviceOver(base, Flaky.ACTIVATION_COMMITS_THEN_TIMES_OUT)
                .create(admin, TEAM, SecretRequests.create(directS3("x")));
        assertThat(base.store.findSecret(TEAM, secret.id())).hasValueSatisfying(s -> {
            assertThat(s.pending()).isFalse();
            assertThat(s.credentialVersion()).isEqualTo(1L);
        });
        assertThat(base.credentials.read(secret.credentialPath(), 1L)).isPresent();
    }

    @Test
    void aTimeoutAfterTheReservationCommittedRemovesItAndNeverWritesTheParameter() {
        TestApp base = new TestApp();
        ApiException e = createFails(serviceOver(base, Flaky.RESERVATION_COMMITS_THEN_TIMES_OUT), admin);
        assertThat(e.status()).isEqualTo(500);
        assertThat(e.changeApplied()).isEqualTo("no");
        assertThat(base.store.listSecrets(TEAM)).isEmpty();
        assertThat(base.store.findTeam(TEAM).orElseThrow().secretCount()).isZero();
        assertThat(base.credentials.paths()).isEmpty();
    }

    @Test
    void anActivationThatDidNotCommitRemovesTheReservationAndTheParameter() {
        TestApp base = new TestApp();
        ApiException e = createFails(serviceOver(base, Flaky.ACTIVATION_TIMES_OUT), admin);
        assertThat(e.changeApplied()).isEqualTo("no");
        assertThat(e.getMessage()).contains("was not applied");
        assertThat(base.store.listSecrets(TEAM)).isEmpty();
        assertThat(base.credentials.paths()).isEmpty();
    }

    @Test
    void anUnknownOutcomeKeepsThePendingMetadataAndTheParameterForTheSweeper() {
        TestApp base = new TestApp();
        ApiException e = createFails(serviceOver(base, Flaky.ACTIVATION_TIMES_OUT_AND_READS_FAIL), admin);
        assertThat(e.status()).isEqualTo(500);
        assertThat(e.changeApplied()).isEqualTo("unknown");
        assertThat(e.getMessage()).contains("may or may not have been applied");
        // Invisible to the API, but the pending metadata still points at its parameter: neither may go yet.
        assertThat(base.store.listSecrets(TEAM)).singleElement().satisfies(s -> {
            assertThat(s.pending()).isTrue();
            assertThat(base.credentials.read(s.credentialPath())).isPresent();
        });
        assertThat(base.app.secretService().list(admin, TEAM, ListSecretsQuery.parse(Map.of())).data()).isEmpty();
    }

    @Test
    void throttledStorageIsARetryable503ThatSaysNothingWasApplied() {
        CredentialStore down = new InMemoryCredentialStore();
        TestApp throttled = new TestApp(new DelegatingCredentialStore(down) {
            @Override
            public long create(String path, Credentials credentials) {
                throw new StoreUnavailableException("ssm",
                        StoreUnavailableException.Reason.THROTTLED, false,
                        "ThrottlingException");
            }
        });
        ApiException e = createFails(throttled.app.secretService(), admin);
        assertThat(e.status()).isEqualTo(503);
        assertThat(e.code()).isEqualTo("service_throttled");
        assertThat(e.headers()).containsEntry("Retry-After", "2");
        assertThat(e.changeApplied()).isEqualTo("no");
        assertThat(throttled.store.listSecrets(TEAM)).isEmpty();
        assertThat(down.read(TestApp.PATH_PREFIX)).isEmpty();
    }

    @Test
    void aFailedParameterWriteWritesNoMetadata() {
        CredentialStore down = new InMemoryCredentialStore();
        TestApp failing = new TestApp(new DelegatingCredentialStore(down) {
            @Override
            public long create(String path, Credentials credentials) {
                throw new IllegalStateException("SSM unavailable");
            }
        });
        // The pending reservation came first; the failed write removes it again, so nothing is visible or held.
        assertThat(Failures.http(() -> failing.app.secretService().create(admin, TEAM, SecretRequests.create(directS3("x"))))).satisfies(e -> {
                    assertThat(e.status()).isEqualTo(500);
                    assertThat(e.changeApplied()).isEqualTo("no");
                    assertThat(e.getMessage()).contains("was not applied");
                });
        assertThat(failing.store.listSecrets(TEAM)).isEmpty();
        assertThat(failing.store.findTeam(TEAM).map(team -> team.secretCount()).orElse(0)).isZero();
        // The name is free again.
        Secret retried = new TestApp(down).app.secretService().create(admin, TEAM, SecretRequests.create(directS3("x")));
        assertThat(retried.credentialVersion()).isEqualTo(1L);
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
