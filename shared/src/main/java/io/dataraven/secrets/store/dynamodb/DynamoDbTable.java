package io.dataraven.secrets.store.dynamodb;

import io.dataraven.secrets.store.StoreUnavailableException;
import io.dataraven.secrets.store.aws.SdkFailures;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.GetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.ScanRequest;
import software.amazon.awssdk.services.dynamodb.model.ScanResponse;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

import static io.dataraven.secrets.store.dynamodb.Attributes.s;

/**
 * The one metadata table (see the README's table layout), as the repositories reach it: every call goes through
 * here, so throttling and unanswered calls are translated in one place, and a transaction is repeated with its
 * token. Uses the low-level client: the transactions need update expressions on the team counter, and the
 * enhanced client's bean introspection would cost cold start for four small item shapes.
 */
public final class DynamoDbTable {

    /** Transactions on one team's counter conflict when they overlap; retry those a few times with jitter. */
    private static final int MAX_CONFLICT_ATTEMPTS = 8;
    /** How often a transaction that got no answer is repeated with its token before the outcome is reported unknown. */
    private static final int MAX_UNANSWERED_REPEATS = 2;

    private final DynamoDbClient dynamo;
    private final String name;

    public DynamoDbTable(DynamoDbClient dynamo, String name) {
        this.dynamo = dynamo;
        this.name = name;
    }

    public String name() {
        return name;
    }

    <P extends Enum<P>> Transaction<P> transaction() {
        return new Transaction<>(name);
    }

    /** A consistent read of one item; empty when there is none. */
    Optional<Map<String, AttributeValue>> get(Map<String, AttributeValue> key) {
        GetItemResponse response = call(() -> dynamo.getItem(r -> r.tableName(name).consistentRead(true).key(key)));
        return response.hasItem() && !response.item().isEmpty() ? Optional.of(response.item()) : Optional.empty();
    }

    void update(Map<String, AttributeValue> key, Consumer<UpdateItemRequest.Builder> update) {
        call(() -> dynamo.updateItem(r -> update.accept(r.tableName(name).key(key))));
    }

    /** An update under a condition; false when the condition failed (an answer, not a failure). */
    boolean updateIf(Map<String, AttributeValue> key, Consumer<UpdateItemRequest.Builder> update) {
        try {
            update(key, update);
            return true;
        } catch (ConditionalCheckFailedException refused) {
            return false;
        }
    }

    /** Every item of a team's partition whose sort key starts with {@code prefix}, read consistently, page by page. */
    void queryTeam(UUID teamId, String prefix, Consumer<Map<String, AttributeValue>> each) {
        query(query -> query.consistentRead(true)
                .keyConditionExpression("PK = :pk AND begins_with(SK, :prefix)")
                .expressionAttributeValues(Map.of(":pk", s(Keys.teamPk(teamId)), ":prefix", s(prefix))), each);
    }

    /** Every item of a query of the table or an index (an index read is eventually consistent), page by page. */
    void query(Consumer<QueryRequest.Builder> query, Consumer<Map<String, AttributeValue>> each) {
        QueryRequest.Builder request = QueryRequest.builder().tableName(name);
        query.accept(request);
        paged(startKey -> {
            QueryResponse page = dynamo.query(request.exclusiveStartKey(startKey).build());
            page.items().forEach(each);
            return page.lastEvaluatedKey();
        });
    }

    /** Every item of the table the scan keeps: for scheduled jobs only, never per request. */
    void scan(Consumer<ScanRequest.Builder> scan, Consumer<Map<String, AttributeValue>> each) {
        ScanRequest.Builder request = ScanRequest.builder().tableName(name);
        scan.accept(request);
        paged(startKey -> {
            ScanResponse page = dynamo.scan(request.exclusiveStartKey(startKey).build());
            page.items().forEach(each);
            return page.lastEvaluatedKey();
        });
    }

    /**
     * Reads page after page, each from the last one's LastEvaluatedKey (null for the first; an absent or empty key
     * ends). By hand, not with the SDK's paginators: those would keep unused model classes in the shrunk jar (see
     * lambda-shrink.pro).
     */
    private void paged(Function<Map<String, AttributeValue>, Map<String, AttributeValue>> page) {
        Map<String, AttributeValue> startKey = null;
        do {
            Map<String, AttributeValue> from = startKey;
            Map<String, AttributeValue> last = call(() -> page.apply(from));
            startKey = last == null || last.isEmpty() ? null : last;
        } while (startKey != null);
    }

    /**
     * Runs one logical transaction: every attempt (the SDK's own and ours) carries the same ClientRequestToken, so
     * an attempt that committed late makes the next one answer success instead of applying twice or being refused
     * by its own write. Overlap conflicts are retried with jitter; an attempt without an answer (timeout, 5xx,
     * TransactionInProgress) is repeated with the token, which turns an unknown outcome into a known one. Condition
     * failures go to {@code onCancelled}, which throws what they mean. Anything still unknown leaves as
     * StoreUnavailableException.
     */
    <P extends Enum<P>> void transact(Transaction<P> transaction, Consumer<Cancellation<P>> onCancelled) {
        List<TransactWriteItem> items = transaction.items();
        String token = UUID.randomUUID().toString();
        boolean uncertain = false;
        int unanswered = 0;
        for (int attempt = 1; ; attempt++) {
            try {
                dynamo.transactWriteItems(r -> r.transactItems(items).clientRequestToken(token));
                return;
            } catch (TransactionCanceledException e) {
                List<CancellationReason> reasons = e.hasCancellationReasons() ? e.cancellationReasons() : List.of();
                onCancelled.accept(transaction.cancellation(reasons));
                boolean conflict = reasons.stream().anyMatch(r -> "TransactionConflict".equals(r.code()));
                boolean throttled = reasons.stream().anyMatch(r -> "ThrottlingError".equals(r.code()));
                if (!conflict && !throttled) {
                    throw e;
                }
                if (attempt >= MAX_CONFLICT_ATTEMPTS) {
                    throw new StoreUnavailableException("dynamodb", StoreUnavailableException.Reason.THROTTLED,
                            uncertain, conflict ? "TransactionConflict" : "ThrottlingError");
                }
                backoff(attempt);
            } catch (SdkException e) {
                boolean ambiguous = SdkFailures.ambiguous(e);
                uncertain |= ambiguous;
                if (ambiguous && unanswered++ < MAX_UNANSWERED_REPEATS) {
                    backoff(attempt);
                    continue;
                }
                if (!SdkFailures.unavailable(e)) {
                    throw e;
                }
                throw SdkFailures.translate("dynamodb", e, uncertain);
            }
        }
    }

    /** Runs a single-item call, translating a throttled or unanswered one for the services. */
    private <T> T call(Supplier<T> request) {
        try {
            return request.get();
        } catch (SdkException e) {
            if (SdkFailures.unavailable(e)) { // a failed condition is an answer: it passes through
                throw SdkFailures.translate("dynamodb", e);
            }
            throw e;
        }
    }

    private static void backoff(int attempt) {
        long ceiling = Math.min(200, 10L << attempt);
        try {
            Thread.sleep(ThreadLocalRandom.current().nextLong(ceiling / 2, ceiling + 1));
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while retrying a transaction");
        }
    }
}
