package io.dataraven.secrets.store.dynamodb;

import io.dataraven.secrets.config.AwsClients;
import io.dataraven.secrets.config.Settings;
import io.dataraven.secrets.secret.SecretRepository;
import io.dataraven.secrets.store.SecretStoreContract;
import io.dataraven.secrets.team.TeamRepository;
import io.dataraven.secrets.vault.VaultConnectionRepository;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The contract against a real DynamoDB API: LocalStack, another emulator or an AWS account, named by
 * AWS_ENDPOINT_URL. Each run works in a table of its own and deletes it afterwards.
 */
class DynamoDbStoreContractTest extends SecretStoreContract {

    private static final Settings SETTINGS = Settings.fromEnvironment();

    private static DynamoDbClient dynamo;
    private static DynamoDbTable table;

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
        table = new DynamoDbTable(dynamo, "dataraven-contract-" + UUID.randomUUID());
        TableSetup.createIfMissing(dynamo, table.name());
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
                dynamo.deleteTable(r -> r.tableName(table.name()));
            } finally {
                dynamo.close();
                dynamo = null;
                table = null;
                isolation = null;
            }
        }
    }

    private static TransactionIsolationProbe.Result isolation;

    /** Probed once per run, and only when a concurrency test needs it. */
    @Override
    protected void assumeIsolatedTransactions() {
        synchronized (DynamoDbStoreContractTest.class) {
            if (isolation == null) {
                isolation = TransactionIsolationProbe.run(dynamo, table.name(), 20, 20, 5);
            }
        }
        Assumptions.assumeTrue(isolation.isolated(), isolation.evidence());
    }

    @Override
    protected SecretRepository secrets() {
        return new DynamoDbSecretRepository(table);
    }

    @Override
    protected TeamRepository teams() {
        return new DynamoDbTeamRepository(table);
    }

    @Override
    protected VaultConnectionRepository vaultConnections() {
        return new DynamoDbVaultConnectionRepository(table);
    }

    /** The connection item's {@code secret_ref_count}, read consistently; the item must exist. */
    @Override
    protected io.dataraven.secrets.sweep.CredentialOwners credentialOwners() {
        return new DynamoDbCredentialOwners(table);
    }

    @Override
    protected int vaultConnectionReferences(UUID teamId, UUID connectionId) {
        Map<String, AttributeValue> item = dynamo.getItem(r -> r.tableName(table.name()).consistentRead(true)
                .key(Keys.connection(teamId, connectionId))).item();
        assertThat(item).as("vault connection item %s", connectionId).containsKey("secret_ref_count");
        return Integer.parseInt(item.get("secret_ref_count").n());
    }
}
