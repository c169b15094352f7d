package io.dataraven.secrets.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dataraven.secrets.common.Json;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.AbortableInputStream;
import software.amazon.awssdk.http.ExecutableHttpRequest;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.HttpExecuteResponse;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpResponse;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.ssm.SsmClient;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * DynamoDB, SSM and EventBridge SDK clients whose HTTP client answers in process (dummy keys, no byte on the
 * network), so that priming runs our real adapters: the SDK's marshalling, signing and response parsing, and our item
 * and parameter mapping. Behind them, just enough of a table and a parameter store for a sample request to succeed:
 * items by key (puts, deletes, and the plain {@code a = :v} assignments and removals of updates; conditions always
 * hold, counters are not kept), queries by key prefix or of the expiry index, scans by {@code attribute_exists(a)}, parameters by name with
 * versions, listed by path. Anything else answers an empty success.
 */
final class InProcessAws implements AutoCloseable {

    /** {@code name = :value}, not {@code if_not_exists(...)} or arithmetic. */
    private static final Pattern ASSIGNMENT = Pattern.compile("([#\\w]+) = (:\\w+)(?![\\w(]|\\s*[+-])");
    private static final Pattern REMOVE = Pattern.compile("\\bREMOVE (.+)$");
    private static final Pattern ADD = Pattern.compile("\\bADD (\\w+) (:\\w+)");
    private static final Pattern EXISTS = Pattern.compile("attribute_exists\\((\\w+)\\)");
    /** Every parameter's LastModifiedDate: just after priming's fixed clock (the epoch), so never an old orphan. */
    private static final double LAST_MODIFIED = 0.125;

    private final Map<String, ObjectNode> items = new HashMap<>();
    private final Map<String, ObjectNode> parameters = new HashMap<>();
    /** The parameter names GetParameter was asked for, in order: which credential reads the operation makes. */
    private final List<String> parametersRead = new ArrayList<>();
    final DynamoDbClient dynamoDb;
    final SsmClient ssm;
    final EventBridgeClient eventBridge;

    InProcessAws(Region region) {
        SdkHttpClient http = new Answering();
        StaticCredentialsProvider keys = StaticCredentialsProvider.create(
                AwsBasicCredentials.create("AKIDSNAPSTARTPRIMING", "snapstart-priming"));
        URI nowhere = URI.create("http://localhost");
        dynamoDb = DynamoDbClient.builder().httpClient(http).region(region).credentialsProvider(keys)
                .endpointOverride(nowhere).build();
        ssm = SsmClient.builder().httpClient(http).region(region).credentialsProvider(keys)
                .endpointOverride(nowhere).build();
        eventBridge = EventBridgeClient.builder().httpClient(http).region(region).credentialsProvider(keys)
                .endpointOverride(nowhere).build();
    }

    /** Forgets every item and parameter (and the reads): the next request finds an empty table and store again. */
    synchronized void clear() {
        items.clear();
        parameters.clear();
        parametersRead.clear();
    }

    /** The parameter names read so far (GetParameter), in order. */
    synchronized List<String> parametersRead() {
        return List.copyOf(parametersRead);
    }

    @Override
    public void close() {
        dynamoDb.close();
        ssm.close();
        eventBridge.close();
    }

    /** The answer to one call, by its X-Amz-Target operation. */
    private synchronized String answer(String operation, JsonNode request) {
        switch (operation) {
            case "TransactWriteItems" -> request.path("TransactItems").forEach(item ->
                    item.fields().forEachRemaining(write -> write(write.getKey(), write.getValue())));
            case "PutItem" -> write("Put", request);
            case "UpdateItem" -> {
                write("Update", request);
                return updatedNew(request);
            }
            case "DeleteItem" -> write("Delete", request);
            case "GetItem" -> {
                ObjectNode item = items.get(key(request.path("Key")));
                return item == null ? "{}" : Json.write(Json.object().set("Item", item));
            }
            case "Query" -> {
                return query(request);
            }
            case "Scan" -> {
                return scan(request.path("FilterExpression").asText());
            }
            case "DescribeParameters" -> {
                return describeParameters(request.path("ParameterFilters"));
            }
            case "PutParameter" -> {
                return putParameter(request);
            }
            case "GetParameter" -> {
                parametersRead.add(request.path("Name").asText());
                // A name:version selector reads the newest version: priming never asks for an old one.
                ObjectNode parameter = parameters.get(request.path("Name").asText().replaceFirst(":\\d+$", ""));
                return parameter == null ? "{}" : Json.write(Json.object().set("Parameter", parameter));
            }
            case "DeleteParameter" -> parameters.remove(request.path("Name").asText());
            case "DeleteParameters" -> request.path("Names").forEach(name -> parameters.remove(name.asText()));
            case "PutEvents" -> {
                // One entry per event, as EventBridge answers: the relay reads them (an empty answer skips that).
                ArrayNode entries = Json.array();
                for (int i = 0; i < request.path("Entries").size(); i++) {
                    entries.addObject().put("EventId", "snapstart-priming-" + i);
                }
                ObjectNode answer = Json.object().put("FailedEntryCount", 0);
                answer.set("Entries", entries);
                return Json.write(answer);
            }
            default -> {
                // an empty success is a valid answer to the rest (the batch deletes, ListTagsForResource)
            }
        }
        return "{}";
    }

    /** One write of a transaction, or a single-item call of the same kind. */
    private void write(String kind, JsonNode write) {
        switch (kind) {
            case "Put" -> items.put(key(write.get("Item")), (ObjectNode) write.get("Item"));
            case "Delete" -> items.remove(key(write.path("Key")));
            case "Update" -> update(write);
            default -> {
                // ConditionCheck: conditions always hold here
            }
        }
    }

    /** UPDATED_NEW of an {@code ADD name :v} (the rate limiter's count): counters are not kept, so {@code :v}. */
    private static String updatedNew(JsonNode update) {
        ObjectNode attributes = Json.object();
        if ("UPDATED_NEW".equals(update.path("ReturnValues").asText())) {
            Matcher add = ADD.matcher(update.path("UpdateExpression").asText());
            while (add.find()) {
                attributes.set(add.group(1), update.path("ExpressionAttributeValues").get(add.group(2)));
            }
        }
        return attributes.isEmpty() ? "{}" : Json.write(Json.object().set("Attributes", attributes));
    }

    private void update(JsonNode update) {
        JsonNode key = update.path("Key");
        ObjectNode item = items.computeIfAbsent(key(key), k -> key.deepCopy());
        String expression = update.path("UpdateExpression").asText();
        JsonNode names = update.path("ExpressionAttributeNames");
        JsonNode values = update.path("ExpressionAttributeValues");
        Matcher assignment = ASSIGNMENT.matcher(expression);
        while (assignment.find()) {
            item.set(names.path(assignment.group(1)).asText(assignment.group(1)), values.get(assignment.group(2)));
        }
        Matcher remove = REMOVE.matcher(expression);
        if (remove.find()) {
            for (String name : remove.group(1).split(",\\s*")) {
                item.remove(names.path(name).asText(name));
            }
        }
    }

    /**
     * What our adapters query: one team's partition and item kind ({@code :pk}, {@code :prefix}), or the expiry
     * index's partition (the items holding its key, {@code #index}, with the {@code :partition} value; its range
     * condition is left to the adapter, which checks the bounds again itself).
     */
    private String query(JsonNode request) {
        JsonNode values = request.path("ExpressionAttributeValues");
        Predicate<ObjectNode> match;
        if (request.hasNonNull("IndexName")) {
            String attribute = request.path("ExpressionAttributeNames").path("#index").asText();
            String partition = values.path(":partition").path("S").asText();
            match = item -> item.path(attribute).path("S").asText().equals(partition);
        } else {
            String pk = values.path(":pk").path("S").asText();
            String prefix = values.path(":prefix").path("S").asText();
            match = item -> item.path("PK").path("S").asText().equals(pk)
                    && item.path("SK").path("S").asText().startsWith(prefix);
        }
        ObjectNode answer = Json.object();
        ArrayNode found = answer.putArray("Items");
        items.values().stream().filter(match).forEach(found::add);
        return Json.write(answer.put("Count", found.size()));
    }

    /** The sweeper's scan: every item, or those holding the attribute of an {@code attribute_exists(a)} filter. */
    private String scan(String filter) {
        Matcher exists = EXISTS.matcher(filter);
        String attribute = exists.matches() ? exists.group(1) : null;
        ObjectNode answer = Json.object();
        ArrayNode found = answer.putArray("Items");
        items.values().stream().filter(item -> attribute == null || item.has(attribute)).forEach(found::add);
        return Json.write(answer.put("Count", found.size()).put("ScannedCount", items.size()));
    }

    /** The sweeper's listing: the parameters under the {@code Path} filter's value, as SSM describes them. */
    private String describeParameters(JsonNode filters) {
        String path = "";
        for (JsonNode filter : filters) {
            if ("Path".equals(filter.path("Key").asText())) {
                path = filter.path("Values").path(0).asText();
            }
        }
        ObjectNode answer = Json.object();
        ArrayNode found = answer.putArray("Parameters");
        String under = path.endsWith("/") ? path : path + "/";
        parameters.values().stream().filter(p -> p.path("Name").asText().startsWith(under)).forEach(p ->
                // Seconds with a fraction, as SSM writes timestamps (a JSON number the SDK parses as such).
                found.addObject().put("Name", p.path("Name").asText()).put("Type", "SecureString")
                        .put("Version", p.path("Version").asLong()).put("Tier", "Standard")
                        .put("LastModifiedDate", LAST_MODIFIED));
        return Json.write(answer);
    }

    private String putParameter(JsonNode request) {
        String name = request.path("Name").asText();
        ObjectNode previous = parameters.get(name);
        long version = previous == null ? 1 : previous.path("Version").asLong() + 1;
        ObjectNode parameter = Json.object().put("Name", name).put("Type", "SecureString")
                .put("Value", request.path("Value").asText()).put("Version", version);
        parameters.put(name, parameter);
        return Json.write(Json.object().put("Version", version).put("Tier", "Standard"));
    }

    private static String key(JsonNode item) {
        return item.path("PK").path("S").asText() + "|" + item.path("SK").path("S").asText();
    }

    /** The HTTP client: reads the request's operation and JSON body, answers 200 with {@link #answer}. */
    private final class Answering implements SdkHttpClient {

        @Override
        public ExecutableHttpRequest prepareRequest(HttpExecuteRequest request) {
            return new ExecutableHttpRequest() {
                @Override
                public HttpExecuteResponse call() throws IOException {
                    String target = request.httpRequest().firstMatchingHeader("X-Amz-Target").orElse("");
                    byte[] body = new byte[0];
                    if (request.contentStreamProvider().isPresent()) {
                        try (InputStream in = request.contentStreamProvider().get().newStream()) {
                            body = in.readAllBytes();
                        }
                    }
                    JsonNode json = body.length == 0 ? Json.object() : Json.read(body);
                    byte[] answer = answer(target.substring(target.indexOf('.') + 1), json)
                            .getBytes(StandardCharsets.UTF_8);
                    return HttpExecuteResponse.builder()
                            .response(SdkHttpResponse.builder().statusCode(200)
                                    .putHeader("Content-Length", String.valueOf(answer.length)).build())
                            .responseBody(AbortableInputStream.create(new ByteArrayInputStream(answer)))
                            .build();
                }

                @Override
                public void abort() {
                }
            };
        }

        @Override
        public String clientName() {
            return "SnapStartPriming";
        }

        @Override
        public void close() {
        }
    }
}
