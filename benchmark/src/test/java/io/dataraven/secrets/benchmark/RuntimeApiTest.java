package io.dataraven.secrets.benchmark;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Runtime API endpoint against the real runtime interface client (target/runtime-lib): a hello-world handler's
 * events go out and its answers come back through {@code invocation/next} and {@code /response}, SnapStart's
 * {@code restore/next} comes before them, and a handler that is not there ends in {@code /error}. No timing is
 * asserted: only the protocol and the order of its moments.
 */
class RuntimeApiTest {

    @TempDir
    static Path work;

    private static List<Path> jars;
    private static LambdaRuntime runtime;
    private static Path taskRoot;

    @BeforeAll
    static void runtime() throws IOException {
        try (var files = Files.list(Path.of("target/runtime-lib"))) {
            jars = files.filter(p -> p.toString().endsWith(".jar")).sorted().toList();
        }
        runtime = runtime(0);
        taskRoot = TaskRoot.withClasses(Files.createDirectories(work.resolve("task")), Path.of("target/classes"),
                "io/dataraven/secrets/benchmark/Hello");
    }

    /** This JVM's java and the runtime client's jars; each event after the second waits {@code idleMillis}. */
    private static LambdaRuntime runtime(long idleMillis) throws IOException {
        return new LambdaRuntime(Path.of(System.getProperty("java.home"), "bin", "java").toString(), jars, work,
                Map.of("AWS_REGION", "us-east-1"), Map.of(), List.of(), () -> { }, idleMillis);
    }

    private static LambdaRuntime.Function function(String handler) {
        return new LambdaRuntime.Function("hello", taskRoot, handler, 256, Map.of(), LambdaRuntime.FLAGS);
    }

    @Test
    void invocationsRoundTripThroughTheRuntimeClient() throws Exception {
        LambdaRuntime.Life life = runtime.run(function("io.dataraven.secrets.benchmark.Hello::handleRequest"),
                List.of("{\"hello\":\"world\"}", "{}"), false, true);

        assertThat(life.error()).isNull();
        assertThat(life.restored()).isZero();
        assertThat(life.invocations()).extracting(RuntimeApi.Invocation::id).containsExactly("bench-1", "bench-2");
        assertThat(life.invocations()).extracting(RuntimeApi.Invocation::body)
                .containsOnly("\"Hello, world\"");
        RuntimeApi.Invocation first = life.invocations().get(0);
        assertThat(life.ready()).isGreaterThan(life.launched());
        assertThat(first.handedOut()).isGreaterThanOrEqualTo(life.ready());
        assertThat(first.answered()).isGreaterThan(first.handedOut());
        assertThat(life.classes().get("answer-1")).isGreaterThan(life.classes().get("init")).isPositive();
    }

    @Test
    void aStreamHandlerGetsTheEventsBytesAndItsAnswerComesBackAsWritten() throws Exception {
        LambdaRuntime.Life life = runtime.run(function("io.dataraven.secrets.benchmark.HelloStream::handleRequest"),
                List.of("{\"hello\":\"world\"}", "{}"), true, false);

        assertThat(life.error()).isNull();
        assertThat(life.restored()).isPositive();
        assertThat(life.invocations()).extracting(RuntimeApi.Invocation::body).containsOnly("\"Hello, world\"");
    }

    @Test
    void anIdleGapHoldsTheThirdEventUntilThatLongAfterTheSecondAnswer() throws Exception {
        LambdaRuntime idle = runtime(400);

        LambdaRuntime.Life life = idle.run(function("io.dataraven.secrets.benchmark.Hello::handleRequest"),
                List.of("{}", "{}", "{}"), false, false);

        assertThat(life.error()).isNull();
        List<RuntimeApi.Invocation> i = life.invocations();
        assertThat(i).hasSize(3);
        // The second follows the first at once; the third only after the gap.
        assertThat(i.get(2).handedOut() - i.get(1).answered()).isGreaterThanOrEqualTo(400_000_000L);
        assertThat(i.get(1).handedOut() - i.get(0).answered()).isLessThan(400_000_000L);
    }

    @Test
    void snapStartReachesTheSnapshotPointBeforeTheFirstEvent() throws Exception {
        LambdaRuntime.Life life = runtime.run(function("io.dataraven.secrets.benchmark.Hello"), List.of("{}", "{}"),
                true, false);

        assertThat(life.error()).isNull();
        assertThat(life.restored()).isGreaterThan(life.launched());
        assertThat(life.ready()).isGreaterThan(life.restored());
        assertThat(life.invocations()).hasSize(2);
    }

    @Test
    void aHandlerThatIsNotThereIsReportedAsAnInvocationError() throws Exception {
        LambdaRuntime.Life life = runtime.run(function("io.dataraven.secrets.benchmark.NoSuchHandler::handleRequest"),
                List.of("{}"), false, false);

        assertThat(life.invocations()).singleElement().satisfies(i -> {
            assertThat(i.error()).isTrue();
            assertThat(i.body()).contains("ClassNotFoundException");
        });
        assertThat(life.error()).contains("failed");
    }
}
