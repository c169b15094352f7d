package io.dataraven.secrets.vault.provider;

import io.dataraven.secrets.vault.VaultAccess;
import io.dataraven.secrets.vault.VaultProviderException;
import io.dataraven.secrets.vault.VaultProvider;
import io.dataraven.secrets.credential.Credentials;
import io.dataraven.secrets.vault.VaultType;
import io.dataraven.secrets.vault.VaultProviderException.AuthFailed;
import io.dataraven.secrets.vault.VaultProviderException.ProviderError;
import io.dataraven.secrets.vault.VaultProviderException.RateLimited;
import io.dataraven.secrets.vault.VaultProviderException.ReferenceNotFound;
import io.dataraven.secrets.vault.VaultProviderException.Unreachable;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;

/**
 * 1Password through the {@code op} CLI (https://developer.1password.com/docs/cli/reference/commands/read/),
 * authenticated as a service account. A service-account token has no REST API of its own: 1Password's
 * supported routes are its SDKs and the CLI (Connect needs a Connect server and a Connect token), so this
 * provider runs the CLI, which the Lambda gets from a layer at {@code /opt/bin/op}.
 * <ul>
 *   <li>resolve: {@code op read --no-newline <op://vault/item/[section/]field>} per distinct reference; stdout
 *       is the value;</li>
 *   <li>verify: {@code op whoami}, which signs the service account in and reads no item.</li>
 * </ul>
 * The token reaches the CLI only as {@code OP_SERVICE_ACCOUNT_TOKEN} in an otherwise clean environment (never on
 * the command line, where any process could read it). Each call gets a fresh, private config directory
 * ({@code OP_CONFIG_DIR}, also {@code HOME}) that is deleted afterwards, and caching is off
 * ({@code OP_CACHE=false}), so nothing outlives the call. Stdin is closed; a run that outlasts the timeout is
 * killed.
 *
 * <p>A failed run is classified by its stderr ({@code [ERROR] <date> <time> <message>}), with every quoted name
 * and the reference cut out first; stderr and stdout are never quoted into a message.
 */
public final class OnePasswordCliProvider implements VaultProvider {

    public static final Path DEFAULT_EXECUTABLE = Path.of("/opt/bin/op");
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(20);
    static final String TOKEN_VARIABLE = "OP_SERVICE_ACCOUNT_TOKEN";
    /** Enough for any field value; a run printing more is not answering our question. */
    static final int MAX_STDOUT_BYTES = 1 << 20;
    static final int MAX_STDERR_BYTES = 1 << 16;
    private static final String NAME = "1Password";
    private static final String PATH = "/usr/local/bin:/usr/bin:/bin";

    private final Path executable;
    private final Duration timeout;
    private final Path workDir;

    /** {@code /opt/bin/op}, 20 s per run, config directories under {@code java.io.tmpdir}. */
    public OnePasswordCliProvider() {
        this(DEFAULT_EXECUTABLE, DEFAULT_TIMEOUT);
    }

    public OnePasswordCliProvider(Path executable, Duration timeout) {
        this(executable, timeout, Path.of(System.getProperty("java.io.tmpdir")));
    }

    /** {@code workDir}: where each call's private config directory is made (in Lambda, only /tmp is writable). */
    public OnePasswordCliProvider(Path executable, Duration timeout, Path workDir) {
        this.executable = Objects.requireNonNull(executable, "executable").toAbsolutePath();
        Objects.requireNonNull(timeout, "timeout");
        if (timeout.isZero() || timeout.isNegative()) {
            throw new IllegalArgumentException("timeout must be positive");
        }
        this.timeout = timeout;
        this.workDir = Objects.requireNonNull(workDir, "workDir");
    }

    @Override
    public VaultType vaultType() {
        return VaultType.ONEPASSWORD;
    }

    @Override
    public void verify(VaultAccess access) {
        References.checkAccess(VaultType.ONEPASSWORD, access);
        Path configDir = newConfigDir();
        try {
            Run run = run(access, configDir, List.of("whoami"));
            run.scrub();
            if (run.exitCode != 0) {
                throw failure(run, "op whoami", null, null);
            }
        } finally {
            delete(configDir);
        }
    }

    @Override
    public Credentials resolve(VaultAccess access, Map<String, String> referencesByField) {
        References.checkAccess(VaultType.ONEPASSWORD, access);
        References.checkReferences(VaultType.ONEPASSWORD, referencesByField);
        if (referencesByField.isEmpty()) {
            return new Credentials(Map.of());
        }
        Path configDir = newConfigDir();
        try {
            return References.readEach(referencesByField, (field, reference) -> read(access, configDir, field,
                    reference));
        } finally {
            delete(configDir);
        }
    }

    private String read(VaultAccess access, Path configDir, String field, String reference) {
        Run run = run(access, configDir, List.of("read", "--no-newline", reference));
        try {
            if (run.exitCode != 0) {
                throw failure(run, "op read of " + reference, field, reference);
            }
            return new String(run.stdout, StandardCharsets.UTF_8);
        } finally {
            run.scrub();
        }
    }

    private VaultProviderException failure(Run run, String what, String field, String reference) {
        ErrorText text = ErrorText.of(new String(run.stderr, StandardCharsets.UTF_8), namesIn(reference));
        String exit = " (exit " + run.exitCode + ")";
        if (text.containsAny("(429)", "too many requests", "rate limit")) {
            return new RateLimited(VaultType.ONEPASSWORD, NAME + " rate limit reached on " + what + exit,
                    text.retryAfterSeconds());
        }
        if (text.containsAny("decodesacredentials", "(401)", "unauthorized", "(403)", "forbidden",
                "invalid bearer token",
                "signin credentials are not compatible", "invalid credentials", "invalid token", "token is invalid",
                "authentication", "service account token", "service account is not active",
                "service account deleted", "expired")) {
            return new AuthFailed(VaultType.ONEPASSWORD, NAME + " rejected the service-account token on " + what
                    + exit + ": it is malformed, expired, revoked or deleted");
        }
        if (reference != null && text.containsAny("isn't an item", "isn't a vault", "isn't a field",
                "does not have a field", "could not find", "not found", "no item", "more than one item matches",
                "invalid secret reference", "invalid character in secret reference")) {
            String detail = text.containsAny("more than one item matches")
                    ? "matches more than one 1Password item; use the item's id in the reference"
                    : "1Password has no vault, item or field at " + reference
                    + " that this service account can read";
            return new ReferenceNotFound(VaultType.ONEPASSWORD, field, reference, detail);
        }
        if (text.containsAny("dial tcp", "no such host", "i/o timeout", "connection refused", "connection reset",
                "network is unreachable", "tls handshake", "timeout", "getaddrinfo", "name resolution", "eof",
                "(500)", "(502)", "(503)", "(504)", "internal server error", "bad gateway", "service unavailable",
                "gateway timeout")) {
            return new Unreachable(VaultType.ONEPASSWORD, "could not reach " + NAME + " on " + what + exit);
        }
        return new ProviderError(VaultType.ONEPASSWORD, "the 1Password CLI failed on " + what + exit
                + (text.isEmpty() ? " without saying why" : " with an error this provider does not recognise"));
    }

    /**
     * What op may print unquoted of a reference: the reference itself, and its vault/item[/section] path
     * ("could not get item DevOps/AWS-Prod: ..."). Longest first, so each is cut out whole.
     */
    private static String[] namesIn(String reference) {
        if (reference == null) {
            return new String[0];
        }
        String path = reference.substring("op://".length());
        String[] segments = path.split("/");
        List<String> names = new ArrayList<>();
        names.add(reference);
        names.add(path);
        if (segments.length == 4) {
            names.add(segments[0] + "/" + segments[1] + "/" + segments[2]);
        }
        names.add(segments[0] + "/" + segments[1]);
        return names.toArray(new String[0]);
    }

    /** Runs op with the token in the environment only; kills it past the timeout. */
    private Run run(VaultAccess access, Path configDir, List<String> arguments) {
        List<String> command = new ArrayList<>(arguments.size() + 1);
        command.add(executable.toString());
        command.addAll(arguments);
        String what = "op " + arguments.get(0);

        ProcessBuilder builder = new ProcessBuilder(command).directory(configDir.toFile());
        Map<String, String> environment = builder.environment();
        environment.clear();
        environment.put(TOKEN_VARIABLE, access.tokenField("access_token"));
        environment.put("OP_CONFIG_DIR", configDir.toString());
        environment.put("OP_CACHE", "false");
        environment.put("HOME", configDir.toString());
        environment.put("PATH", PATH);

        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new ProviderError(VaultType.ONEPASSWORD, "could not start the 1Password CLI at " + executable
                    + ": " + e.getClass().getSimpleName(), e);
        }
        CompletableFuture<byte[]> stdout = drain(process.getInputStream(), MAX_STDOUT_BYTES);
        CompletableFuture<byte[]> stderr = drain(process.getErrorStream(), MAX_STDERR_BYTES);
        try {
            process.getOutputStream().close(); // stdin: op must never wait for input
        } catch (IOException ignored) {
            // the process has already gone; its exit code tells the rest
        }
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                kill(process);
                scrub(stdout);
                throw new Unreachable(VaultType.ONEPASSWORD, NAME + " did not answer " + what + " within "
                        + timeout.toMillis() + " ms; the CLI was stopped");
            }
            byte[] out = collect(stdout, what);
            byte[] err = collect(stderr, what);
            if (out.length > MAX_STDOUT_BYTES) {
                Arrays.fill(out, (byte) 0);
                throw new ProviderError(VaultType.ONEPASSWORD, "the 1Password CLI printed more than "
                        + MAX_STDOUT_BYTES + " bytes on " + what);
            }
            return new Run(process.exitValue(), out, err);
        } catch (InterruptedException e) {
            kill(process);
            scrub(stdout);
            Thread.currentThread().interrupt();
            throw new Unreachable(VaultType.ONEPASSWORD, "interrupted while waiting for " + what);
        }
    }

    /** Reads a stream to its end on its own thread, keeping at most {@code limit + 1} bytes. */
    private static CompletableFuture<byte[]> drain(InputStream in, int limit) {
        Executor ownThread = task -> {
            Thread thread = new Thread(task, "op-output");
            thread.setDaemon(true);
            thread.start();
        };
        return CompletableFuture.supplyAsync(() -> {
            try (in) {
                byte[] kept = in.readNBytes(limit + 1);
                in.transferTo(OutputStream.nullOutputStream()); // keep the pipe flowing so the CLI never blocks
                return kept;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }, ownThread);
    }

    private byte[] collect(CompletableFuture<byte[]> output, String what) throws InterruptedException {
        try {
            // The process has exited; its pipes close with it, unless a child of it still holds them.
            return output.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new Unreachable(VaultType.ONEPASSWORD, "could not read the output of " + what);
        }
    }

    private static void scrub(CompletableFuture<byte[]> output) {
        output.thenAccept(bytes -> Arrays.fill(bytes, (byte) 0));
    }

    private static void kill(Process process) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        try {
            process.waitFor(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private Path newConfigDir() {
        try {
            Files.createDirectories(workDir);
            return Files.createTempDirectory(workDir, "op-",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        } catch (IOException | UnsupportedOperationException e) {
            throw new ProviderError(VaultType.ONEPASSWORD, "could not create a private config directory for the"
                    + " 1Password CLI under " + workDir + ": " + e.getClass().getSimpleName(), e);
        }
    }

    private static void delete(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> {
                try {
                    Files.deleteIfExists(path);
                } catch (IOException ignored) {
                    // best effort: /tmp goes with the container
                }
            });
        } catch (IOException ignored) {
            // best effort, as above
        }
    }

    /** One finished run. stdout may hold a secret value: {@link #scrub()} it once read. */
    private static final class Run {
        private final int exitCode;
        private final byte[] stdout;
        private final byte[] stderr;

        private Run(int exitCode, byte[] stdout, byte[] stderr) {
            this.exitCode = exitCode;
            this.stdout = stdout;
            this.stderr = stderr;
        }

        private void scrub() {
            Arrays.fill(stdout, (byte) 0);
        }
    }
}
