package io.dataraven.secrets.store.dynamodb;

import io.dataraven.secrets.testing.PeerClients;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.dataraven.secrets.secret.Secret;
import io.dataraven.secrets.vault.VaultConnection;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static io.dataraven.secrets.store.StoreFixtures.directSecret;
import static io.dataraven.secrets.store.StoreFixtures.edited;
import static io.dataraven.secrets.store.StoreFixtures.renamed;
import static io.dataraven.secrets.store.StoreFixtures.vaultConnection;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Name locks taken under the rule before common.Names (trimmed, NFC, lower case) stay where they are: a rename or a
 * delete releases the lock under the key the item actually holds, an edit that keeps the name touches no lock. The
 * exact requests, through the real SDK client against WireMock.
 */
class DynamoDbLegacyNameLockTest {

    private static final String TABLE = "dataraven-secrets-test";
    private static final String TARGET = "DynamoDB_20120810.";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static WireMockServer wireMock;
    private static DynamoDbClient dynamo;
    private static DynamoDbSecretRepository secrets;
    private static DynamoDbVaultConnectionRepository connections;

    private final UUID team = UUID.fromString("0b5d6a52-3f7e-4c1a-9d2e-1f0a7c3b9e41");

    @BeforeAll
    static void start() {
        wireMock = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
        wireMock.start();
        dynamo = PeerClients.pointedAt(DynamoDbClient.builder(), wireMock.baseUrl());
        DynamoDbTable table = new DynamoDbTable(dynamo, TABLE);
        secrets = new DynamoDbSecretRepository(table);
        connections = new DynamoDbVaultConnectionRepository(table);
    }

    @AfterAll
    static void stop() {
        dynamo.close();
        wireMock.stop();
    }

    @BeforeEach
    void reset() {
        wireMock.resetAll();
        answer("TransactWriteItems", "{}");
    }

    private static void answer(String operation, String body) {
        wireMock.stubFor(post(urlEqualTo("/")).withHeader("X-Amz-Target", equalTo(TARGET + operation))
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/x-amz-json-1.0")
                        .withBody(body)));
    }

    /** The lock item at the current key, held by {@code holder} (null: no such item). */
    private void lockAtCurrentKey(String holderAttribute, UUID holder) {
        answer("GetItem", holder == null ? "{}" : "{\"Item\":{\"" + holderAttribute + "\":{\"S\":\"" + holder + "\"}}}");
    }

    private static List<JsonNode> sent(String operation) throws Exception {
        List<JsonNode> bodies = new ArrayList<>();
        for (LoggedRequest r : wireMock.findAll(postRequestedFor(urlEqualTo("/"))
                .withHeader("X-Amz-Target", equalTo(TARGET + operation)))) {
            bodies.add(JSON.readTree(r.getBodyAsString()));
        }
        return bodies;
    }

    /** The sort keys of the lock items the transaction deletes and puts, as "delete K" / "put K". */
    private static List<String> lockWrites() throws Exception {
        List<String> writes = new ArrayList<>();
        for (JsonNode item : sent("TransactWriteItems").get(0).path("TransactItems")) {
            item.fields().forEachRemaining(op -> {
                JsonNode sk = op.getValue().path(op.getKey().equals("Put") ? "Item" : "Key").path("SK").path("S");
                if (sk.asText().contains("NAME#")) {
                    writes.add(op.getKey().toLowerCase() + " " + sk.asText());
                }
            });
        }
        return writes;
    }

    @Test
    void aLegacyLockIsReleasedUnderItsOwnKeyOnDelete() throws Exception {
        Secret legacy = renamed(directSecret(team, UUID.randomUUID(), "Straße"), "Straße");
        lockAtCurrentKey("secret_id", null);

        secrets.deleteSecret(legacy);

        assertThat(sent("GetItem")).singleElement().satisfies(get -> {
            assertThat(get.path("Key").path("SK").path("S").asText()).isEqualTo("SECRETNAME#strasse");
            assertThat(get.path("ConsistentRead").asBoolean()).isTrue();
        });
        assertThat(lockWrites()).containsExactly("delete SECRETNAME#straße");
    }

    @Test
    void aLockTakenUnderTheCurrentRuleIsReleasedUnderTheCurrentKey() throws Exception {
        Secret current = renamed(directSecret(team, UUID.randomUUID(), "Straße"), "Straße");
        lockAtCurrentKey("secret_id", current.id());

        secrets.deleteSecret(current);

        assertThat(lockWrites()).containsExactly("delete SECRETNAME#strasse");
    }

    @Test
    void aRenameMovesALegacyLockToTheCurrentRuleAndAnEditKeepsIt() throws Exception {
        Secret legacy = renamed(directSecret(team, UUID.randomUUID(), "Straße"), "Straße");
        lockAtCurrentKey("secret_id", UUID.randomUUID()); // "STRASSE", created since, holds the current key

        secrets.updateSecret(legacy, edited(legacy, "Strasse 2", "moved"));
        assertThat(lockWrites()).containsExactly("delete SECRETNAME#straße", "put SECRETNAME#strasse 2");

        wireMock.resetRequests();
        secrets.updateSecret(legacy, edited(legacy, "Straße", "only the description"));
        assertThat(sent("GetItem")).isEmpty();
        assertThat(lockWrites()).isEmpty();
    }

    @Test
    void plainNamesNeedNoRead() throws Exception {
        Secret plain = renamed(directSecret(team, UUID.randomUUID(), "Prod Backups"), "Prod Backups");

        secrets.deleteSecret(plain);

        assertThat(sent("GetItem")).isEmpty();
        assertThat(lockWrites()).containsExactly("delete SECRETNAME#prod backups");
    }

    @Test
    void connectionsFollowTheSameRule() throws Exception {
        VaultConnection legacy = renamed(vaultConnection(team, "ＰＲＯＤ"), "ＰＲＯＤ");
        lockAtCurrentKey("connection_id", null);

        connections.updateVaultConnection(legacy, edited(legacy, "prod 2", null));
        assertThat(sent("GetItem")).singleElement().satisfies(get ->
                assertThat(get.path("Key").path("SK").path("S").asText()).isEqualTo("VAULTCONNNAME#prod"));
        assertThat(lockWrites()).containsExactly("delete VAULTCONNNAME#ｐｒｏｄ", "put VAULTCONNNAME#prod 2");

        wireMock.resetRequests();
        connections.deleteVaultConnection(legacy);
        assertThat(lockWrites()).containsExactly("delete VAULTCONNNAME#ｐｒｏｄ");
    }
}
