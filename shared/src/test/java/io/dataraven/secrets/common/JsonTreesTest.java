package io.dataraven.secrets.common;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.MissingNode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@link Json}'s trees, read and written by jackson-core alone, are databind's: the same nodes (their types too: an
 * int node is not equal to a long node), the same text, the same canonical form (so an idempotency fingerprint taken
 * before this change still matches), the same plain values.
 */
class JsonTreesTest {

    private static final String[] DOCUMENTS = {
            "{\"name\":\"prod\",\"n\":12,\"f\":true,\"z\":false,\"none\":null,\"tags\":[\"a\",\"b\"],\"o\":{}}",
            "{\"int\":2147483647,\"long\":2147483648,\"big\":123456789012345678901234567890,\"neg\":-9223372036854775809}",
            "{\"one\":1.0,\"tenth\":0.1,\"exp\":1e-7,\"negzero\":-0.0,\"huge\":1e400,\"pi\":3.141592653589793238462643}",
            "{\"b\":{\"z\":1,\"a\":[{\"y\":2,\"x\":3},[],[[]]]},\"a\":\"\",\"\":\"empty name\"}",
            "{\"text\":\"tab\\tnew\\nline \\u0000 \\\"q\\\" \\\\ / \\u00e9 \\ud83d\\udd11 \\u2028 日本\"}",
            "[1,\"two\",3.5,null,true,{\"k\":[]}]",
            "\"just a string\"", "42", "-1.5e3", "true", "null", "{}", "[]",
    };

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12})
    void readsAndWritesAsDatabindDoes(int index) throws Exception {
        String text = DOCUMENTS[index];
        JsonNode expected = Databind.MAPPER.readTree(text);

        JsonNode read = Json.read(text);
        assertThat(read).isEqualTo(expected);
        assertThat(Json.read(text.getBytes(StandardCharsets.UTF_8))).isEqualTo(expected);
        assertThat(Json.read(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)))).isEqualTo(expected);
        assertThat(Json.parse(text.getBytes(StandardCharsets.UTF_8), "body")).isEqualTo(expected);
        assertNodeTypes(read, expected);

        assertThat(Json.write(read)).isEqualTo(Databind.MAPPER.writeValueAsString(expected));
        assertThat(Json.writeBytes(read)).isEqualTo(Databind.MAPPER.writeValueAsBytes(expected));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Json.write(out, read);
        assertThat(out.toByteArray()).isEqualTo(Databind.MAPPER.writeValueAsBytes(expected));

        // The idempotency fingerprint's form, as Idempotency wrote it with databind before.
        assertThat(Json.canonical(read)).isEqualTo(Databind.MAPPER.writer()
                .with(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
                .writeValueAsString(Databind.MAPPER.treeToValue(expected, Object.class)));

        Object plain = Json.plain(read);
        assertThat(plain).isEqualTo(Databind.MAPPER.treeToValue(expected, Object.class));
        assertThat(Json.tree(plain)).isEqualTo(expected);
    }

    /** Equal nodes could still differ in class where equals is lenient; databind's readTree picks these. */
    private static void assertNodeTypes(JsonNode actual, JsonNode expected) {
        assertThat(actual.getClass()).isEqualTo(expected.getClass());
        if (expected.isContainerNode()) {
            if (expected.isArray()) {
                for (int i = 0; i < expected.size(); i++) {
                    assertNodeTypes(actual.get(i), expected.get(i));
                }
            } else {
                expected.properties().forEach(field -> assertNodeTypes(actual.get(field.getKey()), field.getValue()));
            }
        }
    }

    @Test
    void canonicalSortsFieldsAtEveryLevelAndKeepsArrayOrder() throws Exception {
        assertThat(Json.canonical(Json.read("{\"b\":{\"d\":1,\"c\":[3,{\"f\":0,\"e\":0}]},\"a\":2}")))
                .isEqualTo("{\"a\":2,\"b\":{\"c\":[3,{\"e\":0,\"f\":0}],\"d\":1}}");
    }

    /** The deepest document the parser accepts (1,000 levels) reads, writes, sorts and converts without overflow. */
    @Test
    void theDeepestAcceptedDocumentGoesEveryWay() throws Exception {
        String deep = "{\"a\":".repeat(500) + "[".repeat(500) + "1" + "]".repeat(500) + "}".repeat(500);
        JsonNode read = Json.parse(deep.getBytes(StandardCharsets.UTF_8), "body");
        assertThat(Json.write(read)).isEqualTo(deep);
        assertThat(Json.canonical(read)).isEqualTo(deep);
        assertThat(Json.tree(Json.plain(read))).isEqualTo(read);
        // One level more is the parser's refusal, as a 400.
        String deeper = "[" + deep + "]";
        assertThatThrownBy(() -> Json.parse(deeper.getBytes(StandardCharsets.UTF_8), "body"))
                .isInstanceOf(InvalidInputException.class);
    }

    @Test
    void aMissingNodeIsWrittenAsDatabindWritesIt() throws Exception {
        JsonNode missing = Json.object().path("absent");
        assertThat(Json.write(missing)).isEqualTo(Databind.MAPPER.writeValueAsString(missing)).isEqualTo("null");
    }

    @Test
    void noContentIsTheMissingNodeAsDatabindReadsIt() throws Exception {
        assertThat(Json.read("")).isSameAs(MissingNode.getInstance()).isEqualTo(Databind.MAPPER.readTree(""));
        assertThat(Json.read(new byte[0])).isSameAs(MissingNode.getInstance());
        assertThat(Json.read("  \n ")).isSameAs(MissingNode.getInstance());
    }

    @Test
    void plainValuesBecomeTreesAndAnythingElseIsRefusedByName() throws Exception {
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("count", 3);
        answer.put("total", 5_000_000_000L);
        answer.put("ratio", 0.5);
        answer.put("ok", true);
        answer.put("none", null);
        answer.put("unit", java.util.concurrent.TimeUnit.SECONDS);
        answer.put("items", List.of(Map.of("id", "a"), List.of()));

        assertThat(Json.write(Json.tree(answer))).isEqualTo(Databind.MAPPER.writeValueAsString(answer));
        assertThatThrownBy(() -> Json.tree(Map.of("id", UUID.randomUUID())))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("java.util.UUID");
        // Databind refuses a null key; any key but a string would be a name the caller never chose.
        Map<Object, Object> nullKey = new LinkedHashMap<>();
        nullKey.put(null, "x");
        assertThatThrownBy(() -> Json.tree(nullKey)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("null key");
        assertThatThrownBy(() -> Json.tree(Map.of(1, "x"))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("java.lang.Integer key");
    }
}
