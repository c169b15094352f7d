package io.dataraven.secrets.store.dynamodb;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import io.dataraven.secrets.secret.Secret;
import io.dataraven.secrets.testing.PeerClients;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
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

/** The expiry warnings' read through the real SDK against WireMock: one query of the sparse index, page by page. */
class DynamoDbExpiryNoticesProtocolTest {

    private static final String TABLE = "dataraven-expiry-test";
    private static final String TARGET = "DynamoDB_20120810.";
    private static final UUID TEAM = UUID.fromString("0b5d6a52-3f7e-4c1a-9d2e-1f0a7c3b9e41");

    private static WireMockServer wireMock;
    private static DynamoDbClient dynamo;

    @BeforeAll
    static void start() {
        wireMock = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
        wireMock.start();
        dynamo = PeerClients.pointedAt(DynamoDbClient.builder(), wireMock.baseUrl());
    }

    @AfterAll
    static void stop() {
        dynamo.close();
        wireMock.stop();
    }

    private static String secret(UUID id, String expiry) {
        return """
                {"PK": {"S": "TEAM#%s"}, "SK": {"S": "SECRET#%s"}, "entity": {"S": "secret"}, "id": {"S": "%s"},
                 "name": {"S": "archive"}, "name_normalized": {"S": "archive"}, "secret_type": {"S": "azure_blob"},
                 "auth_method": {"S": "azure_sas_url"}, "created_at": {"S": "2026-12-01T00:00:00Z"},
                 "created_by": {"S": "u"}, "updated_at": {"S": "2026-12-01T00:00:00Z"}, "updated_by": {"S": "u"},
                 "credential_path": {"S": "/p"}, "credential_version": {"N": "1"},
                 "credential_expires_at": {"S": "%s"}, "expiry_index": {"S": "secret"}}
                """.formatted(TEAM, id, id, expiry);
    }

    @Test
    void oneQueryOfTheIndexOverTheWindowFollowedPageByPage() throws Exception {
        UUID first = UUID.randomUUID();
        UUID second = UUID.randomUUID();
        String lastKey = "{\"PK\": {\"S\": \"TEAM#" + TEAM + "\"}, \"SK\": {\"S\": \"SECRET#" + first + "\"}, "
                + "\"expiry_index\": {\"S\": \"secret\"}, \"credential_expires_at\": {\"S\": \"2026-12-10T00:00:00Z\"}}";
        wireMock.stubFor(post(urlEqualTo("/")).withHeader("X-Amz-Target", equalTo(TARGET + "Query"))
                .withRequestBody(com.github.tomakehurst.wiremock.client.WireMock.notContaining("ExclusiveStartKey"))
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/x-amz-json-1.0")
                        .withBody("{\"Items\": [" + secret(first, "2026-12-10T00:00:00Z") + "], \"Count\": 1, "
                                + "\"LastEvaluatedKey\": " + lastKey + "}")));
        wireMock.stubFor(post(urlEqualTo("/")).withHeader("X-Amz-Target", equalTo(TARGET + "Query"))
                .withRequestBody(com.github.tomakehurst.wiremock.client.WireMock.containing("ExclusiveStartKey"))
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/x-amz-json-1.0")
                        .withBody("{\"Items\": [" + secret(second, "2026-12-12T00:00:00.5Z") + "], \"Count\": 1}")));
        DynamoDbExpiryNotices notices = new DynamoDbExpiryNotices(new DynamoDbTable(dynamo, TABLE));

        List<Secret> found = notices.secretsExpiringBetween(Instant.parse("2026-11-02T00:00:00Z"),
                Instant.parse("2026-12-16T00:00:00Z"));

        assertThat(found).extracting(Secret::id).containsExactly(first, second);
        assertThat(found.get(1).expiresAt()).isEqualTo("2026-12-12T00:00:00.500Z");
        wireMock.verify(1, postRequestedFor(urlEqualTo("/")).withRequestBody(equalToJson("""
                {"TableName": "%s", "IndexName": "ExpiringSecrets",
                 "KeyConditionExpression": "#index = :partition AND credential_expires_at BETWEEN :from AND :to",
                 "ExpressionAttributeNames": {"#index": "expiry_index"},
                 "ExpressionAttributeValues": {":partition": {"S": "secret"}, ":from": {"S": "2026-11-02T00:00:00Z"},
                                               ":to": {"S": "2026-12-16T00:00:00Z"}}}
                """.formatted(TABLE))));
        wireMock.verify(2, postRequestedFor(urlEqualTo("/")));
        // No Scan: the table's other items are never read.
        JsonNode firstRequest = new ObjectMapper().readTree(wireMock.getAllServeEvents().get(1).getRequest()
                .getBodyAsString());
        assertThat(firstRequest.has("ConsistentRead")).isFalse();
    }
}
