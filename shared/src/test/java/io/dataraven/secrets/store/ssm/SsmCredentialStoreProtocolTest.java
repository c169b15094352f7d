package io.dataraven.secrets.store.ssm;

import io.dataraven.secrets.testing.PeerClients;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.matching.RequestPatternBuilder;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import io.dataraven.secrets.credential.CredentialStore.CredentialAlreadyExistsException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.model.SsmException;

import io.dataraven.secrets.store.aws.Pacer;
import io.dataraven.secrets.store.StoreUnavailableException;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.services.ssm.model.ParameterTier;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.UUID;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static io.dataraven.secrets.store.StoreFixtures.ACCESS_KEY_ID;
import static io.dataraven.secrets.store.StoreFixtures.PATHS;
import static io.dataraven.secrets.store.StoreFixtures.SECRET_ACCESS_KEY;
import static io.dataraven.secrets.store.StoreFixtures.s3Credentials;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * The SSM adapter through the real SDK client against WireMock: the exact JSON 1.1 requests it sends and how it
 * maps SSM's error bodies (shapes from the SSM API reference). No failure may quote a credential value.
 */
class SsmCredentialStoreProtocolTest {

    static final int ATTEMPT_TIMEOUT_MILLIS = 250;
    private static final String KMS_KEY = "alias/dataraven-secrets-test";
    private static final String TARGET = "AmazonSSM.";
    private static final String CONTENT_TYPE = "application/x-amz-json-1.1";

    private static final String OWNER = "dataraven-secrets-test";
    static ClientOverrideConfiguration overrides(Duration attemptTimeout) {
        return io.dataraven.secrets.testing.FastRetries.overrides(3, attemptTimeout);
    }

    private static final List<Long> PACED = new CopyOnWriteArrayList<>();
    private static final java.util.concurrent.atomic.AtomicLong PACER_CLOCK = new java.util.concurrent.atomic.AtomicLong();
    /** Records the waits between batches and moves its clock instead of sleeping. */
    private static final Pacer PACER = new Pacer(2, PACER_CLOCK::get, nanos -> {
        PACED.add(nanos);
        PACER_CLOCK.addAndGet(nanos);
    });
    /** A client whose attempts time out quickly (the other one has production's generous attempt timeout). */
    private static SsmClient impatientSsm;
    private static SsmCredentialStore impatient;

    private static WireMockServer wireMock;
    private static SsmClient ssm;
    private static SsmCredentialStore store;

    private final String path = PATHS.secret(UUID.fromString("0b5d6a52-3f7e-4c1a-9d2e-1f0a7c3b9e41"),
            UUID.fromString("6f1c2d3e-4a5b-4c6d-8e7f-901a2b3c4d5e"));

    /** The credential fields as SSM must receive them: a JSON object, the secret key escaped properly. */
    private static final String FIELDS_JSON = "{\"access_key_id\":\"" + ACCESS_KEY_ID + "\","
            + "\"secret_access_key\":\"" + SECRET_ACCESS_KEY.replace("\\", "\\\\").replace("\"", "\\\"") + "\"}";

    @BeforeAll
    static void start() {
        wireMock = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
        wireMock.start();
        ssm = PeerClients.pointedAt(SsmClient.builder(), wireMock.baseUrl(), overrides(Duration.ofSeconds(2)));
        store = new SsmCredentialStore(() -> ssm, KMS_KEY, ParameterTier.STANDARD, OWNER, PACER);
        impatientSsm = SsmClient.builder()
                .httpClient(UrlConnectionHttpClient.builder().build())
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create("AKIDEXAMPLE", "dummy-secret-for-signing")))
                .endpointOverride(URI.create(wireMock.baseUrl()))
                .overrideConfiguration(overrides(Duration.ofMillis(ATTEMPT_TIMEOUT_MILLIS)))
                .build();
        impatient = new SsmCredentialStore(() -> impatientSsm, KMS_KEY, ParameterTier.STANDARD, OWNER, PACER);
        // Warm both clients up (class loading, the first connection), so that no first attempt is slow by accident.
        answer("PutParameter", ok("{\"Tier\":\"Standard\",\"Version\":1}"));
        answer("GetParameter", error(400, "{\"__type\":\"ParameterNotFound\"}"));
        for (SsmCredentialStore warm : List.of(store, impatient)) {
            warm.create("/warm-up", s3Credentials());
            warm.read("/warm-up");
        }
    }

    @AfterAll
    static void stop() {
        ssm.close();
        impatientSsm.close();
        wireMock.stop();
    }

    @BeforeEach
    void reset() {
        wireMock.resetAll();
        PACED.clear();
        PACER_CLOCK.set(0);
    }

    private static RequestPatternBuilder called(String operation) {
        return postRequestedFor(urlEqualTo("/"))
                .withHeader("X-Amz-Target", equalTo(TARGET + operation))
                .withHeader("Content-Type", equalTo(CONTENT_TYPE));
    }

    private static void answer(String operation, ResponseDefinitionBuilder response) {
        wireMock.stubFor(post(urlEqualTo("/")).withHeader("X-Amz-Target", equalTo(TARGET + operation))
                .willReturn(response));
    }

    private static ResponseDefinitionBuilder ok(String body) {
        return aResponse().withStatus(200).withHeader("Content-Type", CONTENT_TYPE)
                .withHeader("x-amzn-RequestId", "ok-request").withBody(body);
    }

    private static ResponseDefinitionBuilder error(int status, String body) {
        return aResponse().withStatus(status).withHeader("Content-Type", CONTENT_TYPE)
                .withHeader("x-amzn-RequestId", "failed-request").withBody(body);
    }

    private static String quoted(String json) {
        return "\"" + json.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    /** The whole PutParameter body but the value: a create tags the owner, an overwrite cannot (SSM refuses both). */
    private String putParameter(boolean overwrite) {
        return """
                {"Name": "%s", "Value": "${json-unit.any-string}", "Type": "SecureString", "KeyId": "%s",
                 "Overwrite": %s, "Tier": "Standard"%s}
                """.formatted(path, KMS_KEY, overwrite, overwrite ? ""
                : ", \"Tags\": [{\"Key\": \"dataraven:table\", \"Value\": \"" + OWNER + "\"}]");
    }

    private static void assertNoValueIn(Throwable thrown) {
        for (Throwable t = thrown; t != null; t = t.getCause()) {
            assertThat(String.valueOf(t.getMessage())).doesNotContain(SECRET_ACCESS_KEY).doesNotContain("K7MDENG");
            assertThat(t.toString()).doesNotContain(SECRET_ACCESS_KEY).doesNotContain("K7MDENG");
        }
    }

    @Test
    void createPutsASecureStringWithOurKeyTierAndOwnerTagWithoutOverwrite() {
        answer("PutParameter", ok("{\"Tier\":\"Standard\",\"Version\":1}"));

        assertThat(store.create(path, s3Credentials())).isEqualTo(1L);

        wireMock.verify(1, called("PutParameter")
                .withRequestBody(equalToJson(putParameter(false), false, false))
                .withRequestBody(matchingJsonPath("$.Value", equalToJson(FIELDS_JSON, false, false))));
    }

    @Test
    void overwritePutsWithOverwriteWithoutTagsAndReturnsTheNewVersion() {
        answer("PutParameter", ok("{\"Tier\":\"Standard\",\"Version\":2}"));

        assertThat(store.overwrite(path, s3Credentials())).isEqualTo(2L);

        wireMock.verify(1, called("PutParameter")
                .withRequestBody(equalToJson(putParameter(true), false, false))
                .withRequestBody(matchingJsonPath("$.Value", equalToJson(FIELDS_JSON, false, false))));
    }

    @Test
    void anExistingParameterIsCredentialAlreadyExists() {
        answer("PutParameter", error(400, "{\"__type\":\"ParameterAlreadyExists\",\"message\":\"The parameter "
                + "already exists. To overwrite this value, set the overwrite option in the request to true.\"}"));

        Throwable thrown = catchThrowable(() -> store.create(path, s3Credentials()));

        assertThat(thrown).isInstanceOf(CredentialAlreadyExistsException.class).hasMessageContaining(path);
        assertNoValueIn(thrown);
        wireMock.verify(1, called("PutParameter"));
    }

    @Test
    void throttlingIsRetriedBySdkThenSucceeds() {
        wireMock.stubFor(post(urlEqualTo("/")).inScenario("throttle").whenScenarioStateIs(Scenario.STARTED)
                .withHeader("X-Amz-Target", equalTo(TARGET + "PutParameter"))
                .willReturn(error(400, "{\"__type\":\"ThrottlingException\",\"message\":\"Rate exceeded\"}"))
                .willSetStateTo("recovered"));
        wireMock.stubFor(post(urlEqualTo("/")).inScenario("throttle").whenScenarioStateIs("recovered")
                .withHeader("X-Amz-Target", equalTo(TARGET + "PutParameter"))
                .willReturn(ok("{\"Tier\":\"Standard\",\"Version\":1}")));

        assertThatCode(() -> store.create(path, s3Credentials())).doesNotThrowAnyException();

        wireMock.verify(2, called("PutParameter").withRequestBody(equalToJson(putParameter(false), false, false)));
    }

    @Test
    void deleteNamesTheParameterAndAMissingOneIsNoError() {
        answer("DeleteParameter", error(400, "{\"__type\":\"ParameterNotFound\"}"));

        assertThatCode(() -> store.delete(path)).doesNotThrowAnyException();

        wireMock.verify(1, called("DeleteParameter")
                .withRequestBody(equalToJson("{\"Name\": \"" + path + "\"}", false, false)));
    }

    @Test
    void deleteOfAnExistingParameter() {
        answer("DeleteParameter", ok("{}"));

        assertThatCode(() -> store.delete(path)).doesNotThrowAnyException();
        wireMock.verify(1, called("DeleteParameter"));
    }

    @Test
    void readAsksForTheDecryptedValueAndParsesTheFields() {
        answer("GetParameter", ok("""
                {"Parameter": {"ARN": "arn:aws:ssm:us-east-1:123456789012:parameter%s", "DataType": "text",
                  "LastModifiedDate": 1.772360130123E9, "Name": "%s", "Type": "SecureString",
                  "Value": %s, "Version": 3}}
                """.formatted(path, path, quoted(FIELDS_JSON))));

        assertThat(store.read(path)).contains(s3Credentials());

        wireMock.verify(1, called("GetParameter").withRequestBody(equalToJson(
                "{\"Name\": \"" + path + "\", \"WithDecryption\": true}", false, false)));
    }

    @Test
    void readingAMissingParameterIsEmpty() {
        answer("GetParameter", error(400, "{\"__type\":\"ParameterNotFound\"}"));

        assertThat(store.read(path)).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "not json at all wJalrXUtnFEMI/K7MDENG+bPxRfiCYzz",
            "{\"secret_access_key\": \"wJalrXUtnFEMI/K7MDENG+bPxRfiCYzz\"",
            "[\"wJalrXUtnFEMI/K7MDENG+bPxRfiCYzz\"]",
            "\"wJalrXUtnFEMI/K7MDENG+bPxRfiCYzz\"",
            "{\"secret_access_key\": {\"nested\": \"wJalrXUtnFEMI/K7MDENG+bPxRfiCYzz\"}}"})
    void aStoredValueThatIsNotAnObjectOfStringsFailsWithoutQuotingIt(String stored) {
        answer("GetParameter", ok("{\"Parameter\": {\"Name\": \"" + path + "\", \"Type\": \"SecureString\", "
                + "\"Value\": " + quoted(stored) + ", \"Version\": 1}}"));

        Throwable thrown = catchThrowable(() -> store.read(path));

        assertThat(thrown).isInstanceOf(IllegalStateException.class);
        assertNoValueIn(thrown);
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "{\"__type\":\"AccessDeniedException\",\"Message\":\"User: arn:aws:sts::123456789012:assumed-role/"
                    + "create-secret/fn is not authorized to perform: ssm:PutParameter on resource: "
                    + "arn:aws:ssm:us-east-1:123456789012:parameter/dataraven/test/x\"}",
            "{\"__type\":\"InvalidKeyId\",\"message\":\"Invalid keyId alias/dataraven-secrets-test\"}",
            "{\"__type\":\"ValidationException\",\"message\":\"Standard tier parameters support a maximum "
                    + "parameter value of 4096 characters.\"}"})
    void otherFailuresReachTheCallerWithoutTheValue(String errorBody) {
        answer("PutParameter", error(400, errorBody));

        Throwable create = catchThrowable(() -> store.create(path, s3Credentials()));
        Throwable overwrite = catchThrowable(() -> store.overwrite(path, s3Credentials()));

        assertThat(create).isInstanceOf(SsmException.class);
        assertThat(overwrite).isInstanceOf(SsmException.class);
        assertNoValueIn(create);
        assertNoValueIn(overwrite);
    }

    // ---- the storage protocol: versions, retried creates, translated failures, batches, owner listing ----

    private static final String ALREADY_EXISTS = "{\"__type\":\"ParameterAlreadyExists\",\"message\":\"The parameter "
            + "already exists. To overwrite this value, set the overwrite option in the request to true.\"}";
    private static final String THROTTLED = "{\"__type\":\"ThrottlingException\",\"message\":\"Rate exceeded\"}";
    private static final String INTERNAL = "{\"__type\":\"InternalServerError\",\"message\":\"An internal error "
            + "occurred.\"}";

    /** The first PutParameter gets {@code first}, every later one {@code then}. */
    private static void firstThen(String operation, ResponseDefinitionBuilder first, ResponseDefinitionBuilder then) {
        wireMock.stubFor(post(urlEqualTo("/")).inScenario(operation).whenScenarioStateIs(Scenario.STARTED)
                .withHeader("X-Amz-Target", equalTo(TARGET + operation))
                .willReturn(first).willSetStateTo("answered"));
        wireMock.stubFor(post(urlEqualTo("/")).inScenario(operation).whenScenarioStateIs("answered")
                .withHeader("X-Amz-Target", equalTo(TARGET + operation))
                .willReturn(then));
    }

    @Test
    void theConfiguredTierIsSentAndAnUnknownTierIsRefused() {
        answer("PutParameter", ok("{\"Tier\":\"Intelligent-Tiering\",\"Version\":1}"));
        SsmCredentialStore tiered = SsmCredentialStore.create(() -> ssm, KMS_KEY, "Intelligent-Tiering", OWNER, PACER);

        tiered.create(path, s3Credentials());
        tiered.overwrite(path, s3Credentials());

        wireMock.verify(2, called("PutParameter")
                .withRequestBody(matchingJsonPath("$.Tier", equalTo("Intelligent-Tiering"))));
        assertThat(catchThrowable(() -> SsmCredentialStore.create(() -> ssm, KMS_KEY, "Premium", OWNER, PACER)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Premium");
    }

    @Test
    void aCreateWhoseFirstAttemptTimedOutAndLandedIsVersionOne() {
        // The first attempt reaches SSM but answers after the attempt timeout; the SDK's retry finds the path taken.
        firstThen("PutParameter", ok("{\"Tier\":\"Standard\",\"Version\":1}")
                .withFixedDelay(ATTEMPT_TIMEOUT_MILLIS + 150), error(400, ALREADY_EXISTS));

        assertThat(impatient.create(path, s3Credentials())).isEqualTo(1L);

        wireMock.verify(2, called("PutParameter").withRequestBody(equalToJson(putParameter(false), false, false)));
    }

    @Test
    void aCreateAnswered500AndThenAlreadyExistsOnTheRetryIsVersionOne() {
        firstThen("PutParameter", error(500, INTERNAL), error(400, ALREADY_EXISTS));

        assertThat(store.create(path, s3Credentials())).isEqualTo(1L);

        wireMock.verify(2, called("PutParameter"));
    }

    @Test
    void alreadyExistsAfterARetryOfAnOverwriteIsNotSwallowed() {
        // Overwrite never sends Overwrite=false, so SSM cannot answer this; if it did, it must not become a version.
        firstThen("PutParameter", error(500, INTERNAL), error(400, ALREADY_EXISTS));

        assertThat(catchThrowable(() -> store.overwrite(path, s3Credentials())))
                .isNotInstanceOf(CredentialAlreadyExistsException.class).isInstanceOf(RuntimeException.class);
    }

    @Test
    void readOfAVersionNamesItAndAMissingVersionIsEmpty() {
        answer("GetParameter", ok("""
                {"Parameter": {"Name": "%s", "Type": "SecureString", "Value": %s, "Version": 3,
                  "Selector": ":3"}}
                """.formatted(path, quoted(FIELDS_JSON))));

        assertThat(store.read(path, 3L)).contains(s3Credentials());
        wireMock.verify(1, called("GetParameter").withRequestBody(equalToJson(
                "{\"Name\": \"" + path + ":3\", \"WithDecryption\": true}", false, false)));

        wireMock.resetAll();
        answer("GetParameter", error(400, "{\"__type\":\"ParameterVersionNotFound\",\"message\":\"Systems Manager "
                + "could not find version 4 of " + path + ". Verify the version and try again.\"}"));
        assertThat(store.read(path, 4L)).isEmpty();
        wireMock.verify(1, called("GetParameter").withRequestBody(matchingJsonPath("$.Name", equalTo(path + ":4"))));
    }

    @Test
    void throttlingOnEveryAttemptIsThrottledAndNotApplied() {
        answer("PutParameter", error(400, THROTTLED));

        Throwable thrown = catchThrowable(() -> store.create(path, s3Credentials()));

        assertThat(thrown).isInstanceOfSatisfying(StoreUnavailableException.class, e -> {
            assertThat(e.reason()).isEqualTo(StoreUnavailableException.Reason.THROTTLED);
            assertThat(e.mayHaveApplied()).isFalse();
            assertThat(e.retryAfterSeconds()).isEqualTo(2);
        });
        assertNoValueIn(thrown);
        wireMock.verify(3, called("PutParameter")); // the SDK's three attempts
    }

    @Test
    void tooManyUpdatesIsThrottledAndNotApplied() {
        answer("PutParameter", error(400, "{\"__type\":\"TooManyUpdates\",\"message\":\"There are concurrent "
                + "updates for the resource that you're trying to update. Please try again.\"}"));

        assertThat(catchThrowable(() -> store.overwrite(path, s3Credentials())))
                .isInstanceOfSatisfying(StoreUnavailableException.class, e -> {
                    assertThat(e.reason()).isEqualTo(StoreUnavailableException.Reason.THROTTLED);
                    assertThat(e.mayHaveApplied()).isFalse();
                });
    }

    @Test
    void a500OnEveryAttemptIsUnavailableAndMayHaveApplied() {
        answer("PutParameter", error(500, INTERNAL));

        assertThat(catchThrowable(() -> store.overwrite(path, s3Credentials())))
                .isInstanceOfSatisfying(StoreUnavailableException.class, e -> {
                    assertThat(e.reason()).isEqualTo(StoreUnavailableException.Reason.UNAVAILABLE);
                    assertThat(e.mayHaveApplied()).isTrue();
                });
        wireMock.verify(3, called("PutParameter"));
    }

    @Test
    void throttledReadsAndDeletesAreTranslatedToo() {
        answer("GetParameter", error(400, THROTTLED));
        answer("DeleteParameter", error(400, THROTTLED));

        assertThat(catchThrowable(() -> store.read(path, 2L))).isInstanceOf(StoreUnavailableException.class);
        assertThat(catchThrowable(() -> store.delete(path))).isInstanceOf(StoreUnavailableException.class);
    }

    @Test
    void deleteAllSendsBatchesOfTenAtTheConfiguredPace() throws Exception {
        answer("DeleteParameters", ok("{\"DeletedParameters\": [], \"InvalidParameters\": []}"));
        List<String> paths = new java.util.ArrayList<>();
        for (int i = 0; i < 23; i++) {
            paths.add(PATHS.secret(UUID.fromString("0b5d6a52-3f7e-4c1a-9d2e-1f0a7c3b9e41"), UUID.randomUUID()));
        }

        store.deleteAll(paths);

        List<com.github.tomakehurst.wiremock.verification.LoggedRequest> sent = wireMock.findAll(called("DeleteParameters"));
        assertThat(sent).hasSize(3);
        List<String> names = new java.util.ArrayList<>();
        List<Integer> sizes = new java.util.ArrayList<>();
        for (var request : sent) {
            var body = new com.fasterxml.jackson.databind.ObjectMapper().readTree(request.getBodyAsString());
            assertThat(body.size()).isEqualTo(1); // Names only
            sizes.add(body.get("Names").size());
            body.get("Names").forEach(n -> names.add(n.asText()));
        }
        assertThat(sizes).containsExactly(10, 10, 3);
        assertThat(names).containsExactlyElementsOf(paths);
        // Half a second (2 a second) before each call after the first, recorded instead of slept.
        assertThat(PACED).containsExactly(500_000_000L, 500_000_000L);
        wireMock.verify(0, called("DeleteParameter"));
    }

    @Test
    void deleteAllOfNothingCallsNothingAndMissingNamesAreNoError() {
        store.deleteAll(List.of());
        wireMock.verify(0, postRequestedFor(urlEqualTo("/")));

        answer("DeleteParameters", ok("{\"DeletedParameters\": [], \"InvalidParameters\": [\"" + path + "\"]}"));
        assertThatCode(() -> store.deleteAll(List.of(path))).doesNotThrowAnyException();
    }

    @Test
    void listDescribesOnlyOurOwnersParametersUnderThePathAndFollowsNextToken() {
        String prefix = PATHS.prefix() + "/teams";
        String second = PATHS.secret(UUID.randomUUID(), UUID.randomUUID());
        wireMock.stubFor(post(urlEqualTo("/")).atPriority(5)
                .withHeader("X-Amz-Target", equalTo(TARGET + "DescribeParameters"))
                .willReturn(ok("""
                        {"Parameters": [{"Name": "%s", "Type": "SecureString", "KeyId": "%s",
                          "LastModifiedDate": 1.772360130123E9, "Version": 2, "Tier": "Standard"}],
                         "NextToken": "page-2-token"}
                        """.formatted(path, KMS_KEY))));
        wireMock.stubFor(post(urlEqualTo("/")).atPriority(1)
                .withHeader("X-Amz-Target", equalTo(TARGET + "DescribeParameters"))
                .withRequestBody(matchingJsonPath("$.NextToken", equalTo("page-2-token")))
                .willReturn(ok("""
                        {"Parameters": [{"Name": "%s", "Type": "SecureString", "LastModifiedDate": 1.7723602E9,
                          "Version": 1}]}
                        """.formatted(second))));

        List<io.dataraven.secrets.credential.CredentialStore.StoredParameter> listed = store.list(prefix);

        assertThat(listed).extracting(io.dataraven.secrets.credential.CredentialStore.StoredParameter::path)
                .containsExactly(path, second);
        assertThat(listed.get(0).lastModified()).isEqualTo(java.time.Instant.parse("2026-03-01T10:15:30.123Z"));
        String filters = """
                {"ParameterFilters": [
                   {"Key": "Path", "Option": "Recursive", "Values": ["%s"]},
                   {"Key": "tag:dataraven:table", "Values": ["%s"]}],
                 "MaxResults": 50%s}
                """;
        wireMock.verify(1, called("DescribeParameters")
                .withRequestBody(equalToJson(filters.formatted(prefix, OWNER, ""), false, false)));
        wireMock.verify(1, called("DescribeParameters").withRequestBody(equalToJson(
                filters.formatted(prefix, OWNER, ", \"NextToken\": \"page-2-token\""), false, false)));
        wireMock.verify(0, called("GetParametersByPath"));
        assertThat(listed.toString()).doesNotContain(SECRET_ACCESS_KEY);
    }
}
