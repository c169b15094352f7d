package io.dataraven.secrets.benchmark;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * Lambda's managed Java runtime, as far as a function's start can tell: a fresh JVM with the runtime's flags and
 * only the runtime interface client's jars on its class path ({@code AWSLambda <handler>}), the function's task
 * folder as working directory and {@code LAMBDA_TASK_ROOT}, Lambda's reserved environment variables, and a
 * {@link RuntimeApi} of its own.
 *
 * <p>The flags are the java17 runtime's command line (its bootstrap as of 2024: {@code -XX:MaxHeapSize} at 85% of
 * the memory size, {@code -XX:+UseSerialGC}, {@code -Xshare:on} with the runtime's CDS archive, {@code
 * -XX:+TieredCompilation -XX:TieredStopAtLevel=1}, {@code --add-opens=java.base/java.io=ALL-UNNAMED}, {@code
 * -Dorg.crac.Core.Compat=com.amazonaws.services.lambda.crac}, {@code -XX:+ErrorFileToStderr}, the JNI library's
 * path), less what only Lambda has: its CDS archive of the runtime's classes ({@code -Xshare:auto} uses the JDK's
 * own archive instead) and the Log4j hot-patch agent. The function's {@code JAVA_TOOL_OPTIONS} come on top, read by
 * the JVM from the environment as in Lambda.
 */
final class LambdaRuntime {

    static final String MAIN = "com.amazonaws.services.lambda.runtime.api.client.AWSLambda";

    /** What the managed runtime sets beyond the memory size, in its order. */
    static final List<String> FLAGS = List.of("-XX:+UseSerialGC", "-Xshare:auto", "-XX:+TieredCompilation",
            "-XX:TieredStopAtLevel=1", "--add-opens=java.base/java.io=ALL-UNNAMED",
            "-Dorg.crac.Core.Compat=com.amazonaws.services.lambda.crac", "-XX:+ErrorFileToStderr");

    /**
     * One function as Lambda would start it.
     *
     * @param name      the function's name (the ARN's last part, AWS_LAMBDA_FUNCTION_NAME)
     * @param taskRoot  the unpacked deployment package (/var/task)
     * @param handler   {@code _HANDLER}: {@code class::method} or {@code class}
     * @param variables the function's environment variables (JAVA_TOOL_OPTIONS among them)
     * @param flags     the runtime's JVM flags (normally {@link #FLAGS})
     */
    record Function(String name, Path taskRoot, String handler, int memoryMb, Map<String, String> variables,
                    List<String> flags) {
    }

    /**
     * One execution environment's life, in nanoTime stamps of this process.
     *
     * @param launched  just before the JVM was started
     * @param restored  {@code restore/next} arrived (SnapStart: init and the beforeCheckpoint hooks done), or 0
     * @param ready     the first {@code invocation/next} arrived (on demand: init done)
     * @param classes   classes loaded by each moment of {@link RuntimeApi}'s listener ("init", "restore",
     *                  "answer-1", ...), when counted
     * @param error     why the run failed, or null
     */
    record Life(long launched, long restored, long ready, List<RuntimeApi.Invocation> invocations,
                Map<String, Integer> classes, String error, Output output) {

        double initMs() {
            return ((restored != 0 ? restored : ready) - launched) / 1e6;
        }

        double invokeMs(int index) {
            RuntimeApi.Invocation i = invocations.get(index);
            return (i.answered() - i.handedOut()) / 1e6;
        }
    }

    private final String java;
    private final List<Path> runtimeJars;
    private final Path jni;
    private final Path work;
    private final Map<String, String> base;
    private final Map<String, String> overrides;
    private final List<String> jvmFlags;
    private final Runnable atSnapshot;
    private final long idleMillis;

    /**
     * @param runtimeJars the runtime interface client and its dependencies (aws-lambda-java-core,
     *                    aws-lambda-java-serialization, ...)
     * @param base        environment every function gets (region, AWS endpoint, credentials, ...)
     */
    LambdaRuntime(String java, List<Path> runtimeJars, Path work, Map<String, String> base) throws IOException {
        this(java, runtimeJars, work, base, Map.of(), List.of(), () -> { }, 0);
    }

    /**
     * @param overrides variables set over a function's own where it has them (the benchmark's endpoints)
     * @param jvmFlags  added to every JVM's command line (the benchmark's trust store)
     * @param atSnapshot run at the snapshot point, before {@code restore/next} is answered: what a restore breaks
     *                  (the AWS peers drop every open connection)
     * @param idleMillis how long each event after the second waits after the previous answer (0: none waits)
     */
    LambdaRuntime(String java, List<Path> runtimeJars, Path work, Map<String, String> base,
                  Map<String, String> overrides, List<String> jvmFlags, Runnable atSnapshot, long idleMillis)
            throws IOException {
        this.java = java;
        this.atSnapshot = atSnapshot;
        this.idleMillis = idleMillis;
        this.overrides = Map.copyOf(overrides);
        this.jvmFlags = List.copyOf(jvmFlags);
        // Absolute: the JVM starts in the task folder.
        this.runtimeJars = runtimeJars.stream().map(Path::toAbsolutePath).toList();
        this.work = work;
        this.base = Map.copyOf(base);
        this.jni = extractJni(this.runtimeJars, work).toAbsolutePath();
    }

    /**
     * The client's JNI library, extracted once as the managed runtime ships it (a path in
     * {@code -D...NativeClient.JNI}); without it every start would copy it to /tmp/.libaws-lambda-jni.so, one
     * shared file for every process on the machine.
     */
    private static Path extractJni(List<Path> jars, Path work) throws IOException {
        String arch = System.getProperty("os.arch").contains("aarch64") ? "aarch_64" : "x86_64";
        String name = "jni/libaws-lambda-jni.linux-" + arch + ".so";
        for (Path jar : jars) {
            try (ZipFile zip = new ZipFile(jar.toFile())) {
                ZipEntry entry = zip.getEntry(name);
                if (entry != null) {
                    Path target = work.resolve("libaws-lambda-jni.so");
                    try (InputStream in = zip.getInputStream(entry)) {
                        Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
                    }
                    return target;
                }
            }
        }
        throw new IOException("no " + name + " in the runtime interface client's jars " + jars);
    }

    /** The JVM's command line for a function. */
    List<String> command(Function f, List<String> extra) {
        List<String> command = new ArrayList<>();
        command.add(java);
        command.add("-XX:MaxHeapSize=" + (long) (f.memoryMb() * 1024 * 0.85) + "k");
        command.addAll(f.flags());
        command.addAll(jvmFlags);
        command.add("-Dcom.amazonaws.services.lambda.runtime.api.client.runtimeapi.NativeClient.JNI=" + jni);
        command.addAll(extra);
        command.add("-classpath");
        command.add(runtimeJars.stream().map(Path::toString).collect(Collectors.joining(":")));
        command.add(MAIN);
        command.add(f.handler());
        return command;
    }

    /** Lambda's environment for the function (names from Lambda's "defined runtime environment variables"). */
    Map<String, String> environment(Function f, String runtimeApi, boolean snapStart) {
        Map<String, String> env = new LinkedHashMap<>(base);
        env.put("PATH", "/usr/local/bin:/usr/bin/:/bin:/opt/bin");
        env.put("LANG", "en_US.UTF-8");
        env.put("TZ", ":UTC");
        env.put("HOME", work.toString());
        env.put("_HANDLER", f.handler());
        env.put("LAMBDA_TASK_ROOT", f.taskRoot().toAbsolutePath().toString());
        env.put("LAMBDA_RUNTIME_DIR", runtimeJars.get(0).getParent().toString());
        env.put("AWS_LAMBDA_RUNTIME_API", runtimeApi);
        env.put("AWS_EXECUTION_ENV", "AWS_Lambda_java" + Runtime.version().feature());
        env.put("AWS_LAMBDA_FUNCTION_NAME", f.name());
        env.put("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", String.valueOf(f.memoryMb()));
        env.put("AWS_LAMBDA_FUNCTION_VERSION", snapStart ? "1" : "$LATEST");
        env.put("AWS_LAMBDA_INITIALIZATION_TYPE", snapStart ? "snap-start" : "on-demand");
        if (snapStart) {
            // SnapStart: no log stream and no keys in the environment (they would be in every restored copy);
            // the credentials come from the container endpoint.
            env.remove("AWS_ACCESS_KEY_ID");
            env.remove("AWS_SECRET_ACCESS_KEY");
            env.remove("AWS_SESSION_TOKEN");
        } else {
            env.remove("AWS_CONTAINER_CREDENTIALS_FULL_URI");
            env.remove("AWS_CONTAINER_AUTHORIZATION_TOKEN");
            env.put("AWS_LAMBDA_LOG_GROUP_NAME", "/aws/lambda/" + f.name());
            env.put("AWS_LAMBDA_LOG_STREAM_NAME", "2026/01/01/[$LATEST]00000000000000000000000000000000");
        }
        env.putAll(f.variables());
        overrides.forEach((name, value) -> env.replace(name, value));
        return env;
    }

    /**
     * Starts the function, hands it the events one after the other, and ends the process once it has answered
     * them all (Lambda would freeze it waiting for the next). With {@code countClasses} the JVM logs every class
     * it loads, and the log's length is taken at each moment, while the client waits for its answer.
     */
    Life run(Function f, List<String> events, boolean snapStart, boolean countClasses) throws IOException,
            InterruptedException {
        return run(f, events, snapStart, countClasses, null);
    }

    /** As above; with {@code keepLog} the class-load log is moved there (for a look at what loaded when). */
    Life run(Function f, List<String> events, boolean snapStart, boolean countClasses, Path keepLog)
            throws IOException, InterruptedException {
        Path log = work.resolve("classes-" + ProcessHandle.current().pid() + ".log");
        Files.deleteIfExists(log);
        Map<String, Integer> classes = new HashMap<>();
        List<String> extra = countClasses ? List.of("-Xlog:class+load=info:file=" + log) : List.of();
        try (RuntimeApi api = new RuntimeApi(events, f.name(), point -> {
            if (point.equals("restore")) {
                atSnapshot.run();
            }
            if (countClasses) {
                classes.put(point, countLoaded(log));
            }
        }, idleMillis)) {
            ProcessBuilder builder = new ProcessBuilder(command(f, extra))
                    .directory(f.taskRoot().toAbsolutePath().toFile());
            builder.environment().clear();
            builder.environment().putAll(environment(f, api.address(), snapStart));
            Path output = work.resolve("function-output.txt");
            builder.redirectErrorStream(true).redirectOutput(output.toFile());
            long launched = System.nanoTime();
            Process process = builder.start();
            String error = null;
            try {
                if (!api.await(events.size(), 180_000 + events.size() * idleMillis, process::isAlive)) {
                    error = api.initError() != null ? "init error " + api.initError()
                            : (process.isAlive() ? "timed out" : "exited with " + process.exitValue())
                            + " after " + api.answered().size() + " of " + events.size() + " invocations";
                    error += ": " + tail(output);
                }
            } finally {
                process.destroyForcibly();
                process.waitFor();
            }
            List<RuntimeApi.Invocation> invocations = api.answered();
            for (RuntimeApi.Invocation i : invocations) {
                if (error == null && (i.error() || status(i.body()) >= 300)) {
                    error = "invocation " + i.id() + (i.error() ? " failed: " : " answered ") + shorten(i.body());
                }
            }
            return new Life(launched, api.restoreNext(), api.firstNext(), invocations, Map.copyOf(classes), error,
                    Output.of(output));
        } finally {
            if (keepLog != null && Files.exists(log)) {
                Files.createDirectories(keepLog.toAbsolutePath().getParent());
                Files.move(log, keepLog, StandardCopyOption.REPLACE_EXISTING);
            }
            Files.deleteIfExists(log);
        }
    }

    /**
     * What the function wrote (stdout and stderr, which Lambda sends to CloudWatch) during its run: JSON log lines
     * (with a "level"), EMF metric lines (with "_aws"), and anything else (the runtime client's, the JVM's).
     */
    record Output(int logLines, int metricLines, int otherLines) {
        static Output of(Path output) {
            int log = 0;
            int metrics = 0;
            int other = 0;
            try {
                for (String line : Files.readAllLines(output)) {
                    if (line.isBlank()) {
                        continue;
                    }
                    if (line.startsWith("{\"_aws\"")) {
                        metrics++;
                    } else if (line.startsWith("{") && line.contains("\"level\"")) {
                        log++;
                    } else {
                        other++;
                    }
                }
            } catch (IOException | java.io.UncheckedIOException e) {
                return new Output(-1, -1, -1);
            }
            return new Output(log, metrics, other);
        }

        @Override
        public String toString() {
            return logLines + " / " + metricLines + " / " + otherLines;
        }
    }

    /** The statusCode of an API Gateway response; 200 for any other answer. */
    static int status(String body) {
        try {
            Object json = MiniJson.parse(body);
            if (json instanceof Map<?, ?> map && map.get("statusCode") instanceof Number n) {
                return n.intValue();
            }
        } catch (RuntimeException e) {
            // not JSON: a plain answer
        }
        return 200;
    }

    private static int countLoaded(Path log) {
        try (var lines = Files.lines(log)) {
            return (int) lines.filter(l -> l.contains("[class,load]")).count();
        } catch (IOException | java.io.UncheckedIOException e) {
            return -1;
        }
    }

    private static String tail(Path output) {
        try {
            return shorten(Files.readString(output).strip().replace('\n', ' '));
        } catch (IOException e) {
            return "(no output)";
        }
    }

    private static String shorten(String text) {
        String t = text.strip();
        return (t.length() > 600 ? "..." + t.substring(t.length() - 600) : t).replace("|", "/");
    }
}
