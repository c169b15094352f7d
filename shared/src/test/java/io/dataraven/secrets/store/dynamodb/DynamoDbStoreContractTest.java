package io.dataraven.secrets.store.dynamodb;

import io.dataraven.secrets.config.AwsClients;
import io.dataraven.secrets.config.Metadata;
import io.dataraven.secrets.config.Settings;
import io.dataraven.secrets.store.ApiKeyRepositoryContract;
import io.dataraven.secrets.store.CredentialOwnersContract;
import io.dataraven.secrets.store.IdempotencyRecordsContract;
import io.dataraven.secrets.store.SecretRepositoryContract;
import io.dataraven.secrets.store.StoreContract;
import io.dataraven.secrets.store.TeamRepositoryContract;
import io.dataraven.secrets.store.VaultConnectionRepositoryContract;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The metadata contracts against a real DynamoDB API: LocalStack, another emulator or an AWS account, named by
 * AWS_ENDPOINT_URL. Each run works in a table of its own and deletes it afterwards.
 */
class DynamoDbStoreContractTest {

    private static final Settings SETTINGS = Settings.fromEnvironment();

    private static DynamoDbClient dynamo;
    private static String tableName;
    private static StoreContract.Adapter dynamoDb;
    private static TransactionIsolationProbe.Result isolation;

    @BeforeAll
    static void connect() {
        if (SETTINGS.endpointUrl() == null) {
            // Surefire's console shows only a skip count: say once, visibly, why this suite does not run.
            System.getLogger(DynamoDbStoreContractTest.class.getName()).log(System.Logger.Level.WARNING,
                    "SKIPPED: AWS_ENDPOINT_URL not set, so the DynamoDB contract suite does not run (set it to LocalStack, "
                            + "Moto or a real account to run it)");
            return;
        }
        dynamo = new AwsClients(SETTINGS).dynamoDb();
        tableName = "dataraven-contract-" + UUID.randomUUID();
        TableSetup.createIfMissing(dynamo, tableName);
        dynamoDb = new StoreContract.Adapter(Metadata.dynamoDb(dynamo, tableName),
                DynamoDbStoreContractTest::vaultConnectionReferences, DynamoDbStoreContractTest::assumeIsolated,
                id -> dynamo.getItem(r -> r.tableName(tableName).consistentRead(true).key(AuditItems.key(id)))
                        .hasItem());
    }

    /** Per test rather than in {@code @BeforeAll}, so that the report counts every skipped test with its reason. */
    @BeforeEach
    void requireEndpoint() {
        Assumptions.assumeTrue(SETTINGS.endpointUrl() != null,
                "AWS_ENDPOINT_URL not set: skipping the DynamoDB contract suite "
                        + "(set it to LocalStack, Moto or a real account to run)");
    }

    @AfterAll
    static void dropTable() {
        if (dynamo != null) {
            try {
                dynamo.deleteTable(r -> r.tableName(tableName));
            } finally {
                dynamo.close();
                dynamo = null;
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
}
