package io.dataraven.secrets.store.dynamodb;

import io.dataraven.secrets.config.AwsClients;
import io.dataraven.secrets.config.Settings;
import io.dataraven.secrets.ratelimit.RateWindows;
import io.dataraven.secrets.store.RateWindowsContract;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The rate-window contract against a real DynamoDB API named by AWS_ENDPOINT_URL (LocalStack, another emulator or an
 * account), through the limiter's own client; a table of its own per run, deleted afterwards.
 */
class DynamoDbRateWindowsContractTest extends RateWindowsContract {

    private static final Settings SETTINGS = Settings.fromEnvironment();

    private static DynamoDbClient dynamo;
    private static String tableName;
    private static DynamoDbRateWindows windows;

    @BeforeAll
    static void connect() {
        if (SETTINGS.endpointUrl() == null) {
            System.getLogger(DynamoDbRateWindowsContractTest.class.getName()).log(System.Logger.Level.WARNING,
                    "SKIPPED: AWS_ENDPOINT_URL not set, so the DynamoDB rate-window contract does not run (set it to "
                            + "LocalStack, Moto or a real account to run it)");
            return;
        }
        AwsClients aws = new AwsClients(SETTINGS);
        tableName = "dataraven-rate-contract-" + UUID.randomUUID();
        try (DynamoDbClient setup = aws.dynamoDb()) {
            TableSetup.createIfMissing(setup, tableName);
        }
        dynamo = aws.rateLimitDynamoDb();
        windows = new DynamoDbRateWindows(dynamo, tableName);
    }

    @BeforeEach
    void requireEndpoint() {
        Assumptions.assumeTrue(SETTINGS.endpointUrl() != null,
                "AWS_ENDPOINT_URL not set: skipping the DynamoDB rate-window contract "
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
                windows = null;
            }
        }
    }

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
