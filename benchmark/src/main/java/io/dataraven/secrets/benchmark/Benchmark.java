package io.dataraven.secrets.benchmark;

import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * The benchmark: for every function of template.yaml, the artifact, cold start as whole processes against a
 * bare hello-world, the same with SnapStart priming, warm latency in-process, and AWS calls per operation; then
 * docs/PERFORMANCE.md. Runs on the JDK alone (its children get the function jars); needs only loopback.
 *
 * <p>Options: {@code --root DIR} (the repository), {@code --out FILE}, {@code --harness DIR} (these classes),
 * {@code --runs N} (cold starts per variant, default 10), {@code --warm W,M} (warm-up and measured invocations),
 * {@code --crt-lib DIR} (aws-crt-client and aws-crt jars).
 */
public final class Benchmark {

    /** The template's JAVA_TOOL_OPTIONS: what the deployed functions run with. */
    static final List<String> LAMBDA_FLAGS = List.of("-XX:+TieredCompilation", "-XX:TieredStopAtLevel=1");

    record Function(String name, String handler, Path jar, Path event, boolean http) {
    }

    /** Functions of the template that could not be measured, and why. */
    private static final List<String> SKIPPED = new ArrayList<>();

    record Variant(String label, String group, Function function, List<Path> classpath, String mode,
                   List<String> flags) {
        boolean hello() {
            return function == null;
        }
    }

    /** One process run, in milliseconds from the parent's stamp before starting it. */
    record Run(double jvm, double event, double init, double priming, double first, double second, double total,
               double exit, int status, String error) {
    }

    private final Map<String, String> options;
    private final Path root;
    private final Path harness;
    private final String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    private final Jwt jwt = new Jwt();
    private Stub stub;
    private String token;
    private final StringBuilder md = new StringBuilder();
    private final List<String[]> targets = new ArrayList<>();
    private final Path work;
    /** Every environment variable some function of the template sets. */
    private final java.util.Set<String> templateVariables = new java.util.TreeSet<>();

    private Benchmark(Map<String, String> options) throws IOException {
        this.options = options;
        this.root = Path.of(options.getOrDefault("root", ".")).toAbsolutePath().normalize();
        this.harness = Path.of(options.getOrDefault("harness", root.resolve("benchmark/target/classes").toString()))
                .toAbsolutePath();
        this.work = Files.createTempDirectory("dataraven-bench");
        Template.read(root.resolve("template.yaml")).functions()
                .forEach(f -> templateVariables.addAll(f.environment().keySet()));
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = new HashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            options.put(args[i].replaceFirst("^--", ""), args[i + 1]);
        }
        new Benchmark(options).run();
    }

    // ------------------------------------------------------------------------------------------------------------

    private void run() throws Exception {
        long started = System.nanoTime();
        int runs = Integer.parseInt(options.getOrDefault("runs", "10"));
        String[] warm = options.getOrDefault("warm", "2000,5000").split(",");
        List<Function> functions = functions(root);
        if (options.containsKey("functions") && !options.get("functions").isBlank()) {
            List<String> wanted = List.of(options.get("functions").split(","));
            functions = functions.stream().filter(f -> wanted.contains(f.name())).toList();
        }
        boolean extra = Boolean.parseBoolean(options.getOrDefault("extra", "true"));
        if (functions.isEmpty()) {
            throw new IllegalStateException("no function jar found: build first (./mvnw -Pbenchmark package)");
        }
        Path crtLib = options.containsKey("crt-lib") ? Path.of(options.get("crt-lib")) : null;
        List<Path> crtJars = crtLib == null || !Files.isDirectory(crtLib) ? List.of()
                : Files.list(crtLib).filter(p -> p.toString().endsWith(".jar")).sorted().toList();

        stub = new Stub(jwt.jwksJson());
        Map<String, String> teams = new TreeMap<>();
        for (Function f : functions.stream().filter(Function::http).toList()) {
            String team = Events.load(f.event()).pathParameters().get("team_id");
            if (team != null) {
                teams.put(team, "owner");
            }
        }
        token = jwt.token("bench-user", teams);
        // The stub's first requests are served cold; warm it before anything is timed.
        HttpClient http = HttpClient.newHttpClient();
        for (int i = 0; i < 50; i++) {
            http.send(HttpRequest.newBuilder(URI.create(stub.url() + "/jwks.json")).build(),
                    HttpResponse.BodyHandlers.ofString());
        }
        stub.drainCounts();

        header(runs);
        Function create = functions.stream().filter(f -> f.name().equals("create-secret")).findFirst()
                .orElse(functions.get(0));

        log("artifacts");
        artifacts(functions, crtJars);

        log("cold starts (" + runs + " runs per variant)");
        List<Variant> variants = new ArrayList<>();
        variants.add(new Variant("hello-world (bare `java`)", "baseline", null, List.of(harness), "-", LAMBDA_FLAGS));
        for (Function f : functions) {
            variants.add(new Variant(f.name(), "current", f, List.of(f.jar(), harness), "plain", LAMBDA_FLAGS));
            if (f.http()) {
                variants.add(new Variant(f.name() + " + priming", "current", f, List.of(f.jar(), harness), "primed",
                        LAMBDA_FLAGS));
            }
        }
        if (extra) {
            variants.add(new Variant(create.name() + ", JVM default flags", "flags", create,
                    List.of(create.jar(), harness), "plain", List.of()));
            variants.add(new Variant("hello-world, JVM default flags", "flags", null, List.of(harness), "-",
                    List.of()));
        }
        Path unshrunk = unshrunkCore(root);
        if (extra && !crtJars.isEmpty() && unshrunk != null) {
            // Both clients on the unshrunk core (shared-*-all.jar, the input of the ProGuard step): the shipped jar
            // holds only the SDK parts the url-connection client needs, so the CRT client cannot run on it.
            Path classes = create.jar().getParent().resolve("classes");
            variants.add(new Variant(create.name() + ", url-connection client (unshrunk core)", "http", create,
                    List.of(classes, unshrunk, harness), "url", LAMBDA_FLAGS));
            List<Path> cp = new ArrayList<>(List.of(classes, unshrunk));
            cp.addAll(crtJars);
            cp.add(harness);
            variants.add(new Variant(create.name() + ", CRT client (unshrunk core)", "http", create, cp, "crt",
                    LAMBDA_FLAGS));
        }
        Map<Variant, List<Run>> results = new LinkedHashMap<>();
        variants.forEach(v -> results.put(v, new ArrayList<>()));
        // One discarded round (page cache, stub), then the runs interleaved so drift hits every variant alike.
        for (Variant v : runs == 0 ? List.<Variant>of() : variants) {
            coldStart(v);
        }
        for (int r = 0; r < runs; r++) {
            for (Variant v : variants) {
                results.get(v).add(coldStart(v));
            }
        }
        log("class counts");
        Map<String, int[]> classes = new LinkedHashMap<>();
        classes.put("hello-world", new int[]{classCount(variants.get(0))[0], 0});
        for (Variant v : variants) {
            if (!v.hello() && (v.group().equals("current") || v.group().equals("http"))) {
                classes.put(v.label(), classCount(v));
            }
        }
        coldStartSection(results, classes, runs);

        if (!options.getOrDefault("skip", "").contains("warm")) {
            log("warm latency");
            warmSection(functions, create, Integer.parseInt(warm[0].strip()), Integer.parseInt(warm[1].strip()));
        }
        if (!options.getOrDefault("skip", "").contains("calls")) {
            log("AWS calls");
            callsSection(functions);
        }

        summary(results, classes, functions, create);
        md.insert(md.indexOf("| JVM flags of every timed process"), "| load average after the run | "
                + loadAverage() + " (other work on the machine during the run inflates every number) |\n");
        md.append("\n---\nBenchmark wall time: ").append(String.format(Locale.ROOT, "%.0f s",
                (System.nanoTime() - started) / 1e9)).append(".\n");
        stub.close();
        Path out = Path.of(options.getOrDefault("out", root.resolve("docs/PERFORMANCE.md").toString()));
        Files.createDirectories(out.toAbsolutePath().getParent());
        Files.writeString(out, md.toString());
        log("wrote " + out);
    }

    private static String loadAverage() {
        try {
            String[] parts = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return parts[0] + " " + parts[1] + " " + parts[2];
        } catch (IOException | RuntimeException e) {
            return "?";
        }
    }

    private static void log(String message) {
        System.err.println("[benchmark] " + message);
    }

    // ---- discovery ---------------------------------------------------------------------------------------------

    /** shared/target/shared-<version>-all.jar: shared and its dependencies before ProGuard, or null. */
    static Path unshrunkCore(Path root) throws IOException {
        Path target = root.resolve("shared").resolve("target");
        if (!Files.isDirectory(target)) {
            return null;
        }
        try (var files = Files.list(target)) {
            return files.filter(p -> p.getFileName().toString().matches("shared-.*-all\\.jar")).findFirst().orElse(null);
        }
    }

    /** Functions whose sample is not events/<module>.json: the event functions, with one representative event. */
    static final Map<String, String> SAMPLES = Map.of("team-events", "team-plan-changed",
            "orphan-sweeper", "orphan-sweep");

    /**
     * Functions as template.yaml declares them (Handler, and the CodeUri jar: the function's own or Globals'), named
     * after their logical id (CreateSecretFunction: create-secret), with events/<name>.json.
     */
    static List<Function> functions(Path root) throws IOException {
        List<Function> functions = new ArrayList<>();
        for (Template.Declared declared : Template.read(root.resolve("template.yaml")).functions()) {
            String module = declared.name();
            if (declared.handler().isEmpty() || !declared.codeUri().endsWith(".jar")) {
                continue;
            }
            Path jar = root.resolve(declared.codeUri());
            Path event = root.resolve("events").resolve(SAMPLES.getOrDefault(module, module) + ".json");
            if (Files.exists(jar) && Files.exists(event)) {
                functions.add(new Function(module, declared.handler().split("::")[0], jar, event,
                        Events.isHttp(event)));
            } else {
                String why = (Files.exists(jar) ? root.relativize(event) : root.relativize(jar)) + " is missing";
                log("skipping " + module + ": " + why);
                if (!SKIPPED.contains(module + ": " + why)) {
                    SKIPPED.add(module + ": " + why);
                }
            }
        }
        return functions;
    }

    // ---- processes ---------------------------------------------------------------------------------------------

    private Map<String, String> childEnvironment() {
        Map<String, String> env = new HashMap<>();
        env.put("PATH", System.getenv().getOrDefault("PATH", "/usr/bin:/bin"));
        env.put("HOME", work.toString());
        env.put("LANG", "C.UTF-8");
        env.put("AWS_REGION", "us-east-1");
        env.put("AWS_ENDPOINT_URL", stub.url());
        env.put("AWS_ACCESS_KEY_ID", "AKIDBENCHMARK");
        env.put("AWS_SECRET_ACCESS_KEY", "benchmark-secret");
        // As in Lambda: no ~/.aws files to read.
        env.put("AWS_CONFIG_FILE", work.resolve("no-aws-config").toString());
        env.put("AWS_SHARED_CREDENTIALS_FILE", work.resolve("no-aws-credentials").toString());
        env.put("TABLE_NAME", "dataraven-secrets-bench");
        env.put("CREDENTIALS_PATH_PREFIX", "/dataraven/bench");
        env.put("KMS_KEY_ID", "alias/dataraven-bench");
        env.put("JWKS_URL", stub.url() + "/jwks.json");
        env.put("JWT_ISSUER", Jwt.ISSUER);
        env.put("JWT_AUDIENCE", Jwt.AUDIENCE);
        env.put("BENCH_TOKEN", token);
        // Optional settings: set when the template sets them for the deployed functions.
        for (String optional : List.of("AUDIT_EVENT_BUS", "TEAM_EVENT_BUS")) {
            if (templateVariables.contains(optional)) {
                env.put(optional, "dataraven-bench-" + optional.toLowerCase(Locale.ROOT).replace('_', '-'));
            }
        }
        return env;
    }

    private record Output(long launched, long exited, List<String> lines, String stderr, int exitCode) {
    }

    private Output launch(List<String> command) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().clear();
        builder.environment().putAll(childEnvironment());
        Path err = work.resolve("stderr.txt");
        builder.redirectError(err.toFile());
        long launched = System.nanoTime();
        Process process = builder.start();
        byte[] out;
        try (InputStream in = process.getInputStream()) {
            out = in.readAllBytes();
        }
        int code = process.waitFor();
        long exited = System.nanoTime();
        String stderr = Files.exists(err) ? Files.readString(err) : "";
        return new Output(launched, exited, new String(out, StandardCharsets.UTF_8).lines().toList(), stderr, code);
    }

    private List<String> javaCommand(List<String> flags, List<Path> classpath, String mainClass, String... args) {
        List<String> command = new ArrayList<>();
        command.add(java);
        command.addAll(flags);
        command.add("-cp");
        command.add(classpath.stream().map(Path::toString).collect(Collectors.joining(":")));
        command.add(mainClass);
        command.addAll(List.of(args));
        return command;
    }

    private List<String> coldStartCommand(Variant v, List<String> extraFlags) {
        List<String> flags = new ArrayList<>(v.flags());
        flags.addAll(extraFlags);
        if (v.hello()) {
            return javaCommand(flags, v.classpath(), "io.dataraven.secrets.benchmark.Hello");
        }
        return javaCommand(flags, v.classpath(), "io.dataraven.secrets.benchmark.ColdStart",
                v.function().handler(), v.function().event().toString(), v.mode());
    }

    private Run coldStart(Variant v) throws IOException, InterruptedException {
        Output o = launch(coldStartCommand(v, List.of()));
        double exit = ms(o.exited() - o.launched());
        if (v.hello()) {
            boolean ok = o.exitCode() == 0 && o.lines().contains("Hello, world");
            return new Run(0, 0, 0, 0, 0, 0, exit, exit, ok ? 200 : -1, ok ? null : o.stderr());
        }
        Map<String, String> fields = fields(o.lines());
        if (!fields.containsKey("invoked")) {
            return new Run(0, 0, 0, 0, 0, 0, 0, exit, -1, tail(o.stderr() + String.join("\n", o.lines())));
        }
        long launched = o.launched();
        long main = Long.parseLong(fields.get("main"));
        long event = Long.parseLong(fields.get("event"));
        long init = Long.parseLong(fields.get("init"));
        long primed = Long.parseLong(fields.get("primed"));
        long invoked = Long.parseLong(fields.get("invoked"));
        long second = Long.parseLong(fields.get("second"));
        int status = Integer.parseInt(fields.get("status"));
        String error = status >= 300 ? "status " + status + ": " + fields.getOrDefault("body", "") : null;
        return new Run(ms(main - launched), ms(event - main), ms(init - event), ms(primed - init),
                ms(invoked - primed), ms(second - invoked), ms(invoked - launched) - ms(primed - init), exit,
                status, error);
    }

    /** Classes loaded up to the end of the first invocation, and (primed) during the first invocation alone. */
    private int[] classCount(Variant v) throws IOException, InterruptedException {
        Path log = work.resolve("classes.log");
        Files.deleteIfExists(log);
        launch(coldStartCommand(v, List.of("-Xlog:class+load=info:file=" + log)));
        List<String> lines = Files.readAllLines(log);
        if (options.containsKey("class-logs")) {
            Path dir = Files.createDirectories(Path.of(options.get("class-logs")));
            Files.copy(log, dir.resolve(v.label().replaceAll("[^A-Za-z0-9.-]+", "_") + ".log"),
                    StandardCopyOption.REPLACE_EXISTING);
        }
        int total = 0;
        int afterPriming = -1;
        for (String line : lines) {
            if (line.contains("ColdStart$Marker")) {
                break;
            }
            if (line.contains("ColdStart$PrimedMarker")) {
                afterPriming = 0;
                continue;
            }
            if (line.contains("[class,load]")) {
                total++;
                if (afterPriming >= 0) {
                    afterPriming++;
                }
            }
        }
        if (v.hello()) {
            total = (int) lines.stream().filter(l -> l.contains("[class,load]")).count();
        }
        return new int[]{total, Math.max(afterPriming, 0)};
    }

    private static Map<String, String> fields(List<String> lines) {
        Map<String, String> fields = new LinkedHashMap<>();
        for (String line : lines) {
            if (!line.startsWith("@@ ")) {
                continue;
            }
            if (line.startsWith("@@ body=")) {
                fields.put("body", line.substring(8));
                continue;
            }
            for (String part : line.substring(3).split(" ")) {
                int eq = part.indexOf('=');
                if (eq > 0) {
                    fields.put(part.substring(0, eq), part.substring(eq + 1));
                }
            }
        }
        return fields;
    }

    private static String tail(String text) {
        String t = text.strip();
        return t.length() > 600 ? "..." + t.substring(t.length() - 600) : t;
    }

    private static double ms(long nanos) {
        return nanos / 1e6;
    }

    // ---- statistics --------------------------------------------------------------------------------------------

    static double median(List<Double> values) {
        if (values.isEmpty()) {
            return Double.NaN;
        }
        double[] sorted = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    private static double median(List<Run> runs, java.util.function.ToDoubleFunction<Run> metric) {
        return median(runs.stream().filter(r -> r.error() == null).map(r -> metric.applyAsDouble(r)).toList());
    }

    private static String f0(double v) {
        return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%.0f", v);
    }

    private static String f1(double v) {
        return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%.1f", v);
    }

    private static String f3(double v) {
        return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%.3f", v);
    }

    private static String mib(long bytes) {
        return String.format(Locale.ROOT, "%.1f", bytes / 1048576.0);
    }

    // ---- report sections ---------------------------------------------------------------------------------------

    private void header(int runs) throws IOException, InterruptedException {
        Output version = launch(List.of(java, "-version"));
        String javaVersion = version.stderr().strip();
        String cpu = "";
        Path cpuinfo = Path.of("/proc/cpuinfo");
        if (Files.exists(cpuinfo)) {
            cpu = Files.readAllLines(cpuinfo).stream().filter(l -> l.startsWith("model name")).findFirst()
                    .map(l -> l.substring(l.indexOf(':') + 1).strip()).orElse("");
        }
        long memory = ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getTotalMemorySize();
        md.append("# Performance\n\n")
                .append("Generated by `benchmark/run.sh` (see \"Method\"); do not edit by hand, run it again.\n\n")
                .append("## Machine\n\n")
                .append("| | |\n|---|---|\n")
                .append("| date | ").append(ZonedDateTime.now().format(DateTimeFormatter.RFC_1123_DATE_TIME)).append(" |\n")
                .append("| CPUs (`nproc`) | ").append(Runtime.getRuntime().availableProcessors()).append(" |\n")
                .append("| CPU | ").append(cpu.isEmpty() ? "?" : cpu).append(" |\n")
                .append("| memory | ").append(memory / (1 << 30)).append(" GiB |\n")
                .append("| OS | ").append(System.getProperty("os.name")).append(' ')
                .append(System.getProperty("os.version")).append(' ').append(System.getProperty("os.arch")).append(" |\n")
                .append("| `java -version` | ").append(javaVersion.replace("\n", "<br>")).append(" |\n")
                .append("| load average (1, 5, 15 min) before the run | ").append(options.getOrDefault("load-before",
                        loadAverage())).append(" |\n")
                .append("| JVM flags of every timed process | `").append(String.join(" ", LAMBDA_FLAGS))
                .append("` (the template's `JAVA_TOOL_OPTIONS`), unless a row says otherwise |\n\n");
        md.append("## Method\n\n")
                .append("- **Functions**: every `CodeUri` jar and `Handler` of `template.yaml`, with its sample event ")
                .append("`events/<function>.json` (team-events: `team-plan-changed.json`, orphan-sweeper: ")
                .append("`orphan-sweep.json`); the jar is the one SAM deploys, exactly as Maven built it: the ")
                .append("function's classes plus the core shrunk by ProGuard (`shared/lambda-shrink.pro`).\n")
                .append("- **Loopback AWS**: a JDK `HttpServer` inside the benchmark process answers DynamoDB, SSM and ")
                .append("the JWKS at once (`AWS_ENDPOINT_URL`, `JWKS_URL` point at it; dummy `AWS_ACCESS_KEY_ID`/")
                .append("`AWS_SECRET_ACCESS_KEY`; no `~/.aws` files). Tokens are RS256, signed by a key made per run, ")
                .append("whose public half the stub serves.\n")
                .append("- **Cold start**: each run is a fresh `java -cp <function jar>:<benchmark classes>` process ")
                .append("(`ColdStart`): read the sample event with a JDK-only JSON reader, construct the handler through ")
                .append("its no-arg constructor (the Lambda path: `App.fromEnvironment()`), invoke it once with the ")
                .append("event, then once more. Times come from `System.nanoTime()` in the child against the parent's ")
                .append("stamp just before `ProcessBuilder.start()` (one monotonic clock on Linux): **JVM** = launch ")
                .append("to `main`, **init** = handler construction, **first** = first invocation, **total** = launch ")
                .append("to the first response (priming time excluded, since SnapStart runs it before the snapshot). ")
                .append("The baseline is a bare hello-world class started the same way (same `java`, same flags, ")
                .append("its own classes directory on the class path), timed launch to exit. ")
                .append(runs).append(" runs per variant, interleaved round-robin after one discarded round; medians.\n")
                .append("- **Priming**: the same process, but after construction the `Priming` resource's ")
                .append("`beforeCheckpoint` runs (what Lambda runs before taking the SnapStart snapshot), then the ")
                .append("first invocation is timed. On this JDK there is no real checkpoint/restore, so this shows what ")
                .append("priming takes off the first invocation, not the restore time Lambda adds.\n")
                .append("- **Classes loaded**: one extra run per variant with `-Xlog:class+load`, counting the classes ")
                .append("loaded before a marker class that the child loads right after the first invocation.\n")
                .append("- **Warm latency**: in-process (`Warm`), the handler over the in-memory adapters with a real ")
                .append("RS256 JWT check, thousands of distinct valid requests per operation (unique names, Pro teams ")
                .append("of 100 secrets or 10 connections); vault providers answer in process (the connection test ")
                .append("times our side only); resolve-secret and team-events get their direct/EventBridge events (a ")
                .append("distinct seeded secret per resolve; plan changes alternating Pro/Free over 100 teams); ")
                .append("warm-up invocations discarded; p50/p99 of the rest.\n")
                .append("- **AWS calls**: the handler over the production wiring (`AwsClients`) with an SDK ")
                .append("`ExecutionInterceptor` recording each API call (`beforeExecution`) and HTTP attempt ")
                .append("(`beforeTransmission`), against the stub, per scenario.\n\n");
    }

    private void artifacts(List<Function> functions, List<Path> crtJars) throws IOException {
        md.append("## 1. Artifacts\n\n")
                .append("| function | artifact | size | entries | Apache/Netty HTTP client inside | biggest contents (compressed) |\n")
                .append("|---|---|---:|---:|---|---|\n");
        for (Function f : functions) {
            artifactRow(f, "");
        }
        md.append('\n');
        if (!SKIPPED.isEmpty()) {
            md.append("Not measured (the template names them, but they are not built or have no sample event): ")
                    .append(String.join("; ", SKIPPED)).append(".\n\n");
        }
        if (!crtJars.isEmpty()) {
            long crtAdd = 0;
            for (Path jar : crtJars) {
                try (ZipFile zip = new ZipFile(jar.toFile())) {
                    crtAdd += zip.stream().filter(e -> !e.isDirectory())
                            .filter(e -> !isNative(e.getName()) || e.getName().startsWith("linux/armv8/glibc/"))
                            .mapToLong(e -> e.getCompressedSize() + 2L * e.getName().length() + 76).sum();
                }
            }
            md.append("The CRT HTTP client would add about ").append(mib(crtAdd))
                    .append(" MiB to a function built for `arm64` (the client, the CRT classes and one native ")
                    .append("library, `linux/armv8/glibc`; the all-platforms `aws-crt` jar is ")
                    .append(mib(crtJars.stream().mapToLong(p -> p.toFile().length()).sum())).append(" MiB).\n\n");
        }
    }

    private static boolean isNative(String name) {
        return name.endsWith(".so") || name.endsWith(".dll") || name.endsWith(".dylib");
    }

    private void artifactRow(Function f, String note) throws IOException {
        long size = Files.size(f.jar());
        Map<String, Long> groups = new HashMap<>();
        int entries = 0;
        boolean apache = false;
        boolean netty = false;
        try (ZipFile zip = new ZipFile(f.jar().toFile())) {
            for (ZipEntry e : zip.stream().toList()) {
                entries++;
                String name = e.getName();
                apache |= name.startsWith("software/amazon/awssdk/http/apache") || name.startsWith("org/apache/http/")
                        || name.startsWith("org/apache/hc/");
                netty |= name.startsWith("io/netty/") || name.startsWith("software/amazon/awssdk/http/nio/netty");
                if (!e.isDirectory()) {
                    groups.merge(group(name), e.getCompressedSize(), Long::sum);
                }
            }
        }
        String biggest = groups.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                .limit(5).map(e -> "`" + e.getKey() + "` " + mib(e.getValue()))
                .collect(Collectors.joining(", "));
        md.append("| ").append(f.name()).append(note).append(" | `").append(root.relativize(f.jar().toAbsolutePath())
                        .toString().replace("\\", "/").replaceFirst("^\\.\\./", "")).append("` | ")
                .append(mib(size)).append(" MiB | ").append(entries).append(" | ")
                .append(apache || netty ? "**yes**" + (apache ? " (Apache)" : "") + (netty ? " (Netty)" : "") : "no")
                .append(" | ").append(biggest).append(" MiB |\n");
    }

    private static String group(String name) {
        String[] parts = name.split("/");
        if (name.startsWith("software/amazon/awssdk/services/") && parts.length > 5) {
            return String.join("/", Arrays.copyOf(parts, 5));
        }
        if (parts.length > 3) {
            return String.join("/", Arrays.copyOf(parts, 3));
        }
        return parts.length > 1 ? String.join("/", Arrays.copyOf(parts, parts.length - 1)) : name;
    }

    private double helloMedian;

    private void coldStartSection(Map<Variant, List<Run>> results, Map<String, int[]> classes, int runs) {
        Variant hello = results.keySet().iterator().next();
        helloMedian = median(results.get(hello), Run::total);
        md.append("## 2. Cold start (whole processes, medians of ").append(runs).append(")\n\n")
                .append("Ratio = total / bare hello-world (").append(f3(helloMedian / 1000)).append(" s, same flags). ")
                .append("All times in ms.\n\n")
                .append("| variant | JVM | init (constructor) | priming (before snapshot) | first invoke | **total** | ")
                .append("**ratio** | first invoke share | second invoke | classes loaded to first response ")
                .append("(during first invoke) | ok runs |\n")
                .append("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        for (Map.Entry<Variant, List<Run>> entry : results.entrySet()) {
            Variant v = entry.getKey();
            List<Run> list = entry.getValue();
            long ok = list.stream().filter(r -> r.error() == null).count();
            double helloBase = v.flags().isEmpty() && !v.hello() ? helloDefaultFlags(results) : helloMedian;
            int[] count = classes.get(v.hello() ? "hello-world" : v.label());
            String classCell = count == null ? "-" : count[0] + (v.mode().equals("primed") ? " (" + count[1] + ")" : "");
            if (v.hello()) {
                md.append("| ").append(v.label()).append(" | | | | | ").append(f0(median(list, Run::total)))
                        .append(" | 1.0 | | | ").append(classCell).append(" | ").append(ok).append('/')
                        .append(list.size()).append(" |\n");
                continue;
            }
            double total = median(list, Run::total);
            double first = median(list, Run::first);
            md.append("| ").append(v.label()).append(" | ").append(f0(median(list, Run::jvm))).append(" | ")
                    .append(f0(median(list, r -> r.event() + r.init()))).append(" | ")
                    .append(v.mode().equals("primed") ? f0(median(list, Run::priming)) : "").append(" | ")
                    .append(f0(first)).append(" | **").append(f0(total)).append("** | **")
                    .append(f1(total / helloBase)).append("x** | ")
                    .append(f0(100 * median(list, r -> r.first() / r.total()))).append("% | ")
                    .append(f0(median(list, Run::second))).append(" | ").append(classCell).append(" | ")
                    .append(ok).append('/').append(list.size()).append(" |\n");
        }
        md.append("\n\"init\" includes reading the sample event (JDK only, about a millisecond). The JVM default ")
                .append("flags row is compared with the hello-world run with default flags.\n");
        List<String> failures = new ArrayList<>();
        results.forEach((v, list) -> list.stream().filter(r -> r.error() != null).findFirst()
                .ifPresent(r -> failures.add(v.label() + ": " + r.error())));
        if (!failures.isEmpty()) {
            md.append("\n**Failed runs** (first failure of each variant):\n\n");
            failures.forEach(f -> md.append("- ").append(f.replace("\n", " ")).append('\n'));
        }
        md.append('\n');
    }

    private double helloDefaultFlags(Map<Variant, List<Run>> results) {
        return results.entrySet().stream().filter(e -> e.getKey().hello() && e.getKey().flags().isEmpty())
                .findFirst().map(e -> median(e.getValue(), Run::total)).orElse(helloMedian);
    }

    private final Map<String, Map<String, String>> warmResults = new LinkedHashMap<>();

    private void warmSection(List<Function> functions, Function create, int warmup, int measured)
            throws IOException, InterruptedException {
        md.append("## 4. Warm latency in-process (in-memory adapters)\n\n")
                .append(warmup).append(" warm-up invocations, then ").append(measured)
                .append(" measured, each a distinct valid request; microseconds per `handleRequest`.\n\n")
                .append("| operation | JVM flags | p50 | p90 | p99 | p99.9 | max | mean | statuses |\n")
                .append("|---|---|---:|---:|---:|---:|---:|---:|---|\n");
        List<Object[]> plan = new ArrayList<>();
        for (Function f : functions) {
            if (scenario(f)) {
                plan.add(new Object[]{f, LAMBDA_FLAGS});
            }
        }
        if (scenario(create)) {
            plan.add(new Object[]{create, List.<String>of()});
        }
        for (Object[] item : plan) {
            Function f = (Function) item[0];
            @SuppressWarnings("unchecked")
            List<String> flags = (List<String>) item[1];
            Output o = launch(javaCommand(flags, List.of(f.jar(), harness), "io.dataraven.secrets.benchmark.Warm",
                    f.handler(), f.event().toString(), create.event().toString(), String.valueOf(warmup),
                    String.valueOf(measured)));
            Map<String, String> r = fields(o.lines());
            String flagText = flags.isEmpty() ? "default" : "template";
            if (!r.containsKey("p50_us")) {
                md.append("| ").append(f.name()).append(" | ").append(flagText).append(" | failed: ")
                        .append(tail(o.stderr()).replace("\n", " ").replace("|", "/")).append(" |||||||\n");
                continue;
            }
            warmResults.put(f.name() + "/" + flagText, r);
            md.append("| ").append(f.name()).append(" (").append(r.get("op")).append(") | ").append(flagText)
                    .append(" | ").append(r.get("p50_us")).append(" | ").append(r.get("p90_us")).append(" | ")
                    .append(r.get("p99_us")).append(" | ").append(r.get("p999_us")).append(" | ")
                    .append(r.get("max_us")).append(" | ").append(r.get("mean_us")).append(" | `")
                    .append(r.get("statuses")).append("` |\n");
        }
        List<String> without = functions.stream().filter(f -> !scenario(f)).map(Function::name).toList();
        if (!without.isEmpty()) {
            md.append("\nNo warm-latency row: ").append(String.join(", ", without))
                    .append(" (a scheduled batch over every parameter, not a request; its AWS calls are below).\n");
        }
        md.append("\n\"template\" = `").append(String.join(" ", LAMBDA_FLAGS))
                .append("` (C1 only, as deployed); \"default\" = tiered C1+C2.\n\n");
    }

    private final Map<String, Map<String, String>> createCalls = new LinkedHashMap<>();

    private void callsSection(List<Function> functions)
            throws IOException, InterruptedException {
        md.append("## 5. AWS calls per operation\n\n")
                .append("Counted by an SDK `ExecutionInterceptor` on the production clients; \"attempts\" are HTTP ")
                .append("requests (retries included).\n\n")
                .append("| function | scenario | HTTP status | AWS calls | attempts |\n|---|---|---:|---|---:|\n");
        for (Function f : functions) {
            Path external = f.event().resolveSibling(f.name() + "-external.json");
            Output o = launch(javaCommand(LAMBDA_FLAGS, List.of(f.jar(), harness),
                    "io.dataraven.secrets.benchmark.Calls", f.handler(), f.event().toString(),
                    Files.exists(external) ? external.toString() : "-"));
            List<Map<String, String>> rows = o.lines().stream().filter(l -> l.startsWith("@@ scenario="))
                    .map(l -> fields(List.of(l))).toList();
            if (rows.isEmpty()) {
                md.append("| ").append(f.name()).append(" | failed: ")
                        .append(tail(o.stderr()).replace("\n", " ").replace("|", "/")).append(" | | | |\n");
            }
            for (Map<String, String> r : rows) {
                String calls = r.getOrDefault("calls", "");
                String scenario = r.get("scenario").replace('_', ' ');
                if (f.name().equals("create-secret")) {
                    createCalls.put(scenario, r);
                }
                md.append("| ").append(f.name()).append(" | ").append(scenario).append(" | ")
                        .append(r.get("status")).append(" | ").append(calls.isEmpty() ? "none" : describeCalls(calls))
                        .append(" | ").append(r.get("attempts")).append(" |\n");
            }
        }
        md.append("\nThe stub drives the failure scenarios: a `TransactionCanceledException` whose reason points at ")
                .append("the name lock (name taken) or the team counter (limit reached), empty reads (nothing stored).")
                .append(" Priming makes its one read at publish time, before the snapshot, not per cold start.\n\n");
    }

    /** The secret operations: the warm-latency and call-count children have scenarios (seeding) for these only. */
    /** Warm latency: every function but the scheduled sweeper (a batch over all parameters, not a request). */
    static boolean scenario(Function f) {
        return !f.name().startsWith("orphan-sweeper");
    }

    private static String describeCalls(String calls) {
        Map<String, Integer> counts = new LinkedHashMap<>();
        for (String c : calls.split(",")) {
            counts.merge(c, 1, Integer::sum);
        }
        return counts.entrySet().stream().map(e -> (e.getValue() > 1 ? e.getValue() + " x " : "") + e.getKey())
                .collect(Collectors.joining(" + "));
    }

    // ---- summary against the issue's targets -------------------------------------------------------------------

    private void summary(Map<Variant, List<Run>> results, Map<String, int[]> classes, List<Function> functions,
                         Function create) throws IOException {
        StringBuilder s = new StringBuilder("## Targets\n\n| target | measured | met |\n|---|---|---|\n");
        long maxSize = 0;
        String biggest = "";
        boolean clientsInside = false;
        for (Function f : functions) {
            long size = Files.size(f.jar());
            if (size > maxSize) {
                maxSize = size;
                biggest = f.name();
            }
            try (ZipFile zip = new ZipFile(f.jar().toFile())) {
                clientsInside |= zip.stream().anyMatch(e -> e.getName().startsWith("software/amazon/awssdk/http/apache")
                        || e.getName().startsWith("io/netty/") || e.getName().startsWith("org/apache/http/"));
            }
        }
        row(s, "each artifact at most 12 MB", "largest " + mib(maxSize) + " MiB = " + String.format("%,d", maxSize)
                        + " bytes (" + biggest + ")",
                maxSize <= 12_000_000);
        row(s, "no Apache or Netty HTTP client inside", clientsInside ? "present" : "none in any artifact",
                !clientsInside);
        Variant plain = find(results, create.name(), "current", "plain");
        Variant primed = find(results, create.name(), "current", "primed");
        if (plain != null) {
            double ratio = median(results.get(plain), Run::total) / helloMedian;
            row(s, "cold start to first Create Secret at most 13x hello-world (milestone)",
                    f1(ratio) + "x (" + f0(median(results.get(plain), Run::total)) + " ms vs " + f0(helloMedian)
                            + " ms)", ratio <= 13);
            double primedRatio = primed == null ? Double.NaN : median(results.get(primed), Run::total) / helloMedian;
            row(s, "... at most 8x (goal)", f1(ratio) + "x without priming"
                    + (primed == null ? "" : ", " + f1(primedRatio) + "x with priming (priming time excluded)")
, ratio <= 8 || primedRatio <= 8);
        }
        if (primed != null) {
            double share = median(results.get(primed), r -> r.first() / r.total());
            row(s, "first invoke at most 25% of the total after priming", f0(100 * share) + "% ("
                    + f0(median(results.get(primed), Run::first)) + " ms of " + f0(median(results.get(primed),
                    Run::total)) + " ms)", share <= 0.25);
        }
        int[] count = plain == null ? null : classes.get(plain.label());
        if (count != null) {
            row(s, "fewer than 3,000 classes loaded by the first invocation", count[0] + " (create-secret, "
                    + "hello-world " + classes.get("hello-world")[0] + ")", count[0] < 3000);
        }
        double worstP99 = 0;
        String worstOp = "";
        for (Map.Entry<String, Map<String, String>> e : warmResults.entrySet()) {
            if (!e.getKey().endsWith("/template")) {
                continue;
            }
            double p99 = Double.parseDouble(e.getValue().get("p99_us")) / 1000;
            if (p99 >= worstP99) {
                worstP99 = p99;
                worstOp = e.getKey().replace("/template", "");
            }
        }
        if (!warmResults.isEmpty()) {
            row(s, "warm overhead p99 at most 2 ms per request in-process", "worst p99 " + f3(worstP99) + " ms ("
                    + worstOp + ")", worstP99 <= 2);
        }
        Map<String, String> success = createCalls.get("success (sample event)");
        if (success != null) {
            // The storage protocol (README): reservation, version 1, activation. SSM's write budget is the scarce
            // one, so the target is one SSM call on success and none on a refusal.
            String calls = success.getOrDefault("calls", "");
            List<String> ssmAndDynamo = List.of(calls.split(",")).stream()
                    .filter(c -> c.startsWith("Ssm.") || c.startsWith("DynamoDb.")).sorted().toList();
            boolean exact = ssmAndDynamo.equals(List.of("DynamoDb.TransactWriteItems", "DynamoDb.TransactWriteItems",
                    "Ssm.PutParameter"));
            List<String> others = List.of(calls.split(",")).stream()
                    .filter(c -> !c.startsWith("Ssm.") && !c.startsWith("DynamoDb.")).toList();
            row(s, "Create Secret success: one SSM PutParameter between two DynamoDB TransactWriteItems "
                            + "(reservation, activation)",
                    describeCalls(calls) + (others.isEmpty() ? "" : " (SSM and DynamoDB exactly as required; "
                            + "besides them " + describeCalls(String.join(",", others)) + ")"), exact);
            List<String> refusals = List.of("name already taken", "tier limit reached", "invalid body");
            boolean noSsm = refusals.stream().<Map<String, String>>map(createCalls::get).filter(r -> r != null)
                    .noneMatch(r -> r.getOrDefault("calls", "").contains("Ssm."));
            row(s, "a refused Create Secret (name taken, tier full, invalid body) makes no SSM call",
                    noSsm ? "none of them does" : "an SSM call on a refusal", noSsm);
        }
        md.insert(md.indexOf("## Method"), s.append('\n'));
    }

    private static Variant find(Map<Variant, List<Run>> results, String name, String group, String mode) {
        return results.keySet().stream().filter(v -> !v.hello() && v.function().name().equals(name)
                && v.group().equals(group) && v.mode().equals(mode)).findFirst().orElse(null);
    }

    private static void row(StringBuilder s, String target, String measured, boolean met) {
        s.append("| ").append(target).append(" | ").append(measured).append(" | ").append(met ? "yes" : "**no**")
                .append(" |\n");
    }

    static Comparator<String> byName() {
        return Comparator.naturalOrder();
    }
}
