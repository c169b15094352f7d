package io.dataraven.secrets.common;

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
     * a credential); {@code what} names the input in the message, e.g. "request body".
     */
    public static JsonNode parse(byte[] bytes, String what) {
        try {
            return MAPPER.readTree(bytes);
        } catch (StreamConstraintsException e) {
            throw InvalidInputException.of("invalid_json", "The " + what + " nests or repeats too deeply to parse.",
                    Violation.body("the JSON is too deeply nested or too large", "json_invalid"));
        } catch (JsonProcessingException e) {
            String where = e.getLocation() == null ? ""
                    : " (line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")";
            String why = e.getOriginalMessage() != null && e.getOriginalMessage().startsWith("Duplicate field")
                    ? "a field appears twice" : "it is not valid JSON";
            throw InvalidInputException.of("invalid_json", "The " + what + " could not be read: " + why + where + ".",
                    Violation.body(why + where, "json_invalid"));
        } catch (IOException e) {
            throw InvalidInputException.of("invalid_json", "The " + what + " could not be read.",
                    Violation.body("unreadable " + what, "json_invalid"));
        }
    }
}
