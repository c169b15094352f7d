package io.dataraven.secrets.teamevents;

import io.dataraven.secrets.audit.AuditEvent;

import io.dataraven.secrets.testing.Failures;
import io.dataraven.secrets.team.TeamEvent;
import io.dataraven.secrets.team.Tier;

import io.dataraven.secrets.api.ApiException;
import io.dataraven.secrets.auth.Principal;
import io.dataraven.secrets.auth.Role;
import io.dataraven.secrets.credential.CredentialStore;
import io.dataraven.secrets.credential.Credentials;
import io.dataraven.secrets.secret.SecretRequests;
import io.dataraven.secrets.credential.CredentialPaths;
import io.dataraven.secrets.secret.Secret;
import io.dataraven.secrets.secret.SecretModifiedException;
import io.dataraven.secrets.secret.SecretRepository;
import io.dataraven.secrets.testing.DelegatingSecretRepository;
import io.dataraven.secrets.sweep.OrphanSweeper;
import io.dataraven.secrets.testing.DelegatingCredentialStore;
import io.dataraven.secrets.testing.LogCapture;
import io.dataraven.secrets.testing.TestApp;
import io.dataraven.secrets.vault.VaultConnection;
import io.dataraven.secrets.vault.VaultType;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

import static io.dataraven.secrets.testing.TestApp.directS3;
import static io.dataraven.secrets.testing.TestApp.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TeamEventsServiceTest {

    private static final UUID TEAM = UUID.fromString("3f1c2a9e-7b4d-4e6a-9c1f-0d2b8e5a4c71");
    private final TestApp t = new TestApp();
    private final Principal admin = new Principal("a", Map.of(TEAM, Role.ADMIN));

    private static TeamEvent plan(Tier tier, long order) {
        return new TeamEvent(TeamEvent.PLAN_CHANGED, TEAM, tier, order, Instant.ofEpochMilli(order));
    }

    private static TeamEvent deleted() {
        return new TeamEvent(TeamEvent.DELETED, TEAM, null, 0, Instant.now());
    }

    private TeamEventsService.Outcome handle(TeamEvent event) {
        return t.app.teamEventsService().handle(event, () -> true);
    }

    private int create(int n, String prefix) {
        int created = 0;
        for (int i = 0; i < n; i++) {
            try {
                t.app.secretService().create(admin, TEAM, SecretRequests.create(directS3(prefix + i)));
                created++;
            } catch (RuntimeException thrown) {
            ApiException e = Failures.http(thrown);
                assertThat(e.code()).isEqualTo("tier_limit_exceeded");
            }
        }
        return created;
    }

    @Test
    void planChangesApplyNewestFirstAndIgnoreDuplicatesAndStaleOnes() {
        assertThat(handle(plan(Tier.PRO, 200)).action()).isEqualTo("plan_changed");
        assertThat(handle(plan(Tier.PRO, 200)).action()).isEqualTo("ignored_stale"); // duplicate
        assertThat(handle(plan(Tier.FREE, 100)).action()).isEqualTo("ignored_stale"); // older, arrived late
        assertThat(t.store.findTeam(TEAM).orElseThrow().tier()).isEqualTo(Tier.PRO);
        assertThat(create(7, "s")).isEqualTo(7);
    }

    @Test
    void aDowngradeKeepsSecretsAndBlocksCreatesUntilUnderTheLimit() {
        handle(plan(Tier.PRO, 1));
        assertThat(create(7, "s")).isEqualTo(7);
        handle(plan(Tier.FREE, 2));
        assertThat(t.store.listSecrets(TEAM)).hasSize(7);
        assertThat(create(1, "blocked")).isZero();
        for (var secret : t.store.listSecrets(TEAM).subList(0, 3)) {
            t.app.secretService().delete(admin, TEAM, secret.id());
        }
        assertThat(create(2, "again")).isEqualTo(1); // 4 left, one more fits under 5
    }

    @Test
    void deletionRemovesEverythingAndRefusesLaterCreatesAndPlans() {
        handle(plan(Tier.PRO, 1));
        create(6, "s");
        VaultConnection c = t.seedVaultConnection(TEAM, VaultType.DOPPLER);
        t.credentials.create(TestApp.PATH_PREFIX + "/teams/" + TEAM + "/vault-connections/x", new Credentials(Map.of("a", "b")));
        t.app.secretService().create(admin, TEAM, SecretRequests.create(json("""
                {"name":"ext","secret_type":"s3","auth_method":"s3_access_key","vault_connection_id":"%s",
                 "field_mappings":[{"field_name":"access_key_id","reference":"A"},
                                   {"field_name":"secret_access_key","reference":"B"}]}""".formatted(c.id()))));

        TeamEventsService.Outcome outcome = handle(deleted());

        assertThat(outcome.complete()).isTrue();
        assertThat(outcome.secretsDeleted()).isEqualTo(7);
        assertThat(outcome.connectionsDeleted()).isEqualTo(1);
        assertThat(t.store.listSecrets(TEAM)).isEmpty();
        assertThat(t.store.listVaultConnections(TEAM)).isEmpty();
        assertThat(t.credentials.paths()).allSatisfy(p -> assertThat(p).doesNotContain("/secrets/"));
        assertThat(t.store.isDeleted(TEAM)).isTrue();
        assertThat(create(1, "after")).isZero();
        assertThat(handle(plan(Tier.PRO, 99)).action()).isEqualTo("ignored_stale");
        assertThat(handle(deleted()).complete()).isTrue(); // a duplicate deletion is a no-op
    }

    @Test
    void aTeamWithMoreItemsThanOneBatchContinuesUntilDone() {
        handle(plan(Tier.PRO, 1));
        create(12, "s");
        AtomicInteger budget = new AtomicInteger(5);
        TeamEventsService.Outcome first = t.app.teamEventsService().handle(deleted(), () -> budget.getAndDecrement() > 0);
        assertThat(first.complete()).isFalse();
        assertThat(first.secretsDeleted()).isEqualTo(5);
        assertThat(t.store.listSecrets(TEAM)).hasSize(7);

        TeamEvent continued = new TeamEvent(TeamEvent.DELETION_CONTINUED, TEAM, null, 0, Instant.now());
        budget.set(5);
        assertThat(t.app.teamEventsService().handle(continued, () -> budget.getAndDecrement() > 0).complete()).isFalse();
        assertThat(t.app.teamEventsService().handle(continued, () -> true).complete()).isTrue();
        assertThat(t.store.listSecrets(TEAM)).isEmpty();
        assertThat(t.credentials.paths()).isEmpty();
    }

    /** Team deletion over {@code t}'s stores, with a secret repository whose third delete crashes. */
    private TeamEventsService crashingOnThirdSecretDelete(CredentialStore credentials) {
        AtomicInteger deletes = new AtomicInteger();
        return deletingSecretsWith(credentials, secret -> {
            if (deletes.incrementAndGet() == 3) {
                throw new IllegalStateException("Lambda timed out");
            }
            t.store.deleteSecret(secret);
        });
    }

    /** Team deletion over {@code t}'s stores, whose secret repository deletes with {@code delete}. */
    private TeamEventsService deletingSecretsWith(CredentialStore credentials, Consumer<Secret> delete) {
        SecretRepository secrets = new DelegatingSecretRepository(t.store) {
            @Override
            public void deleteSecret(Secret secret, AuditEvent audit) {
                delete.accept(secret);
            }
        };
        return new TeamEventsService(t.store, secrets, t.store, t.store, credentials, Clock.systemUTC());
    }

    @Test
    void aDeletionThatStopsMakingProgressFailsAfterTheLastHopInsteadOfHandingItselfOnForever() {
        create(2, "s");
        // Every delete finds the item changed meanwhile: each pass ends unfinished with time to spare.
        TeamEventsService stuck = deletingSecretsWith(t.credentials, secret -> {
            throw new SecretModifiedException(secret.id());
        });
        TeamEvent event = deleted();
        for (int hop = 0; hop < TeamEventsService.MAX_DELETION_HOPS; hop++) {
            assertThat(stuck.handle(event, () -> true).complete()).isFalse();
            // What the handler hands on, read back as the rule delivers it.
            event = TeamEvent.fromEnvelope(Map.of("detail-type", TeamEvent.DELETION_CONTINUED,
                    "detail", event.continuationDetail()));
        }
        assertThat(event.hops()).isEqualTo(TeamEventsService.MAX_DELETION_HOPS);
        TeamEvent last = event;
        try (LogCapture logs = LogCapture.start()) {
            // The last hop fails (Lambda retries it, then the dead-letter queue holds it): no further hand-on.
            assertThatThrownBy(() -> stuck.handle(last, () -> true)).isInstanceOf(IllegalStateException.class);
            assertThat(logs.lines()).anySatisfy(line -> assertThat(line)
                    .contains("TEAM_DELETION_NOT_FINISHING team_id=" + TEAM + " hops=" + last.hops()));
        }
        assertThat(t.store.listSecrets(TEAM)).hasSize(2);

        // Once the cause is gone, a replay of that last event finishes the deletion.
        assertThat(handle(event).complete()).isTrue();
        assertThat(t.store.listSecrets(TEAM)).isEmpty();
    }

    private OrphanSweeper sweeperAt(Instant now) {
        return new OrphanSweeper(t.credentials, t.store, t.store, t.store, new CredentialPaths(TestApp.PATH_PREFIX),
                Clock.fixed(now, ZoneOffset.UTC), OrphanSweeper.MIN_GRACE);
    }

    @Test
    void aCrashMidDeletionIsFinishedByTheRetryAndLeavesOnlyOrphansForTheSweeper() {
        create(5, "s");
        List<String> allPaths = t.store.listSecrets(TEAM).stream().map(Secret::credentialPath).toList();
        TeamEventsService crashing = crashingOnThirdSecretDelete(t.credentials);

        assertThatThrownBy(() -> crashing.handle(deleted(), () -> true)).isInstanceOf(IllegalStateException.class);
        // Metadata goes first: the three secrets still there all keep their credentials.
        List<Secret> left = t.store.listSecrets(TEAM);
        assertThat(left).hasSize(3);
        assertThat(left).allSatisfy(s -> assertThat(t.credentials.read(s.credentialPath())).isPresent());
        assertThat(t.credentials.paths()).containsExactlyInAnyOrderElementsOf(allPaths);

        assertThat(crashing.handle(deleted(), () -> true).complete()).isTrue();
        assertThat(t.store.listSecrets(TEAM)).isEmpty();
        assertThat(t.store.findTeam(TEAM).orElseThrow().secretCount()).isZero();
        // The two whose metadata went before the crash are orphans now: nothing points at them, the sweeper takes them.
        List<String> leftPaths = left.stream().map(Secret::credentialPath).toList();
        assertThat(t.credentials.paths()).hasSize(2).doesNotContainAnyElementsOf(leftPaths);

        OrphanSweeper.Summary swept = sweeperAt(Instant.now().plus(OrphanSweeper.MIN_GRACE).plusSeconds(60)).sweep();
        assertThat(swept.deleted()).isEqualTo(2);
        assertThat(t.credentials.paths()).isEmpty();
    }

    @Test
    void aFailedParameterDeleteLeavesOrphansNeverSecretsWithoutCredentials() {
        create(3, "s");
        TeamEventsService failingDeletes = new TeamEventsService(t.store, t.store, t.store, t.store,
                new DelegatingCredentialStore(t.credentials) {
                    @Override
                    public void deleteAll(Collection<String> paths) {
                        throw new IllegalStateException("SSM unavailable");
                    }
                }, Clock.systemUTC());

        assertThatThrownBy(() -> failingDeletes.handle(deleted(), () -> true)).isInstanceOf(IllegalStateException.class);
        assertThat(t.store.listSecrets(TEAM)).isEmpty();
        assertThat(t.credentials.paths()).hasSize(3);
        assertThat(handle(deleted()).complete()).isTrue(); // the retry has nothing left to do

        assertThat(sweeperAt(Instant.now().plus(OrphanSweeper.MIN_GRACE).plusSeconds(60)).sweep().deleted()).isEqualTo(3);
        assertThat(t.credentials.paths()).isEmpty();
    }

    @Test
    void parametersAreDeletedInBatchesOfAtMostTen() {
        handle(plan(Tier.PRO, 1));
        create(23, "s");
        List<Integer> batches = new ArrayList<>();
        TeamEventsService recording = new TeamEventsService(t.store, t.store, t.store, t.store,
                new DelegatingCredentialStore(t.credentials) {
                    @Override
                    public void deleteAll(Collection<String> paths) {
                        if (!paths.isEmpty()) {
                            batches.add(paths.size());
                        }
                        super.deleteAll(paths);
                    }

                    @Override
                    public void delete(String path) {
                        throw new AssertionError("team deletion deletes in batches, not one by one");
                    }
                }, Clock.systemUTC());

        assertThat(recording.handle(deleted(), () -> true).complete()).isTrue();
        assertThat(batches).containsExactly(10, 10, 3);
        assertThat(t.credentials.paths()).isEmpty();
    }

    @Test
    void anUnversionedCreationNeverOutranksALaterVersionedPlanChange() {
        TeamEvent created = TeamEvent.fromEnvelope(Map.of("detail-type", "TeamCreated", "time", "2026-11-27T08:00:00Z",
                "detail", Map.of("team_id", TEAM.toString())));
        TeamEvent upgraded = TeamEvent.fromEnvelope(Map.of("detail-type", "TeamPlanChanged", "time", "2026-11-27T09:00:00Z",
                "detail", Map.of("team_id", TEAM.toString(), "tier", "pro", "plan_version", 2)));
        assertThat(handle(created).action()).isEqualTo("created");
        assertThat(handle(upgraded).action()).isEqualTo("plan_changed");
        assertThat(t.store.findTeam(TEAM).orElseThrow().tier()).isEqualTo(Tier.PRO);
        assertThat(handle(created).action()).isEqualTo("ignored_stale"); // redelivered late
    }

    @Test
    void malformedEventsAreRefused() {
        assertThatThrownBy(() -> TeamEvent.fromEnvelope(Map.of("detail-type", "TeamPlanChanged",
                "detail", Map.of("team_id", TEAM.toString())))).hasMessageContaining("tier");
        assertThatThrownBy(() -> TeamEvent.fromEnvelope(Map.of("detail-type", "TeamDeleted",
                "detail", Map.of("team_id", "acme")))).hasMessageContaining("team_id");
        assertThat(TeamEvent.fromEnvelope(Map.of("detail-type", "TeamPlanChanged", "time", "2026-11-27T09:00:00Z",
                "detail", Map.of("team_id", TEAM.toString(), "tier", "pro"))).order())
                .isEqualTo(Instant.parse("2026-11-27T09:00:00Z").toEpochMilli());
    }

    private static TeamEvent continued(Object hops) {
        Map<String, Object> detail = new java.util.HashMap<>(Map.of("team_id", TEAM.toString()));
        detail.put("hops", hops);
        return TeamEvent.fromEnvelope(Map.of("detail-type", TeamEvent.DELETION_CONTINUED, "detail", detail));
    }

    @Test
    void continuationsCountTheirHopsAndABadCountIsRefusedRatherThanReset() {
        assertThat(deleted().continuationDetail()).isEqualTo(Map.of("team_id", TEAM.toString(), "hops", 1));
        assertThat(continued(3).hops()).isEqualTo(3);
        assertThat(continued(3L).continuationDetail()).containsEntry("hops", 4);
        assertThat(continued(null).hops()).isZero(); // published before the count existed
        for (Object bad : List.of(-1, 1.5, "3")) {
            assertThatThrownBy(() -> continued(bad)).as("hops %s", bad).hasMessageContaining("hops");
        }
        // Only a continuation counts: the team service's own TeamDeleted always starts at 0.
        assertThat(TeamEvent.fromEnvelope(Map.of("detail-type", TeamEvent.DELETED,
                "detail", Map.of("team_id", TEAM.toString(), "hops", 7))).hops()).isZero();
    }
}
