package io.dataraven.secrets.vault.provider;

import io.dataraven.secrets.testing.Vaults;
import io.dataraven.secrets.vault.VaultAccess;
import io.dataraven.secrets.vault.VaultProviderException;
import io.dataraven.secrets.credential.Credentials;
import io.dataraven.secrets.vault.VaultType;
import io.dataraven.secrets.vault.VaultProviderException.AuthFailed;
import io.dataraven.secrets.vault.VaultProviderException.Kind;
import io.dataraven.secrets.vault.VaultProviderException.ProviderError;
import io.dataraven.secrets.vault.VaultProviderException.RateLimited;
import io.dataraven.secrets.vault.VaultProviderException.ReferenceNotFound;
import io.dataraven.secrets.vault.VaultProviderException.Unreachable;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * The 1Password provider against a stand-in for the {@code op} CLI (src/test/resources/vault/provider/fake-op.sh),
 * which answers as op 2.x documents and as its users report its errors. It records how it was started, so the
 * tests can check that the token travels in the environment only, the environment is otherwise clean, stdin
 * is closed and the private config directory does not outlive the call.
 */
@EnabledOnOs({OS.LINUX, OS.MAC})
class OnePasswordCliProviderTest {

    private static final String TOKEN = "ops_eyJzaWduSW5BZGRyZXNzIjoibXkuMXBhc3N3b3JkLmNvbSIsInVzZXJBdXRoIjp7Im1ldGhv"
            + "ZCI6IlNSUGctNDA5NiIsImFsZyI6IlBCRVMyZy1IUzI1NiJ9fQ";
    private static final String ACCESS_KEY_ID = "AKIAIOSFODNN7EXAMPLE";
    /** Quotes, a backslash, an inner newline, a trailing space and non-ASCII letters must come back exactly. */
    private static final String SECRET_ACCESS_KEY = "wJalrXUtnFEMI/K7MDENG/\"bPxRfi\\CY\nzweite Zeile äöü ";
    /** What the CLI's environment may hold: ours, and what the shell adds for itself. */
    private static final Set<String> ALLOWED_ENVIRONMENT = Set.of(
            "OP_SERVICE_ACCOUNT_TOKEN", "OP_CONFIG_DIR", "OP_CACHE", "HOME", "PATH", "PWD", "OLDPWD", "SHLVL", "_");

    @TempDir
    Path dir;

    private Path bin;
    private Path work;
    private OnePasswordCliProvider provider;
    private final VaultAccess access = Vaults.onePassword(TOKEN);

    @BeforeEach
    void installFakeOp() throws IOException {
        bin = Files.createDirectory(dir.resolve("bin"));
        work = dir.resolve("work");
        Path op = bin.resolve("op");
        try (InputStream script = getClass().getResourceAsStream("/vault/provider/fake-op.sh")) {
            assertThat(script).as("fake-op.sh on the test classpath").isNotNull();
            Files.copy(script, op);
        }
        Files.setPosixFilePermissions(op, PosixFilePermissions.fromString("rwx------"));
        Files.writeString(bin.resolve("expected-token"), TOKEN);
        Path values = Files.createDirectory(bin.resolve("values"));
        Files.writeString(values.resolve("access_key_id"), ACCESS_KEY_ID);
        Files.writeString(values.resolve("secret_access_key"), SECRET_ACCESS_KEY);
        provider = new OnePasswordCliProvider(op, Duration.ofSeconds(10), work);
    }

    private List<String> recorded(String name) throws IOException {
        Path file = bin.resolve(name);
        return Files.exists(file) ? Files.readAllLines(file) : List.of();
    }

    private static Map<String, String> awsMapping() {
        Map<String, String> mapping = new LinkedHashMap<>();
        mapping.put("access_key_id", "op://DevOps/AWS-Prod/access_key_id");
        mapping.put("secret_access_key", "op://DevOps/AWS-Prod/Access Keys/secret_access_key");
        return mapping;
    }

    private static <T extends VaultProviderException> T fails(ThrowingCallable call, Class<T> type) {
        Throwable thrown = catchThrowable(call);
        assertThat(thrown).isInstanceOf(type);
        Leaks.assertNone(thrown, TOKEN, ACCESS_KEY_ID, SECRET_ACCESS_KEY, "K7MDENG");
        return type.cast(thrown);
    }

    private <T extends VaultProviderException> T readFails(String reference, Class<T> type) {
        return fails(() -> provider.resolve(access, Map.of("password", reference)), type);
    }

    // --- resolve: success -------------------------------------------------------------------------------------

    @Test
    void readsEachReferenceWithOpReadAndReturnsStdoutExactly() throws IOException {
        Credentials credentials = provider.resolve(access, awsMapping());

        assertThat(credentials.values()).containsExactly(
                Map.entry("access_key_id", ACCESS_KEY_ID),
                Map.entry("secret_access_key", SECRET_ACCESS_KEY));
        assertThat(credentials.toString()).doesNotContain(ACCESS_KEY_ID).doesNotContain("K7MDENG");
        assertThat(recorded("calls")).containsExactly(
                "[read][--no-newline][op://DevOps/AWS-Prod/access_key_id]",
                "[read][--no-newline][op://DevOps/AWS-Prod/Access Keys/secret_access_key]");
    }

    @Test
    void theTokenTravelsOnlyInTheEnvironmentWhichIsOtherwiseClean() throws IOException {
        provider.resolve(access, awsMapping());

        // The stand-in refuses any other token, so two values read prove OP_SERVICE_ACCOUNT_TOKEN carried it.
        assertThat(recorded("calls")).hasSize(2).allSatisfy(line -> assertThat(line).doesNotContain(TOKEN));
        assertThat(recorded("env-names")).hasSize(2).allSatisfy(line -> {
            List<String> names = Arrays.asList(line.trim().split(" "));
            assertThat(names).contains("OP_SERVICE_ACCOUNT_TOKEN", "OP_CONFIG_DIR", "OP_CACHE", "HOME");
            assertThat(ALLOWED_ENVIRONMENT).containsAll(names);
        });
        assertThat(recorded("op-cache")).containsOnly("false");
    }

    @Test
    void eachCallGetsAPrivateConfigDirectoryThatIsDeletedAfterwards() throws IOException {
        provider.resolve(access, awsMapping());
        provider.resolve(access, Map.of("access_key_id", "op://DevOps/AWS-Prod/access_key_id"));

        List<String> configDirs = recorded("config-dirs");
        assertThat(configDirs).hasSize(3);
        assertThat(configDirs.get(0)).isEqualTo(configDirs.get(1)).isNotEqualTo(configDirs.get(2));
        assertThat(recorded("homes")).isEqualTo(configDirs);
        assertThat(recorded("config-dir-existed")).hasSize(3);
        for (String configDir : configDirs) {
            assertThat(Path.of(configDir)).startsWithRaw(work).doesNotExist();
        }
    }

    @Test
    void readsAReferenceMappedByTwoFieldsOnce() throws IOException {
        Map<String, String> mapping = new LinkedHashMap<>();
        mapping.put("access_key_id", "op://DevOps/AWS-Prod/access_key_id");
        mapping.put("username", "op://DevOps/AWS-Prod/access_key_id");

        Credentials credentials = provider.resolve(access, mapping);

        assertThat(credentials.values()).containsExactly(
                Map.entry("access_key_id", ACCESS_KEY_ID), Map.entry("username", ACCESS_KEY_ID));
        assertThat(recorded("calls")).hasSize(1);
    }

    @Test
    void stdinIsClosedSoTheCliNeverWaitsForInput() {
        // The stand-in reads stdin to its end before answering: an open stdin would hang it until the timeout.
        Credentials credentials = provider.resolve(access, Map.of("password", "op://DevOps/Stdin/password"));

        assertThat(credentials.values()).containsExactly(Map.entry("password", "read-after-eof"));
    }

    @Test
    void anEmptyMappingStartsNothing() throws IOException {
        assertThat(provider.resolve(access, Map.of()).values()).isEmpty();
        assertThat(recorded("calls")).isEmpty();
    }

    // --- resolve: failures ------------------------------------------------------------------------------------

    @Test
    void aMalformedTokenIsAuthFailed() throws IOException {
        AuthFailed failure = fails(() -> provider.resolve(Vaults.onePassword("ops_not-a-real-token"),
                awsMapping()), AuthFailed.class);

        assertThat(failure.kind()).isEqualTo(Kind.AUTH_FAILED);
        assertThat(failure.retryable()).isFalse();
        assertThat(failure.vaultType()).isEqualTo(VaultType.ONEPASSWORD);
        assertThat(failure.getMessage()).contains("service-account token").doesNotContain("ops_not-a-real-token");
        assertThat(recorded("calls")).hasSize(1);
    }

    @Test
    void aRevokedTokenIsAuthFailed() {
        String revoked = "ops_revoked_eyJzaWduSW5BZGRyZXNzIjoibXkuMXBhc3N3b3JkLmNvbSJ9";

        AuthFailed failure = fails(() -> provider.resolve(Vaults.onePassword(revoked), awsMapping()),
                AuthFailed.class);

        assertThat(failure.getMessage()).doesNotContain(revoked);
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "op://DevOps/AWS-Prod/session_token",        // no such field
            "op://DevOps/Missing-Item/password",         // no such item
            "op://Finance/AWS-Prod/access_key_id",       // no such vault, or not shared with the service account
            "op://DevOps/authentication/password",       // an item whose name reads like an auth failure
            "op://DevOps/Too many requests/password",    // ... or like a rate limit
            "op://DevOps/no such host/password"})        // ... or like a network failure
    void aReferenceToNothingIsReferenceNotFoundNamingFieldAndReference(String reference) {
        ReferenceNotFound failure = readFails(reference, ReferenceNotFound.class);

        assertThat(failure.kind()).isEqualTo(Kind.REFERENCE_NOT_FOUND);
        assertThat(failure.field()).isEqualTo("password");
        assertThat(failure.reference()).isEqualTo(reference);
        assertThat(failure.getMessage()).contains("password").contains(reference);
    }

    @Test
    void aReferenceMatchingTwoItemsSaysToUseTheItemId() {
        ReferenceNotFound failure = readFails("op://DevOps/Twin/password", ReferenceNotFound.class);

        assertThat(failure.getMessage()).contains("more than one");
    }

    @Test
    void theHourlyLimitIsRateLimitedWithTheWaitOpNames() {
        RateLimited failure = readFails("op://DevOps/Busy/password", RateLimited.class);

        assertThat(failure.retryable()).isTrue();
        assertThat(failure.retryAfterSeconds()).hasValue(59 * 60);
    }

    @Test
    void noNetworkIsUnreachable() {
        Unreachable failure = readFails("op://DevOps/Offline/password", Unreachable.class);

        assertThat(failure.retryable()).isTrue();
    }

    @Test
    void anErrorOpDoesNotDocumentIsAProviderErrorThatQuotesNoStderr() {
        ProviderError failure = readFails("op://DevOps/Weird/password", ProviderError.class);

        assertThat(failure.getMessage()).contains("exit 3").doesNotContain("never said");
    }

    @Test
    void aCliThatOutlastsTheTimeoutIsKilledAndUnreachable() throws IOException {
        OnePasswordCliProvider impatient = new OnePasswordCliProvider(bin.resolve("op"), Duration.ofMillis(500),
                work);

        Unreachable failure = fails(() -> impatient.resolve(access, Map.of("password", "op://DevOps/Slow/password")),
                Unreachable.class);

        assertThat(failure.getMessage()).contains("within 500 ms");
        long pid = Long.parseLong(Files.readString(bin.resolve("slow-pid")).trim());
        assertThat(ProcessHandle.of(pid).filter(ProcessHandle::isAlive)).as("the stopped CLI").isEmpty();
        assertThat(Path.of(recorded("config-dirs").get(0))).doesNotExist();
    }

    @Test
    void aMissingCliIsAProviderError() {
        OnePasswordCliProvider noCli = new OnePasswordCliProvider(dir.resolve("nowhere/op"), Duration.ofSeconds(5),
                work);

        ProviderError failure = fails(() -> noCli.resolve(access, awsMapping()), ProviderError.class);

        assertThat(failure.getMessage()).contains("could not start the 1Password CLI");
    }

    // --- argument checks --------------------------------------------------------------------------------------

    @Test
    void aReferenceThatIsNotAnOpReferenceIsRefusedBeforeAnythingRuns() throws IOException {
        assertThatThrownBy(() -> provider.resolve(access, Map.of("password", "--help")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("password").hasMessageContaining("1Password secret reference");
        assertThat(recorded("calls")).isEmpty();
    }

    // --- verify -----------------------------------------------------------------------------------------------

    @Test
    void verifyRunsWhoamiWithTheTokenInTheEnvironment() throws IOException {
        provider.verify(access);

        assertThat(recorded("calls")).containsExactly("[whoami]");
        assertThat(Path.of(recorded("config-dirs").get(0))).doesNotExist();
    }

    @Test
    void verifyWithARevokedTokenIsAuthFailed() {
        fails(() -> provider.verify(Vaults.onePassword("ops_revoked_abc")), AuthFailed.class);
    }

    @Test
    void theStandInRecordsBytesAsWritten() throws IOException {
        // Guards the fixture itself: the value file must hold exactly the bytes the tests compare against.
        assertThat(Files.readAllBytes(bin.resolve("values/secret_access_key")))
                .isEqualTo(SECRET_ACCESS_KEY.getBytes(StandardCharsets.UTF_8));
    }
}
