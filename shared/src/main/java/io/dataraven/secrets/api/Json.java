package io.dataraven.secrets.api;

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
}
