package io.dataraven.secrets.store.dynamodb;

import io.dataraven.secrets.testing.PeerClients;
import io.dataraven.secrets.testing.Vaults;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.matching.RequestPatternBuilder;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.dataraven.secrets.secret.Secret;
import io.dataraven.secrets.store.StoreUnavailableException;
import io.dataraven.secrets.secret.SecretModifiedException;
import io.dataraven.secrets.secret.SecretNameConflictException;
import io.dataraven.secrets.secret.SecretNotFoundException;
import io.dataraven.secrets.team.Team;
import io.dataraven.secrets.team.Tier;
import io.dataraven.secrets.team.TierLimitExceededException;
import io.dataraven.secrets.vault.VaultConnection;
import io.dataraven.secrets.vault.VaultConnectionInUseException;
import io.dataraven.secrets.vault.VaultConnectionNameConflictException;
import io.dataraven.secrets.vault.VaultConnectionNotFoundException;
import io.dataraven.secrets.vault.VaultSettings;
import io.dataraven.secrets.vault.VaultType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;

import java.time.Duration;
import io.dataraven.secrets.audit.AuditEvent;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static io.dataraven.secrets.store.StoreFixtures.CREATED;
import static io.dataraven.secrets.store.StoreFixtures.EDITOR;
import static io.dataraven.secrets.store.StoreFixtures.PATHS;
import static io.dataraven.secrets.store.StoreFixtures.USER;
import static io.dataraven.secrets.store.StoreFixtures.directSecret;
import static io.dataraven.secrets.store.StoreFixtures.edited;
import static io.dataraven.secrets.store.StoreFixtures.externalSecret;
import static io.dataraven.secrets.store.StoreFixtures.renamed;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The DynamoDB adapter through the real SDK client against WireMock: the exact JSON-protocol requests it sends,
 * and how it maps DynamoDB's error bodies (shapes from the DynamoDB API reference).
 */
class DynamoDbStoreProtocolTest {

    private static final String TABLE = "dataraven-secrets-test";
    private static final String TARGET = "DynamoDB_20120810.";
    private static final String CONTENT_TYPE = "application/x-amz-json-1.0";
    private static final String CANCELLED = "com.amazonaws.dynamodb.v20120810#TransactionCanceledException";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String UUID_PATTERN = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}";

    private static WireMockServer wireMock;
    private static DynamoDbClient dynamo;
    private static DynamoDbSecretRepository secrets;
    private static DynamoDbTeamRepository teams;
    private static DynamoDbVaultConnectionRepository connections;

    private final UUID team = UUID.fromString("0b5d6a52-3f7e-4c1a-9d2e-1f0a7c3b9e41");
    private final UUID secretId = UUID.fromString("6f1c2d3e-4a5b-4c6d-8e7f-901a2b3c4d5e");

    private static ClientOverrideConfiguration overrides(int maxAttempts) {
        return io.dataraven.secrets.testing.FastRetries.overrides(maxAttempts, Duration.ofMillis(ATTEMPT_TIMEOUT_MILLIS));
    }

    private static DynamoDbClient client(ClientOverrideConfiguration overrides) {
        return PeerClients.pointedAt(DynamoDbClient.builder(), wireMock.baseUrl(), overrides);
    }

    private static final int ATTEMPT_TIMEOUT_MILLIS = 250;
    /** The SDK retrying as in production (3 attempts). */
    private static DynamoDbClient retryingDynamo;
    private static DynamoDbSecretRepository retryingSecrets;
    /** The SDK not retrying at all, so every request WireMock sees beyond the first is the store's own repeat. */
    private static DynamoDbClient singleDynamo;
    private static DynamoDbSecretRepository singleSecrets;

    @BeforeAll
    static void start() {
        wireMock = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
        wireMock.start();
        dynamo = PeerClients.pointedAt(DynamoDbClient.builder(), wireMock.baseUrl());
        DynamoDbTable table = new DynamoDbTable(dynamo, TABLE);
        secrets = new DynamoDbSecretRepository(table);
        teams = new DynamoDbTeamRepository(table);
        connections = new DynamoDbVaultConnectionRepository(table);
        retryingDynamo = client(overrides(3));
        DynamoDbTable retrying = new DynamoDbTable(retryingDynamo, TABLE);
        retryingSecrets = new DynamoDbSecretRepository(retrying);
        singleDynamo = client(overrides(1));
        DynamoDbTable single = new DynamoDbTable(singleDynamo, TABLE);
        singleSecrets = new DynamoDbSecretRepository(single);
        // Warm the clients up (class loading, first connection), so no first attempt times out by accident.
        answer("TransactWriteItems", ok("{}"));
        answer("GetItem", ok("{}"));
        for (DynamoDbTable warm : List.of(retrying, single)) {
            new DynamoDbSecretRepository(warm)
                    .createSecret(directSecret(UUID.randomUUID(), UUID.randomUUID(), "warm-up"));
            new DynamoDbTeamRepository(warm).findTeam(UUID.randomUUID());
        }
    }

    @AfterAll
    static void stop() {
        dynamo.close();
        retryingDynamo.close();
        singleDynamo.close();
        wireMock.stop();
    }

    @BeforeEach
    void reset() {
        wireMock.resetAll();
    }

    // ---- helpers ----

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

    private static ResponseDefinitionBuilder error(String body) {
        return aResponse().withStatus(400).withHeader("Content-Type", CONTENT_TYPE)
                .withHeader("x-amzn-RequestId", "failed-request").withBody(body);
    }

    /** DynamoDB's TransactionCanceledException body, one reason per transaction item. */
    private static ResponseDefinitionBuilder cancelled(String... reasons) {
        String codes = String.join(", ", Arrays.stream(reasons)
                .map(r -> r.replaceAll(".*\"Code\":\"([A-Za-z]+)\".*", "$1")).toList());
        return error("{\"__type\":\"" + CANCELLED + "\",\"Message\":\"Transaction cancelled, please refer "
                + "cancellation reasons for specific reasons [" + codes + "]\",\"CancellationReasons\":["
                + String.join(",", reasons) + "]}");
    }

    private static final String NONE = "{\"Code\":\"None\"}";
    private static final String CONDITION_FAILED =
            "{\"Code\":\"ConditionalCheckFailed\",\"Message\":\"The conditional request failed\"}";
    private static final String CONFLICT = "{\"Code\":\"TransactionConflict\","
            + "\"Message\":\"Transaction is ongoing for the item\"}";

    private static JsonNode body(LoggedRequest request) throws Exception {
        return JSON.readTree(request.getBodyAsString());
    }

    /** The ClientRequestToken of every TransactWriteItems sent, in order. */
    private static List<String> tokens() throws Exception {
        List<String> tokens = new ArrayList<>();
        for (LoggedRequest request : requests("TransactWriteItems")) {
            tokens.add(body(request).path("ClientRequestToken").asText(null));
        }
        return tokens;
    }

    private static List<LoggedRequest> requests(String operation) {
        return wireMock.findAll(called(operation));
    }

    private String expectedDirectTransaction() {
        String pk = "TEAM#" + team;
        return """
                {"TransactItems": [
                  {"Put": {"TableName": "%1$s",
                    "Item": {"PK": {"S": "%2$s"}, "SK": {"S": "SECRET#%3$s"}, "entity": {"S": "secret"},
                             "id": {"S": "%3$s"}, "name": {"S": "  Prod Backups "},
                             "name_normalized": {"S": "prod backups"}, "description": {"S": "nightly backups"},
                             "secret_type": {"S": "s3"}, "auth_method": {"S": "s3_access_key"},
                             "created_at": {"S": "%4$s"}, "created_by": {"S": "%5$s"},
                             "updated_at": {"S": "%4$s"}, "updated_by": {"S": "%5$s"},
                             "credential_path": {"S": "/dataraven/test/teams/%6$s/secrets/%3$s"}},
                    "ConditionExpression": "attribute_not_exists(PK)"}},
                  {"Put": {"TableName": "%1$s",
                    "Item": {"PK": {"S": "%2$s"}, "SK": {"S": "SECRETNAME#prod backups"},
                             "entity": {"S": "secret_name"}, "secret_id": {"S": "%3$s"}},
                    "ConditionExpression": "attribute_not_exists(PK)",
                    "ReturnValuesOnConditionCheckFailure": "ALL_OLD"}},
                  {"Update": {"TableName": "%1$s",
                    "Key": {"PK": {"S": "%2$s"}, "SK": {"S": "TEAM"}},
                    "UpdateExpression": "SET #count = if_not_exists(#count, :zero) + :one, #tier = if_not_exists(#tier, :free), #limit = if_not_exists(#limit, :free_limit), entity = :team",
                    "ConditionExpression": "attribute_not_exists(PK) OR #count < #limit",
                    "ExpressionAttributeNames": {"#count": "secret_count", "#tier": "tier", "#limit": "secret_limit"},
                    "ExpressionAttributeValues": {":zero": {"N": "0"}, ":one": {"N": "1"}, ":free": {"S": "free"},
                                                  ":free_limit": {"N": "5"}, ":team": {"S": "team"}},
                    "ReturnValuesOnConditionCheckFailure": "ALL_OLD"}}
                ],
                "ClientRequestToken": "${json-unit.regex}%7$s"}
                """.formatted(TABLE, pk, secretId, CREATED, USER, team, UUID_PATTERN);
    }

    // ---- create: the request ----

    @Test
    void directCreateIsExactlyOneTransactionOfThreeConditionalWrites() throws Exception {
        answer("TransactWriteItems", ok("{}"));

        secrets.createSecret(directSecret(team, secretId, "  Prod Backups "));

        wireMock.verify(1, called("TransactWriteItems")
                .withRequestBody(equalToJson(expectedDirectTransaction(), false, false)));
        wireMock.verify(1, postRequestedFor(urlEqualTo("/")));
    }

    @Test
    void directCreateConditionsAndKeys() {
        answer("TransactWriteItems", ok("{}"));

        secrets.createSecret(directSecret(team, secretId, "\tMy S3 Key  "));

        wireMock.verify(called("TransactWriteItems")
                .withRequestBody(matchingJsonPath("$.TransactItems.length()", equalTo("3")))
                .withRequestBody(matchingJsonPath("$.TransactItems[0].Put.ConditionExpression",
                        equalTo("attribute_not_exists(PK)")))
                .withRequestBody(matchingJsonPath("$.TransactItems[1].Put.Item.SK.S",
                        equalTo("SECRETNAME#my s3 key")))
                .withRequestBody(matchingJsonPath("$.TransactItems[1].Put.ConditionExpression",
                        equalTo("attribute_not_exists(PK)")))
                .withRequestBody(matchingJsonPath("$.TransactItems[2].Update.Key",
                        equalToJson("{\"PK\":{\"S\":\"TEAM#" + team + "\"},\"SK\":{\"S\":\"TEAM\"}}")))
                .withRequestBody(matchingJsonPath("$.TransactItems[2].Update.ConditionExpression",
                        equalTo("attribute_not_exists(PK) OR #count < #limit")))
                .withRequestBody(matchingJsonPath("$.TransactItems[2].Update.ReturnValuesOnConditionCheckFailure",
                        equalTo("ALL_OLD"))));
    }

    @Test
    void theSecretItemHoldsMetadataOnly() throws Exception {
        answer("TransactWriteItems", ok("{}"));

        secrets.createSecret(directSecret(team, secretId, "Prod"));

        JsonNode item = body(requests("TransactWriteItems").get(0)).at("/TransactItems/0/Put/Item");
        List<String> attributes = new ArrayList<>();
        item.fieldNames().forEachRemaining(attributes::add);
        assertThat(attributes).containsExactlyInAnyOrder("PK", "SK", "entity", "id", "name", "name_normalized",
                "description", "secret_type", "auth_method", "created_at", "created_by", "updated_at",
                "updated_by", "credential_path");
        assertThat(requests("TransactWriteItems").get(0).getBodyAsString())
                .doesNotContain("access_key_id").doesNotContain("secret_access_key");
    }

    @Test
    void externalCreateAddsAConditionalUpdateOfTheTeamsVaultConnection() throws Exception {
        answer("TransactWriteItems", ok("{}"));
        UUID connection = UUID.fromString("9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d");

        secrets.createSecret(externalSecret(team, secretId, "Vault backed", connection));

        wireMock.verify(1, called("TransactWriteItems")
                .withRequestBody(matchingJsonPath("$.TransactItems.length()", equalTo("4")))
                .withRequestBody(matchingJsonPath("$.TransactItems[3]", equalToJson("""
                        {"Update": {"TableName": "%s",
                          "Key": {"PK": {"S": "TEAM#%s"}, "SK": {"S": "VAULTCONN#%s"}},
                          "UpdateExpression": "ADD secret_ref_count :one",
                          "ConditionExpression": "attribute_exists(PK) AND attribute_not_exists(pending)",
                          "ExpressionAttributeValues": {":one": {"N": "1"}}}}
                        """.formatted(TABLE, team, connection), false, false)))
                .withRequestBody(matchingJsonPath("$.TransactItems[2].Update.ConditionExpression",
                        equalTo("attribute_not_exists(PK) OR #count < #limit")))
                .withRequestBody(matchingJsonPath("$.TransactItems[0].Put.Item", equalToJson("""
                        {"vault_connection_id": {"S": "%s"}, "vault_type": {"S": "onepassword"},
                         "field_mappings": {"M": {
                           "access_key_id": {"S": "op://Infra/S3 backup/access_key_id"},
                           "secret_access_key": {"S": "op://Infra/S3 backup/secret_access_key"}}}}
                        """.formatted(connection), true, true))));
        JsonNode secretItem = body(requests("TransactWriteItems").get(0)).at("/TransactItems/0/Put/Item");
        assertThat(secretItem.has("credential_path")).isFalse();
    }

    // ---- create: DynamoDB's answers ----

    @Test
    void aFailedNameLockIsANameConflict() {
        answer("TransactWriteItems", cancelled(NONE, CONDITION_FAILED, NONE));

        assertThatThrownBy(() -> secrets.createSecret(directSecret(team, secretId, "Prod")))
                .isInstanceOf(SecretNameConflictException.class)
                .hasMessageContaining("Prod");
        wireMock.verify(1, called("TransactWriteItems"));
    }

    @Test
    void aFailedTeamCounterIsTheTierLimitReadFromTheOldItem() {
        answer("TransactWriteItems", cancelled(NONE, NONE, """
                {"Code":"ConditionalCheckFailed","Message":"The conditional request failed",
                 "Item":{"PK":{"S":"TEAM#%s"},"SK":{"S":"TEAM"},"entity":{"S":"team"},"tier":{"S":"pro"},
                         "secret_count":{"N":"100"},"secret_limit":{"N":"100"}}}
                """.formatted(team).replace("\n", "")));

        assertThatThrownBy(() -> secrets.createSecret(directSecret(team, secretId, "Prod")))
                .isInstanceOfSatisfying(TierLimitExceededException.class, e -> {
                    assertThat(e.tier()).isEqualTo(Tier.PRO);
                    assertThat(e.limit()).isEqualTo(100);
                });
        wireMock.verify(1, called("TransactWriteItems"));
    }

    @Test
    void aFailedVaultConnectionCheckIsVaultConnectionNotFound() {
        answer("TransactWriteItems", cancelled(NONE, NONE, NONE, CONDITION_FAILED));
        UUID connection = UUID.randomUUID();

        assertThatThrownBy(() -> secrets.createSecret(externalSecret(team, secretId, "Vault", connection)))
                .isInstanceOf(VaultConnectionNotFoundException.class)
                .hasMessageContaining(connection.toString());
    }

    @Test
    void aNameConflictWinsOverTheTierLimitWhenBothFail() {
        answer("TransactWriteItems", cancelled(NONE, CONDITION_FAILED,
                "{\"Code\":\"ConditionalCheckFailed\",\"Message\":\"The conditional request failed\","
                        + "\"Item\":{\"tier\":{\"S\":\"free\"},\"secret_count\":{\"N\":\"5\"},\"secret_limit\":{\"N\":\"5\"}}}"));

        assertThatThrownBy(() -> secrets.createSecret(directSecret(team, secretId, "Prod")))
                .isInstanceOf(SecretNameConflictException.class);
    }

    @Test
    void aTransactionConflictIsRetriedAndThenSucceeds() throws Exception {
        wireMock.stubFor(post(urlEqualTo("/")).inScenario("conflict").whenScenarioStateIs(Scenario.STARTED)
                .withHeader("X-Amz-Target", equalTo(TARGET + "TransactWriteItems"))
                .willReturn(cancelled(NONE, NONE, CONFLICT)).willSetStateTo("retried"));
        wireMock.stubFor(post(urlEqualTo("/")).inScenario("conflict").whenScenarioStateIs("retried")
                .withHeader("X-Amz-Target", equalTo(TARGET + "TransactWriteItems"))
                .willReturn(ok("{}")));

        assertThatCode(() -> secrets.createSecret(directSecret(team, secretId, "  Prod Backups ")))
                .doesNotThrowAnyException();

        wireMock.verify(2, called("TransactWriteItems")
                .withRequestBody(equalToJson(expectedDirectTransaction(), false, false)));
        List<LoggedRequest> sent = requests("TransactWriteItems");
        assertThat(body(sent.get(1)).get("TransactItems")).isEqualTo(body(sent.get(0)).get("TransactItems"));
        assertThat(tokens()).hasSize(2).containsOnly(tokens().get(0)); // one logical transaction, one token
    }

    @Test
    void aConflictThatNeverClearsGivesUpAfterEightAttemptsAsThrottledAndNotApplied() throws Exception {
        answer("TransactWriteItems", cancelled(NONE, CONFLICT, NONE));

        assertThatThrownBy(() -> secrets.createSecret(directSecret(team, secretId, "Prod")))
                .isInstanceOfSatisfying(StoreUnavailableException.class, e -> {
                    assertThat(e.reason()).isEqualTo(StoreUnavailableException.Reason.THROTTLED);
                    assertThat(e.mayHaveApplied()).isFalse(); // every attempt was answered: cancelled
                    assertThat(e.retryAfterSeconds()).isEqualTo(2);
                });
        wireMock.verify(8, called("TransactWriteItems"));
        assertThat(tokens()).hasSize(8).containsOnly(tokens().get(0));
    }

    @ParameterizedTest
    @ValueSource(strings = {"ProvisionedThroughputExceededException", "ThrottlingException"})
    void throttlingIsRetriedBySdkThenSucceeds(String errorType) throws Exception {
        String message = errorType.startsWith("Provisioned")
                ? "The level of configured provisioned throughput for the table was exceeded. "
                + "Consider increasing your provisioning level with the UpdateTable API."
                : "Rate of requests exceeds the allowed throughput.";
        wireMock.stubFor(post(urlEqualTo("/")).inScenario("throttle").whenScenarioStateIs(Scenario.STARTED)
                .withHeader("X-Amz-Target", equalTo(TARGET + "TransactWriteItems"))
                .willReturn(error("{\"__type\":\"com.amazonaws.dynamodb.v20120810#" + errorType
                        + "\",\"message\":\"" + message + "\"}"))
                .willSetStateTo("recovered"));
        wireMock.stubFor(post(urlEqualTo("/")).inScenario("throttle").whenScenarioStateIs("recovered")
                .withHeader("X-Amz-Target", equalTo(TARGET + "TransactWriteItems"))
                .willReturn(ok("{}")));

        assertThatCode(() -> secrets.createSecret(directSecret(team, secretId, "Prod")))
                .doesNotThrowAnyException();
        wireMock.verify(2, called("TransactWriteItems"));
        // The SDK's retry resends the same idempotency token, so a retried create that had in fact been
        // applied is answered as a success, not as a name conflict with itself.
        List<String> tokens = requests("TransactWriteItems").stream()
                .map(r -> r.getBodyAsString().replaceAll(".*\"ClientRequestToken\":\"([^\"]+)\".*", "$1"))
                .toList();
        assertThat(tokens.get(0)).matches(UUID_PATTERN).isEqualTo(tokens.get(1));
    }

    @Test
    void aSecretIdCollisionIsNotReportedAsAUserError() {
        answer("TransactWriteItems", cancelled(CONDITION_FAILED, NONE, NONE));

        assertThatThrownBy(() -> secrets.createSecret(directSecret(team, secretId, "Prod")))
                .isInstanceOf(IllegalStateException.class)
                .isNotInstanceOf(SecretNameConflictException.class);
    }

    // ---- update and delete: the requests ----

    /** Read at version V1 (one edit after creation), so the read version differs from created_at. */
    private static final String V1 = "2026-03-01T10:15:31.123456Z";
    private static final String V2 = "2026-03-01T10:15:32.123456Z";
    private static final UUID CONNECTION = UUID.fromString("9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d");

    private Secret readDirect() {
        return renamed(directSecret(team, secretId, "Prod Backups"), "Prod Backups");
    }

    private Secret readExternal() {
        return renamed(externalSecret(team, secretId, "Vault backed", CONNECTION), "Vault backed");
    }

    /** The Put of the secret item at version V2 as an update writes it, conditioned on the read version V1. */
    private String expectedVersionedPut(String name, String normalized, String description) {
        return """
                {"Put": {"TableName": "%1$s",
                  "Item": {"PK": {"S": "TEAM#%2$s"}, "SK": {"S": "SECRET#%3$s"}, "entity": {"S": "secret"},
                           "id": {"S": "%3$s"}, "name": {"S": "%4$s"}, "name_normalized": {"S": "%5$s"},
                           "description": {"S": "%6$s"}, "secret_type": {"S": "s3"},
                           "auth_method": {"S": "s3_access_key"},
                           "created_at": {"S": "%7$s"}, "created_by": {"S": "%8$s"},
                           "updated_at": {"S": "%9$s"}, "updated_by": {"S": "%10$s"},
                           "credential_path": {"S": "/dataraven/test/teams/%2$s/secrets/%3$s"}},
                  "ConditionExpression": "updated_at = :read_version AND attribute_not_exists(pending)",
                  "ExpressionAttributeValues": {":read_version": {"S": "%11$s"}},
                  "ReturnValuesOnConditionCheckFailure": "ALL_OLD"}}
                """.formatted(TABLE, team, secretId, name, normalized, description, CREATED, USER, V2, EDITOR, V1);
    }

    private String transaction(String... items) {
        return "{\"TransactItems\": [" + String.join(",", items) + "], \"ClientRequestToken\": \"${json-unit.regex}"
                + UUID_PATTERN + "\"}";
    }

    @Test
    void anUpdateWithoutRenameIsOneTransactionOfOneVersionedPut() {
        answer("TransactWriteItems", ok("{}"));
        Secret read = readDirect();
        assertThat(read.updatedAt()).hasToString(V1);

        secrets.updateSecret(read, edited(read, "Prod Backups", "rotated weekly"));

        wireMock.verify(1, called("TransactWriteItems").withRequestBody(equalToJson(transaction(
                expectedVersionedPut("Prod Backups", "prod backups", "rotated weekly")), false, false)));
        wireMock.verify(1, postRequestedFor(urlEqualTo("/")));
    }

    @Test
    void aChangeOfCasingOnlyIsNotARename() {
        answer("TransactWriteItems", ok("{}"));
        Secret read = readDirect();

        secrets.updateSecret(read, edited(read, " prod backups", "nightly backups"));

        wireMock.verify(1, called("TransactWriteItems").withRequestBody(equalToJson(transaction(
                expectedVersionedPut(" prod backups", "prod backups", "nightly backups")), false, false)));
        wireMock.verify(1, postRequestedFor(urlEqualTo("/")));
    }

    @Test
    void aRenameReleasesTheOldNameLockAndTakesTheNewOneInTheSameTransaction() {
        answer("TransactWriteItems", ok("{}"));
        Secret read = readDirect();

        secrets.updateSecret(read, edited(read, "  Archive ", "nightly backups"));

        String pk = "TEAM#" + team;
        wireMock.verify(1, called("TransactWriteItems").withRequestBody(equalToJson(transaction(
                expectedVersionedPut("  Archive ", "archive", "nightly backups"),
                """
                {"Delete": {"TableName": "%1$s",
                  "Key": {"PK": {"S": "%2$s"}, "SK": {"S": "SECRETNAME#prod backups"}},
                  "ConditionExpression": "secret_id = :id",
                  "ExpressionAttributeValues": {":id": {"S": "%3$s"}}}}
                """.formatted(TABLE, pk, secretId),
                """
                {"Put": {"TableName": "%1$s",
                  "Item": {"PK": {"S": "%2$s"}, "SK": {"S": "SECRETNAME#archive"},
                           "entity": {"S": "secret_name"}, "secret_id": {"S": "%3$s"}},
                  "ConditionExpression": "attribute_not_exists(PK)",
                  "ReturnValuesOnConditionCheckFailure": "ALL_OLD"}}
                """.formatted(TABLE, pk, secretId)), false, false)));
        wireMock.verify(1, postRequestedFor(urlEqualTo("/")));
    }

    private String expectedDeleteItems() {
        String pk = "TEAM#" + team;
        return """
                {"Delete": {"TableName": "%1$s",
                  "Key": {"PK": {"S": "%2$s"}, "SK": {"S": "SECRET#%3$s"}},
                  "ConditionExpression": "updated_at = :read_version AND attribute_not_exists(pending)",
                  "ExpressionAttributeValues": {":read_version": {"S": "%4$s"}},
                  "ReturnValuesOnConditionCheckFailure": "ALL_OLD"}},
                {"Delete": {"TableName": "%1$s",
                  "Key": {"PK": {"S": "%2$s"}, "SK": {"S": "SECRETNAME#%5$s"}},
                  "ConditionExpression": "secret_id = :id",
                  "ExpressionAttributeValues": {":id": {"S": "%3$s"}}}},
                {"Update": {"TableName": "%1$s",
                  "Key": {"PK": {"S": "%2$s"}, "SK": {"S": "TEAM"}},
                  "UpdateExpression": "ADD #count :minus_one",
                  "ConditionExpression": "attribute_exists(PK)",
                  "ExpressionAttributeNames": {"#count": "secret_count"},
                  "ExpressionAttributeValues": {":minus_one": {"N": "-1"}}}}
                """;
    }

    @Test
    void aDirectDeleteIsOneTransactionOfThreeConditionalWrites() {
        answer("TransactWriteItems", ok("{}"));

        secrets.deleteSecret(readDirect());

        wireMock.verify(1, called("TransactWriteItems").withRequestBody(equalToJson(transaction(
                expectedDeleteItems().formatted(TABLE, "TEAM#" + team, secretId, V1, "prod backups")),
                false, false)));
        wireMock.verify(1, postRequestedFor(urlEqualTo("/")));
    }

    @Test
    void anExternalDeleteAlsoReleasesTheConnectionReference() {
        answer("TransactWriteItems", ok("{}"));

        secrets.deleteSecret(readExternal());

        wireMock.verify(1, called("TransactWriteItems").withRequestBody(equalToJson(transaction(
                expectedDeleteItems().formatted(TABLE, "TEAM#" + team, secretId, V1, "vault backed"),
                """
                {"Update": {"TableName": "%s",
                  "Key": {"PK": {"S": "TEAM#%s"}, "SK": {"S": "VAULTCONN#%s"}},
                  "UpdateExpression": "ADD secret_ref_count :minus_one",
                  "ConditionExpression": "attribute_exists(PK)",
                  "ExpressionAttributeValues": {":minus_one": {"N": "-1"}}}}
                """.formatted(TABLE, team, CONNECTION)), false, false)));
        wireMock.verify(1, postRequestedFor(urlEqualTo("/")));
    }

    // ---- update and delete: DynamoDB's answers ----

    /** A failed version condition as DynamoDB reports it with ALL_OLD: the item as it is now. */
    private String versionFailedWithItem(Secret current, UUID connection) {
        return "{\"Code\":\"ConditionalCheckFailed\",\"Item\":" + itemJson(current, connection)
                + ",\"Message\":\"The conditional request failed\"}";
    }

    @Test
    void aFailedVersionWithTheCurrentItemIsAConcurrentModification() {
        Secret read = readDirect();
        Secret current = edited(read, "Changed meanwhile", "by someone else");
        answer("TransactWriteItems", cancelled(versionFailedWithItem(current, null)));

        assertThatThrownBy(() -> secrets.updateSecret(read, edited(read, "Prod Backups", "mine")))
                .isInstanceOf(SecretModifiedException.class)
                .hasMessageContaining(secretId.toString());
        wireMock.verify(1, called("TransactWriteItems"));
    }

    @Test
    void aFailedVersionWithoutAnItemIsNotFound() {
        Secret read = readDirect();
        answer("TransactWriteItems", cancelled(CONDITION_FAILED));

        assertThatThrownBy(() -> secrets.updateSecret(read, edited(read, "Prod Backups", "mine")))
                .isInstanceOf(SecretNotFoundException.class)
                .hasMessageContaining(secretId.toString());
        wireMock.verify(1, called("TransactWriteItems"));
    }

    @Test
    void aRenameWhoseNewLockIsTakenIsANameConflict() {
        Secret read = readDirect();
        answer("TransactWriteItems", cancelled(NONE, NONE, CONDITION_FAILED));

        assertThatThrownBy(() -> secrets.updateSecret(read, renamed(read, "Staging")))
                .isInstanceOf(SecretNameConflictException.class)
                .hasMessageContaining("Staging");
        wireMock.verify(1, called("TransactWriteItems"));
    }

    @Test
    void aRenameOfAChangedOrMissingSecretReportsTheSecretNotTheLocks() {
        Secret read = readDirect();
        Secret current = renamed(read, "Staging");
        // changed meanwhile (renamed to the very name we want): its old lock is gone and the new one is taken
        answer("TransactWriteItems", cancelled(versionFailedWithItem(current, null), CONDITION_FAILED,
                CONDITION_FAILED));
        assertThatThrownBy(() -> secrets.updateSecret(read, renamed(read, "Staging")))
                .isInstanceOf(SecretModifiedException.class);

        wireMock.resetAll();
        answer("TransactWriteItems", cancelled(CONDITION_FAILED, CONDITION_FAILED, NONE));
        assertThatThrownBy(() -> secrets.updateSecret(read, renamed(read, "Staging")))
                .isInstanceOf(SecretNotFoundException.class);
    }

    @Test
    void aRenameWhoseOldLockIsNotTheSecretsIsAModification() {
        Secret read = readDirect();
        answer("TransactWriteItems", cancelled(NONE, CONDITION_FAILED, NONE));

        assertThatThrownBy(() -> secrets.updateSecret(read, renamed(read, "Staging")))
                .isInstanceOf(SecretModifiedException.class);
    }

    @Test
    void aDeleteOfAChangedSecretIsAModificationAndOfAMissingOneNotFound() {
        Secret read = readExternal();
        answer("TransactWriteItems", cancelled(versionFailedWithItem(edited(read, "Renamed", "x"), CONNECTION),
                CONDITION_FAILED, NONE, NONE));
        assertThatThrownBy(() -> secrets.deleteSecret(read))
                .isInstanceOf(SecretModifiedException.class)
                .hasMessageContaining(secretId.toString());

        wireMock.resetAll();
        answer("TransactWriteItems", cancelled(CONDITION_FAILED, CONDITION_FAILED, NONE, NONE));
        assertThatThrownBy(() -> secrets.deleteSecret(read))
                .isInstanceOf(SecretNotFoundException.class)
                .hasMessageContaining(secretId.toString());
        wireMock.verify(1, called("TransactWriteItems"));
    }

    @Test
    void aDeleteWhoseNameLockIsNotTheSecretsIsAModification() {
        answer("TransactWriteItems", cancelled(NONE, CONDITION_FAILED, NONE));

        assertThatThrownBy(() -> secrets.deleteSecret(readDirect()))
                .isInstanceOf(SecretModifiedException.class);
    }

    @Test
    void aConflictOnTheTeamCounterRetriesTheSameDelete() throws Exception {
        wireMock.stubFor(post(urlEqualTo("/")).inScenario("conflict").whenScenarioStateIs(Scenario.STARTED)
                .withHeader("X-Amz-Target", equalTo(TARGET + "TransactWriteItems"))
                .willReturn(cancelled(NONE, NONE, CONFLICT)).willSetStateTo("retried"));
        wireMock.stubFor(post(urlEqualTo("/")).inScenario("conflict").whenScenarioStateIs("retried")
                .withHeader("X-Amz-Target", equalTo(TARGET + "TransactWriteItems"))
                .willReturn(ok("{}")));

        assertThatCode(() -> secrets.deleteSecret(readDirect())).doesNotThrowAnyException();

        List<LoggedRequest> sent = requests("TransactWriteItems");
        assertThat(sent).hasSize(2);
        assertThat(body(sent.get(1)).get("TransactItems")).isEqualTo(body(sent.get(0)).get("TransactItems"));
        assertThat(body(sent.get(0)).at("/TransactItems/0/Delete/ExpressionAttributeValues/:read_version/S")
                .asText()).isEqualTo(V1);
    }

    // ---- reads ----

    @Test
    void listSecretsQueriesTheTeamPartitionConsistentlyAndFollowsPages() {
        UUID connection = UUID.fromString("9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d");
        Secret direct = directSecret(team, secretId, "Prod");
        Secret external = externalSecret(team, UUID.fromString("11111111-2222-4333-8444-555555555555"),
                "Vault", connection);
        String pk = "TEAM#" + team;
        wireMock.stubFor(post(urlEqualTo("/")).withHeader("X-Amz-Target", equalTo(TARGET + "Query"))
                .withRequestBody(matchingJsonPath("$.ExclusiveStartKey", equalToJson(
                        "{\"PK\":{\"S\":\"" + pk + "\"},\"SK\":{\"S\":\"SECRET#" + secretId + "\"}}")))
                .willReturn(ok("{\"Count\":1,\"ScannedCount\":1,\"Items\":[" + itemJson(external, connection)
                        + "]}")));
        wireMock.stubFor(post(urlEqualTo("/")).atPriority(10)
                .withHeader("X-Amz-Target", equalTo(TARGET + "Query"))
                .willReturn(ok("{\"Count\":1,\"ScannedCount\":1,\"Items\":[" + itemJson(direct, null)
                        + "],\"LastEvaluatedKey\":{\"PK\":{\"S\":\"" + pk + "\"},\"SK\":{\"S\":\"SECRET#"
                        + secretId + "\"}}}")));

        assertThat(secrets.listSecrets(team)).containsExactly(direct, external);

        wireMock.verify(2, called("Query")
                .withRequestBody(matchingJsonPath("$.TableName", equalTo(TABLE)))
                .withRequestBody(matchingJsonPath("$.ConsistentRead", equalTo("true")))
                .withRequestBody(matchingJsonPath("$.KeyConditionExpression",
                        equalTo("PK = :pk AND begins_with(SK, :prefix)")))
                .withRequestBody(matchingJsonPath("$.ExpressionAttributeValues", equalToJson(
                        "{\":pk\":{\"S\":\"" + pk + "\"},\":prefix\":{\"S\":\"SECRET#\"}}"))));
        wireMock.verify(1, called("Query").withRequestBody(matchingJsonPath("$.ExclusiveStartKey")));
    }

    private String itemJson(Secret secret, UUID connection) {
        StringBuilder json = new StringBuilder("{\"PK\":{\"S\":\"TEAM#" + secret.teamId() + "\"},")
                .append("\"SK\":{\"S\":\"SECRET#").append(secret.id()).append("\"},")
                .append("\"entity\":{\"S\":\"secret\"},")
                .append("\"id\":{\"S\":\"").append(secret.id()).append("\"},")
                .append("\"name\":{\"S\":\"").append(secret.name()).append("\"},")
                .append("\"name_normalized\":{\"S\":\"").append(secret.normalizedName()).append("\"},")
                .append("\"secret_type\":{\"S\":\"s3\"},\"auth_method\":{\"S\":\"s3_access_key\"},")
                .append("\"created_at\":{\"S\":\"").append(secret.createdAt()).append("\"},")
                .append("\"created_by\":{\"S\":\"").append(secret.createdBy()).append("\"},")
                .append("\"updated_at\":{\"S\":\"").append(secret.updatedAt()).append("\"},")
                .append("\"updated_by\":{\"S\":\"").append(secret.updatedBy()).append("\"}");
        if (secret.description() != null) {
            json.append(",\"description\":{\"S\":\"").append(secret.description()).append("\"}");
        }
        if (connection == null) {
            json.append(",\"credential_path\":{\"S\":\"").append(secret.credentialPath()).append("\"}");
        } else {
            json.append(",\"vault_connection_id\":{\"S\":\"").append(connection).append("\"},")
                    .append("\"vault_type\":{\"S\":\"onepassword\"},")
                    .append("\"secret_ref_count\":{\"N\":\"0\"},")
                    .append("\"field_mappings\":{\"M\":{")
                    .append("\"access_key_id\":{\"S\":\"op://Infra/S3 backup/access_key_id\"},")
                    .append("\"secret_access_key\":{\"S\":\"op://Infra/S3 backup/secret_access_key\"}}}");
        }
        return json.append('}').toString();
    }

    @Test
    void findSecretIsAConsistentGetItemOnTheSecretKey() {
        answer("GetItem", ok("{\"Item\":" + itemJson(directSecret(team, secretId, "Prod"), null) + "}"));

        Optional<Secret> found = secrets.findSecret(team, secretId);

        assertThat(found).contains(directSecret(team, secretId, "Prod"));
        wireMock.verify(called("GetItem").withRequestBody(equalToJson("""
                {"TableName": "%s", "ConsistentRead": true,
                 "Key": {"PK": {"S": "TEAM#%s"}, "SK": {"S": "SECRET#%s"}}}
                """.formatted(TABLE, team, secretId), false, false)));
    }

    @Test
    void aMissingItemIsEmpty() {
        answer("GetItem", ok("{}"));

        assertThat(secrets.findSecret(team, secretId)).isEmpty();
        assertThat(teams.findTeam(team)).isEmpty();
        assertThat(connections.findVaultConnection(team, secretId)).isEmpty();
    }

    @Test
    void findTeamReadsTierAndCounters() {
        answer("GetItem", ok("""
                {"Item": {"PK": {"S": "TEAM#%s"}, "SK": {"S": "TEAM"}, "entity": {"S": "team"},
                          "tier": {"S": "pro"}, "secret_count": {"N": "42"}, "secret_limit": {"N": "100"}}}
                """.formatted(team)));

        assertThat(teams.findTeam(team)).contains(new Team(team, Tier.PRO, 42, 100));
        wireMock.verify(called("GetItem").withRequestBody(matchingJsonPath("$.Key",
                equalToJson("{\"PK\":{\"S\":\"TEAM#" + team + "\"},\"SK\":{\"S\":\"TEAM\"}}"))));
    }

    @Test
    void setTierSetsTierAndBothLimitsAndKeepsTheCount() {
        answer("UpdateItem", ok("{}"));

        teams.setTier(team, Tier.PRO);

        wireMock.verify(1, called("UpdateItem").withRequestBody(equalToJson("""
                {"TableName": "%s",
                 "Key": {"PK": {"S": "TEAM#%s"}, "SK": {"S": "TEAM"}},
                 "UpdateExpression": "SET #tier = :tier, #limit = :limit, #count = if_not_exists(#count, :zero), #vlimit = :vlimit, entity = :team",
                 "ExpressionAttributeNames": {"#tier": "tier", "#limit": "secret_limit", "#count": "secret_count",
                                              "#vlimit": "vault_connection_limit"},
                 "ExpressionAttributeValues": {":tier": {"S": "pro"}, ":limit": {"N": "100"}, ":vlimit": {"N": "10"},
                                               ":zero": {"N": "0"}, ":team": {"S": "team"}}}
                """.formatted(TABLE, team), false, false)));
        wireMock.verify(1, postRequestedFor(urlEqualTo("/")));

        wireMock.resetAll();
        answer("UpdateItem", ok("{}"));
        teams.setTier(team, Tier.FREE);
        wireMock.verify(1, called("UpdateItem").withRequestBody(matchingJsonPath("$.ExpressionAttributeValues",
                equalToJson("{\":tier\":{\"S\":\"free\"},\":limit\":{\"N\":\"5\"},\":vlimit\":{\"N\":\"1\"},"
                        + "\":zero\":{\"N\":\"0\"},\":team\":{\"S\":\"team\"}}"))));
    }

    @Test
    void applyPlanIsOneUpdateConditionedOnANewerPlanAndALiveTeam() {
        answer("UpdateItem", ok("{}"));

        assertThat(teams.applyPlan(team, Tier.PRO, 20)).isTrue();

        wireMock.verify(1, called("UpdateItem").withRequestBody(equalToJson("""
                {"TableName": "%s",
                 "Key": {"PK": {"S": "TEAM#%s"}, "SK": {"S": "TEAM"}},
                 "UpdateExpression": "SET #tier = :tier, #limit = :limit, #vlimit = :vlimit, plan_order = :order, #count = if_not_exists(#count, :zero), entity = :team",
                 "ConditionExpression": "(attribute_not_exists(plan_order) OR plan_order < :order) AND attribute_not_exists(deleted_at)",
                 "ExpressionAttributeNames": {"#tier": "tier", "#limit": "secret_limit", "#vlimit": "vault_connection_limit",
                                              "#count": "secret_count"},
                 "ExpressionAttributeValues": {":tier": {"S": "pro"}, ":limit": {"N": "100"}, ":vlimit": {"N": "10"},
                                               ":order": {"N": "20"}, ":zero": {"N": "0"}, ":team": {"S": "team"}}}
                """.formatted(TABLE, team), false, false)));

        wireMock.resetAll();
        answer("UpdateItem", error("{\"__type\":\"com.amazonaws.dynamodb.v20120810#ConditionalCheckFailedException\","
                + "\"message\":\"The conditional request failed\"}"));
        assertThat(teams.applyPlan(team, Tier.FREE, 10)).isFalse();
        wireMock.verify(1, postRequestedFor(urlEqualTo("/")));
    }

    @Test
    void markDeletedZeroesBothLimitsSetsTheTtlAndCreatesAMissingTeamItem() {
        answer("UpdateItem", ok("{}"));
        Instant at = Instant.parse(V1_PLUS_90);
        Instant retainUntil = at.plusSeconds(86_400);

        teams.markDeleted(team, at, retainUntil);

        wireMock.verify(1, called("UpdateItem").withRequestBody(equalToJson("""
                {"TableName": "%s",
                 "Key": {"PK": {"S": "TEAM#%s"}, "SK": {"S": "TEAM"}},
                 "UpdateExpression": "SET deleted_at = if_not_exists(deleted_at, :at), #limit = :zero, #vlimit = :zero, expires_at = :ttl, #count = if_not_exists(#count, :zero), #vcount = if_not_exists(#vcount, :zero), #tier = if_not_exists(#tier, :free), entity = :team",
                 "ExpressionAttributeNames": {"#limit": "secret_limit", "#vlimit": "vault_connection_limit",
                                              "#count": "secret_count", "#vcount": "vault_connection_count",
                                              "#tier": "tier"},
                 "ExpressionAttributeValues": {":at": {"S": "%s"}, ":zero": {"N": "0"}, ":ttl": {"N": "%d"},
                                               ":free": {"S": "free"}, ":team": {"S": "team"}}}
                """.formatted(TABLE, team, V1_PLUS_90, retainUntil.getEpochSecond()), false, false)));
        wireMock.verify(1, postRequestedFor(urlEqualTo("/")));
    }

    // ---- vault connections ----

    private static final UUID CONNECTION_ID = UUID.fromString("3c4d5e6f-7a8b-4c9d-8e0f-1a2b3c4d5e6f");
    private static final String V1_PLUS_60 = "2026-03-01T10:16:30.123456Z";
    private static final String V1_PLUS_90 = "2026-03-01T10:17:00.123456Z";

    /** A Doppler connection with every optional attribute, as the create tests write it. */
    private VaultConnection fullConnection(String name) {
        return new VaultConnection(CONNECTION_ID, team, name, "doppler prd", VaultType.DOPPLER,
                Vaults.dopplerSettings("backend", "prd"), CREATED, USER, Instant.parse(V1_PLUS_60), EDITOR,
                Instant.parse(V1_PLUS_90), PATHS.vaultConnection(team, CONNECTION_ID));
    }

    /** A 1Password connection read at version V1 (one edit after creation). */
    private VaultConnection readConnection() {
        VaultConnection read = renamed(new VaultConnection(CONNECTION_ID, team, "Infra Vault", "team vault",
                VaultType.ONEPASSWORD, CREATED, USER), "Infra Vault");
        assertThat(read.updatedAt()).hasToString(V1);
        return read;
    }

    private String expectedConnectionCreate() {
        String pk = "TEAM#" + team;
        return transaction("""
                {"Put": {"TableName": "%1$s",
                  "Item": {"PK": {"S": "%2$s"}, "SK": {"S": "VAULTCONN#%3$s"}, "entity": {"S": "vault_connection"},
                           "id": {"S": "%3$s"}, "name": {"S": "  Doppler PRD "}, "description": {"S": "doppler prd"},
                           "vault_type": {"S": "doppler"}, "project": {"S": "backend"}, "config": {"S": "prd"},
                           "created_at": {"S": "%4$s"}, "created_by": {"S": "%5$s"},
                           "updated_at": {"S": "%6$s"}, "updated_by": {"S": "%7$s"},
                           "last_verified_at": {"S": "%8$s"},
                           "credential_path": {"S": "/dataraven/test/teams/%9$s/vault-connections/%3$s"},
                           "secret_ref_count": {"N": "0"}},
                  "ConditionExpression": "attribute_not_exists(PK)"}}
                """.formatted(TABLE, pk, CONNECTION_ID, CREATED, USER, V1_PLUS_60, EDITOR, V1_PLUS_90, team),
                """
                {"Put": {"TableName": "%1$s",
                  "Item": {"PK": {"S": "%2$s"}, "SK": {"S": "VAULTCONNNAME#doppler prd"},
                           "entity": {"S": "vault_connection_name"}, "connection_id": {"S": "%3$s"}},
                  "ConditionExpression": "attribute_not_exists(PK)",
                  "ReturnValuesOnConditionCheckFailure": "ALL_OLD"}}
                """.formatted(TABLE, pk, CONNECTION_ID),
                """
                {"Update": {"TableName": "%1$s",
                  "Key": {"PK": {"S": "%2$s"}, "SK": {"S": "TEAM"}},
                  "UpdateExpression": "SET #vcount = if_not_exists(#vcount, :zero) + :one, #vlimit = if_not_exists(#vlimit, :free_vlimit), #tier = if_not_exists(#tier, :free), #limit = if_not_exists(#limit, :free_limit), #count = if_not_exists(#count, :zero), entity = :team",
                  "ConditionExpression": "attribute_not_exists(#vcount) OR #vcount < #vlimit",
                  "ExpressionAttributeNames": {"#vcount": "vault_connection_count", "#vlimit": "vault_connection_limit",
                                               "#tier": "tier", "#limit": "secret_limit", "#count": "secret_count"},
                  "ExpressionAttributeValues": {":zero": {"N": "0"}, ":one": {"N": "1"}, ":free_vlimit": {"N": "1"},
                                                ":free": {"S": "free"}, ":free_limit": {"N": "5"},
                                                ":team": {"S": "team"}},
                  "ReturnValuesOnConditionCheckFailure": "ALL_OLD"}}
                """.formatted(TABLE, pk));
    }

    @Test
    void createVaultConnectionIsOneTransactionOfItemNameLockAndTeamCounter() throws Exception {
        answer("TransactWriteItems", ok("{}"));
        VaultConnection connection = fullConnection("  Doppler PRD ");

        connections.createVaultConnection(connection);

        wireMock.verify(1, called("TransactWriteItems")
                .withRequestBody(equalToJson(expectedConnectionCreate(), false, false)));
        wireMock.verify(1, postRequestedFor(urlEqualTo("/")));

        // what was written reads back as the same connection
        JsonNode written = body(requests("TransactWriteItems").get(0)).at("/TransactItems/0/Put/Item");
        answer("GetItem", ok("{\"Item\":" + written + "}"));
        assertThat(connections.findVaultConnection(team, CONNECTION_ID)).contains(connection);
    }

    @Test
    void aConnectionWithoutOptionalAttributesWritesNoneOfThem() throws Exception {
        answer("TransactWriteItems", ok("{}"));
        VaultConnection connection = new VaultConnection(CONNECTION_ID, team, "Infra Vault", null,
                VaultType.ONEPASSWORD, CREATED, USER);

        connections.createVaultConnection(connection);

        JsonNode item = body(requests("TransactWriteItems").get(0)).at("/TransactItems/0/Put/Item");
        List<String> attributes = new ArrayList<>();
        item.fieldNames().forEachRemaining(attributes::add);
        assertThat(attributes).containsExactlyInAnyOrder("PK", "SK", "entity", "id", "name", "vault_type",
                "created_at", "created_by", "updated_at", "updated_by", "secret_ref_count");
        answer("GetItem", ok("{\"Item\":" + item + "}"));
        assertThat(connections.findVaultConnection(team, CONNECTION_ID)).contains(connection);
    }

    @Test
    void aFailedConnectionNameLockIsANameConflict() {
        answer("TransactWriteItems", cancelled(NONE, CONDITION_FAILED, NONE));

        assertThatThrownBy(() -> connections.createVaultConnection(fullConnection("Doppler PRD")))
                .isInstanceOf(VaultConnectionNameConflictException.class)
                .hasMessageContaining("Doppler PRD");
        wireMock.verify(1, called("TransactWriteItems"));
    }

    @Test
    void aFailedConnectionCounterIsTheTierLimitReadFromTheOldItem() {
        answer("TransactWriteItems", cancelled(NONE, NONE, """
                {"Code":"ConditionalCheckFailed","Message":"The conditional request failed",
                 "Item":{"PK":{"S":"TEAM#%s"},"SK":{"S":"TEAM"},"entity":{"S":"team"},"tier":{"S":"pro"},
                         "secret_count":{"N":"12"},"secret_limit":{"N":"100"},
                         "vault_connection_count":{"N":"10"},"vault_connection_limit":{"N":"10"}}}
                """.formatted(team).replace("\n", "")));

        assertThatThrownBy(() -> connections.createVaultConnection(fullConnection("Doppler PRD")))
                .isInstanceOfSatisfying(TierLimitExceededException.class, e -> {
                    assertThat(e.tier()).isEqualTo(Tier.PRO);
                    assertThat(e.limit()).isEqualTo(10);
                });
        wireMock.verify(1, called("TransactWriteItems"));

        wireMock.resetAll();
        answer("TransactWriteItems", cancelled(NONE, NONE, """
                {"Code":"ConditionalCheckFailed","Message":"The conditional request failed",
                 "Item":{"PK":{"S":"TEAM#%s"},"SK":{"S":"TEAM"},"entity":{"S":"team"},"tier":{"S":"free"},
                         "secret_count":{"N":"0"},"secret_limit":{"N":"5"},
                         "vault_connection_count":{"N":"1"},"vault_connection_limit":{"N":"1"}}}
                """.formatted(team).replace("\n", "")));
        assertThatThrownBy(() -> connections.createVaultConnection(fullConnection("Doppler PRD")))
                .isInstanceOfSatisfying(TierLimitExceededException.class, e -> {
                    assertThat(e.tier()).isEqualTo(Tier.FREE);
                    assertThat(e.limit()).isEqualTo(1);
                });
    }

    @Test
    void aConnectionNameConflictWinsOverTheTierLimitWhenBothFail() {
        answer("TransactWriteItems", cancelled(NONE, CONDITION_FAILED,
                "{\"Code\":\"ConditionalCheckFailed\",\"Message\":\"The conditional request failed\","
                        + "\"Item\":{\"tier\":{\"S\":\"free\"},\"vault_connection_count\":{\"N\":\"1\"},"
                        + "\"vault_connection_limit\":{\"N\":\"1\"}}}"));

        assertThatThrownBy(() -> connections.createVaultConnection(fullConnection("Doppler PRD")))
                .isInstanceOf(VaultConnectionNameConflictException.class);
    }

    @Test
    void aConnectionIdCollisionIsNotReportedAsAUserError() {
        answer("TransactWriteItems", cancelled(CONDITION_FAILED, NONE, NONE));

        assertThatThrownBy(() -> connections.createVaultConnection(fullConnection("Doppler PRD")))
                .isInstanceOf(IllegalStateException.class)
                .isNotInstanceOf(VaultConnectionNameConflictException.class);
    }

    @Test
    void aConflictOnTheTeamCounterRetriesTheSameConnectionCreate() throws Exception {
        wireMock.stubFor(post(urlEqualTo("/")).inScenario("conflict").whenScenarioStateIs(Scenario.STARTED)
                .withHeader("X-Amz-Target", equalTo(TARGET + "TransactWriteItems"))
                .willReturn(cancelled(NONE, NONE, CONFLICT)).willSetStateTo("retried"));
        wireMock.stubFor(post(urlEqualTo("/")).inScenario("conflict").whenScenarioStateIs("retried")
                .withHeader("X-Amz-Target", equalTo(TARGET + "TransactWriteItems"))
                .willReturn(ok("{}")));

        assertThatCode(() -> connections.createVaultConnection(fullConnection("  Doppler PRD ")))
                .doesNotThrowAnyException();

        wireMock.verify(2, called("TransactWriteItems")
                .withRequestBody(equalToJson(expectedConnectionCreate(), false, false)));
    }

    /** The Update of the connection item to version V2, conditioned on the read version V1. */
    private String expectedConnectionUpdate(String name, String description) {
        String values = "\":read_version\": {\"S\": \"" + V1 + "\"}, \":name\": {\"S\": \"" + name + "\"}, "
                + "\":updated_at\": {\"S\": \"" + V2 + "\"}, \":updated_by\": {\"S\": \"" + EDITOR + "\"}"
                + (description == null ? "" : ", \":description\": {\"S\": \"" + description + "\"}");
        String expression = "SET #name = :name, updated_at = :updated_at, updated_by = :updated_by"
                + (description == null ? " REMOVE description, pending" : ", description = :description REMOVE pending");
        return """
                {"Update": {"TableName": "%s",
                  "Key": {"PK": {"S": "TEAM#%s"}, "SK": {"S": "VAULTCONN#%s"}},
                  "UpdateExpression": "%s",
                  "ConditionExpression": "updated_at = :read_version AND attribute_not_exists(pending)",
                  "ExpressionAttributeNames": {"#name": "name"},
                  "ExpressionAttributeValues": {%s},
                  "ReturnValuesOnConditionCheckFailure": "ALL_OLD"}}
                """.formatted(TABLE, team, CONNECTION_ID, expression, values);
    }

    @Test
    void aConnectionUpdateIsOneVersionedUpdateThatLeavesTheReferenceCountAlone() {
        answer("TransactWriteItems", ok("{}"));
        VaultConnection read = readConnection();

        connections.updateVaultConnection(read, edited(read, "Infra Vault", "rotated token"));

        wireMock.verify(1, called("TransactWriteItems").withRequestBody(equalToJson(transaction(
                expectedConnectionUpdate("Infra Vault", "rotated token")), false, false)));
        wireMock.verify(1, postRequestedFor(urlEqualTo("/")));
        assertThat(requests("TransactWriteItems").get(0).getBodyAsString()).doesNotContain("secret_ref_count");
    }

    @Test
    void aConnectionUpdateWithoutDescriptionRemovesIt() {
        answer("TransactWriteItems", ok("{}"));
        VaultConnection read = readConnection();

        connections.updateVaultConnection(read, edited(read, "Infra Vault", null));

        wireMock.verify(1, called("TransactWriteItems").withRequestBody(equalToJson(transaction(
                expectedConnectionUpdate("Infra Vault", null)), false, false)));
    }

    @Test
    void aConnectionChangeOfCasingOnlyIsNotARename() {
        answer("TransactWriteItems", ok("{}"));
        VaultConnection read = readConnection();

        connections.updateVaultConnection(read, edited(read, " infra vault", "team vault"));

        wireMock.verify(1, called("TransactWriteItems").withRequestBody(equalToJson(transaction(
                expectedConnectionUpdate(" infra vault", "team vault")), false, false)));
    }

    @Test
    void aConnectionRenameReleasesTheOldLockAndTakesTheNewOneInTheSameTransaction() {
        answer("TransactWriteItems", ok("{}"));
        VaultConnection read = readConnection();

        connections.updateVaultConnection(read, edited(read, "  Archive ", "team vault"));

        String pk = "TEAM#" + team;
        wireMock.verify(1, called("TransactWriteItems").withRequestBody(equalToJson(transaction(
                expectedConnectionUpdate("  Archive ", "team vault"),
                """
                {"Delete": {"TableName": "%1$s",
                  "Key": {"PK": {"S": "%2$s"}, "SK": {"S": "VAULTCONNNAME#infra vault"}},
                  "ConditionExpression": "connection_id = :id",
                  "ExpressionAttributeValues": {":id": {"S": "%3$s"}}}}
                """.formatted(TABLE, pk, CONNECTION_ID),
                """
                {"Put": {"TableName": "%1$s",
                  "Item": {"PK": {"S": "%2$s"}, "SK": {"S": "VAULTCONNNAME#archive"},
                           "entity": {"S": "vault_connection_name"}, "connection_id": {"S": "%3$s"}},
                  "ConditionExpression": "attribute_not_exists(PK)",
                  "ReturnValuesOnConditionCheckFailure": "ALL_OLD"}}
                """.formatted(TABLE, pk, CONNECTION_ID)), false, false)));
        wireMock.verify(1, postRequestedFor(urlEqualTo("/")));
    }

    /** The connection item as DynamoDB holds it, for GetItem, Query and ALL_OLD answers. */
    private String connectionItemJson(VaultConnection connection, int secretRefs) {
        StringBuilder json = new StringBuilder("{\"PK\":{\"S\":\"TEAM#" + connection.teamId() + "\"},")
                .append("\"SK\":{\"S\":\"VAULTCONN#").append(connection.id()).append("\"},")
                .append("\"entity\":{\"S\":\"vault_connection\"},")
                .append("\"id\":{\"S\":\"").append(connection.id()).append("\"},")
                .append("\"name\":{\"S\":\"").append(connection.name()).append("\"},")
                .append("\"vault_type\":{\"S\":\"").append(connection.vaultType().wire()).append("\"},")
                .append("\"created_at\":{\"S\":\"").append(connection.createdAt()).append("\"},")
                .append("\"created_by\":{\"S\":\"").append(connection.createdBy()).append("\"},")
                .append("\"updated_at\":{\"S\":\"").append(connection.updatedAt()).append("\"},")
                .append("\"updated_by\":{\"S\":\"").append(connection.updatedBy()).append("\"},")
                .append("\"secret_ref_count\":{\"N\":\"").append(secretRefs).append("\"}");
        if (connection.description() != null) {
            json.append(",\"description\":{\"S\":\"").append(connection.description()).append("\"}");
        }
        return json.append('}').toString();
    }

    private String connectionFailedWithItem(VaultConnection current, int secretRefs) {
        return "{\"Code\":\"ConditionalCheckFailed\",\"Item\":" + connectionItemJson(current, secretRefs)
                + ",\"Message\":\"The conditional request failed\"}";
    }

    @Test
    void aConnectionUpdateOfAChangedConnectionIsAModificationAndOfAMissingOneNotFound() {
        VaultConnection read = readConnection();
        answer("TransactWriteItems", cancelled(connectionFailedWithItem(edited(read, "Changed", "meanwhile"), 0)));
        assertThatThrownBy(() -> connections.updateVaultConnection(read, edited(read, "Infra Vault", "mine")))
                .isInstanceOf(io.dataraven.secrets.vault.VaultConnectionModifiedException.class)
                .hasMessageContaining(CONNECTION_ID.toString());

        wireMock.resetAll();
        answer("TransactWriteItems", cancelled(CONDITION_FAILED));
        assertThatThrownBy(() -> connections.updateVaultConnection(read, edited(read, "Infra Vault", "mine")))
                .isInstanceOf(VaultConnectionNotFoundException.class)
                .hasMessageContaining(CONNECTION_ID.toString());
        wireMock.verify(1, called("TransactWriteItems"));
    }

    @Test
    void aConnectionRenameToATakenNameIsANameConflict() {
        VaultConnection read = readConnection();
        answer("TransactWriteItems", cancelled(NONE, NONE, CONDITION_FAILED));

        assertThatThrownBy(() -> connections.updateVaultConnection(read, renamed(read, "Staging")))
                .isInstanceOf(VaultConnectionNameConflictException.class)
                .hasMessageContaining("Staging");
        wireMock.verify(1, called("TransactWriteItems"));
    }

    @Test
    void aConnectionRenameReportsTheConnectionBeforeTheLocks() {
        VaultConnection read = readConnection();
        // renamed meanwhile to the very name we want: its old lock is gone and the new one is taken
        answer("TransactWriteItems", cancelled(connectionFailedWithItem(renamed(read, "Staging"), 0),
                CONDITION_FAILED, CONDITION_FAILED));
        assertThatThrownBy(() -> connections.updateVaultConnection(read, renamed(read, "Staging")))
                .isInstanceOf(io.dataraven.secrets.vault.VaultConnectionModifiedException.class);

        wireMock.resetAll();
        answer("TransactWriteItems", cancelled(CONDITION_FAILED, CONDITION_FAILED, NONE));
        assertThatThrownBy(() -> connections.updateVaultConnection(read, renamed(read, "Staging")))
                .isInstanceOf(VaultConnectionNotFoundException.class);

        // an old lock that is not the connection's is a modification too
        wireMock.resetAll();
        answer("TransactWriteItems", cancelled(NONE, CONDITION_FAILED, NONE));
        assertThatThrownBy(() -> connections.updateVaultConnection(read, renamed(read, "Staging")))
                .isInstanceOf(io.dataraven.secrets.vault.VaultConnectionModifiedException.class);
    }

    @Test
    void aConnectionDeleteIsOneTransactionOfItemLockAndTeamCounter() {
        answer("TransactWriteItems", ok("{}"));

        connections.deleteVaultConnection(readConnection());

        String pk = "TEAM#" + team;
        wireMock.verify(1, called("TransactWriteItems").withRequestBody(equalToJson(transaction("""
                {"Delete": {"TableName": "%1$s",
                  "Key": {"PK": {"S": "%2$s"}, "SK": {"S": "VAULTCONN#%3$s"}},
                  "ConditionExpression": "updated_at = :read_version AND attribute_not_exists(pending) AND (attribute_not_exists(secret_ref_count) OR secret_ref_count = :zero)",
                  "ExpressionAttributeValues": {":read_version": {"S": "%4$s"}, ":zero": {"N": "0"}},
                  "ReturnValuesOnConditionCheckFailure": "ALL_OLD"}}
                """.formatted(TABLE, pk, CONNECTION_ID, V1),
                """
                {"Delete": {"TableName": "%1$s",
                  "Key": {"PK": {"S": "%2$s"}, "SK": {"S": "VAULTCONNNAME#infra vault"}},
                  "ConditionExpression": "connection_id = :id",
                  "ExpressionAttributeValues": {":id": {"S": "%3$s"}}}}
                """.formatted(TABLE, pk, CONNECTION_ID),
                """
                {"Update": {"TableName": "%1$s",
                  "Key": {"PK": {"S": "%2$s"}, "SK": {"S": "TEAM"}},
                  "UpdateExpression": "ADD #vcount :minus_one",
                  "ConditionExpression": "attribute_exists(PK)",
                  "ExpressionAttributeNames": {"#vcount": "vault_connection_count"},
                  "ExpressionAttributeValues": {":minus_one": {"N": "-1"}}}}
                """.formatted(TABLE, pk)), false, false)));
        wireMock.verify(1, postRequestedFor(urlEqualTo("/")));
    }

    @Test
    void aDeleteOfAnUnchangedConnectionWithReferencesIsInUse() {
        VaultConnection read = readConnection();
        answer("TransactWriteItems", cancelled(connectionFailedWithItem(read, 2), NONE, NONE));

        assertThatThrownBy(() -> connections.deleteVaultConnection(read))
                .isInstanceOfSatisfying(VaultConnectionInUseException.class, e -> {
                    assertThat(e.secrets()).isEqualTo(2);
                    assertThat(e.getMessage()).contains(CONNECTION_ID.toString());
                });
        wireMock.verify(1, called("TransactWriteItems"));
    }

    @Test
    void aDeleteOfAChangedConnectionIsAModificationEvenWhileInUse() {
        VaultConnection read = readConnection();
        answer("TransactWriteItems", cancelled(connectionFailedWithItem(edited(read, "Infra Vault", "x"), 2),
                NONE, NONE));

        assertThatThrownBy(() -> connections.deleteVaultConnection(read))
                .isInstanceOf(io.dataraven.secrets.vault.VaultConnectionModifiedException.class)
                .hasMessageContaining(CONNECTION_ID.toString());
    }

    @Test
    void aDeleteOfAMissingConnectionIsNotFound() {
        VaultConnection read = readConnection();
        answer("TransactWriteItems", cancelled(CONDITION_FAILED, CONDITION_FAILED, NONE));

        assertThatThrownBy(() -> connections.deleteVaultConnection(read))
                .isInstanceOf(VaultConnectionNotFoundException.class)
                .hasMessageContaining(CONNECTION_ID.toString());
        wireMock.verify(1, called("TransactWriteItems"));
    }

    @Test
    void aConnectionDeleteWhoseNameLockIsNotTheConnectionsIsAModification() {
        answer("TransactWriteItems", cancelled(NONE, CONDITION_FAILED, NONE));

        assertThatThrownBy(() -> connections.deleteVaultConnection(readConnection()))
                .isInstanceOf(io.dataraven.secrets.vault.VaultConnectionModifiedException.class);
    }

    @Test
    void recordVerifiedIsAConditionalUpdateOfTheTimeOnly() {
        answer("UpdateItem", ok("{}"));
        Instant at = Instant.parse(V1_PLUS_90);

        connections.recordVerified(team, CONNECTION_ID, at);

        wireMock.verify(1, called("UpdateItem").withRequestBody(equalToJson("""
                {"TableName": "%s",
                 "Key": {"PK": {"S": "TEAM#%s"}, "SK": {"S": "VAULTCONN#%s"}},
                 "UpdateExpression": "SET last_verified_at = :at",
                 "ConditionExpression": "attribute_exists(PK)",
                 "ExpressionAttributeValues": {":at": {"S": "%s"}}}
                """.formatted(TABLE, team, CONNECTION_ID, V1_PLUS_90), false, false)));
        wireMock.verify(1, postRequestedFor(urlEqualTo("/")));
    }

    @Test
    void recordVerifiedOfAMissingConnectionIsANoOp() {
        answer("UpdateItem", error("{\"__type\":\"com.amazonaws.dynamodb.v20120810#ConditionalCheckFailedException\","
                + "\"message\":\"The conditional request failed\"}"));

        assertThatCode(() -> connections.recordVerified(team, CONNECTION_ID, Instant.parse(V1_PLUS_90)))
                .doesNotThrowAnyException();
        wireMock.verify(1, called("UpdateItem"));
    }

    @Test
    void recordVerificationSetsOneAttributeConditionedOnTheCheckedCredentialVersion() {
        answer("UpdateItem", ok("{}"));
        Secret checked = readDirect().activated(4L);

        boolean recorded = secrets.recordVerification(checked, new io.dataraven.secrets.secret.Verification(
                Instant.parse(V1_PLUS_90), false, "auth_failed", 4L));

        assertThat(recorded).isTrue();
        wireMock.verify(1, called("UpdateItem").withRequestBody(equalToJson("""
                {"TableName": "%s",
                 "Key": {"PK": {"S": "TEAM#%s"}, "SK": {"S": "SECRET#%s"}},
                 "UpdateExpression": "SET last_verification = :v",
                 "ConditionExpression": "attribute_exists(PK) AND attribute_not_exists(pending) AND credential_version = :cv",
                 "ExpressionAttributeValues": {
                   ":v": {"M": {"at": {"S": "%s"}, "ok": {"BOOL": false}, "reason": {"S": "auth_failed"},
                                "v": {"N": "4"}}},
                   ":cv": {"N": "4"}}}
                """.formatted(TABLE, team, secretId, V1_PLUS_90), false, false)));
    }

    @Test
    void recordVerificationOfReplacedCredentialsRecordsNothing() {
        answer("UpdateItem", error("{\"__type\":\"com.amazonaws.dynamodb.v20120810#ConditionalCheckFailedException\","
                + "\"message\":\"The conditional request failed\"}"));

        boolean recorded = secrets.recordVerification(readExternal(), new io.dataraven.secrets.secret.Verification(
                Instant.parse(V1_PLUS_90), true, null, null));

        assertThat(recorded).isFalse();
        wireMock.verify(1, called("UpdateItem").withRequestBody(matchingJsonPath("$.ConditionExpression",
                equalTo("attribute_exists(PK) AND attribute_not_exists(pending) AND "
                        + "attribute_not_exists(credential_version)"))));
    }

    // ---- audit events: outbox items in the change's own transaction ----

    private static final AuditEvent AUDITED = new AuditEvent(UUID.fromString("5b2e1c0d-9a8f-3e7d-b6c5-a4f3e2d1c0b9"),
            "secret_updated", UUID.fromString("0b5d6a52-3f7e-4c1a-9d2e-1f0a7c3b9e41"), "secret",
            UUID.fromString("6f1c2d3e-4a5b-4c6d-8e7f-901a2b3c4d5e"), "Prod Backups", "user", "user-7", "req-1",
            "203.0.113.10", "curl/8", Instant.parse("2026-12-02T05:00:00Z"));

    private static String expectedOutboxPut() {
        return """
                {"Put": {"TableName": "%s",
                  "Item": {"PK": {"S": "AUDIT#5b2e1c0d-9a8f-3e7d-b6c5-a4f3e2d1c0b9"}, "SK": {"S": "AUDIT"},
                           "entity": {"S": "audit_event"}, "event_type": {"S": "secret_updated"},
                           "team_id": {"S": "0b5d6a52-3f7e-4c1a-9d2e-1f0a7c3b9e41"}, "resource_type": {"S": "secret"},
                           "resource_id": {"S": "6f1c2d3e-4a5b-4c6d-8e7f-901a2b3c4d5e"},
                           "resource_name": {"S": "Prod Backups"}, "actor_type": {"S": "user"},
                           "actor_id": {"S": "user-7"}, "request_id": {"S": "req-1"},
                           "source_ip": {"S": "203.0.113.10"}, "user_agent": {"S": "curl/8"},
                           "time": {"S": "2026-12-02T05:00:00Z"}, "expires_at": {"N": "1796360400"}}}}
                """.formatted(TABLE);
    }

    @Test
    void anAuditedUpdateCarriesItsEventAsAnOutboxPutInTheSameTransaction() {
        answer("TransactWriteItems", ok("{}"));
        Secret read = readDirect();

        secrets.updateSecret(read, edited(read, "Prod Backups", "rotated weekly"), AUDITED);

        wireMock.verify(1, called("TransactWriteItems").withRequestBody(equalToJson(transaction(
                expectedVersionedPut("Prod Backups", "prod backups", "rotated weekly"), expectedOutboxPut()),
                false, false)));
        wireMock.verify(1, postRequestedFor(urlEqualTo("/")));
    }

    @Test
    void anAuditedVerificationIsOneTransactionOfTheTimeAndItsEvent() {
        answer("TransactWriteItems", ok("{}"));

        connections.recordVerified(team, CONNECTION_ID, Instant.parse(V1_PLUS_90), AUDITED);

        wireMock.verify(1, called("TransactWriteItems").withRequestBody(equalToJson(transaction("""
                {"Update": {"TableName": "%s",
                 "Key": {"PK": {"S": "TEAM#%s"}, "SK": {"S": "VAULTCONN#%s"}},
                 "UpdateExpression": "SET last_verified_at = :at",
                 "ConditionExpression": "attribute_exists(PK)",
                 "ExpressionAttributeValues": {":at": {"S": "%s"}}}}
                """.formatted(TABLE, team, CONNECTION_ID, V1_PLUS_90), expectedOutboxPut()), false, false)));
        wireMock.verify(1, postRequestedFor(urlEqualTo("/")));
    }

    @Test
    void anAuditedVerificationOfAMissingConnectionRecordsNothingAndDoesNotFail() {
        answer("TransactWriteItems", cancelled(CONDITION_FAILED, NONE));

        assertThatCode(() -> connections.recordVerified(team, CONNECTION_ID, Instant.parse(V1_PLUS_90), AUDITED))
                .doesNotThrowAnyException();
        wireMock.verify(1, called("TransactWriteItems"));
    }

    @Test
    void anOutboxItemReadsBackFromItsStreamImage() throws Exception {
        // The stream's NEW_IMAGE is the item in DynamoDB's attribute-value JSON, as the relay receives it.
        java.util.Map<String, Object> parsed = JSON.convertValue(JSON.readTree(expectedOutboxPut()).get("Put").get("Item"),
                new com.fasterxml.jackson.core.type.TypeReference<>() {
                });
        assertThat(AuditItems.fromStreamImage(parsed)).isEqualTo(AUDITED);
        parsed.put("PK", java.util.Map.of("S", "TEAM#" + team));
        assertThat(AuditItems.fromStreamImage(parsed)).as("not an outbox item").isNull();
    }

    @Test
    void findVaultConnectionIsAConsistentGetItemOnTheConnectionKey() {
        VaultConnection read = readConnection();
        answer("GetItem", ok("{\"Item\":" + connectionItemJson(read, 3) + "}"));

        assertThat(connections.findVaultConnection(team, CONNECTION_ID)).contains(read);

        wireMock.verify(called("GetItem").withRequestBody(equalToJson("""
                {"TableName": "%s", "ConsistentRead": true,
                 "Key": {"PK": {"S": "TEAM#%s"}, "SK": {"S": "VAULTCONN#%s"}}}
                """.formatted(TABLE, team, CONNECTION_ID), false, false)));
    }

    @Test
    void listVaultConnectionsQueriesTheTeamPartitionConsistentlyAndFollowsPages() {
        VaultConnection first = readConnection();
        VaultConnection second = new VaultConnection(UUID.fromString("11111111-2222-4333-8444-555555555555"), team,
                "Doppler", null, VaultType.DOPPLER, CREATED, USER);
        String pk = "TEAM#" + team;
        String lastKey = "{\"PK\":{\"S\":\"" + pk + "\"},\"SK\":{\"S\":\"VAULTCONN#" + CONNECTION_ID + "\"}}";
        wireMock.stubFor(post(urlEqualTo("/")).withHeader("X-Amz-Target", equalTo(TARGET + "Query"))
                .withRequestBody(matchingJsonPath("$.ExclusiveStartKey", equalToJson(lastKey)))
                .willReturn(ok("{\"Count\":1,\"ScannedCount\":1,\"Items\":[" + connectionItemJson(second, 0)
                        + "]}")));
        wireMock.stubFor(post(urlEqualTo("/")).atPriority(10)
                .withHeader("X-Amz-Target", equalTo(TARGET + "Query"))
                .willReturn(ok("{\"Count\":1,\"ScannedCount\":1,\"Items\":[" + connectionItemJson(first, 1)
                        + "],\"LastEvaluatedKey\":" + lastKey + "}")));

        assertThat(connections.listVaultConnections(team)).containsExactly(first, second);

        wireMock.verify(2, called("Query")
                .withRequestBody(matchingJsonPath("$.TableName", equalTo(TABLE)))
                .withRequestBody(matchingJsonPath("$.ConsistentRead", equalTo("true")))
                .withRequestBody(matchingJsonPath("$.KeyConditionExpression",
                        equalTo("PK = :pk AND begins_with(SK, :prefix)")))
                .withRequestBody(matchingJsonPath("$.ExpressionAttributeValues", equalToJson(
                        "{\":pk\":{\"S\":\"" + pk + "\"},\":prefix\":{\"S\":\"VAULTCONN#\"}}"))));
        wireMock.verify(1, called("Query").withRequestBody(matchingJsonPath("$.ExclusiveStartKey")));
    }

    // ---- the storage protocol: one token per logical transaction, failures translated with their applied state ----

    private static final String INTERNAL_ERROR = "{\"__type\":\"com.amazonaws.dynamodb.v20120810#InternalServerError\","
            + "\"message\":\"Internal server error\"}";
    private static final String THROTTLING_ERROR = "{\"Code\":\"ThrottlingError\",\"Message\":\"Throughput exceeds "
            + "the current capacity for one or more global secondary indexes. DynamoDB is automatically scaling your "
            + "index so please be patient.\"}";

    private static ResponseDefinitionBuilder status(int status, String body) {
        return aResponse().withStatus(status).withHeader("Content-Type", CONTENT_TYPE)
                .withHeader("x-amzn-RequestId", "failed-request").withBody(body);
    }

    /** The first TransactWriteItems gets {@code first}, every later one {@code then}. */
    private static void firstThen(ResponseDefinitionBuilder first, ResponseDefinitionBuilder then) {
        wireMock.stubFor(post(urlEqualTo("/")).inScenario("tx").whenScenarioStateIs(Scenario.STARTED)
                .withHeader("X-Amz-Target", equalTo(TARGET + "TransactWriteItems"))
                .willReturn(first).willSetStateTo("answered"));
        wireMock.stubFor(post(urlEqualTo("/")).inScenario("tx").whenScenarioStateIs("answered")
                .withHeader("X-Amz-Target", equalTo(TARGET + "TransactWriteItems"))
                .willReturn(then));
    }

    @Test
    void theSdksRetryAfterA500CarriesTheSameTokenAndTheNextTransactionANewOne() throws Exception {
        firstThen(status(500, INTERNAL_ERROR), ok("{}"));

        assertThatCode(() -> retryingSecrets.createSecret(directSecret(team, secretId, "Prod")))
                .doesNotThrowAnyException();
        retryingSecrets.deleteSecret(directSecret(team, secretId, "Prod"));

        List<String> tokens = tokens();
        assertThat(tokens).hasSize(3).allSatisfy(token -> assertThat(token).matches(UUID_PATTERN));
        assertThat(tokens.get(1)).isEqualTo(tokens.get(0));
        assertThat(tokens.get(2)).isNotEqualTo(tokens.get(0));
        List<LoggedRequest> sent = requests("TransactWriteItems");
        assertThat(body(sent.get(1)).get("TransactItems")).isEqualTo(body(sent.get(0)).get("TransactItems"));
    }

    @Test
    void ourRepeatAfterATimedOutAttemptCarriesTheSameToken() throws Exception {
        // The SDK does not retry here: the second request is the store's own repeat of the unanswered transaction.
        firstThen(ok("{}").withFixedDelay(ATTEMPT_TIMEOUT_MILLIS + 150), ok("{}"));

        assertThatCode(() -> singleSecrets.createSecret(directSecret(team, secretId, "Prod")))
                .doesNotThrowAnyException();

        assertThat(tokens()).hasSize(2).containsOnly(tokens().get(0));
    }

    @Test
    void anAttemptAnsweredTransactionInProgressIsRepeatedWithItsTokenAndSucceeds() throws Exception {
        firstThen(status(400, "{\"__type\":\"com.amazonaws.dynamodb.v20120810#TransactionInProgressException\","
                + "\"Message\":\"Transaction is in progress\"}"), ok("{}"));

        assertThatCode(() -> singleSecrets.createSecret(directSecret(team, secretId, "Prod")))
                .doesNotThrowAnyException();

        assertThat(tokens()).hasSize(2).containsOnly(tokens().get(0));
    }

    @Test
    void aTransactionThatNeverGetsAnAnswerIsUnavailableAndMayHaveApplied() throws Exception {
        answer("TransactWriteItems", status(500, INTERNAL_ERROR));

        assertThatThrownBy(() -> retryingSecrets.createSecret(directSecret(team, secretId, "Prod")))
                .isInstanceOfSatisfying(StoreUnavailableException.class, e -> {
                    assertThat(e.reason()).isEqualTo(StoreUnavailableException.Reason.UNAVAILABLE);
                    assertThat(e.mayHaveApplied()).isTrue();
                    assertThat(e.retryAfterSeconds()).isEqualTo(1);
                });
        // Three SDK attempts, repeated twice by the store: nine attempts of one transaction, one token.
        assertThat(tokens()).hasSize(9).containsOnly(tokens().get(0));
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "{\"__type\":\"com.amazonaws.dynamodb.v20120810#ProvisionedThroughputExceededException\",\"message\":"
                    + "\"The level of configured provisioned throughput for the table was exceeded. Consider "
                    + "increasing your provisioning level with the UpdateTable API.\"}",
            "{\"__type\":\"com.amazon.coral.availability#ThrottlingException\",\"message\":\"Rate of requests "
                    + "exceeds the allowed throughput.\"}"})
    void aThrottledTransactionIsThrottledAndNotApplied(String errorBody) throws Exception {
        answer("TransactWriteItems", status(400, errorBody));

        assertThatThrownBy(() -> retryingSecrets.createSecret(directSecret(team, secretId, "Prod")))
                .isInstanceOfSatisfying(StoreUnavailableException.class, e -> {
                    assertThat(e.reason()).isEqualTo(StoreUnavailableException.Reason.THROTTLED);
                    assertThat(e.mayHaveApplied()).isFalse(); // every attempt was refused before applying
                    assertThat(e.retryAfterSeconds()).isEqualTo(2);
                });
        assertThat(tokens()).hasSize(3).containsOnly(tokens().get(0)); // the SDK's attempts, not repeated by us
    }

    @Test
    void aThrottledReadIsTranslatedToo() {
        answer("GetItem", status(400, "{\"__type\":\"com.amazonaws.dynamodb.v20120810#"
                + "ProvisionedThroughputExceededException\",\"message\":\"The level of configured provisioned "
                + "throughput for the table was exceeded.\"}"));

        assertThatThrownBy(() -> retryingSecrets.findSecret(team, secretId))
                .isInstanceOfSatisfying(StoreUnavailableException.class,
                        e -> assertThat(e.reason()).isEqualTo(StoreUnavailableException.Reason.THROTTLED));
    }

    @Test
    void aCancellationForThrottlingIsRetriedWithTheTokenThenThrottledAndNotApplied() throws Exception {
        answer("TransactWriteItems", cancelled(NONE, THROTTLING_ERROR, NONE));

        assertThatThrownBy(() -> singleSecrets.createSecret(directSecret(team, secretId, "Prod")))
                .isInstanceOfSatisfying(StoreUnavailableException.class, e -> {
                    assertThat(e.reason()).isEqualTo(StoreUnavailableException.Reason.THROTTLED);
                    assertThat(e.mayHaveApplied()).isFalse();
                });
        assertThat(tokens()).hasSize(8).containsOnly(tokens().get(0));
    }

    @Test
    void aConflictAfterAnUnansweredAttemptLeavesTheOutcomeUnknown() throws Exception {
        // The first attempt got no answer (it may still commit); the conflicts after it cannot prove it did not.
        firstThen(status(500, INTERNAL_ERROR), cancelled(NONE, NONE, CONFLICT));

        assertThatThrownBy(() -> singleSecrets.createSecret(directSecret(team, secretId, "Prod")))
                .isInstanceOfSatisfying(StoreUnavailableException.class, e -> assertThat(e.mayHaveApplied()).isTrue());
        assertThat(tokens()).containsOnly(tokens().get(0));
    }

    @Test
    void aNameConflictOnCreateNamesTheHolderFromTheOldLock() {
        UUID holder = UUID.fromString("11111111-2222-4333-8444-555555555555");
        answer("TransactWriteItems", cancelled(NONE, """
                {"Code":"ConditionalCheckFailed","Message":"The conditional request failed",
                 "Item":{"PK":{"S":"TEAM#%s"},"SK":{"S":"SECRETNAME#prod"},"entity":{"S":"secret_name"},
                         "secret_id":{"S":"%s"}}}
                """.formatted(team, holder).replace("\n", ""), NONE));

        assertThatThrownBy(() -> secrets.createSecret(directSecret(team, secretId, "Prod")))
                .isInstanceOfSatisfying(SecretNameConflictException.class,
                        e -> assertThat(e.holder()).isEqualTo(holder));
        wireMock.verify(1, called("TransactWriteItems")
                .withRequestBody(matchingJsonPath("$.TransactItems[1].Put.ReturnValuesOnConditionCheckFailure",
                        equalTo("ALL_OLD"))));
    }

    @Test
    void aConnectionNameConflictNamesTheHolderAndAConflictWithoutTheOldItemNamesNone() {
        UUID holder = UUID.fromString("66666666-7777-4888-9999-000000000000");
        answer("TransactWriteItems", cancelled(NONE, """
                {"Code":"ConditionalCheckFailed","Message":"The conditional request failed",
                 "Item":{"PK":{"S":"TEAM#%s"},"SK":{"S":"VAULTCONNNAME#doppler prd"},
                         "entity":{"S":"vault_connection_name"},"connection_id":{"S":"%s"}}}
                """.formatted(team, holder).replace("\n", ""), NONE));
        assertThatThrownBy(() -> connections.createVaultConnection(fullConnection("Doppler PRD")))
                .isInstanceOfSatisfying(VaultConnectionNameConflictException.class,
                        e -> assertThat(e.holder()).isEqualTo(holder));

        wireMock.resetAll();
        answer("TransactWriteItems", cancelled(NONE, CONDITION_FAILED, NONE));
        assertThatThrownBy(() -> secrets.createSecret(directSecret(team, secretId, "Prod")))
                .isInstanceOfSatisfying(SecretNameConflictException.class, e -> assertThat(e.holder()).isNull());
    }

    @Test
    void aPendingCreateIsMarkedAndItsActivationIsConditionedOnStillBeingPending() throws Exception {
        answer("TransactWriteItems", ok("{}"));
        Secret pending = directSecret(team, secretId, "Prod").asPending();

        secrets.createSecret(pending);
        secrets.updateSecret(pending, pending.activated(1L));

        List<LoggedRequest> sent = requests("TransactWriteItems");
        JsonNode reservation = body(sent.get(0)).at("/TransactItems/0/Put/Item");
        assertThat(reservation.at("/pending/BOOL").asBoolean()).isTrue();
        assertThat(reservation.has("credential_version")).isFalse();
        JsonNode activation = body(sent.get(1)).at("/TransactItems/0/Put");
        assertThat(activation.at("/Item/credential_version/N").asText()).isEqualTo("1");
        assertThat(activation.at("/Item").has("pending")).isFalse();
        assertThat(activation.get("ConditionExpression").asText())
                .isEqualTo("updated_at = :read_version AND pending = :true");
        assertThat(activation.at("/ExpressionAttributeValues/:true/BOOL").asBoolean()).isTrue();
        assertThat(activation.at("/ExpressionAttributeValues/:read_version/S").asText())
                .isEqualTo(pending.updatedAt().toString());
    }

    @Test
    void aStoredVersionAndPendingFlagReadBack() {
        answer("GetItem", ok("""
                {"Item": {"PK": {"S": "TEAM#%1$s"}, "SK": {"S": "SECRET#%2$s"}, "entity": {"S": "secret"},
                  "id": {"S": "%2$s"}, "name": {"S": "Prod"}, "name_normalized": {"S": "prod"},
                  "secret_type": {"S": "s3"}, "auth_method": {"S": "s3_access_key"},
                  "created_at": {"S": "%3$s"}, "created_by": {"S": "u"}, "updated_at": {"S": "%3$s"},
                  "updated_by": {"S": "u"}, "credential_path": {"S": "/p"}, "credential_version": {"N": "7"}}}
                """.formatted(team, secretId, CREATED)));

        Secret read = secrets.findSecret(team, secretId).orElseThrow();

        assertThat(read.credentialVersion()).isEqualTo(7L);
        assertThat(read.pending()).isFalse();
    }

    // ---- Idempotency-Key records: in the write's own transaction, and the refusal that carries the stored one

    private static final String KEY_HASH = "9f2c".repeat(16);
    private static final Instant RECORDED = Instant.parse("2026-12-02T09:00:00Z");

    private io.dataraven.secrets.idempotency.IdempotencyRecord record(UUID resourceId) {
        return new io.dataraven.secrets.idempotency.IdempotencyRecord(team, KEY_HASH, "create_secret", resourceId,
                "fp-1", false, null, RECORDED, RECORDED.plus(Duration.ofHours(24)));
    }

    private String expectedRecordPut(String state, String response) {
        return """
                {"TableName": "%1$s",
                 "Item": {"PK": {"S": "TEAM#%2$s"}, "SK": {"S": "IDEMPOTENCY#%3$s"},
                          "entity": {"S": "idempotency_record"}, "operation": {"S": "create_secret"},
                          "resource_id": {"S": "%4$s"}, "fingerprint": {"S": "fp-1"}, "state": {"S": "%5$s"},
                          %6$s"created_at": {"S": "2026-12-02T09:00:00Z"}, "expires_at": {"N": "%7$d"}},
                 "ConditionExpression": "attribute_not_exists(PK) OR expires_at <= :now OR (resource_id = :rid AND fingerprint = :fp AND #state = :pending)",
                 "ExpressionAttributeNames": {"#state": "state"},
                 "ExpressionAttributeValues": {":now": {"N": "%8$d"}, ":rid": {"S": "%4$s"}, ":fp": {"S": "fp-1"},
                                               ":pending": {"S": "pending"}},
                 "ReturnValuesOnConditionCheckFailure": "ALL_OLD"}
                """.formatted(TABLE, team, KEY_HASH, secretId, state,
                response == null ? "" : "\"response\": {\"S\": " + response + "}, ",
                RECORDED.plus(Duration.ofHours(24)).getEpochSecond(), RECORDED.getEpochSecond());
    }

    @Test
    void aReservationPutsItsPendingRecordInTheSameTransaction() {
        answer("TransactWriteItems", ok("{}"));

        secrets.createSecret(directSecret(team, secretId, "prod").asPending(), null, record(secretId));

        wireMock.verify(1, called("TransactWriteItems")
                .withRequestBody(matchingJsonPath("$.TransactItems.length()", equalTo("4")))
                .withRequestBody(matchingJsonPath("$.TransactItems[3].Put",
                        equalToJson(expectedRecordPut("pending", null)))));
        wireMock.verify(1, postRequestedFor(urlEqualTo("/")));
    }

    @Test
    void theActivationCompletesTheRecordWithItsResponseInTheSameTransaction() {
        answer("TransactWriteItems", ok("{}"));
        Secret secret = directSecret(team, secretId, "prod");

        secrets.updateSecret(secret.asPending(), secret.activated(1L), null,
                record(secretId).completed("{\"id\":\"x\"}"));

        wireMock.verify(1, called("TransactWriteItems")
                .withRequestBody(matchingJsonPath("$.TransactItems.length()", equalTo("2")))
                .withRequestBody(matchingJsonPath("$.TransactItems[1].Put",
                        equalToJson(expectedRecordPut("complete", "\"{\\\"id\\\":\\\"x\\\"}\"")))));
    }

    @Test
    void anAbandonRemovesTheRecordWithTheReservation() {
        answer("TransactWriteItems", ok("{}"));
        answer("GetItem", ok("{\"Item\":{\"PK\":{\"S\":\"TEAM#" + team + "\"},\"SK\":{\"S\":\"SECRETNAME#prod\"},"
                + "\"secret_id\":{\"S\":\"" + secretId + "\"}}}"));

        secrets.deleteSecret(directSecret(team, secretId, "prod").asPending(), null, record(secretId));

        wireMock.verify(1, called("TransactWriteItems")
                .withRequestBody(matchingJsonPath("$.TransactItems[3].Delete", equalToJson("""
                        {"TableName": "%s", "Key": {"PK": {"S": "TEAM#%s"}, "SK": {"S": "IDEMPOTENCY#%s"}},
                         "ConditionExpression": "attribute_not_exists(PK) OR (resource_id = :rid AND #state = :pending)",
                         "ExpressionAttributeNames": {"#state": "state"},
                         "ExpressionAttributeValues": {":rid": {"S": "%s"}, ":pending": {"S": "pending"}},
                         "ReturnValuesOnConditionCheckFailure": "ALL_OLD"}
                        """.formatted(TABLE, team, KEY_HASH, secretId)))));
    }

    @Test
    void aRepeatIsRefusedWithTheStoredRecordFromAllOldBeforeItsNameConflict() {
        UUID first = UUID.randomUUID();
        String stored = "{\"Code\":\"ConditionalCheckFailed\",\"Message\":\"The conditional request failed\","
                + "\"Item\":{\"PK\":{\"S\":\"TEAM#" + team + "\"},\"SK\":{\"S\":\"IDEMPOTENCY#" + KEY_HASH + "\"},"
                + "\"entity\":{\"S\":\"idempotency_record\"},\"operation\":{\"S\":\"create_secret\"},"
                + "\"resource_id\":{\"S\":\"" + first + "\"},\"fingerprint\":{\"S\":\"fp-1\"},"
                + "\"state\":{\"S\":\"complete\"},\"response\":{\"S\":\"{\\\"id\\\":\\\"" + first + "\\\"}\"},"
                + "\"created_at\":{\"S\":\"2026-12-02T09:00:00Z\"},\"expires_at\":{\"N\":\""
                + RECORDED.plus(Duration.ofHours(24)).getEpochSecond() + "\"}}}";
        // The repeat also meets the name lock its first attempt took: the record decides.
        answer("TransactWriteItems", cancelled(NONE, CONDITION_FAILED, NONE, stored));

        assertThatThrownBy(() -> secrets.createSecret(directSecret(team, secretId, "prod").asPending(), null,
                record(secretId)))
                .isInstanceOfSatisfying(io.dataraven.secrets.idempotency.IdempotencyRecordExistsException.class,
                        e -> assertThat(e.existing()).isEqualTo(new io.dataraven.secrets.idempotency.IdempotencyRecord(
                                team, KEY_HASH, "create_secret", first, "fp-1", true, "{\"id\":\"" + first + "\"}",
                                RECORDED, RECORDED.plus(Duration.ofHours(24)))));
        wireMock.verify(1, called("TransactWriteItems"));
        wireMock.verify(1, postRequestedFor(urlEqualTo("/")));
    }

    @Test
    void aRotationPutsItsCompleteRecordInTheSwitch() {
        answer("TransactWriteItems", ok("{}"));
        VaultConnection connection = fullConnection("vault");
        VaultConnection rotated = io.dataraven.secrets.store.StoreFixtures.edited(connection, "vault", "rotated");

        connections.updateVaultConnection(connection, rotated, null, new io.dataraven.secrets.idempotency
                .IdempotencyRecord(team, KEY_HASH, "rotate_vault_connection", CONNECTION_ID, "fp-1", true, "{}",
                RECORDED, RECORDED.plus(Duration.ofHours(24))));

        wireMock.verify(1, called("TransactWriteItems")
                .withRequestBody(matchingJsonPath("$.TransactItems.length()", equalTo("2")))
                .withRequestBody(matchingJsonPath("$.TransactItems[1].Put.Item.SK.S", equalTo("IDEMPOTENCY#" + KEY_HASH)))
                .withRequestBody(matchingJsonPath("$.TransactItems[1].Put.Item.state.S", equalTo("complete")))
                .withRequestBody(matchingJsonPath("$.TransactItems[1].Put.ReturnValuesOnConditionCheckFailure",
                        equalTo("ALL_OLD"))));
    }

    @Test
    void aRecordIsReadConsistentlyAndRemovedInAOneItemTransaction() {
        DynamoDbIdempotencyRecords records = new DynamoDbIdempotencyRecords(new DynamoDbTable(dynamo, TABLE));
        answer("GetItem", ok("{}"));
        assertThat(records.findRecord(team, KEY_HASH)).isEmpty();
        wireMock.verify(called("GetItem").withRequestBody(equalToJson("""
                {"TableName": "%s", "ConsistentRead": true,
                 "Key": {"PK": {"S": "TEAM#%s"}, "SK": {"S": "IDEMPOTENCY#%s"}}}
                """.formatted(TABLE, team, KEY_HASH))));
        answer("TransactWriteItems", ok("{}"));
        records.removeRecord(record(secretId));
        wireMock.verify(1, called("TransactWriteItems")
                .withRequestBody(matchingJsonPath("$.TransactItems.length()", equalTo("1")))
                .withRequestBody(matchingJsonPath("$.TransactItems[0].Delete.Key.SK.S",
                        equalTo("IDEMPOTENCY#" + KEY_HASH))));
    }
}
