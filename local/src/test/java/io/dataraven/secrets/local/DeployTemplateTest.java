package io.dataraven.secrets.local;

import com.fasterxml.jackson.databind.JsonNode;
import io.dataraven.secrets.common.Json;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What template.yaml promises about a deployed stack's upkeep, which no local run would notice missing: every
 * function logs to a group of its own with the retention parameter, versions the alias left are deleted, and the
 * team events' dead-letter queue has an alarm.
 */
class DeployTemplateTest {

    private static JsonNode template;

    @BeforeAll
    static void read() throws IOException {
        template = CloudFormationYaml.read(TemplateRoutes.locate(null, Path.of("")));
    }

    static Map<String, JsonNode> resources(JsonNode template, String type) {
        Map<String, JsonNode> found = new LinkedHashMap<>();
        template.path("Resources").properties().forEach(resource -> {
            if (type.equals(resource.getValue().path("Type").asText())) {
                found.put(resource.getKey(), resource.getValue());
            }
        });
        return found;
    }

    static JsonNode ref(String name) {
        return Json.MAPPER.createObjectNode().put("Ref", name);
    }

    private static JsonNode globals() {
        return template.path("Globals").path("Function");
    }

    @Test
    void everyFunctionLogsToAGroupOfItsOwnKeptForTheRetentionParameter() {
        Map<String, JsonNode> functions = resources(template, "AWS::Serverless::Function");
        assertThat(functions).isNotEmpty();
        Set<String> groups = new HashSet<>();
        functions.forEach((name, function) -> {
            String group = function.path("Properties").path("LoggingConfig").path("LogGroup").path("Ref").asText();
            JsonNode resource = template.path("Resources").path(group);
            assertThat(resource.path("Type").asText()).as("%s's log group", name).isEqualTo("AWS::Logs::LogGroup");
            assertThat(resource.path("Properties").path("RetentionInDays")).as(group)
                    .isEqualTo(ref("LogRetentionInDays"));
            assertThat(groups.add(group)).as("%s shares its log group", name).isTrue();
        });
        assertThat(resources(template, "AWS::Logs::LogGroup").keySet()).isEqualTo(groups);
        assertThat(template.path("Parameters").path("LogRetentionInDays").path("Default").asInt()).isPositive();
    }

    @Test
    void versionsTheLiveAliasMovedOffAreDeleted() {
        assertThat(globals().path("AutoPublishAlias").asText()).isEqualTo("live");
        assertThat(globals().path("VersionDeletionPolicy").asText()).isEqualTo("Delete");
        resources(template, "AWS::Serverless::Function").forEach((name, function) -> {
            assertThat(function.path("Properties").has("AutoPublishAlias")).as(name).isFalse();
            assertThat(function.path("Properties").has("VersionDeletionPolicy")).as(name).isFalse();
        });
    }

    @Test
    void theTeamEventsDeadLetterQueueRaisesAnAlarmWhileAnythingWaitsInIt() {
        JsonNode queueName = Json.MAPPER.createObjectNode().set("Fn::GetAtt",
                Json.MAPPER.createArrayNode().add("TeamEventsDeadLetterQueue").add("QueueName"));
        assertThat(resources(template, "AWS::CloudWatch::Alarm").values()).anySatisfy(alarm -> {
            JsonNode p = alarm.path("Properties");
            assertThat(p.path("Namespace").asText()).isEqualTo("AWS/SQS");
            assertThat(p.path("MetricName").asText()).isEqualTo("ApproximateNumberOfMessagesVisible");
            assertThat(p.path("Dimensions").get(0).path("Value")).isEqualTo(queueName);
            assertThat(p.path("ComparisonOperator").asText()).isEqualTo("GreaterThanThreshold");
            assertThat(p.path("Threshold").asInt()).isZero();
        });
        // What the alarm watches is where failed team events end up.
        JsonNode onFailure = template.path("Resources").path("TeamEventsFunction").path("Properties")
                .path("EventInvokeConfig").path("DestinationConfig").path("OnFailure").path("Destination");
        assertThat(onFailure.path("Fn::GetAtt").get(0).asText()).isEqualTo("TeamEventsDeadLetterQueue");
    }
}
