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
 * The benchmark: for every function of template.yaml, the artifact, cold start under Lambda's runtime interface
 * client (on demand and after the SnapStart snapshot point) against a hello-world handler and a stand-in of AWS's
 * dagger sample, warm latency in-process, and AWS calls per operation; then docs/PERFORMANCE.md. Runs on the JDK
 * alone (its children get the function jars); needs only loopback.
 *
 * <p>Options: {@code --root DIR} (the repository), {@code --out FILE}, {@code --harness DIR} (these classes),
 * {@code --runs N} (rounds of cold starts, default 10), {@code --warm W,M} (warm-up and measured invocations),
 * {@code --crt-lib DIR} (aws-crt-client and aws-crt jars), {@code --runtime-lib DIR} (the runtime interface client's
 * jars), {@code --standin-jar JAR}, {@code --sample-jar JAR} (AWS's dagger sample, built outside), {@code
 * --class-logs DIR} (keep each variant's class-load log), {@code --functions a,b}, {@code --extra true}, {@code
 * --skip warm,calls}, {@code --idle MS} (a third request after MS idle in every cold start).
 */
public final class Benchmark {


    /** A template function the benchmark can run: its handler class, jar and sample event. */
    record Function(String name, String handler, Path jar, Path event, boolean http, Template.Declared declared) {
    }

    /** The template's JAVA_TOOL_OPTIONS (of its first function: Globals sets them for all), as flags. */
    private List<String> lambdaFlags() {
        String options = template.functions().get(0).environment().getOrDefault("JAVA_TOOL_OPTIONS", "").strip();
        return options.isEmpty() ? List.of() : List.of(options.split("\\s+"));
    }

    /** Functions of the template that could not be measured, and why. */
    private static final List<String> SKIPPED = new ArrayList<>();

    private final Map<String, String> options;
    private final Path root;
    private final Path harness;
    private final String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    private final Jwt jwt = new Jwt();
    private Stub stub;
    private StubTls tls;
    private String token;
    private final StringBuilder md = new StringBuilder();
    private final Path work;
    private final Template template;

    private Benchmark(Map<String, String> options) throws IOException {
        this.options = options;
        this.root = Path.of(options.getOrDefault("root", ".")).toAbsolutePath().normalize();
        this.harness = Path.of(options.getOrDefault("harness", root.resolve("benchmark/target/classes").toString()))
                .toAbsolutePath();
        this.work = Files.createTempDirectory("dataraven-bench");
        this.template = Template.read(root.resolve("template.yaml"));
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
        List<Function> all = functions(root);
        List<Function> functions = all;
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

        tls = new StubTls(work);
        stub = new Stub(jwt.jwksJson(), tls);
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
        HttpClient https = HttpClient.newBuilder().sslContext(tls.clientContext()).build();
        for (String host : Stub.HOSTS) {
            for (int i = 0; i < 20; i++) {
                https.send(HttpRequest.newBuilder(URI.create(stub.https(host) + "/jwks.json")).build(),
                        HttpResponse.BodyHandlers.ofString());
            }
        }
        stub.drainCounts();

        header(runs);
        // The reference (and the warm section's seeding sample) whatever FUNCTIONS selects: a selection without it
        // once seeded list-secrets and resolve-secret from their own samples, and failed.
        Function create = all.stream().filter(f -> f.name().equals("create-secret")).findFirst()
                .orElse(functions.get(0));

        log("artifacts");
        artifacts(functions, crtJars);

        log("cold starts under the runtime client (" + runs + " rounds)");
        ColdStarts coldStarts = new ColdStarts(new LambdaRuntime(java, runtimeJars(), work, coldStartEnvironment(),
                coldStartOverrides(), tls.clientFlags(), stub::dropConnections, idleMillis()));
        coldStartVariants(coldStarts, functions, create, extra, crtJars);
        String classLogs = options.getOrDefault("class-logs", "");
        coldStarts.run(runs, classLogs.isBlank() ? null : Path.of(classLogs));
        coldStarts.report(md, runs);

        if (!options.getOrDefault("skip", "").contains("warm")) {
            log("warm latency");
            warmSection(functions, create, Integer.parseInt(warm[0].strip()), Integer.parseInt(warm[1].strip()));
        }
        if (!options.getOrDefault("skip", "").contains("calls")) {
            log("AWS calls");
            callsSection(functions);
        }

        summary(coldStarts.targets(), functions);
        md.insert(md.indexOf("| cold starts |"), "| load average after the run | "
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
                        Events.isHttp(event), declared));
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

    /** What every child gets: region, the loopback AWS endpoint, dummy keys and no ~/.aws files (as in Lambda). */
    private Map<String, String> awsEnvironment() {
        Map<String, String> env = new HashMap<>();
        env.put("AWS_REGION", "us-east-1");
        env.put("AWS_DEFAULT_REGION", "us-east-1");
        env.put("AWS_ENDPOINT_URL", stub.awsEndpoint());
        // The vault a connection test reaches: the stub's Doppler check, on loopback like everything else.
        env.put("DOPPLER_API_URL", stub.url());
        env.put("AWS_ACCESS_KEY_ID", "AKIDBENCHMARK");
        env.put("AWS_SECRET_ACCESS_KEY", "benchmark-secret");
        env.put("AWS_SESSION_TOKEN", "benchmark-session");
        // Lambda gives SnapStart functions these instead of keys (LambdaRuntime keeps one pair or the other).
        env.put("AWS_CONTAINER_CREDENTIALS_FULL_URI", stub.url() + Stub.CREDENTIALS_PATH);
        env.put("AWS_CONTAINER_AUTHORIZATION_TOKEN", "benchmark-authorization");
        env.put("AWS_CONFIG_FILE", work.resolve("no-aws-config").toString());
        env.put("AWS_SHARED_CREDENTIALS_FILE", work.resolve("no-aws-credentials").toString());
        return env;
    }

    /**
     * The cold starts' environment: every endpoint https and each host its own port, as in Lambda (no
     * AWS_ENDPOINT_URL: the SDK takes each service's own AWS_ENDPOINT_URL_&lt;SERVICE&gt;, as our wiring and the
     * sample leave it to). The in-process runs keep the one plain-http endpoint: they time no connection.
     */
    private Map<String, String> coldStartEnvironment() {
        Map<String, String> env = awsEnvironment();
        env.remove("AWS_ENDPOINT_URL");
        env.put("AWS_ENDPOINT_URL_DYNAMODB", stub.https("dynamodb"));
        env.put("AWS_ENDPOINT_URL_SSM", stub.https("ssm"));
        env.put("AWS_ENDPOINT_URL_EVENTBRIDGE", stub.https("eventbridge"));
        return env;
    }

    /** Where a cold start's own variables point elsewhere than the in-process runs': the https fronts. */
    private Map<String, String> coldStartOverrides() {
        return Map.of("JWKS_URL", stub.https("idp") + "/jwks.json", "DOPPLER_API_URL", stub.https("doppler"));
    }

    /** Our settings: loopback or benchmark values for what the template fills from resources and parameters. */
    private Map<String, String> settings() {
        return Map.of("TABLE_NAME", "dataraven-secrets-bench", "CREDENTIALS_PATH_PREFIX", "/dataraven/bench",
                "KMS_KEY_ID", "alias/dataraven-bench", "JWKS_URL", stub.url() + "/jwks.json",
                "JWT_ISSUER", Jwt.ISSUER, "JWT_AUDIENCE", Jwt.AUDIENCE);
    }

    /**
     * A function's environment variables as the template sets them: ours where the template needs a deployment
     * (settings()), a literal or a parameter's Default as written, else a benchmark name (event buses).
     */
    private Map<String, String> variables(Template.Declared declared) {
        Map<String, String> variables = new LinkedHashMap<>();
        declared.environment().forEach((name, value) -> {
            String literal = template.literal(value);
            variables.put(name, settings().getOrDefault(name, literal != null ? literal
                    : "dataraven-bench-" + name.toLowerCase(Locale.ROOT).replace('_', '-')));
        });
        return variables;
    }

    /** The in-process children (warm latency, AWS calls): every function's variables, keys, the bench token. */
    private Map<String, String> childEnvironment() {
        Map<String, String> env = awsEnvironment();
        env.remove("AWS_CONTAINER_CREDENTIALS_FULL_URI");
        env.remove("AWS_CONTAINER_AUTHORIZATION_TOKEN");
        env.put("PATH", System.getenv().getOrDefault("PATH", "/usr/bin:/bin"));
        env.put("HOME", work.toString());
        env.put("LANG", "C.UTF-8");
        template.functions().forEach(f -> env.putAll(variables(f)));
        env.remove("JAVA_TOOL_OPTIONS"); // these children get lambdaFlags() on their command line
        env.put("BENCH_TOKEN", token);
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

    // ---- cold-start variants ---------------------------------------------------------------------------------

    /** The runtime interface client and its dependencies (target/runtime-lib of this module). */
    private List<Path> runtimeJars() throws IOException {
        Path lib = Path.of(options.getOrDefault("runtime-lib", root.resolve("benchmark/target/runtime-lib").toString()));
        try (var files = Files.list(lib)) {
            List<Path> jars = files.filter(p -> p.toString().endsWith(".jar")).sorted().toList();
            if (jars.stream().noneMatch(p -> p.getFileName().toString().startsWith("aws-lambda-java-runtime-interface-client"))) {
                throw new IllegalStateException("no runtime interface client in " + lib + ": build with -Pbenchmark");
            }
            return jars;
        }
    }

    private static final String HELLO_HANDLER = "io.dataraven.secrets.benchmark.Hello::handleRequest";
    private static final String HELLO_STREAM_HANDLER = "io.dataraven.secrets.benchmark.HelloStream::handleRequest";
    private static final String STANDIN_HANDLER =
            "io.dataraven.secrets.benchmark.standin.CreateProductHandler::handleRequest";
    private static final String SAMPLE_HANDLER =
            "software.amazonaws.example.product.handler.CreateProductHandler::handleRequest";

    /**
     * The baselines (hello-world, the stand-in of the dagger sample, the sample itself with --sample-jar), every
     * function on demand and after the SnapStart point, and with EXTRA the flag and HTTP client comparisons. Every
     * baseline runs with the template's memory size and JAVA_TOOL_OPTIONS (the sample's template sets the same).
     */
    private void coldStartVariants(ColdStarts cs, List<Function> functions, Function create, boolean extra,
                                   List<Path> crtJars) throws IOException {
        Map<String, String> toolOptions = Map.of("JAVA_TOOL_OPTIONS",
                create.declared().environment().getOrDefault("JAVA_TOOL_OPTIONS", ""));
        int memory = create.declared().memoryMb();
        String hello = "{\"hello\":\"world\"}";
        Path helloRoot = TaskRoot.withClasses(Files.createDirectories(work.resolve("task-hello")), harness,
                "io/dataraven/secrets/benchmark/Hello");
        cs.add(baseline(ColdStarts.HELLO, helloRoot, HELLO_HANDLER, memory, toolOptions, hello));
        // The floor after the snapshot point: what the runtime client's own first invocation costs (its context and
        // response classes, the first response post), which no priming of ours can move.
        cs.add(new ColdStarts.Variant(ColdStarts.HELLO_SNAP_START, "baseline", null, lambda("hello", helloRoot,
                HELLO_HANDLER, memory, toolOptions, LambdaRuntime.FLAGS), requests(hello), true));
        // The same for a stream handler, as all of ours are: no (de)serialization of the runtime client's own.
        cs.add(new ColdStarts.Variant(ColdStarts.HELLO_STREAM_SNAP_START, "baseline", null, lambda("hello", helloRoot,
                HELLO_STREAM_HANDLER, memory, toolOptions, LambdaRuntime.FLAGS), requests(hello), true));
        Path standinJar = Path.of(options.getOrDefault("standin-jar",
                root.resolve("benchmark/target/standin-lambda.jar").toString()));
        Map<String, String> products = new HashMap<>(toolOptions);
        products.put("PRODUCT_TABLE_NAME", "dataraven-bench-products");
        cs.add(baseline(ColdStarts.STANDIN, TaskRoot.unpacked(work.resolve("task-standin"), List.of(standinJar)),
                STANDIN_HANDLER, memory, products, Events.productPut()));
        if (options.containsKey("sample-jar") && !options.get("sample-jar").isBlank()) {
            // X-Ray's interceptor sends its segments over UDP to a daemon nobody runs here, as in Lambda it does to
            // the one Lambda runs; a missing segment context is logged, not thrown.
            Map<String, String> xray = new HashMap<>(products);
            xray.put("AWS_XRAY_DAEMON_ADDRESS", "127.0.0.1:2000");
            xray.put("AWS_XRAY_CONTEXT_MISSING", "LOG_ERROR");
            cs.add(baseline(ColdStarts.SAMPLE, TaskRoot.unpacked(work.resolve("task-sample"),
                    List.of(Path.of(options.get("sample-jar")))), SAMPLE_HANDLER, memory, xray, Events.productPut()));
        }
        Map<Path, Path> taskRoots = new HashMap<>();
        for (boolean snapStart : new boolean[]{false, true}) {
            for (Function f : functions) {
                Path taskRoot = taskRoots.get(f.jar());
                if (taskRoot == null) {
                    taskRoot = TaskRoot.unpacked(work.resolve("task-" + taskRoots.size()), List.of(f.jar()));
                    taskRoots.put(f.jar(), taskRoot);
                }
                String event = Events.withToken(f.event(), token, f.http());
                cs.add(new ColdStarts.Variant(f.name(), snapStart ? "snap-start" : "on-demand", f.name(),
                        lambda(f.name(), taskRoot, f.declared().handler(), f.declared().memoryMb(),
                                variables(f.declared()), LambdaRuntime.FLAGS), requests(event), snapStart));
            }
        }
        if (!extra) {
            return;
        }
        // The JVM's defaults for compilation (C1 and C2) instead of the runtime's and the template's C1 only.
        List<String> c2 = LambdaRuntime.FLAGS.stream().filter(flag -> !flag.startsWith("-XX:TieredStopAtLevel"))
                .toList();
        Map<String, String> createVariables = new HashMap<>(variables(create.declared()));
        createVariables.remove("JAVA_TOOL_OPTIONS");
        String createEvent = Events.withToken(create.event(), token, true);
        cs.add(new ColdStarts.Variant(create.name() + ", C2 on (no TieredStopAtLevel=1)", "flags", create.name(),
                lambda(create.name(), taskRoots.get(create.jar()), create.declared().handler(), memory,
                        createVariables, c2), requests(createEvent), false));
        cs.add(new ColdStarts.Variant(ColdStarts.HELLO + ", C2 on", "flags", null,
                lambda("hello", helloRoot, HELLO_HANDLER, memory, Map.of(), c2), requests(hello), false));
        Path unshrunk = unshrunkCore(root);
        if (!crtJars.isEmpty() && unshrunk != null) {
            // Both clients on the unshrunk core (shared-*-all.jar, the input of the ProGuard step): the shipped jar
            // holds only the SDK parts the url-connection client needs, so the CRT client cannot run on it.
            Path clients = work.resolve("task-clients");
            TaskRoot.withClasses(Files.createDirectories(clients), create.jar().getParent().resolve("classes"), "");
            TaskRoot.withClasses(clients, harness, "");
            List<Path> lib = new ArrayList<>(List.of(unshrunk));
            lib.addAll(crtJars);
            TaskRoot.withLib(clients, lib);
            for (String client : List.of("url", "crt")) {
                Map<String, String> choice = new HashMap<>(variables(create.declared()));
                choice.put("BENCH_HANDLER", create.handler());
                choice.put("BENCH_HTTP_CLIENT", client);
                cs.add(new ColdStarts.Variant(create.name() + ", " + (client.equals("url") ? "url-connection" : "CRT")
                        + " client (unshrunk core)", "http", create.name(), lambda(create.name(), clients,
                        "io.dataraven.secrets.benchmark.ClientChoiceHandler::handleRequest", memory, choice,
                        LambdaRuntime.FLAGS), requests(createEvent), false));
            }
        }
    }

    /** --idle MS (0 by default): a third request after that long idle, in every cold start, beside the two. */
    private long idleMillis() {
        return Long.parseLong(options.getOrDefault("idle", "0"));
    }

    /** The events of one cold start: the event twice, back to back, and with --idle a third after the gap. */
    private List<String> requests(String event) {
        return idleMillis() > 0 ? List.of(event, event, event) : List.of(event, event);
    }

    private ColdStarts.Variant baseline(String label, Path taskRoot, String handler, int memory,
                                        Map<String, String> variables, String event) {
        return new ColdStarts.Variant(label, "baseline", null, lambda(label.split(" ")[0], taskRoot, handler, memory,
                variables, LambdaRuntime.FLAGS), requests(event), false);
    }

    private static LambdaRuntime.Function lambda(String name, Path taskRoot, String handler, int memory,
                                                 Map<String, String> variables, List<String> flags) {
        return new LambdaRuntime.Function("dataraven-bench-" + name.replaceAll("[^A-Za-z0-9-]", ""), taskRoot,
                handler, memory, variables, flags);
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

    // ---- statistics --------------------------------------------------------------------------------------------

    static double median(List<Double> values) {
        if (values.isEmpty()) {
            return Double.NaN;
        }
        double[] sorted = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
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
                .append("| cold starts | Lambda's runtime interface client ").append(runtimeJars().stream()
                        .map(p -> p.getFileName().toString()).filter(n -> n.startsWith("aws-lambda-java-runtime-"))
                        .map(n -> n.replaceAll("^.*-client-|\\.jar$", "")).findFirst().orElse("?"))
                .append(" on this JDK (the template's Runtime: ").append(template.functions().stream()
                        .map(Template.Declared::runtime).distinct().collect(Collectors.joining(", ")))
                .append(") with the java17 managed runtime's flags: `-XX:MaxHeapSize=<85% of MemorySize> ")
                .append(String.join(" ", LambdaRuntime.FLAGS)).append("`, plus the template's `JAVA_TOOL_OPTIONS` |\n")
                .append("| in-process runs (warm latency, AWS calls) | `").append(String.join(" ", lambdaFlags()))
                .append("` (the template's `JAVA_TOOL_OPTIONS`) |\n\n");
        md.append("## Method\n\n")
                .append("- **Functions**: every `CodeUri` jar and `Handler` of `template.yaml`, with its sample event ")
                .append("`events/<function>.json` (team-events: `team-plan-changed.json`, orphan-sweeper: ")
                .append("`orphan-sweep.json`); the jar is the one SAM deploys, exactly as Maven built it: the ")
                .append("function's classes plus the core shrunk by ProGuard (`shared/lambda-shrink.pro`).\n")
                .append("- **Loopback AWS**: JDK HTTP servers inside the benchmark process answer DynamoDB, SSM, ")
                .append("EventBridge, the JWKS, Doppler and Lambda's container credentials endpoint at once. The cold ")
                .append("starts reach them as Lambda reaches AWS: over https (a CA and a `localhost` certificate, RSA ")
                .append("2048, made per run with keytool; each JVM trusts the CA through a copy of the JDK's `cacerts` ")
                .append("with it added, `-Djavax.net.ssl.trustStore`), one port per host (`AWS_ENDPOINT_URL_DYNAMODB`, ")
                .append("`_SSM`, `_EVENTBRIDGE`, `JWKS_URL`, `DOPPLER_API_URL`), so each host costs its own connection ")
                .append("and handshake, and under the name `localhost` (by IP the SDK took its account-id URI cache ")
                .append("path, which `dynamodb.us-east-1.amazonaws.com` never takes); the credentials endpoint stays ")
                .append("plain http on 127.0.0.1, as Lambda's is. The in-process runs use one plain-http endpoint ")
                .append("(`AWS_ENDPOINT_URL`). Dummy keys; no `~/.aws` files. ")
                .append("Tokens are RS256, signed by a key made per run, whose public half the stub serves.\n")
                .append("- **Cold start as Lambda runs it**: each run is a fresh JVM started like the managed java17 ")
                .append("runtime starts one: `java <the runtime's flags> -classpath <the runtime client's jars> ")
                .append("com.amazonaws.services.lambda.runtime.api.client.AWSLambda <Handler>`, the class path ")
                .append("holding only `aws-lambda-java-runtime-interface-client` and its dependencies, the working ")
                .append("directory and `LAMBDA_TASK_ROOT` a task folder holding the function's jar unpacked (as ")
                .append("Lambda unpacks the deployment package to /var/task), Lambda's reserved variables ")
                .append("(`AWS_LAMBDA_RUNTIME_API`, `_HANDLER`, `AWS_LAMBDA_FUNCTION_*`, ")
                .append("`AWS_LAMBDA_INITIALIZATION_TYPE`, ...) and the function's own from the template. The runtime ")
                .append("client talks to a Runtime API endpoint inside the benchmark (`RuntimeApi`: `invocation/next`, ")
                .append("`invocation/{id}/response` and `/error`, `init/error`, `restore/next`), a JDK `HttpServer` ")
                .append("with `TCP_NODELAY` (Nagle's algorithm would hold each body until a delayed ACK, about 40 ms), ")
                .append("which hands out the sample event twice and stamps with `System.nanoTime()` when each request ")
                .append("arrives and each event goes out. Not reproduced: Lambda's own CDS archive of the runtime's ")
                .append("classes (`-Xshare:auto` uses the JDK's), its Log4j hot-patch agent, the snapshot and restore ")
                .append("themselves, and Lambda's CPU share (1024 MB is well under one vCPU; here a JVM can use both ")
                .append("cores, so Lambda's absolute numbers are higher; the ratios are what compares).\n")
                .append("- **Baselines**, started the same way in the same rounds: a hello-world handler ")
                .append("(`RequestHandler<Map, String>`, alone in its task folder; after the snapshot point also a ")
                .append("`RequestStreamHandler` one, the runtime client's own floor for a stream handler, as all of ")
                .append("ours are) and a stand-in of the same shape ")
                .append("as AWS's `serverless-java-frameworks-samples` dagger `CreateProductHandler` ")
                .append("(`benchmark/.../standin`: an SDK v2 DynamoDB client over the url-connection client built in ")
                .append("the constructor, Jackson, one PutItem per request; shaded with its libraries into ")
                .append("`standin-lambda.jar` as the sample is; without the sample's Dagger, X-Ray interceptor and ")
                .append("Logback). With `SAMPLE_JAR` the sample itself runs beside it, built outside this ")
                .append("repository from its `dagger/` folder with its SDK BOM bumped from 2.17.239 to ours and ")
                .append("`apache5-client` excluded beside the Apache and Netty clients it already excludes; the ")
                .append("targets then compare with it.\n")
                .append("- **Rounds**: every variant once per round, ").append(runs).append(" rounds after one ")
                .append("discarded, interleaved so drift on the machine hits every variant alike; medians.\n")
                .append("- **Classes loaded**: one more run per variant with `-Xlog:class+load`, whose log length the ")
                .append("Runtime API reads at each moment (init done, snapshot point, each response) while the ")
                .append("client waits for its answer.\n")
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
                plan.add(new Object[]{f, lambdaFlags()});
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
                    .append(" (scheduled batches, not requests: the sweeper over every parameter, the expiry notices ")
                    .append("over the expiry index; their AWS calls are below).\n");
        }
        md.append("\n\"template\" = `").append(String.join(" ", lambdaFlags()))
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
            Output o = launch(javaCommand(lambdaFlags(), List.of(f.jar(), harness),
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

    /** Warm latency: every function but the scheduled batches (the sweeper, the expiry notices), not requests. */
    static boolean scenario(Function f) {
        return !f.name().startsWith("orphan-sweeper") && !f.name().startsWith("notify-expiring-secrets");
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

    private void summary(List<String[]> coldStartTargets, List<Function> functions) throws IOException {
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
        coldStartTargets.forEach(t -> s.append("| ").append(t[0]).append(" | ").append(t[1]).append(" | ")
                .append(t[2]).append(" |\n"));
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
            // Plus the rate limit's one UpdateItem, which every request makes first (README "Rate limits").
            boolean exact = ssmAndDynamo.equals(List.of("DynamoDb.TransactWriteItems", "DynamoDb.TransactWriteItems",
                    "DynamoDb.UpdateItem", "Ssm.PutParameter"));
            List<String> others = List.of(calls.split(",")).stream()
                    .filter(c -> !c.startsWith("Ssm.") && !c.startsWith("DynamoDb.")).toList();
            row(s, "Create Secret success: one SSM PutParameter between two DynamoDB TransactWriteItems "
                            + "(reservation, activation), after the rate limit's UpdateItem",
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

    private static void row(StringBuilder s, String target, String measured, boolean met) {
        s.append("| ").append(target).append(" | ").append(measured).append(" | ").append(met ? "yes" : "**no**")
                .append(" |\n");
    }

    static Comparator<String> byName() {
        return Comparator.naturalOrder();
    }
}
