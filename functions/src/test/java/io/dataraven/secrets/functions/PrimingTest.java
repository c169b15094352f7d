package io.dataraven.secrets.functions;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dataraven.secrets.config.App;
import io.dataraven.secrets.config.Priming;
import io.dataraven.secrets.config.PrimingSample;
import io.dataraven.secrets.testing.TestApp;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.Duration;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every function's SnapStart priming, as its constructor registers it (its own sample of events/), reaches its
 * operation: the primed call answers the operation's success status, or the direct function's normal result, both
 * in memory and over the real adapters on canned AWS answers (the first time and each repeat); not a 4xx or 5xx on
 * the way.
 */
class PrimingTest {

    private static final String TEAM = "3f1c2a9e-7b4d-4e6a-9c1f-0d2b8e5a4c71"; // the samples' team

    /** The App the handler's constructor would get: here the in-memory one, with tokens it verifies. */
    private final TestApp t = new TestApp();

    /** Per function: its priming, and the in-memory outcomes (the sample, again, an empty name if it has a body). */
    static Stream<Arguments> functions() {
        return Stream.of(
                function(CreateSecretHandler.SAMPLE, CreateSecretHandler::new, "201", "409", "400"),
                function(ListSecretsHandler.SAMPLE, ListSecretsHandler::new, "200", "200"),
                function(GetSecretHandler.SAMPLE, GetSecretHandler::new, "200", "200"),
                function(UpdateSecretHandler.SAMPLE, UpdateSecretHandler::new, "200", "200", "400"),
                function(DeleteSecretHandler.SAMPLE, DeleteSecretHandler::new, "204", "404"),
                function(ListSecretVersionsHandler.SAMPLE, ListSecretVersionsHandler::new, "200", "200"),
                function(RollbackSecretHandler.SAMPLE, RollbackSecretHandler::new, "200", "200", "400"),
                function(VerifySecretHandler.SAMPLE, VerifySecretHandler::new, "200", "200"),
                function(CreateVaultConnectionHandler.SAMPLE, CreateVaultConnectionHandler::new, "201", "409", "400"),
                function(ListVaultConnectionsHandler.SAMPLE, ListVaultConnectionsHandler::new, "200", "200"),
                function(GetVaultConnectionHandler.SAMPLE, GetVaultConnectionHandler::new, "200", "200"),
                function(UpdateVaultConnectionHandler.SAMPLE, UpdateVaultConnectionHandler::new, "200", "200", "400"),
                function(RotateVaultConnectionHandler.SAMPLE, RotateVaultConnectionHandler::new, "200", "200", "400"),
                function(TestVaultConnectionHandler.SAMPLE, TestVaultConnectionHandler::new, "200", "200"),
                function(DeleteVaultConnectionHandler.SAMPLE, DeleteVaultConnectionHandler::new, "204", "404"),
                function(CreateApiKeyHandler.SAMPLE, CreateApiKeyHandler::new, "201", "201", "400"),
                function(ListApiKeysHandler.SAMPLE, ListApiKeysHandler::new, "200", "200"),
                function(GetApiKeyHandler.SAMPLE, GetApiKeyHandler::new, "200", "200"),
                function(RotateApiKeyHandler.SAMPLE, RotateApiKeyHandler::new, "200", "200"),
                function(RevokeApiKeyHandler.SAMPLE, RevokeApiKeyHandler::new, "200", "200"),
                function(DeleteApiKeyHandler.SAMPLE, DeleteApiKeyHandler::new, "204", "404"),
                function(ResolveSecretHandler.SAMPLE, ResolveSecretHandler::new, resolved(), resolved()),
                function(TeamEventsHandler.SAMPLE, TeamEventsHandler::new, planChange("plan_changed"),
                        planChange("ignored_stale")),
                function(OrphanSweeperHandler.SAMPLE, OrphanSweeperHandler::new, sweep(), sweep()),
                // The seeded expiring secret: its notice recorded the first time, found recorded the second.
                function(NotifyExpiringSecretsHandler.SAMPLE, NotifyExpiringSecretsHandler::new,
                        "{scanned=1, published=1, already_sent=0, failed=0}",
                        "{scanned=1, published=0, already_sent=1, failed=0}"),
                function(PublishAuditEventsHandler.SAMPLE, PublishAuditEventsHandler::new, relayed(), relayed()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("functions")
    void primingReachesTheOperation(String sample, Function<App, Priming> priming, List<String> inMemory) {
        Priming.Result result = priming.apply(t.app).prime();

        assertThat(result.outcomes("in-memory requests")).as(result.toString()).isEqualTo(inMemory);
        assertThat(result.outcomes("aws adapters, canned responses")).as(result.toString())
                .containsExactly(inMemory.get(0));
        // Each repeat over an emptied store reaches the success again (a create is no conflict the second time).
        assertThat(result.outcomes("aws adapters, repeated")).as(result.toString())
                .containsExactly("2 rounds {" + inMemory.get(0) + "=2}");
        assertThat(result.steps()).as(result.toString())
                .noneMatch(step -> step.outcomes().stream().anyMatch(o -> o.startsWith("failed")));
    }

    @Test
    void httpFunctionsAlsoCheckAnUnverifiableTokenAgainstTheRealAuthenticator() {
        assertThat(new Priming(t.app, GetSecretHandler.SAMPLE, GetSecretHandler::new).prime()
                .outcomes("token check")).containsExactly("401");
        assertThat(new Priming(t.app, ResolveSecretHandler.SAMPLE, ResolveSecretHandler::new).prime()
                .outcomes("token check")).isEmpty();
    }

    /**
     * A resolve (the one operation that reads credentials) also makes one real credential read, of a parameter that
     * cannot exist, of the kind it reads (a secret's) under the App's own prefix, so its role allows it and the SSM
     * client's real pipeline is warm; the others read none.
     */
    @Test
    void aResolveAlsoReadsOneMissingParameterOfItsKindUnderTheRealPrefix() {
        List<String> reads = new java.util.ArrayList<>();
        TestApp recording = new TestApp(new io.dataraven.secrets.testing.DelegatingCredentialStore(
                new io.dataraven.secrets.store.memory.InMemoryCredentialStore()) {
            @Override
            public java.util.Optional<io.dataraven.secrets.credential.Credentials> read(String path) {
                return read(path, null);
            }

            @Override
            public java.util.Optional<io.dataraven.secrets.credential.Credentials> read(String path, Long version) {
                reads.add(path + (version == null ? "" : ":" + version));
                return super.read(path, version);
            }
        });

        Priming.Result resolve = new Priming(recording.app, ResolveSecretHandler.SAMPLE, ResolveSecretHandler::new)
                .prime();

        assertThat(resolve.outcomes("ssm read")).as(resolve.toString()).containsExactly("none");
        assertThat(reads).singleElement().asString()
                .startsWith(TestApp.PATH_PREFIX + "/teams/" + TEAM + "/secrets/").doesNotContain(":");
        reads.clear();
        assertThat(new Priming(recording.app, GetSecretHandler.SAMPLE, GetSecretHandler::new).prime()
                .outcomes("ssm read")).isEmpty();
        assertThat(reads).isEmpty();
    }

    /**
     * A function that reaches a vault runs its request once more with the real vault clients against a loopback
     * stand-in (the JDK HttpClient and the provider code load before the snapshot); the others do not.
     */
    @Test
    void aConnectionTestAlsoRunsTheRealVaultClientOverLoopback() {
        assertThat(new Priming(t.app, TestVaultConnectionHandler.SAMPLE, TestVaultConnectionHandler::new).prime()
                .outcomes("vault clients, loopback")).containsExactly("200 ok=true");
        assertThat(new Priming(t.app, GetVaultConnectionHandler.SAMPLE, GetVaultConnectionHandler::new).prime()
                .outcomes("vault clients, loopback")).isEmpty();
    }

    /**
     * A verify runs its request once more with the real provider checks against a loopback stand-in (the HTTP client,
     * signing, answer and TLS setup code load before the snapshot; the stand-in's answer is no STS answer, so the
     * check fails; over https the handshake does); the other functions do not.
     */
    @Test
    void aVerifyAlsoRunsTheRealProviderCheckOverLoopback() {
        Priming.Result verify = new Priming(t.app, VerifySecretHandler.SAMPLE, VerifySecretHandler::new).prime();
        // Over http the loopback's answer is read (as no provider's); over https its TLS alert fails the handshake.
        assertThat(verify.outcomes("provider checks, loopback")).as(verify.toString()).hasSize(2)
                .satisfies(o -> assertThat(o.get(0)).startsWith("200 reason=").doesNotContain("unreachable"))
                .satisfies(o -> assertThat(o.get(1)).isEqualTo("200 reason=unreachable"));
        assertThat(new Priming(t.app, GetSecretHandler.SAMPLE, GetSecretHandler::new).prime()
                .outcomes("provider checks, loopback")).isEmpty();
    }

    /** What the check above catches: an event that stops short of the operation (as one shared event once did). */
    @Test
    void aSampleThatMissesTheOperationIsVisibleInTheOutcome() {
        // A secret-shaped create event for a vault-connection handler: no connection id, a 400 before its own code.
        assertThat(new Priming(t.app, CreateSecretHandler.SAMPLE, GetVaultConnectionHandler::new).prime()
                .outcomes("in-memory requests")).first().isEqualTo("400");
        // The get-secret sample asking for another secret than the one it names (and priming seeds): a 404.
        PrimingSample otherSecret = new PrimingSample("get-secret", json -> {
            ((ObjectNode) json.get("pathParameters")).put("secret_id", "00000000-0000-4000-8000-0000000000ff");
            return json;
        });
        assertThat(new Priming(t.app, otherSecret, GetSecretHandler::new).prime().outcomes("in-memory requests"))
                .first().isEqualTo("404");
    }

    private static Arguments function(PrimingSample sample, Function<App, RequestStreamHandler> handler,
                                      String... inMemory) {
        Function<App, Priming> priming = app -> new Priming(app, sample, handler,
                new Priming.Repeats(2, Duration.ofMinutes(1)));
        return Arguments.of(sample.name(), priming, List.of(inMemory));
    }

    private static String resolved() {
        return "{secret_type=s3, auth_method=s3_access_key, credentials=[access_key_id, secret_access_key], version=1}";
    }

    private static String planChange(String action) {
        return "{detail_type=TeamPlanChanged, team_id=" + TEAM + ", action=" + action
                + ", complete=true, secrets_deleted=0, connections_deleted=0}";
    }

    private static String relayed() {
        return "{batchItemFailures=[]}";
    }

    private static String sweep() {
        // The two secrets priming seeds for a scheduled job: their parameters listed, owned, so never deleted.
        return "{scanned=2, deleted=0, too_young=0, problems=0, abandoned_creates=0}";
    }
}
