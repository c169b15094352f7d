package io.dataraven.secrets.common;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.UnaryOperator;

/**
 * The process's JSON: jackson-core's streaming parser and generator, with databind's {@link JsonNode} trees as the
 * model, and no {@code ObjectMapper}. A mapper, built and used once, loads about 600 classes (its serializer and
 * deserializer factories, type introspection, the locale data of its date format): without it Create Secret's cold
 * start under Lambda's runtime client went from 827 to 713 ms, 412 fewer classes (docs/PERFORMANCE-json.md).
 * Trees are built as databind's {@code readTree} builds them (int, long or big integer nodes by size, double nodes for
 * fractions) and written as its {@code writeValue} writes them. Never call {@code toString()} on a node in the Lambda
 * paths: databind builds a mapper for it; use {@link #write(JsonNode)}.
 */
public final class Json {

    /** The factory every parser and generator comes from: thread-safe, built once. */
    public static final JsonFactory FACTORY = factory();

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private static final Finish PLAIN = parser -> UnaryOperator.identity();

    /** What to make of a value once read, decided at its first token (see {@link #value(JsonParser, Finish)}). */
    @FunctionalInterface
    public interface Finish {
        UnaryOperator<JsonNode> at(JsonParser parser) throws IOException;
    }

    private Json() {
    }

    /**
     * Parses JSON from a caller. Failures are 400s that give a line and column but never quote the input (it may hold
     * a credential); {@code what} names the input in the message, e.g. "request body". The bytes must be UTF-8
     * (RFC 8259 §8.1): malformed UTF-8 is refused, not repaired, and no other encoding is guessed.
     */
    public static JsonNode parse(byte[] bytes, String what) {
        String text = Utf8.decode(bytes, what);
        try (JsonParser parser = FACTORY.createParser(text)) {
            JsonNode node = parser.nextToken() == null ? null : value(parser);
            // Exactly one JSON value: "{...} x" or "{...}{...}" must not apply the first document.
            if (node != null && parser.nextToken() != null) {
                throw unreadable(what, "content follows the JSON value", parser.currentTokenLocation());
            }
            List<Object> broken = node == null ? null : unpairedSurrogate(node, new ArrayList<>(List.of("body")));
            if (broken != null) {
                throw InvalidInputException.of("invalid_json", "The " + what + " holds a string with an unpaired "
                        + "surrogate escape (such as \\ud800 alone), which is no text and could not be stored as sent.",
                        new Violation(broken, "holds an unpaired surrogate", "string_unicode"));
            }
            return node;
        } catch (StreamConstraintsException e) {
            throw InvalidInputException.of("invalid_json", "The " + what + " nests or repeats too deeply to parse.",
                    Violation.body("the JSON is too deeply nested or too large", "json_invalid"));
        } catch (JsonProcessingException e) {
            String why = duplicateField(e) ? "a field appears twice" : "it is not valid JSON";
            throw unreadable(what, why, e.getLocation());
        } catch (IOException e) {
            throw InvalidInputException.of("invalid_json", "The " + what + " could not be read.",
                    Violation.body("unreadable " + what, "json_invalid"));
        }
    }

    /**
     * Where the first string (value or field name) holding an unpaired surrogate is, or null. JSON's {@code \\uD800}
     * escape can spell one; stored in UTF-8 it would become '?', a credential other than the one sent.
     */
    private static List<Object> unpairedSurrogate(JsonNode node, List<Object> at) {
        if (node.isTextual()) {
            return unpaired(node.textValue()) ? at : null;
        }
        if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                List<Object> found = unpairedSurrogate(node.get(i), append(at, i));
                if (found != null) {
                    return found;
                }
            }
        } else if (node.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> fields = node.fields(); fields.hasNext(); ) {
                Map.Entry<String, JsonNode> field = fields.next();
                if (unpaired(field.getKey())) {
                    return at;
                }
                List<Object> found = unpairedSurrogate(field.getValue(), append(at, field.getKey()));
                if (found != null) {
                    return found;
                }
            }
        }
        return null;
    }

    private static boolean unpaired(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return true;
            }
        }
        return false;
    }

    private static List<Object> append(List<Object> at, Object step) {
        List<Object> longer = new ArrayList<>(at);
        longer.add(step);
        return longer;
    }

    /** A flat object of strings, in the map's order. Never fails on a map of strings. */
    public static String stringMap(Map<String, String> values) {
        StringWriter out = new StringWriter();
        try (JsonGenerator json = FACTORY.createGenerator(out)) {
            json.writeStartObject();
            for (Map.Entry<String, String> entry : values.entrySet()) {
                json.writeStringField(entry.getKey(), entry.getValue());
            }
            json.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException("a map of strings could not be written", e);
        }
        return out.toString();
    }

    /** Whether the parser refused the input for a field given twice (its message is the only sign of it). */
    public static boolean duplicateField(IOException e) {
        String message = e instanceof JsonProcessingException json ? json.getOriginalMessage() : e.getMessage();
        return message != null && message.startsWith("Duplicate field");
    }

    private static InvalidInputException unreadable(String what, String why, JsonLocation location) {
        String where = location == null ? "" : " (line " + location.getLineNr() + ", column " + location.getColumnNr()
                + ")";
        return InvalidInputException.of("invalid_json", "The " + what + " could not be read: " + why + where + ".",
                Violation.body(why + where, "json_invalid"));
    }

    /**
     * The factory's settings, for a databind mapper outside the Lambda paths to read alike (see {@link Databind}).
     */
    static JsonFactory factory() {
        return JsonFactory.builder()
                // A body with a key twice is ambiguous about which value we store: refuse it.
                .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                // Parse errors must not quote the body: it may hold a credential.
                .disable(StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION)
                // A write that fails half-way must not be closed into JSON that looks whole.
                .disable(StreamWriteFeature.AUTO_CLOSE_CONTENT)
                .build();
    }

    public static ObjectNode object() {
        return NODES.objectNode();
    }

    public static ArrayNode array() {
        return NODES.arrayNode();
    }

    /**
     * JSON that is no caller's body (an AWS or vault provider's answer, a Lambda event, a stored value): failures are
     * the parser's {@code IOException}s, for the caller to map; the missing node when there is no value.
     */
    public static JsonNode read(byte[] json) throws IOException {
        try (JsonParser parser = FACTORY.createParser(json)) {
            return tree(parser);
        }
    }

    /** As {@link #read(byte[])}. */
    public static JsonNode read(String json) throws IOException {
        try (JsonParser parser = FACTORY.createParser(json)) {
            return tree(parser);
        }
    }

    /** As {@link #read(byte[])}; closes the stream. */
    public static JsonNode read(InputStream json) throws IOException {
        try (JsonParser parser = FACTORY.createParser(json)) {
            return tree(parser);
        }
    }

    private static JsonNode tree(JsonParser parser) throws IOException {
        return parser.nextToken() == null ? MissingNode.getInstance() : value(parser);
    }

    /**
     * The value at the parser's current token, read to its end, in the node types databind's {@code readTree} picks.
     * {@code finish} is asked at each value's first token what to make of the value once read (a YAML reader applies
     * the tag it sees there); plain JSON keeps it as read.
     */
    public static JsonNode value(JsonParser parser, Finish finish) throws IOException {
        UnaryOperator<JsonNode> finishing = finish.at(parser);
        JsonNode node = switch (parser.currentToken()) {
            case START_OBJECT -> {
                ObjectNode object = NODES.objectNode();
                while (parser.nextToken() == JsonToken.FIELD_NAME) {
                    String name = parser.currentName();
                    parser.nextToken();
                    object.set(name, value(parser, finish));
                }
                yield object;
            }
            case START_ARRAY -> {
                ArrayNode array = NODES.arrayNode();
                for (JsonToken token = parser.nextToken(); token != JsonToken.END_ARRAY; token = parser.nextToken()) {
                    if (token == null) {
                        throw new JsonParseException(parser, "the input ends inside an array");
                    }
                    array.add(value(parser, finish));
                }
                yield array;
            }
            case VALUE_STRING -> NODES.textNode(parser.getText());
            case VALUE_NUMBER_INT -> switch (parser.getNumberType()) {
                case INT -> NODES.numberNode(parser.getIntValue());
                case LONG -> NODES.numberNode(parser.getLongValue());
                default -> NODES.numberNode(parser.getBigIntegerValue());
            };
            case VALUE_NUMBER_FLOAT -> NODES.numberNode(parser.getDoubleValue());
            case VALUE_TRUE -> NODES.booleanNode(true);
            case VALUE_FALSE -> NODES.booleanNode(false);
            case VALUE_NULL -> NODES.nullNode();
            // An embedded object: no JSON text has one.
            default -> throw new JsonParseException(parser, "unexpected " + parser.currentToken());
        };
        return finishing.apply(node);
    }

    private static JsonNode value(JsonParser parser) throws IOException {
        return value(parser, PLAIN);
    }

    /** The tree as compact JSON. */
    public static String write(JsonNode node) {
        return text(node, false);
    }

    /** As {@link #write(JsonNode)}, in UTF-8. */
    public static byte[] writeBytes(JsonNode node) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            write(out, node);
        } catch (IOException e) {
            throw new UncheckedIOException("a JSON tree could not be written", e);
        }
        return out.toByteArray();
    }

    /** The tree to the stream in UTF-8; closes the stream, as databind's {@code writeValue} does. */
    public static void write(OutputStream out, JsonNode node) throws IOException {
        try (JsonGenerator json = FACTORY.createGenerator(out)) {
            write(json, node, false);
        }
    }

    /** The tree with every object's fields in name order, so that field order does not change a fingerprint. */
    public static String canonical(JsonNode node) {
        return text(node, true);
    }

    private static String text(JsonNode node, boolean sorted) {
        StringWriter out = new StringWriter();
        try (JsonGenerator json = FACTORY.createGenerator(out)) {
            write(json, node, sorted);
        } catch (IOException e) {
            throw new UncheckedIOException("a JSON tree could not be written", e);
        }
        return out.toString();
    }

    private static void write(JsonGenerator json, JsonNode node, boolean sorted) throws IOException {
        switch (node.getNodeType()) {
            case OBJECT -> {
                json.writeStartObject();
                Iterable<Map.Entry<String, JsonNode>> fields = node.properties();
                if (sorted) {
                    Map<String, JsonNode> byName = new TreeMap<>();
                    fields.forEach(field -> byName.put(field.getKey(), field.getValue()));
                    fields = byName.entrySet();
                }
                for (Map.Entry<String, JsonNode> field : fields) {
                    json.writeFieldName(field.getKey());
                    write(json, field.getValue(), sorted);
                }
                json.writeEndObject();
            }
            case ARRAY -> {
                json.writeStartArray();
                for (JsonNode item : node) {
                    write(json, item, sorted);
                }
                json.writeEndArray();
            }
            case STRING -> json.writeString(node.textValue());
            case NUMBER -> {
                switch (node.numberType()) {
                    case INT -> json.writeNumber(node.intValue());
                    case LONG -> json.writeNumber(node.longValue());
                    case BIG_INTEGER -> json.writeNumber(node.bigIntegerValue());
                    case FLOAT -> json.writeNumber(node.floatValue());
                    case DOUBLE -> json.writeNumber(node.doubleValue());
                    default -> json.writeNumber(node.decimalValue());
                }
            }
            case BOOLEAN -> json.writeBoolean(node.booleanValue());
            // As databind writes a missing node (a path() that found nothing).
            case NULL, MISSING -> json.writeNull();
            default -> throw new IllegalArgumentException("no JSON for a " + node.getNodeType() + " node");
        }
    }

    /**
     * The tree as plain Java values, as databind's {@code convertValue(node, Map.class)} gives them: maps in field
     * order, lists, strings, Integer/Long/BigInteger, Double, Boolean, null.
     */
    public static Object plain(JsonNode node) {
        switch (node.getNodeType()) {
            case OBJECT -> {
                Map<String, Object> map = new LinkedHashMap<>();
                // Loops, not lambdas: fewer stack frames per level of a 1,000-deep payload.
                for (Map.Entry<String, JsonNode> field : node.properties()) {
                    map.put(field.getKey(), plain(field.getValue()));
                }
                return map;
            }
            case ARRAY -> {
                List<Object> list = new ArrayList<>(node.size());
                for (JsonNode item : node) {
                    list.add(plain(item));
                }
                return list;
            }
            case STRING -> {
                return node.textValue();
            }
            case NUMBER -> {
                return node.numberValue();
            }
            case BOOLEAN -> {
                return node.booleanValue();
            }
            default -> {
                return null;
            }
        }
    }

    /**
     * Plain Java values (maps with string keys, collections, strings, numbers, booleans, enums by name, null) as a
     * tree, for the answers of functions invoked directly; anything else is a programming error, refused here.
     */
    public static JsonNode tree(Object value) {
        if (value == null) {
            return NODES.nullNode();
        } else if (value instanceof JsonNode node) {
            return node;
        } else if (value instanceof Map<?, ?> map) {
            ObjectNode object = NODES.objectNode();
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                if (!(entry.getKey() instanceof String name)) {
                    throw new IllegalArgumentException("no JSON field name for a "
                            + (entry.getKey() == null ? "null" : entry.getKey().getClass().getName()) + " key");
                }
                object.set(name, tree(entry.getValue()));
            }
            return object;
        } else if (value instanceof Collection<?> items) {
            ArrayNode array = NODES.arrayNode();
            for (Object item : items) {
                array.add(tree(item));
            }
            return array;
        } else if (value instanceof String text) {
            return NODES.textNode(text);
        } else if (value instanceof Integer || value instanceof Short || value instanceof Byte) {
            return NODES.numberNode(((Number) value).intValue());
        } else if (value instanceof Long number) {
            return NODES.numberNode(number);
        } else if (value instanceof Double number) {
            return NODES.numberNode(number);
        } else if (value instanceof Float number) {
            return NODES.numberNode(number);
        } else if (value instanceof java.math.BigInteger number) {
            return NODES.numberNode(number);
        } else if (value instanceof java.math.BigDecimal number) {
            return NODES.numberNode(number);
        } else if (value instanceof Boolean flag) {
            return NODES.booleanNode(flag);
        } else if (value instanceof Enum<?> constant) {
            return NODES.textNode(constant.name());
        }
        throw new IllegalArgumentException("no plain JSON for a " + value.getClass().getName());
    }
}
