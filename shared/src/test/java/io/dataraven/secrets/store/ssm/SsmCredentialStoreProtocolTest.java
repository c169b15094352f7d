package io.dataraven.secrets.store.ssm;

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

import java.net.URI;
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

    private static final String KMS_KEY = "alias/dataraven-secrets-test";
    private static final String TARGET = "AmazonSSM.";
    private static final String CONTENT_TYPE = "application/x-amz-json-1.1";

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
        ssm = SsmClient.builder()
                .httpClient(UrlConnectionHttpClient.builder().build())
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create("AKIDEXAMPLE", "dummy-secret-for-signing")))
                .endpointOverride(URI.create(wireMock.baseUrl()))
                .build();
        store = new SsmCredentialStore(ssm, KMS_KEY);
    }

    @AfterAll
    static void stop() {
        ssm.close();
        wireMock.stop();
    }

    @BeforeEach
    void reset() {
        wireMock.resetAll();
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

    private String putParameter(boolean overwrite) {
        return """
                {"Name": "%s", "Value": "${json-unit.any-string}", "Type": "SecureString", "KeyId": "%s",
                 "Overwrite": %s, "Tier": "Standard"}
                """.formatted(path, KMS_KEY, overwrite);
    }

    private static void assertNoValueIn(Throwable thrown) {
        for (Throwable t = thrown; t != null; t = t.getCause()) {
            assertThat(String.valueOf(t.getMessage())).doesNotContain(SECRET_ACCESS_KEY).doesNotContain("K7MDENG");
            assertThat(t.toString()).doesNotContain(SECRET_ACCESS_KEY).doesNotContain("K7MDENG");
        }
    }

    @Test
    void createPutsASecureStringWithOurKeyWithoutOverwrite() {
        answer("PutParameter", ok("{\"Tier\":\"Standard\",\"Version\":1}"));

        store.create(path, s3Credentials());

        wireMock.verify(1, called("PutParameter")
                .withRequestBody(equalToJson(putParameter(false), false, false))
                .withRequestBody(matchingJsonPath("$.Value", equalToJson(FIELDS_JSON, false, false))));
    }

    @Test
    void overwritePutsWithOverwrite() {
        answer("PutParameter", ok("{\"Tier\":\"Standard\",\"Version\":2}"));

        store.overwrite(path, s3Credentials());

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
}
