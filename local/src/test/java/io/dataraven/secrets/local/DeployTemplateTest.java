package io.dataraven.secrets.local;

import com.fasterxml.jackson.databind.JsonNode;
import io.dataraven.secrets.common.Databind;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What template.yaml promises about deploys, which no local run would notice missing: every function's version is
 * named by DeployFingerprint (so a configuration change reaches the live alias; deploy/deploy.sh computes it,
 * DeployScriptTest), every function logs to a group of its own with the retention parameter, versions the alias
 * left are deleted, the team events' dead-letter queue has an alarm, and the functions' JVM options.
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
        return Databind.MAPPER.createObjectNode().put("Ref", name);
    }

    private static JsonNode globals() {
        return template.path("Globals").path("Function");
    }

    @Test
    void everyFunctionsPublishedVersionIsNamedByTheDeployFingerprint() throws IOException {
        // Globals cannot hold AutoPublishCodeSha256: each function must, or its alias keeps the old configuration.
        resources(template, "AWS::Serverless::Function").forEach((name, function) -> assertThat(
                function.path("Properties").path("AutoPublishCodeSha256")).as(name).isEqualTo(ref("DeployFingerprint")));
        JsonNode parameter = template.path("Parameters").path("DeployFingerprint");
        Pattern allowed = Pattern.compile(parameter.path("AllowedPattern").asText());
        // SAM puts the value into the version's logical id: alphanumeric only. The default serves sam validate.
        assertThat(allowed.matcher("0123456789abcdef").matches()).isTrue();
        assertThat(parameter.path("Default").asText()).matches(allowed).matches("[A-Za-z0-9]+");
        // samconfig.toml's placeholder fails the pattern, so a bare `sam deploy` stops instead of publishing nothing.
        Path samconfig = TemplateRoutes.locate(null, Path.of("")).resolveSibling("samconfig.toml");
        Matcher placeholder = Pattern.compile("DeployFingerprint=\\\\\"([^\\\\]*)\\\\\"")
                .matcher(Files.readString(samconfig));
        assertThat(placeholder.find()).as("DeployFingerprint in samconfig.toml").isTrue();
        assertThat(placeholder.group(1)).doesNotMatch(allowed);
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
        groups.add(apiAccessLogGroup());
        assertThat(resources(template, "AWS::Logs::LogGroup").keySet()).isEqualTo(groups);
        assertThat(template.path("Parameters").path("LogRetentionInDays").path("Default").asInt()).isPositive();
    }

    private static JsonNode api() {
        Map<String, JsonNode> apis = resources(template, "AWS::Serverless::HttpApi");
        assertThat(apis).hasSize(1);
        return apis.values().iterator().next().path("Properties");
    }

    private static String apiAccessLogGroup() {
        JsonNode arn = api().path("AccessLogSettings").path("DestinationArn").path("Fn::GetAtt");
        assertThat(arn.path(1).asText()).isEqualTo("Arn");
        return arn.path(0).asText();
    }

    @Test
    void theApiWritesOneJsonAccessLogLinePerRequestWithoutPathQueryOrHeaderValues() throws IOException {
        String group = apiAccessLogGroup();
        JsonNode resource = template.path("Resources").path(group);
        assertThat(resource.path("Type").asText()).isEqualTo("AWS::Logs::LogGroup");
        assertThat(resource.path("Properties").path("RetentionInDays")).isEqualTo(ref("LogRetentionInDays"));
        String format = api().path("AccessLogSettings").path("Format").asText();
        // With every $context variable filled in, a line is one JSON object.
        JsonNode line = Databind.MAPPER.readTree(format.replaceAll("\\$context\\.[A-Za-z.]+", "x"));
        assertThat(line.isObject()).isTrue();
        assertThat(line.has("requestId") && line.has("routeKey") && line.has("status") && line.has("latencyMs"))
                .as(format).isTrue();
        // The route key is the template's ({secret_id}); the raw path, query strings and headers could carry data.
        assertThat(format).doesNotContain("$context.path", "$context.rawQueryString", "$context.querystring",
                "$request.", "$context.authorizer", "$context.identity.apiKey");
    }

    @Test
    void everyFunctionIsTracedAndNoneOptsOut() {
        assertThat(globals().path("Tracing").asText()).isEqualTo("Active");
        resources(template, "AWS::Serverless::Function").forEach((name, function) ->
                assertThat(function.path("Properties").has("Tracing")).as(name).isFalse());
    }

    @Test
    void everyRouteIsThrottledBelowTheAccountLimitByParameters() {
        JsonNode defaults = api().path("DefaultRouteSettings");
        assertThat(defaults.path("ThrottlingRateLimit")).isEqualTo(ref("ApiThrottlingRateLimit"));
        assertThat(defaults.path("ThrottlingBurstLimit")).isEqualTo(ref("ApiThrottlingBurstLimit"));
        // The account's default across every API of the region is 10,000 per second, bursts of 5,000.
        assertThat(template.path("Parameters").path("ApiThrottlingRateLimit").path("Default").asInt())
                .isBetween(1, 9_999);
        assertThat(template.path("Parameters").path("ApiThrottlingBurstLimit").path("Default").asInt())
                .isBetween(1, 4_999);
    }

    @Test
    void everyFunctionRunsC1OnlyAndKeepsIdleConnectionsLongerThanTheJdksFiveSeconds() {
        String options = globals().path("Environment").path("Variables").path("JAVA_TOOL_OPTIONS").asText();
        assertThat(options.split(" ")).contains("-XX:TieredStopAtLevel=1");
        // Requests seconds apart reuse their connections (KeptConnectionsTest: a closed one is replaced before a
        // call is written); never past the 60 s the SDK's pooled clients keep an idle connection.
        Matcher keepAlive = Pattern.compile("-Dhttp\\.keepAlive\\.time\\.server=(\\d+)").matcher(options);
        assertThat(keepAlive.find()).as("http.keepAlive.time.server in " + options).isTrue();
        assertThat(Integer.parseInt(keepAlive.group(1))).isBetween(6, 60);
        // No function sets options of its own, which would replace these.
        resources(template, "AWS::Serverless::Function").forEach((name, function) -> assertThat(
                function.path("Properties").path("Environment").path("Variables").has("JAVA_TOOL_OPTIONS"))
                .as(name).isFalse());
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
        JsonNode queueName = Databind.MAPPER.createObjectNode().set("Fn::GetAtt",
                Databind.MAPPER.createArrayNode().add("TeamEventsDeadLetterQueue").add("QueueName"));
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

    @Test
    void everyHttpFunctionMayCountRequestsOnRateItemsOnlyAndTheLimitIsAParameter() {
        assertThat(globals().path("Environment").path("Variables").path("RATE_LIMIT_PER_MINUTE"))
                .isEqualTo(ref("RateLimitPerMinute"));
        JsonNode parameter = template.path("Parameters").path("RateLimitPerMinute");
        assertThat(parameter.path("Default").asInt()).isEqualTo(120);
        assertThat(parameter.path("MinValue").asInt()).isZero();
        // The window items expire through the table's TTL attribute, the one DynamoDbRateWindows sets.
        assertThat(template.path("Resources").path("SecretsTable").path("Properties").path("TimeToLiveSpecification")
                .path("AttributeName").asText()).isEqualTo("expires_at");
        // The one policy that may count requests: UpdateItem on RATE# partitions only.
        JsonNode statements = template.path("Resources").path("RateLimitPolicy").path("Properties")
                .path("PolicyDocument").path("Statement");
        assertThat(statements).hasSize(1);
        JsonNode statement = statements.get(0);
        assertThat(statement.path("Action").toString()).isEqualTo("[\"dynamodb:UpdateItem\"]");
        assertThat(statement.path("Resource").path("Fn::GetAtt").toString()).isEqualTo("[\"SecretsTable\",\"Arn\"]");
        assertThat(statement.path("Condition").path("ForAllValues:StringLike").path("dynamodb:LeadingKeys")
                .toString()).isEqualTo("[\"RATE#*\"]");
        // Every HTTP function has it, no other function does; a function in another's role (verify runs in
        // resolve's) has that function's policies, and the role's owner has them for it.
        Map<String, JsonNode> functions = resources(template, "AWS::Serverless::Function");
        Map<String, String> roleOwner = new HashMap<>();
        functions.forEach((name, function) -> {
            JsonNode role = function.path("Properties").path("Role").path("Fn::GetAtt");
            if (role.isArray()) {
                assertThat(role.get(0).asText()).as(name + " runs in a SAM-made role").endsWith("FunctionRole");
                roleOwner.put(name, role.get(0).asText().replaceFirst("Role$", ""));
            }
        });
        Map<String, Boolean> http = new HashMap<>();
        functions.forEach((name, function) -> http.merge(roleOwner.getOrDefault(name, name),
                function.path("Properties").path("Events").toString().contains("\"HttpApi\""), Boolean::logicalOr));
        functions.forEach((name, function) -> {
            String owner = roleOwner.getOrDefault(name, name);
            List<JsonNode> policies = new ArrayList<>();
            functions.get(owner).path("Properties").path("Policies").forEach(policies::add);
            if (http.get(owner)) {
                assertThat(policies).as(name).contains(ref("RateLimitPolicy"));
            } else {
                assertThat(policies).as(name + " (no route) counts no requests").doesNotContain(ref("RateLimitPolicy"));
            }
        });
        assertThat(roleOwner).as("only verify borrows a role").isEqualTo(Map.of("VerifySecretFunction",
                "ResolveSecretFunction"));
    }

    @Test
    void verifyReadsCredentialsOnlyThroughTheResolveRoleWhichMaySetNoOtherAttributeForIt() {
        Map<String, JsonNode> functions = resources(template, "AWS::Serverless::Function");
        // Credential values: GetParameter on secrets' parameters, in the resolve function's policies alone.
        functions.forEach((name, function) -> {
            String policies = function.path("Properties").path("Policies").toString();
            if (!name.equals("ResolveSecretFunction") && policies.contains("ssm:GetParameter")) {
                assertThat(policies).as(name).doesNotContain("/teams/*/secrets/*");
            }
        });
        assertThat(functions.get("VerifySecretFunction").path("Properties").path("Role").path("Fn::GetAtt")
                .toString()).isEqualTo("[\"ResolveSecretFunctionRole\",\"Arn\"]");
        assertThat(functions.get("VerifySecretFunction").path("Properties").has("Policies")).isFalse();
        JsonNode record = null;
        for (JsonNode policy : functions.get("ResolveSecretFunction").path("Properties").path("Policies")) {
            for (JsonNode statement : policy.path("Statement")) {
                if (statement.path("Sid").asText().equals("RecordVerification")) {
                    record = statement;
                }
            }
        }
        assertThat(record).as("the RecordVerification statement").isNotNull();
        assertThat(record.path("Action").toString()).isEqualTo("[\"dynamodb:UpdateItem\"]");
        JsonNode condition = record.path("Condition");
        assertThat(condition.path("ForAllValues:StringEquals").path("dynamodb:Attributes").toString())
                .isEqualTo("[\"PK\",\"SK\",\"last_verification\",\"pending\",\"credential_version\"]");
        assertThat(condition.path("ForAllValues:StringLike").path("dynamodb:LeadingKeys").toString())
                .isEqualTo("[\"TEAM#*\"]");
        assertThat(condition.path("StringEqualsIfExists").path("dynamodb:ReturnValues").toString())
                .isEqualTo("[\"NONE\"]");
    }

    @Test
    void onlyTheAuditRelayPublishesAuditEventsAndItReadsTheTablesStreamOfOutboxInserts() {
        Map<String, JsonNode> functions = resources(template, "AWS::Serverless::Function");
        // Requests commit their events in their transaction: no API function may call EventBridge.
        functions.forEach((name, function) -> {
            String policies = function.path("Properties").path("Policies").toString();
            if (name.equals("PublishAuditEventsFunction")) {
                assertThat(policies).contains("events:PutEvents").contains("AuditEventBusName");
            } else if (!name.equals("TeamEventsFunction")) {
                assertThat(policies).as(name).doesNotContain("events:PutEvents");
            }
        });
        assertThat(globals().path("Environment").path("Variables").has("AUDIT_EVENT_BUS")).isFalse();
        assertThat(template.path("Resources").path("SecretsTable").path("Properties").path("StreamSpecification")
                .path("StreamViewType").asText()).isEqualTo("NEW_IMAGE");
        JsonNode source = functions.get("PublishAuditEventsFunction").path("Properties").path("Events")
                .path("AuditOutbox").path("Properties");
        assertThat(source.path("Stream").path("Fn::GetAtt").toString()).isEqualTo("[\"SecretsTable\",\"StreamArn\"]");
        assertThat(source.path("FunctionResponseTypes").toString()).contains("ReportBatchItemFailures");
        assertThat(source.path("FilterCriteria").toString()).contains("INSERT").contains("AUDIT#");
        assertThat(source.path("DestinationConfig").path("OnFailure").path("Destination").path("Fn::GetAtt").get(0)
                .asText()).isEqualTo("AuditRelayDeadLetterQueue");
        assertThat(resources(template, "AWS::CloudWatch::Alarm").values()).anySatisfy(alarm -> assertThat(
                alarm.path("Properties").path("Dimensions").get(0).path("Value").path("Fn::GetAtt").get(0).asText())
                .isEqualTo("AuditRelayDeadLetterQueue"));
    }

    @Test
    void everyFunctionLogsJsonAtTheParametersLevels() {
        JsonNode logging = globals().path("LoggingConfig");
        assertThat(logging.path("LogFormat").asText()).isEqualTo("JSON");
        assertThat(logging.path("ApplicationLogLevel")).isEqualTo(ref("ApplicationLogLevel"));
        assertThat(logging.path("SystemLogLevel")).isEqualTo(ref("SystemLogLevel"));
        resources(template, "AWS::Serverless::Function").forEach((name, function) -> assertThat(
                function.path("Properties").path("LoggingConfig").has("LogFormat")).as(name + " keeps Globals' format")
                .isFalse());
    }

    @Test
    void onCallIsAlarmedOnServerErrorsResolveFailuresThrottlingAndSweeperProblemsToTheTopic() {
        Map<String, JsonNode> alarms = resources(template, "AWS::CloudWatch::Alarm");
        assertThat(alarms).containsKeys("ApiServerErrorRateAlarm", "ResolveFailuresAlarm", "ThrottlingAlarm",
                "SweeperProblemsAlarm", "TeamEventsDeadLetterQueueAlarm", "AuditRelayDeadLetterQueueAlarm",
                "RateLimiterUnavailableAlarm", "ExpiryNoticeFailuresAlarm");
        alarms.forEach((name, alarm) -> assertThat(alarm.path("Properties").path("AlarmActions").toString())
                .as(name).contains("AlarmTopicArn"));
        // The functions' own metrics are read where the functions write them.
        JsonNode namespace = globals().path("Environment").path("Variables").path("METRICS_NAMESPACE");
        for (String name : new String[]{"ResolveFailuresAlarm", "ThrottlingAlarm", "SweeperProblemsAlarm",
                "RateLimiterUnavailableAlarm", "ExpiryNoticeFailuresAlarm"}) {
            assertThat(alarms.get(name).path("Properties").path("Namespace")).as(name).isEqualTo(namespace);
        }
        assertThat(alarms.get("ThrottlingAlarm").path("Properties").path("Dimensions").toString())
                .contains("service_throttled");
        assertThat(alarms.get("RateLimiterUnavailableAlarm").path("Properties").path("MetricName").asText())
                .isEqualTo("RateLimiterUnavailable");
        assertThat(alarms.get("ExpiryNoticeFailuresAlarm").path("Properties").path("MetricName").asText())
                .isEqualTo("ExpiryNoticeFailures");
    }
}
