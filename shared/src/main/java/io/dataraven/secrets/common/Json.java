package io.dataraven.secrets.common;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
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

    private static InvalidInputException unreadable(String what, String why, JsonLocation location) {
        String where = location == null ? "" : " (line " + location.getLineNr() + ", column " + location.getColumnNr()
                + ")";
        return InvalidInputException.of("invalid_json", "The " + what + " could not be read: " + why + where + ".",
                Violation.body(why + where, "json_invalid"));
    }
}
