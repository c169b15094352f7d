package io.dataraven.secrets.store.dynamodb;

import io.dataraven.secrets.testing.ContractEndpoint;
import io.dataraven.secrets.config.AwsClients;
import io.dataraven.secrets.config.Metadata;
import io.dataraven.secrets.config.Settings;
import io.dataraven.secrets.ratelimit.RateWindows;
import io.dataraven.secrets.store.ApiKeyRepositoryContract;
import io.dataraven.secrets.store.ExpiryNoticeRepositoryContract;
import io.dataraven.secrets.store.CredentialOwnersContract;
import io.dataraven.secrets.store.IdempotencyRecordsContract;
import io.dataraven.secrets.store.RateWindowsContract;
import io.dataraven.secrets.store.SecretRepositoryContract;
import io.dataraven.secrets.store.StoreContract;
import io.dataraven.secrets.store.TeamRepositoryContract;
import io.dataraven.secrets.store.VaultConnectionRepositoryContract;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The metadata and rate-window contracts against a real DynamoDB API: LocalStack, another emulator or an AWS account,
 * named by AWS_ENDPOINT_URL. Each run works in a table of its own and deletes it afterwards.
 */
class DynamoDbStoreContractTest {

    private static final Settings SETTINGS = Settings.fromEnvironment();

    private static DynamoDbClient dynamo;
    private static DynamoDbClient rateLimitDynamo;
    private static String tableName;
    private static StoreContract.Adapter dynamoDb;
    private static TransactionIsolationProbe.Result isolation;

    @BeforeAll
    static void connect() {
        if (!ContractEndpoint.available(SETTINGS, DynamoDbStoreContractTest.class, "the DynamoDB contract suite")) {
            return;
        }
        AwsClients aws = new AwsClients(SETTINGS);
        dynamo = aws.dynamoDb();
        rateLimitDynamo = aws.rateLimitDynamoDb();
        tableName = "dataraven-contract-" + UUID.randomUUID();
        TableSetup.createIfMissing(dynamo, tableName);
        dynamoDb = new StoreContract.Adapter(Metadata.dynamoDb(dynamo, tableName),
                DynamoDbStoreContractTest::vaultConnectionReferences, DynamoDbStoreContractTest::assumeIsolated,
                id -> dynamo.getItem(r -> r.tableName(tableName).consistentRead(true).key(AuditItems.key(id)))
                        .hasItem());
    }

    @BeforeEach
    void requireEndpoint() {
        ContractEndpoint.assume(SETTINGS, "the DynamoDB contract suite");
    }

    @AfterAll
    static void dropTable() {
        if (dynamo != null) {
            try {
                dynamo.deleteTable(r -> r.tableName(tableName));
            } finally {
                dynamo.close();
                rateLimitDynamo.close();
                dynamo = null;
                rateLimitDynamo = null;
                tableName = null;
                dynamoDb = null;
                isolation = null;
            }
        }
    }

    /** Probed once per run, and only when a concurrency test needs it. */
    private static void assumeIsolated() {
        synchronized (DynamoDbStoreContractTest.class) {
            if (isolation == null) {
                isolation = TransactionIsolationProbe.run(dynamo, tableName, 20, 20, 5);
            }
        }
        Assumptions.assumeTrue(isolation.isolated(), isolation.evidence());
    }

    /** A table made before the expiry index existed gets it from TableSetup, as a stack update adds it. */
    @org.junit.jupiter.api.Test
    void anOlderTableGetsTheExpiryIndex() {
        String older = "dataraven-contract-older-" + UUID.randomUUID();
        dynamo.createTable(r -> r.tableName(older)
                .billingMode(software.amazon.awssdk.services.dynamodb.model.BillingMode.PAY_PER_REQUEST)
                .attributeDefinitions(a -> a.attributeName("PK").attributeType("S"),
                        a -> a.attributeName("SK").attributeType("S"))
                .keySchema(k -> k.attributeName("PK").keyType("HASH"), k -> k.attributeName("SK").keyType("RANGE")));
        try {
            TableSetup.createIfMissing(dynamo, older);

            assertThat(dynamo.describeTable(r -> r.tableName(older)).table().globalSecondaryIndexes())
                    .extracting(i -> i.indexName()).containsExactly(SecretItems.EXPIRY_INDEX);
        } finally {
            dynamo.deleteTable(r -> r.tableName(older));
        }
    }

    /** The connection item's {@code secret_ref_count}, read consistently; the item must exist. */
    private static int vaultConnectionReferences(UUID teamId, UUID connectionId) {
        Map<String, AttributeValue> item = dynamo.getItem(r -> r.tableName(tableName).consistentRead(true)
                .key(Keys.connection(teamId, connectionId))).item();
        assertThat(item).as("vault connection item %s", connectionId).containsKey("secret_ref_count");
        return Integer.parseInt(item.get("secret_ref_count").n());
    }

    @Nested
    class Secrets extends SecretRepositoryContract {
        @Override
        protected Adapter adapter() {
            return dynamoDb;
        }
    }

    @Nested
    class Teams extends TeamRepositoryContract {
        @Override
        protected Adapter adapter() {
            return dynamoDb;
        }
    }

    @Nested
    class VaultConnections extends VaultConnectionRepositoryContract {
        @Override
        protected Adapter adapter() {
            return dynamoDb;
        }
    }

    @Nested
    class Owners extends CredentialOwnersContract {
        @Override
        protected Adapter adapter() {
            return dynamoDb;
        }
    }

    @Nested
    class ApiKeys extends ApiKeyRepositoryContract {
        @Override
        protected Adapter adapter() {
            return dynamoDb;
        }
    }

    @Nested
    class Idempotency extends IdempotencyRecordsContract {
        @Override
        protected Adapter adapter() {
            return dynamoDb;
        }
    }

    /** The rate limiter's windows, in the same table, through the limiter's own client (its short budget). */
    @Nested
    class RateLimitWindows extends RateWindowsContract {
        private final DynamoDbRateWindows windows = new DynamoDbRateWindows(() -> rateLimitDynamo, tableName);

        @Override
        protected RateWindows windows() {
            return windows;
        }

        @Test
        void theItemKeepsTheFirstExpiryForTheTtl() {
            String client = "192.0.2." + UUID.randomUUID();
            windows.increment(client, 42, Instant.ofEpochSecond(1000));
            windows.increment(client, 42, Instant.ofEpochSecond(2000));

            Map<String, AttributeValue> item = dynamo.getItem(r -> r.tableName(tableName).consistentRead(true)
                    .key(Keys.key("RATE#" + client, "WINDOW#42"))).item();
            assertThat(item.get("expires_at").n()).isEqualTo("1000");
            assertThat(item.get("request_count").n()).isEqualTo("2");
        }
    }

    @Nested
    class ExpiryNotices extends ExpiryNoticeRepositoryContract {
        @Override
        protected Adapter adapter() {
            return dynamoDb;
        }
    }
}
