package io.dataraven.secrets.protocol;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dataraven.secrets.api.ApiException;
import io.dataraven.secrets.api.ApiRequest;
import io.dataraven.secrets.config.App;
import io.dataraven.secrets.idempotency.Idempotency;
import io.dataraven.secrets.secret.SecretRequests;
import io.dataraven.secrets.team.Tier;
import io.dataraven.secrets.testing.Failures;
import io.dataraven.secrets.vault.VaultConnectionRequests;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Stream;

import static io.dataraven.secrets.protocol.StorageProtocolFaultTest.ADMIN;
import static io.dataraven.secrets.protocol.StorageProtocolFaultTest.OTHER;
import static io.dataraven.secrets.protocol.StorageProtocolFaultTest.TEAM;
import static io.dataraven.secrets.protocol.StorageProtocolFaultTest.TOKEN;
import static io.dataraven.secrets.protocol.StorageProtocolFaultTest.World;
import static io.dataraven.secrets.protocol.StorageProtocolFaultTest.connectionNamed;
import static io.dataraven.secrets.protocol.StorageProtocolFaultTest.connectionView;
import static io.dataraven.secrets.protocol.StorageProtocolFaultTest.createConnection;
import static io.dataraven.secrets.protocol.StorageProtocolFaultTest.createS3;
import static io.dataraven.secrets.protocol.StorageProtocolFaultTest.json;
import static io.dataraven.secrets.protocol.StorageProtocolFaultTest.secretNamed;
import static io.dataraven.secrets.protocol.StorageProtocolFaultTest.sweepAndCheck;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The writes that take an {@code Idempotency-Key}, under the fault matrix of {@link StorageProtocolFaultTest} (every
 * storage call x every fault kind, and every pair of the three ambiguous kinds), each followed by the client's
 * retry with the same key and body, as a client does after a 5xx or a timeout: the retry gets the original resource
 * (or a clean create if the first never applied), never a 409, never a second resource, never a lost credential;
 * and a third request replays it. The sweeper then leaves nothing behind and takes nothing anything points at.
 */
class IdempotentRetryFaultTest {

    private static final String KEY = "retry-key-1";

    /** One keyed write: a starting state, the request with the key, and what a client sees of its subject. */
    record KeyedPath(String name, java.util.function.Consumer<World> setup,
                     java.util.function.BiFunction<World, App, Idempotency.Outcome<?>> request,
                     Function<World, Object> observe, java.util.function.Consumer<World> concurrent,
                     Function<World, Long> count) {
    }

    private static Idempotency.Request key(ObjectNode body) {
        return ApiRequest.idempotencyRequest(KEY, () -> body);
    }

    private static final String DIRECT = "{\"name\":\"prod\",\"secret_type\":\"s3\",\"auth_method\":\"s3_access_key\","
            + "\"credentials\":{\"access_key_id\":\"AKIAIOSFODNN7EXAMPLE\",\"secret_access_key\":\"secret-value-number-1"
            + "-0123456789\"}}";

    private static long secretsNamed(World w, String name) {
        return w.store.listSecrets(TEAM).stream().filter(s -> s.name().equals(name) && !s.pending()).count();
    }

    private static long connectionsNamed(World w, String name) {
        return w.store.listVaultConnections(TEAM).stream().filter(c -> c.name().equals(name) && !c.pending()).count();
    }

    static final List<KeyedPath> PATHS = List.of(
            new KeyedPath("keyed create direct", w -> createS3(w.clean, "other", 9),
                    (w, app) -> {
                        ObjectNode body = json(DIRECT);
                        return app.secretService().create(ADMIN, TEAM, key(body), () -> SecretRequests.create(body));
                    },
                    w -> secretNamed(w, "prod"), w -> createS3(w.clean, OTHER, "unrelated", 3),
                    w -> secretsNamed(w, "prod")),
            new KeyedPath("keyed create external",
                    w -> {
                        w.clean.teams().setTier(TEAM, Tier.PRO);
                        createConnection(w.clean, "vault", TOKEN);
                    },
                    (w, app) -> {
                        UUID connection = connectionNamed(w, "vault").orElseThrow().id();
                        ObjectNode body = json("{\"name\":\"ext\",\"secret_type\":\"s3\",\"auth_method\":"
                                + "\"s3_access_key\",\"vault_connection_id\":\"" + connection + "\",\"field_mappings\":["
                                + "{\"field_name\":\"access_key_id\",\"reference\":\"REF_KEY_ID\"},"
                                + "{\"field_name\":\"secret_access_key\",\"reference\":\"REF_SECRET\"}]}");
                        return app.secretService().create(ADMIN, TEAM, key(body), () -> SecretRequests.create(body));
                    },
                    w -> secretNamed(w, "ext"), w -> createS3(w.clean, OTHER, "unrelated", 3),
                    w -> secretsNamed(w, "ext")),
            new KeyedPath("keyed vault connection create", w -> w.clean.teams().setTier(TEAM, Tier.PRO),
                    (w, app) -> {
                        ObjectNode body = json("{\"name\":\"vault\",\"vault_type\":\"doppler\",\"access_token\":"
                                + "\"dp.st.token-1\",\"project\":\"backend\",\"config\":\"prd\"}");
                        return app.vaultConnectionService().create(ADMIN, TEAM, key(body),
                                () -> VaultConnectionRequests.create(body));
                    },
                    w -> connectionView(w, "vault"),
                    w -> createConnection(w.clean, OTHER, "unrelated", "dp.st.other"),
                    w -> connectionsNamed(w, "vault")),
            new KeyedPath("keyed vault connection rotate", w -> createConnection(w.clean, "vault", "dp.st.token-0"),
                    (w, app) -> {
                        ObjectNode body = json("{\"access_token\":\"dp.st.token-1\"}");
                        return app.vaultConnectionService().rotate(ADMIN, TEAM,
                                connectionNamed(w, "vault").orElseThrow().id(), key(body),
                                () -> VaultConnectionRequests.rotation(body));
                    },
                    w -> connectionView(w, "vault"),
                    w -> w.clean.vaultConnectionService().update(OTHER, TEAM,
                            connectionNamed(w, "vault").orElseThrow().id(),
                            VaultConnectionRequests.update(json("{\"description\":\"concurrent\"}"))),
                    w -> connectionsNamed(w, "vault")));

    /** An outcome or the HTTP failure it maps to. */
    private static Object call(World w, App app, KeyedPath path) {
        try {
            return path.request().apply(w, app);
        } catch (RuntimeException e) {
            return Failures.http(e);
        }
    }

    private static World world(KeyedPath path) {
        World w = new World();
        path.setup().accept(w);
        return w;
    }

    private static void firstFailsThenTheRetryGetsTheOriginal(KeyedPath path, FaultPlan.Kind[] kinds, int[] calls,
                                                             Object after) {
        World w = world(path);
        w.plan.concurrently(() -> path.concurrent().accept(w));
        for (int i = 0; i < calls.length; i++) {
            w.plan.inject(calls[i], kinds[i]);
        }
        Object before = path.observe().apply(w);
        w.plan.arm();
        Object first = call(w, w.faulty, path);
        w.plan.disarm();
        w.plan.settle(); // the caller gave up; late writes land
        Object settled = path.observe().apply(w);
        String label = path.name() + " with " + List.of(kinds) + " at " + Arrays.toString(calls) + " -> "
                + (first instanceof ApiException e ? e.status() + " " + e.code() + " " + e.changeApplied() : "ok");
        if (first instanceof ApiException e && "no".equals(e.changeApplied())) {
            assertThat(settled).as(label + ": 'no' changed nothing").isEqualTo(before);
        }
        Object retried = call(w, w.clean, path);
        assertThat(retried).as(label + ": the retry with the key succeeds (never a 409), got " + retried)
                .isInstanceOf(Idempotency.Outcome.class);
        Idempotency.Outcome<?> again = (Idempotency.Outcome<?>) retried;
        if (first instanceof Idempotency.Outcome<?> ok) {
            assertThat(again.replayed()).as(label + ": a 2xx is replayed").isTrue();
            assertThat(again.resourceId()).isEqualTo(ok.resourceId());
            assertThat(again.body()).isEqualTo(ok.body());
        } else if (settled.equals(after) && !settled.equals(before)) {
            assertThat(again.replayed()).as(label + ": a write that applied is replayed, not done again").isTrue();
        }
        assertThat(path.observe().apply(w)).as(label + ": the original state, credentials whole").isEqualTo(after);
        assertThat(path.count().apply(w)).as(label + ": one resource").isEqualTo(1L);
        Object third = call(w, w.clean, path);
        assertThat(third).as(label + ": a third request replays").isInstanceOfSatisfying(Idempotency.Outcome.class,
                o -> {
                    assertThat(o.replayed()).isTrue();
                    assertThat(o.resourceId()).isEqualTo(again.resourceId());
                });
        sweepAndCheck(w, path.name(), path.observe());
        assertThat(path.count().apply(w)).isEqualTo(1L);
    }

    private static Object[] cleanRun(KeyedPath path) {
        World w = world(path);
        w.plan.arm();
        Object outcome = call(w, w.faulty, path);
        w.plan.disarm();
        assertThat(outcome).as(path.name() + " without faults").isInstanceOf(Idempotency.Outcome.class);
        return new Object[]{w.plan.calls().size(), path.observe().apply(w), w.plan.calls()};
    }

    @TestFactory
    Stream<DynamicTest> everyKeyedPathEveryCallEveryFaultThenTheSameKey() {
        List<DynamicTest> tests = new ArrayList<>();
        for (KeyedPath path : PATHS) {
            Object[] clean = cleanRun(path);
            int calls = (int) clean[0] + 2; // and the cleanup and read-back calls a fault adds
            for (int call = 0; call < calls; call++) {
                for (FaultPlan.Kind kind : FaultPlan.Kind.values()) {
                    int at = call;
                    List<?> names = (List<?>) clean[2];
                    tests.add(DynamicTest.dynamicTest(path.name() + ": " + kind + " at call " + call + " ("
                            + (call < names.size() ? names.get(call) : "added") + ")", () ->
                            firstFailsThenTheRetryGetsTheOriginal(path, new FaultPlan.Kind[]{kind}, new int[]{at},
                                    clean[1])));
                }
            }
        }
        return tests.stream();
    }

    @TestFactory
    Stream<DynamicTest> everyKeyedPathEveryPairOfFaultsThenTheSameKey() {
        List<DynamicTest> tests = new ArrayList<>();
        FaultPlan.Kind[] kinds = {FaultPlan.Kind.FAIL_BEFORE, FaultPlan.Kind.APPLY_THEN_FAIL, FaultPlan.Kind.APPLY_LATE};
        for (KeyedPath path : PATHS) {
            Object[] clean = cleanRun(path);
            int calls = (int) clean[0] + 2;
            tests.add(DynamicTest.dynamicTest(path.name() + ": every pair of faults", () -> {
                for (int a = 0; a < calls; a++) {
                    for (int b = a + 1; b < calls; b++) {
                        for (FaultPlan.Kind ka : kinds) {
                            for (FaultPlan.Kind kb : kinds) {
                                firstFailsThenTheRetryGetsTheOriginal(path, new FaultPlan.Kind[]{ka, kb},
                                        new int[]{a, b}, clean[1]);
                            }
                        }
                    }
                }
            }));
        }
        return tests.stream();
    }

    /** The record rides in the write's own transactions: a keyed create makes exactly the calls of an unkeyed one. */
    @org.junit.jupiter.api.Test
    void aKeyedWriteMakesNoExtraCallAndItsReplayNoWrite() {
        List<List<String>> expected = List.of(
                List.of("secrets.create", "credentials.create", "secrets.update"),
                List.of("connections.find", "secrets.create"),
                List.of("connections.create", "credentials.create", "connections.update"),
                // the rotation reads the record first, so that a replay writes no SSM version
                List.of("idempotency.find", "connections.find", "credentials.overwrite", "connections.update"));
        for (int i = 0; i < PATHS.size(); i++) {
            KeyedPath path = PATHS.get(i);
            World w = world(path);
            w.plan.arm();
            call(w, w.faulty, path);
            assertThat(w.plan.calls()).as(path.name()).isEqualTo(expected.get(i));
            w.plan.arm();
            assertThat(call(w, w.faulty, path)).isInstanceOfSatisfying(Idempotency.Outcome.class,
                    o -> assertThat(o.replayed()).isTrue());
            w.plan.disarm();
            assertThat(w.plan.calls()).as(path.name() + ": a replay writes nothing")
                    .noneMatch(c -> c.startsWith("credentials.")).hasSizeLessThanOrEqualTo(2);
        }
    }

    /** The first attempt dies after its reservation, with no cleanup at all: the retry takes it over at once. */
    @TestFactory
    Stream<DynamicTest> aCreateThatDiedAfterItsReservationIsFinishedByTheRetry() {
        return PATHS.stream().filter(p -> !p.name().contains("rotate") && !p.name().contains("external"))
                .map(path -> DynamicTest.dynamicTest(path.name(), () -> {
                    World w = world(path);
                    Object after = cleanRun(path)[1];
                    w.plan.inject(1, FaultPlan.Kind.FAIL_BEFORE).inject(2, FaultPlan.Kind.FAIL_BEFORE).arm();
                    Object first = call(w, w.faulty, path);
                    w.plan.disarm();
                    assertThat(first).isInstanceOfSatisfying(ApiException.class,
                            e -> assertThat(e.changeApplied()).isEqualTo("no"));
                    Object retried = call(w, w.clean, path);
                    assertThat(retried).as("no 409 while the dead reservation is young: " + retried)
                            .isInstanceOf(Idempotency.Outcome.class);
                    assertThat(path.observe().apply(w)).isEqualTo(after);
                    assertThat(Optional.of(path.count().apply(w))).contains(1L);
                    sweepAndCheck(w, path.name(), path.observe());
                }));
    }
}
