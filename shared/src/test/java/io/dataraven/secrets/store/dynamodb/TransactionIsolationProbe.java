package io.dataraven.secrets.store.dynamodb;

import software.amazon.awssdk.core.exception.SdkServiceException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;
import software.amazon.awssdk.services.dynamodb.model.Update;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Asks the endpoint itself, with plain SDK calls and no adapter code, whether it isolates concurrent
 * transactions: many transactions at once each put an item and bump a counter under a cap, the shape of a
 * secret create. DynamoDB serializes them (losers are cancelled with a condition failure or a conflict), so the
 * cap always holds and the counter equals the items written; it can never report a violation there. An emulator
 * that runs transactions without isolation lets more through or loses updates, and that is what this reports.
 */
final class TransactionIsolationProbe {

    record Result(boolean isolated, String evidence) {
    }

    private TransactionIsolationProbe() {
    }

    static Result run(DynamoDbClient dynamo, String table, int rounds, int concurrency, int cap) {
        for (int round = 1; round <= rounds; round++) {
            String violation = round(dynamo, table, concurrency, cap);
            if (violation != null) {
                return new Result(false, "the endpoint does not isolate concurrent transactions (probe round "
                        + round + ": " + violation + "), so the concurrency tests would test the emulator, "
                        + "not the adapter; run them against DynamoDB or an emulator with isolated transactions");
            }
        }
        return new Result(true, "no isolation violation in " + rounds + " rounds of " + concurrency
                + " concurrent transactions");
    }

    private static String round(DynamoDbClient dynamo, String table, int concurrency, int cap) {
        String pk = "PROBE#" + UUID.randomUUID();
        Map<String, AttributeValue> counterKey = Map.of("PK", s(pk), "SK", s("COUNTER"));
        ExecutorService pool = Executors.newFixedThreadPool(concurrency);
        CountDownLatch start = new CountDownLatch(1);
        AtomicInteger serverErrors = new AtomicInteger();
        try {
            List<Future<Boolean>> outcomes = new ArrayList<>();
            for (int i = 0; i < concurrency; i++) {
                List<TransactWriteItem> items = List.of(
                        TransactWriteItem.builder().put(Put.builder().tableName(table)
                                .item(Map.of("PK", s(pk), "SK", s("ITEM#" + i)))
                                .conditionExpression("attribute_not_exists(PK)").build()).build(),
                        TransactWriteItem.builder().update(Update.builder().tableName(table).key(counterKey)
                                .updateExpression("SET c = if_not_exists(c, :zero) + :one")
                                .conditionExpression("attribute_not_exists(PK) OR c < :cap")
                                .expressionAttributeValues(Map.of(":zero", n(0), ":one", n(1), ":cap", n(cap)))
                                .build()).build());
                outcomes.add(pool.submit(() -> {
                    start.await();
                    try {
                        dynamo.transactWriteItems(r -> r.transactItems(items));
                        return true;
                    } catch (TransactionCanceledException cancelled) {
                        return false;
                    } catch (SdkServiceException failure) {
                        // DynamoDB answers concurrent transactions with cancellations, not with server errors
                        // that outlast the SDK's retries; an emulator that breaks under them is not isolating
                        if (failure.statusCode() < 500) {
                            throw failure;
                        }
                        serverErrors.incrementAndGet();
                        return false;
                    }
                }));
            }
            start.countDown();
            int committed = 0;
            for (Future<Boolean> outcome : outcomes) {
                if (outcome.get(120, TimeUnit.SECONDS)) {
                    committed++;
                }
            }
            Map<String, AttributeValue> counter = dynamo.getItem(r -> r.tableName(table).key(counterKey)
                    .consistentRead(true)).item();
            int count = counter == null || !counter.containsKey("c") ? 0 : Integer.parseInt(counter.get("c").n());
            int written = dynamo.query(r -> r.tableName(table).consistentRead(true)
                    .keyConditionExpression("PK = :pk AND begins_with(SK, :item)")
                    .expressionAttributeValues(Map.of(":pk", s(pk), ":item", s("ITEM#")))).count();
            if (serverErrors.get() > 0) {
                return serverErrors.get() + " of " + concurrency + " transactions failed with a server error";
            }
            if (committed > cap || count != committed || written != committed) {
                return committed + " of " + concurrency + " transactions committed under a cap of " + cap
                        + ", counter " + count + ", items written " + written;
            }
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while probing", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("the isolation probe failed", e);
        } finally {
            pool.shutdownNow();
        }
    }

    private static AttributeValue s(String value) {
        return AttributeValue.builder().s(value).build();
    }

    private static AttributeValue n(int value) {
        return AttributeValue.builder().n(Integer.toString(value)).build();
    }
}
