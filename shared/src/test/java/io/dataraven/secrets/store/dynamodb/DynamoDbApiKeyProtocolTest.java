package io.dataraven.secrets.store.dynamodb;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.matching.RequestPatternBuilder;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import io.dataraven.secrets.apikey.ApiKey;
import io.dataraven.secrets.apikey.ApiKeyModifiedException;
import io.dataraven.secrets.apikey.ApiKeyNotFoundException;
import io.dataraven.secrets.team.Tier;
import io.dataraven.secrets.team.TierLimitExceededException;
import io.dataraven.secrets.testing.PeerClients;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The API-key repository through the real SDK against WireMock: the exact requests (one consistent GetItem per
 * authentication, the create's sequence-conditioned transaction, the last-use write) and DynamoDB's error bodies.
 */
class DynamoDbApiKeyProtocolTest {

    private static final String TABLE = "dataraven-keys-test";
    private static final String TARGET = "DynamoDB_20120810.";
    private static final String CONTENT_TYPE = "application/x-amz-json-1.0";
    private static final String CANCELLED = "com.amazonaws.dynamodb.v20120810#TransactionCanceledException";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final UUID TEAM = UUID.fromString("0b5d6a52-3f7e-4c1a-9d2e-1f0a7c3b9e41");
    private static final UUID ID = UUID.fromString("5d0c7b3e-2a41-4f6e-9b8d-7c6a5e4d3c2b");
    private static final Instant AT = Instant.parse("2026-12-02T10:00:00Z");
    private static final ApiKey KEY = new ApiKey(ID, TEAM, "Ab3dE5gH7jK9", "ci", List.of("secrets:read"),
            "c2VjcmV0LWhhc2g", null, null, null, null, null, AT, "user-1", AT);

    private static WireMockServer wireMock;
    private static DynamoDbClient dynamo;
    private static DynamoDbApiKeyRepository keys;

    @BeforeAll
    static void start() {
        wireMock = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
        wireMock.start();
        dynamo = PeerClients.pointedAt(DynamoDbClient.builder(), wireMock.baseUrl());
        keys = new DynamoDbApiKeyRepository(new DynamoDbTable(dynamo, TABLE));
    }

    @AfterAll
    static void stop() {
        dynamo.close();
        wireMock.stop();
    }

    @BeforeEach
    void reset() {
        wireMock.resetAll();
    }

    private static RequestPatternBuilder called(String operation) {
        return postRequestedFor(urlEqualTo("/")).withHeader("X-Amz-Target", equalTo(TARGET + operation));
    }

    private static void answer(String operation, ResponseDefinitionBuilder response) {
        wireMock.stubFor(post(urlEqualTo("/")).withHeader("X-Amz-Target", equalTo(TARGET + operation))
                .willReturn(response));
    }

    private static ResponseDefinitionBuilder ok(String body) {
        return aResponse().withStatus(200).withHeader("Content-Type", CONTENT_TYPE).withBody(body);
    }

    private static ResponseDefinitionBuilder error(String type, String extra) {
        return aResponse().withStatus(400).withHeader("Content-Type", CONTENT_TYPE)
                .withBody("{\"__type\":\"" + type + "\",\"Message\":\"refused\"" + extra + "}");
    }

    private static String keyItem(String updatedAt) {
        return """
                {"PK": {"S": "TEAM#%s"}, "SK": {"S": "APIKEY#Ab3dE5gH7jK9"}, "entity": {"S": "api_key"},
                 "id": {"S": "%s"}, "key_id": {"S": "Ab3dE5gH7jK9"}, "name": {"S": "ci"},
                 "scopes": {"L": [{"S": "secrets:read"}]}, "secret_hash": {"S": "c2VjcmV0LWhhc2g"},
                 "created_at": {"S": "%s"}, "created_by": {"S": "user-1"}, "updated_at": {"S": "%s"}}
                """.formatted(TEAM, ID, AT, updatedAt);
    }

    @Test
    void authenticationReadsOneItemConsistentlyByTeamAndKeyId() throws Exception {
        answer("GetItem", ok("{\"Item\": " + keyItem(AT.toString()) + "}"));

        assertThat(keys.findApiKey(TEAM, "Ab3dE5gH7jK9")).contains(KEY);

        wireMock.verify(1, called("GetItem").withRequestBody(equalToJson("""
                {"TableName": "%s", "ConsistentRead": true,
                 "Key": {"PK": {"S": "TEAM#%s"}, "SK": {"S": "APIKEY#Ab3dE5gH7jK9"}}}
                """.formatted(TABLE, TEAM))));
        wireMock.verify(1, postRequestedFor(urlEqualTo("/")));
    }

    @Test
    void theKeysExpiryIsNotTheTablesTtlAttribute() throws Exception {
        answer("GetItem", ok("{}"));
        answer("Query", ok("{\"Items\": [], \"Count\": 0}"));
        answer("TransactWriteItems", ok("{}"));
        ApiKey expiring = new ApiKey(ID, TEAM, "Ab3dE5gH7jK9", "ci", List.of("secrets:read"), "c2VjcmV0LWhhc2g",
                Instant.parse("2027-01-01T00:00:00Z"), null, null, null, null, AT, "user-1", AT);

        keys.createApiKey(expiring, tier -> 2, null);

        JsonNode put = JSON.readTree(wireMock.findAll(called("TransactWriteItems")).get(0).getBodyAsString())
                .path("TransactItems").get(0).path("Put").path("Item");
        assertThat(put.path("key_expires_at").path("S").asText()).isEqualTo("2027-01-01T00:00:00Z");
        assertThat(put.has("expires_at")).as("expires_at is the TTL attribute: it would delete the key").isFalse();
    }

    @Test
    void aCreateReadsTheTeamAndItsKeysThenCommitsConditionedOnTheSequence() throws Exception {
        answer("GetItem", ok("{\"Item\": {\"PK\": {\"S\": \"TEAM#" + TEAM + "\"}, \"SK\": {\"S\": \"TEAM\"}, "
                + "\"tier\": {\"S\": \"pro\"}, \"api_key_seq\": {\"N\": \"7\"}}}"));
        answer("Query", ok("{\"Items\": [" + keyItem(AT.toString()).replace("Ab3dE5gH7jK9", "Zz9yX8wV7uT6")
                + "], \"Count\": 1}"));
        answer("TransactWriteItems", ok("{}"));

        keys.createApiKey(KEY, tier -> tier == Tier.PRO ? 2 : 0, null);

        wireMock.verify(1, called("GetItem").withRequestBody(equalToJson("""
                {"TableName": "%s", "ConsistentRead": true, "Key": {"PK": {"S": "TEAM#%s"}, "SK": {"S": "TEAM"}}}
                """.formatted(TABLE, TEAM))));
        wireMock.verify(1, called("Query").withRequestBody(equalToJson("""
                {"TableName": "%s", "ConsistentRead": true,
                 "KeyConditionExpression": "PK = :pk AND begins_with(SK, :prefix)",
                 "ExpressionAttributeValues": {":pk": {"S": "TEAM#%s"}, ":prefix": {"S": "APIKEY#"}}}
                """.formatted(TABLE, TEAM))));
        wireMock.verify(1, called("TransactWriteItems").withRequestBody(equalToJson("""
                {"TransactItems": [
                  {"Put": {"TableName": "%1$s", "Item": %2$s, "ConditionExpression": "attribute_not_exists(PK)"}},
                  {"Update": {"TableName": "%1$s", "Key": {"PK": {"S": "TEAM#%3$s"}, "SK": {"S": "TEAM"}},
                    "UpdateExpression": "SET api_key_seq = :next_seq, #tier = if_not_exists(#tier, :free), #count = if_not_exists(#count, :zero), #limit = if_not_exists(#limit, :free_limit), #vcount = if_not_exists(#vcount, :zero), #vlimit = if_not_exists(#vlimit, :free_vlimit), entity = :team",
                    "ConditionExpression": "attribute_not_exists(deleted_at) AND api_key_seq = :read_seq",
                    "ExpressionAttributeNames": {"#tier": "tier", "#count": "secret_count", "#limit": "secret_limit",
                                                 "#vcount": "vault_connection_count", "#vlimit": "vault_connection_limit"},
                    "ExpressionAttributeValues": {":next_seq": {"N": "8"}, ":read_seq": {"N": "7"},
                      ":free": {"S": "free"}, ":zero": {"N": "0"}, ":free_limit": {"N": "5"}, ":free_vlimit": {"N": "1"},
                      ":team": {"S": "team"}}}}
                ],
                "ClientRequestToken": "${json-unit.any-string}"}
                """.formatted(TABLE, keyItem(AT.toString()), TEAM))));
    }

    @Test
    void aTeamNeverSeenStartsTheSequence() throws Exception {
        answer("GetItem", ok("{}"));
        answer("Query", ok("{\"Items\": [], \"Count\": 0}"));
        answer("TransactWriteItems", ok("{}"));

        keys.createApiKey(KEY, tier -> 2, null);

        JsonNode update = JSON.readTree(wireMock.findAll(called("TransactWriteItems")).get(0).getBodyAsString())
                .path("TransactItems").get(1).path("Update");
        assertThat(update.path("ConditionExpression").asText())
                .isEqualTo("attribute_not_exists(deleted_at) AND attribute_not_exists(api_key_seq)");
        assertThat(update.path("ExpressionAttributeValues").path(":next_seq").path("N").asText()).isEqualTo("1");
    }

    @Test
    void aCreateOverTheCapWritesNothing() {
        answer("GetItem", ok("{}"));
        answer("Query", ok("{\"Items\": [" + keyItem(AT.toString()).replace("Ab3dE5gH7jK9", "Zz9yX8wV7uT6")
                + "], \"Count\": 1}"));

        assertThatThrownBy(() -> keys.createApiKey(KEY, tier -> 1, null))
                .isInstanceOfSatisfying(TierLimitExceededException.class, e -> assertThat(e.limit()).isEqualTo(1));
        wireMock.verify(0, called("TransactWriteItems"));
    }

    @Test
    void aCreateThatLostTheSequenceReadsAgainAndCountsTheWinner() {
        // First pass: no keys, sequence 0; the commit finds the sequence moved (a concurrent create took a slot).
        wireMock.stubFor(post(urlEqualTo("/")).inScenario("race").whenScenarioStateIs(Scenario.STARTED)
                .withHeader("X-Amz-Target", equalTo(TARGET + "TransactWriteItems"))
                .willReturn(error(CANCELLED, ",\"CancellationReasons\": [{\"Code\": \"None\"}, "
                        + "{\"Code\": \"ConditionalCheckFailed\", \"Message\": \"The conditional request failed\"}]"))
                .willSetStateTo("lost"));
        answer("GetItem", ok("{}"));
        wireMock.stubFor(post(urlEqualTo("/")).inScenario("race").whenScenarioStateIs(Scenario.STARTED)
                .withHeader("X-Amz-Target", equalTo(TARGET + "Query")).willReturn(ok("{\"Items\": [], \"Count\": 0}")));
        wireMock.stubFor(post(urlEqualTo("/")).inScenario("race").whenScenarioStateIs("lost")
                .withHeader("X-Amz-Target", equalTo(TARGET + "Query")).willReturn(ok("{\"Items\": ["
                        + keyItem(AT.toString()).replace("Ab3dE5gH7jK9", "Zz9yX8wV7uT6") + "], \"Count\": 1}")));

        assertThatThrownBy(() -> keys.createApiKey(KEY, tier -> 1, null))
                .isInstanceOf(TierLimitExceededException.class);
        wireMock.verify(1, called("TransactWriteItems"));
        wireMock.verify(2, called("Query"));
    }

    @Test
    void aRotationIsAVersionConditionedUpdateThatKeepsTheLastUse() throws Exception {
        answer("TransactWriteItems", ok("{}"));
        Instant later = AT.plusSeconds(30);

        keys.updateApiKey(KEY, KEY.rotated("bmV3LWhhc2g", later), null);

        wireMock.verify(1, called("TransactWriteItems").withRequestBody(equalToJson("""
                {"TransactItems": [
                  {"Update": {"TableName": "%s", "Key": {"PK": {"S": "TEAM#%s"}, "SK": {"S": "APIKEY#Ab3dE5gH7jK9"}},
                    "UpdateExpression": "SET #name = :name, scopes = :scopes, secret_hash = :hash, updated_at = :updated_at, rotated_at = :rotated_at",
                    "ConditionExpression": "updated_at = :read_version",
                    "ExpressionAttributeNames": {"#name": "name"},
                    "ExpressionAttributeValues": {":read_version": {"S": "%s"}, ":name": {"S": "ci"},
                      ":hash": {"S": "bmV3LWhhc2g"}, ":updated_at": {"S": "%s"}, ":rotated_at": {"S": "%s"},
                      ":scopes": {"L": [{"S": "secrets:read"}]}},
                    "ReturnValuesOnConditionCheckFailure": "ALL_OLD"}}
                ],
                "ClientRequestToken": "${json-unit.any-string}"}
                """.formatted(TABLE, TEAM, AT, later, later))));
    }

    @Test
    void aFailedVersionConditionIsModifiedWhenTheItemExistsAndNotFoundWhenNot() {
        answer("TransactWriteItems", error(CANCELLED, ",\"CancellationReasons\": [{\"Code\": "
                + "\"ConditionalCheckFailed\", \"Item\": " + keyItem(AT.plusSeconds(1).toString()) + "}]"));
        assertThatThrownBy(() -> keys.updateApiKey(KEY, KEY.revoked(AT.plusSeconds(2)), null))
                .isInstanceOf(ApiKeyModifiedException.class);

        answer("TransactWriteItems", error(CANCELLED, ",\"CancellationReasons\": [{\"Code\": "
                + "\"ConditionalCheckFailed\"}]"));
        assertThatThrownBy(() -> keys.deleteApiKey(KEY, null)).isInstanceOf(ApiKeyNotFoundException.class);
    }

    @Test
    void aUseIsOneConditionedUpdateOfTheUseAttributesOnly() throws Exception {
        answer("UpdateItem", ok("{}"));

        keys.recordUse(KEY, AT.plusSeconds(90), "198.51.100.7", AT.plusSeconds(30));

        wireMock.verify(1, called("UpdateItem").withRequestBody(equalToJson("""
                {"TableName": "%s", "Key": {"PK": {"S": "TEAM#%s"}, "SK": {"S": "APIKEY#Ab3dE5gH7jK9"}},
                 "UpdateExpression": "SET last_used_at = :at, last_used_ip = :ip",
                 "ConditionExpression": "updated_at = :version AND (attribute_not_exists(last_used_at) OR last_used_at < :cutoff)",
                 "ExpressionAttributeValues": {":at": {"S": "2026-12-02T10:01:30Z"}, ":cutoff": {"S": "2026-12-02T10:00:30Z"},
                   ":version": {"S": "%s"}, ":ip": {"S": "198.51.100.7"}}}
                """.formatted(TABLE, TEAM, AT))));
    }

    @Test
    void aRefusedUseConditionIsNoFailure() {
        answer("UpdateItem", error("com.amazonaws.dynamodb.v20120810#ConditionalCheckFailedException", ""));

        assertThatCode(() -> keys.recordUse(KEY, AT.plusSeconds(90), null, AT.plusSeconds(30)))
                .doesNotThrowAnyException();
    }
}
