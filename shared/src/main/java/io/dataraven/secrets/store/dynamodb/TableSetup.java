package io.dataraven.secrets.store.dynamodb;

import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.Projection;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;

import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.TableStatus;

import java.util.concurrent.TimeUnit;

/**
 * Creates the table when it is missing: for the local server against an emulator and for the contract suite.
 * In AWS the table comes from template.yaml, and the functions have no permission to create tables.
 */
public final class TableSetup {

    private TableSetup() {
    }

    public static void createIfMissing(DynamoDbClient dynamo, String table) {
        try {
            var described = dynamo.describeTable(r -> r.tableName(table)).table();
            if (!described.hasGlobalSecondaryIndexes() || described.globalSecondaryIndexes().stream()
                    .noneMatch(i -> i.indexName().equals(SecretItems.EXPIRY_INDEX))) {
                // A table made before the index existed (a local or contract table): add it, as a stack update does.
                dynamo.updateTable(r -> r.tableName(table).attributeDefinitions(expiryAttributes())
                        .globalSecondaryIndexUpdates(u -> u.create(c -> c.indexName(SecretItems.EXPIRY_INDEX)
                                .keySchema(expiryKeys())
                                .projection(Projection.builder().projectionType(ProjectionType.ALL).build()))));
                awaitActive(dynamo, table);
            }
            return;
        } catch (ResourceNotFoundException e) {
            // create it below
        }
        dynamo.createTable(r -> r.tableName(table)
                .billingMode(BillingMode.PAY_PER_REQUEST)
                .attributeDefinitions(
                        AttributeDefinition.builder().attributeName("PK").attributeType(ScalarAttributeType.S).build(),
                        AttributeDefinition.builder().attributeName("SK").attributeType(ScalarAttributeType.S).build(),
                        expiryAttributes()[0], expiryAttributes()[1])
                .keySchema(
                        KeySchemaElement.builder().attributeName("PK").keyType(KeyType.HASH).build(),
                        KeySchemaElement.builder().attributeName("SK").keyType(KeyType.RANGE).build())
                // The sparse index of expiring secrets, as template.yaml declares it.
                .globalSecondaryIndexes(GlobalSecondaryIndex.builder().indexName(SecretItems.EXPIRY_INDEX)
                        .keySchema(expiryKeys())
                        .projection(Projection.builder().projectionType(ProjectionType.ALL).build()).build()));
        awaitActive(dynamo, table);
    }

    private static AttributeDefinition[] expiryAttributes() {
        return new AttributeDefinition[]{
                AttributeDefinition.builder().attributeName(SecretItems.EXPIRY_INDEX_KEY)
                        .attributeType(ScalarAttributeType.S).build(),
                AttributeDefinition.builder().attributeName("credential_expires_at")
                        .attributeType(ScalarAttributeType.S).build()};
    }

    private static KeySchemaElement[] expiryKeys() {
        return new KeySchemaElement[]{
                KeySchemaElement.builder().attributeName(SecretItems.EXPIRY_INDEX_KEY).keyType(KeyType.HASH).build(),
                KeySchemaElement.builder().attributeName("credential_expires_at").keyType(KeyType.RANGE).build()};
    }

    /**
     * Polls DescribeTable until the table is ACTIVE (what the SDK's waitUntilTableExists checks). Not the SDK's
     * waiter: this class ships in the Lambda jar, and the waiter pulls in JMESPath and keeps every request model
     * class there (see lambda-shrink.pro).
     */
    private static void awaitActive(DynamoDbClient dynamo, String table) {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
        while (true) {
            try {
                if (dynamo.describeTable(r -> r.tableName(table)).table().tableStatus() == TableStatus.ACTIVE) {
                    return;
                }
            } catch (ResourceNotFoundException e) {
                // not visible yet
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("table " + table + " did not become ACTIVE in time");
            }
            try {
                Thread.sleep(250);
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for table " + table, interrupted);
            }
        }
    }
}
