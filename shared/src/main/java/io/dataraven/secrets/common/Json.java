package io.dataraven.secrets.common;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.ObjectMapper;

/** The one ObjectMapper of the process: building it is costly, using it is thread-safe. */
public final class Json {

    public static final ObjectMapper MAPPER = new ObjectMapper(JsonFactory.builder()
            // A body with a key twice is ambiguous about which value we store: refuse it.
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            // Parse errors must not quote the body: it may hold a credential.
            .disable(StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION)
            .build());

    private Json() {
    }

    /**
     * Parses JSON from a caller. Failures are 400s that give a line and column but never quote the input (it may hold
     * a credential); {@code what} names the input in the message, e.g. "request body". The bytes must be UTF-8
     * (RFC 8259 §8.1): malformed UTF-8 is refused, not repaired, and no other encoding is guessed.
     */
    public static JsonNode parse(byte[] bytes, String what) {
        String text = Utf8.decode(bytes, what);
        try (JsonParser parser = MAPPER.createParser(text)) {
            JsonNode node = MAPPER.readTree(parser);
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
            String why = e.getOriginalMessage() != null && e.getOriginalMessage().startsWith("Duplicate field")
                    ? "a field appears twice" : "it is not valid JSON";
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

    /**
     * A flat object of strings, in the map's order, as {@code MAPPER.writeValueAsString} writes it, through the
     * streaming generator: databind's first map serializer (its lookup, and the annotation introspection of the
     * map's class) cost a create's first request about 20 ms and 40 classes. Never fails on a map of strings.
     */
    public static String stringMap(Map<String, String> values) {
        StringWriter out = new StringWriter();
        try (JsonGenerator json = MAPPER.getFactory().createGenerator(out)) {
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

    private static InvalidInputException unreadable(String what, String why, JsonLocation location) {
        String where = location == null ? "" : " (line " + location.getLineNr() + ", column " + location.getColumnNr()
                + ")";
        return InvalidInputException.of("invalid_json", "The " + what + " could not be read: " + why + where + ".",
                Violation.body(why + where, "json_invalid"));
    }
}
