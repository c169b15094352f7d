package io.dataraven.secrets.logging;

import com.fasterxml.jackson.databind.JsonNode;
import io.dataraven.secrets.common.Databind;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The embedded metric format as CloudWatch reads it: directives under _aws, values and dimensions at the top. */
class MetricsTest {

    @AfterEach
    void clear() {
        Metrics.discard();
    }

    @Test
    void oneLineHoldsEveryMetricWithItsDimensionsAndIdsAsPropertiesOnly() throws Exception {
        Metrics.count("Requests", Map.of("Route", "POST /v1/teams/{team_id}/secrets", "StatusClass", "4xx"));
        Metrics.put("Latency", "Milliseconds", 12.5, Map.of("Route", "POST /v1/teams/{team_id}/secrets"));
        Metrics.count("Errors", Map.of("ErrorCode", "tier_limit_exceeded"));

        String line = Metrics.flush(1_796_187_600_000L, Map.of("team_id", "3f1c2a9e", "request_id", "r-1"));

        assertThat(line).doesNotContain("\n");
        JsonNode json = Databind.MAPPER.readTree(line);
        JsonNode aws = json.get("_aws");
        assertThat(aws.get("Timestamp").asLong()).isEqualTo(1_796_187_600_000L);
        JsonNode directives = aws.get("CloudWatchMetrics");
        assertThat(directives).hasSize(3);
        for (JsonNode directive : directives) {
            assertThat(directive.get("Namespace").asText()).isEqualTo("DataRaven/Secrets");
            for (JsonNode dimension : directive.get("Dimensions").get(0)) {
                assertThat(json.has(dimension.asText())).as("dimension %s has a value", dimension).isTrue();
            }
            for (JsonNode metric : directive.get("Metrics")) {
                assertThat(json.get(metric.get("Name").asText()).isNumber()).isTrue();
            }
        }
        assertThat(directives.get(0).get("Dimensions").get(0)).extracting(JsonNode::asText)
                .containsExactly("Route", "StatusClass");
        assertThat(json.get("Requests").asDouble()).isEqualTo(1);
        assertThat(json.get("Latency").asDouble()).isEqualTo(12.5);
        assertThat(json.get("ErrorCode").asText()).isEqualTo("tier_limit_exceeded");
        // The team is searchable in the line, but no directive names it: never a dimension.
        assertThat(json.get("team_id").asText()).isEqualTo("3f1c2a9e");
        assertThat(directives.toString()).doesNotContain("team_id").doesNotContain("request_id");
    }

    @Test
    void metricsWithTheSameDimensionsShareADirectiveAndNothingCountedWritesNothing() throws Exception {
        Metrics.put("SweeperDeletions", "Count", 3, Map.of());
        Metrics.put("SweeperProblems", "Count", 0, Map.of());
        JsonNode json = Databind.MAPPER.readTree(Metrics.flush(0, Map.of()));
        assertThat(json.get("_aws").get("CloudWatchMetrics")).hasSize(1);
        assertThat(json.get("_aws").get("CloudWatchMetrics").get(0).get("Metrics")).extracting(m -> m.get("Name")
                .asText()).containsExactlyElementsOf(List.of("SweeperDeletions", "SweeperProblems"));

        assertThat(Metrics.flush(0, Map.of())).as("flushed: nothing left").isNull();
    }
}
