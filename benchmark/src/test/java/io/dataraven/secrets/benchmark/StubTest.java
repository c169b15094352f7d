package io.dataraven.secrets.benchmark;

import io.dataraven.secrets.store.dynamodb.DynamoDbRateWindows;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.net.URI;
import java.time.Instant;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The stub answers the rate limiter's UpdateItem with a count, as DynamoDB would, and other updates as before. */
class StubTest {

    @Test
    void theRateLimitersUpdateGetsItsCountAndAPlainUpdateAnEmptySuccess() throws Exception {
        try (Stub stub = new Stub("{\"keys\":[]}");
             DynamoDbClient dynamo = DynamoDbClient.builder().httpClient(UrlConnectionHttpClient.builder().build())
                     .region(Region.US_EAST_1).endpointOverride(URI.create(stub.url()))
                     .credentialsProvider(StaticCredentialsProvider.create(
                             AwsBasicCredentials.create("AKIDBENCHMARK", "benchmark"))).build()) {
            long count = new DynamoDbRateWindows(dynamo, "bench").increment("203.0.113.10", 29_411_340L,
                    Instant.ofEpochSecond(1_764_680_520L));
            var plain = dynamo.updateItem(r -> r.tableName("bench")
                    .key(Map.of("PK", AttributeValue.fromS("TEAM#x"), "SK", AttributeValue.fromS("TEAM")))
                    .updateExpression("SET tier = :t")
                    .expressionAttributeValues(Map.of(":t", AttributeValue.fromS("pro"))));

            assertThat(count).isEqualTo(1);
            assertThat(plain.attributes()).isEmpty();
            assertThat(stub.drainCounts()).containsEntry("DynamoDB.UpdateItem", 2);
        }
    }
}
