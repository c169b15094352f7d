package io.dataraven.secrets.common;

import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The streaming writer of credential maps writes exactly what databind wrote before it, byte for byte. */
class JsonStringMapTest {

    @Test
    void writesWhatTheObjectMapperWritesInTheMapsOrder() throws Exception {
        Map<String, String> values = new LinkedHashMap<>();
        values.put("zeta", "plain");
        values.put("access_key_id", "AKIAIOSFODNN7EXAMPLE");
        values.put("quotes", "a \"quoted\" \\ back\\slash / slash");
        values.put("controls", "tab\tnew\nline\u0000nul\u001f");
        values.put("unicode", "é ü 日本 \uD83D\uDD11 \u2028");
        values.put("pem", "-----BEGIN PRIVATE KEY-----\nMIIE\n-----END PRIVATE KEY-----\n");
        values.put("empty", "");

        String written = Json.stringMap(values);

        assertThat(written).isEqualTo(Databind.MAPPER.writeValueAsString(values));
        assertThat(written).startsWith("{\"zeta\":");
        assertThat(Databind.MAPPER.readTree(written).properties()).extracting(Map.Entry::getKey)
                .containsExactlyElementsOf(values.keySet());
        var parsed = Databind.MAPPER.readTree(written);
        values.forEach((k, v) -> assertThat(parsed.get(k).textValue()).isEqualTo(v));
    }

    @Test
    void anEmptyMapIsAnEmptyObject() throws Exception {
        assertThat(Json.stringMap(Map.of())).isEqualTo("{}").isEqualTo(Databind.MAPPER.writeValueAsString(Map.of()));
    }
}
