package io.dataraven.secrets.store.dynamodb;

import io.dataraven.secrets.ratelimit.RateWindows;
import io.dataraven.secrets.store.StoreUnavailableException;
import io.dataraven.secrets.store.aws.SdkFailures;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemResponse;

import java.time.Instant;
import java.util.Map;
import java.util.function.Supplier;

import static io.dataraven.secrets.store.dynamodb.Attributes.n;

/**
 * The request counts in the table: one item per client and minute, {@code PK=RATE#<ip>}, {@code SK=WINDOW#<epoch
 * minute>}, counted by one {@code UpdateItem} per request ({@code ADD request_count :one}; 1 WCU, no read, no
 * condition) that returns the new count. {@code expires_at} (the table's TTL attribute) is set by the first
 * request of the window only. Outside every team partition, and left out of the audit stream's filter.
 *
 * <p>Every failure of the call (throttling, a timeout of the client's short budget, a 5xx, even a refusal such as
 * missing permissions) is a {@link StoreUnavailableException}: the limiter fails open on any of them rather than
 * turn a counting problem into failed requests.
 */
public final class DynamoDbRateWindows implements RateWindows {

    static final String PK_PREFIX = "RATE#";
    static final String SK_PREFIX = "WINDOW#";
    static final String COUNT = "request_count";
    static final String EXPIRES_AT = "expires_at";
    private static final String EXPRESSION = "ADD " + COUNT + " :one SET " + EXPIRES_AT + " = if_not_exists("
            + EXPIRES_AT + ", :exp)";
    private static final AttributeValue ONE = n(1);

    private final Supplier<DynamoDbClient> dynamo;
    private final String table;

    /** @param dynamo a client with a short per-call budget ({@code AwsClients.rateLimitDynamoDb}), got on first use */
    public DynamoDbRateWindows(Supplier<DynamoDbClient> dynamo, String table) {
        this.dynamo = dynamo;
        this.table = table;
    }

    public DynamoDbRateWindows(DynamoDbClient dynamo, String table) {
        this(() -> dynamo, table);
    }

    @Override
    public long increment(String client, long windowEpochMinute, Instant expiresAt) {
        UpdateItemRequest request = UpdateItemRequest.builder()
                .tableName(table)
                .key(Keys.key(PK_PREFIX + client, SK_PREFIX + windowEpochMinute))
                .updateExpression(EXPRESSION)
                .expressionAttributeValues(Map.of(":one", ONE, ":exp", n(expiresAt.getEpochSecond())))
                .returnValues(ReturnValue.UPDATED_NEW)
                .build();
        UpdateItemResponse response;
        try {
            response = dynamo.get().updateItem(request);
        } catch (SdkException e) {
            throw SdkFailures.translate("dynamodb", e);
        }
        AttributeValue count = response.attributes().get(COUNT);
        if (count == null || count.n() == null) {
            throw new StoreUnavailableException("dynamodb", StoreUnavailableException.Reason.UNAVAILABLE, true,
                    "UpdateItem answered without " + COUNT);
        }
        return Long.parseLong(count.n());
    }
}
