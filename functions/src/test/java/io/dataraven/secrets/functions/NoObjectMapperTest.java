package io.dataraven.secrets.functions;

import io.dataraven.secrets.config.App;
import io.dataraven.secrets.config.Priming;
import io.dataraven.secrets.testing.TestApp;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.provider.Arguments;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * No function builds a databind {@code ObjectMapper}, nor calls a node's {@code toString()} (which builds one):
 * it would cost every cold start about 600 classes and 95 ms (see {@code Json}). Checked in a JVM of its own, with
 * its class loading logged, that runs every function's priming: each function's requests in memory (a success, a
 * repeat, an invalid body's 400) and over the real adapters on canned AWS answers, with JSON logs and metrics.
 */
class NoObjectMapperTest {

    @Test
    void everyFunctionsRequestsRunWithoutADatabindMapper(@TempDir Path dir) throws Exception {
        Path log = dir.resolve("classes.log");
        Process jvm = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xlog:class+load=info:file=" + log, "-cp",
                System.getProperty("surefire.test.class.path", System.getProperty("java.class.path")),
                PrimeEveryFunction.class.getName())
                .redirectErrorStream(true).start();
        String output = new String(jvm.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(jvm.waitFor(2, TimeUnit.MINUTES)).isTrue();
        assertThat(jvm.exitValue()).as(output).isZero();
        assertThat(output).contains("primed " + PrimingTest.functions().count() + " functions");

        List<String> classes = Files.readAllLines(log);
        // The log is read right: the trees the functions build are there.
        assertThat(classes).anyMatch(line -> line.contains(" com.fasterxml.jackson.databind.node.ObjectNode "));
        assertThat(classes.stream().filter(line -> line.contains(" com.fasterxml.jackson.databind.ObjectMapper ")
                || line.contains(" com.fasterxml.jackson.databind.node.InternalNodeMapper ")).toList()).isEmpty();
    }

    /** Primes every function of {@link PrimingTest}'s list; exits non-zero if a step failed. */
    public static final class PrimeEveryFunction {
        @SuppressWarnings("unchecked")
        public static void main(String[] args) {
            List<Arguments> functions = PrimingTest.functions().toList();
            for (Arguments function : functions) {
                Priming.Result result = ((Function<App, Priming>) function.get()[1]).apply(new TestApp().app).prime();
                boolean failed = result.steps().stream()
                        .anyMatch(step -> step.outcomes().stream().anyMatch(o -> o.startsWith("failed")));
                if (failed) {
                    System.out.println(function.get()[0] + ": " + result);
                    System.exit(1);
                }
            }
            System.out.println("primed " + functions.size() + " functions");
        }
    }
}
