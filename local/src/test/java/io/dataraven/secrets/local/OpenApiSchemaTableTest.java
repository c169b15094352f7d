package io.dataraven.secrets.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dataraven.secrets.common.Databind;
import io.dataraven.secrets.credential.AuthMethod;
import io.dataraven.secrets.credential.CredentialField;
import io.dataraven.secrets.credential.SecretType;
import io.dataraven.secrets.vault.VaultField;
import io.dataraven.secrets.vault.VaultProviderException;
import io.dataraven.secrets.vault.VaultType;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The document's schemas against the one schema table of the code, so neither is written twice by hand unchecked:
 * credential fields per auth method ({@link AuthMethod}), the fields of each vault type on create and rotate and
 * in the connection view ({@link VaultType}), and the enums. A failure prints the schema the table expects.
 */
class OpenApiSchemaTableTest {

    private static final OpenApiDocument DOC = OpenApiDocument.packaged();

    @Test
    void theEnumsAreTheCodes() {
        assertThat(enumOf("SecretType")).containsExactlyElementsOf(wires(SecretType.values(), SecretType::wire));
        assertThat(enumOf("AuthMethod")).containsExactlyElementsOf(wires(AuthMethod.values(), AuthMethod::wire));
        assertThat(enumOf("VaultType")).containsExactlyElementsOf(wires(VaultType.values(), VaultType::wire));
        assertThat(enumOf("ApiKeyScope")).containsExactlyElementsOf(io.dataraven.secrets.auth.Operation.SCOPES);
        List<String> reasons = new ArrayList<>(wires(VaultProviderException.Kind.values(),
                kind -> kind.name().toLowerCase(Locale.ROOT)));
        reasons.add("token_missing");
        assertThat(texts(DOC.schema("VaultConnectionTestResult").path("oneOf").path(1)
                .path("properties").path("reason").path("enum"))).containsExactlyElementsOf(reasons);
    }

    @Test
    void everyAuthMethodHasItsSecretTypeAndExactlyItsCredentialFields() {
        Map<String, JsonNode> rules = new LinkedHashMap<>();
        for (JsonNode rule : DOC.schema("AuthMethodRules").path("allOf")) {
            assertThat(rule.path("if").path("required")).as("an if names auth_method").hasSize(1);
            rules.put(rule.path("if").path("properties").path("auth_method").path("const").asText(), rule.path("then"));
        }
        assertThat(rules.keySet()).containsExactlyElementsOf(wires(AuthMethod.values(), AuthMethod::wire));

        for (AuthMethod method : AuthMethod.values()) {
            JsonNode then = rules.get(method.wire()).path("properties");
            String as = "auth_method " + method.wire();
            assertThat(then.path("secret_type").path("const").asText()).as(as).isEqualTo(method.secretType().wire());
            JsonNode credentials = DOC.resolve(then.path("credentials"));
            List<String> names = method.fields().stream().map(CredentialField::name).toList();
            // Every field of the table is required (it has no optional ones); none is optional in the document.
            assertThat(texts(credentials.path("required"))).as(as + " required").containsExactlyElementsOf(names);
            assertThat(fieldNames(credentials)).as(as + " fields").containsExactlyElementsOf(names);
            assertThat(credentials.path("additionalProperties").asBoolean(true)).as(as + " is closed").isFalse();
            for (CredentialField field : method.fields()) {
                // The provider checks (FieldKind) are code; a pattern in the document only describes one.
                assertThat(structure(credentials.path("properties").path(field.name()), "pattern"))
                        .as(as + " " + field.name()).isEqualTo(Databind.MAPPER.createObjectNode().put("type", "string")
                                .put("minLength", 1).put("maxLength", field.kind().maxLength()));
            }
            assertThat(texts(then.path("field_mappings").path("items").path("properties").path("field_name")
                    .path("enum"))).as(as + " mappable fields").containsExactlyElementsOf(names);
        }
    }

    @Test
    void eachVaultTypesCreateBodyIsExactlyItsFields() {
        JsonNode create = DOC.schema("CreateVaultConnectionRequest");
        Map<String, JsonNode> byType = new LinkedHashMap<>();
        for (JsonNode variant : create.path("oneOf")) {
            JsonNode schema = DOC.resolve(variant);
            String type = schema.path("properties").path("vault_type").path("const").asText();
            byType.put(type, schema);
            assertThat(create.path("discriminator").path("mapping").path(type).asText()).as(type)
                    .isEqualTo(variant.path("$ref").asText());
        }
        assertThat(byType.keySet()).containsExactlyElementsOf(wires(VaultType.values(), VaultType::wire));
        for (VaultType type : VaultType.values()) {
            JsonNode schema = byType.get(type.wire());
            List<String> required = new ArrayList<>(List.of("name", "vault_type"));
            type.fields().stream().filter(VaultField::required).forEach(f -> required.add(f.name()));
            List<String> all = new ArrayList<>(List.of("name", "description", "vault_type"));
            type.fields().forEach(f -> all.add(f.name()));
            assertThat(texts(schema.path("required"))).as(type + " required").containsExactlyElementsOf(required);
            assertThat(fieldNames(schema)).as(type + " fields").containsExactlyElementsOf(all);
            assertThat(schema.path("additionalProperties").asBoolean(true)).as(type + " is closed").isFalse();
            assertFieldsAsDeclared(type, type.fields(), schema);
        }
    }

    @Test
    void eachVaultTypesRotateBodyIsExactlyItsTokenFields() {
        Map<String, JsonNode> byType = new LinkedHashMap<>();
        for (JsonNode variant : DOC.schema("RotateVaultConnectionRequest").path("anyOf")) {
            JsonNode schema = DOC.resolve(variant);
            byType.put(schema.path("x-vault-type").asText(), schema);
        }
        assertThat(byType.keySet()).containsExactlyElementsOf(wires(VaultType.values(), VaultType::wire));
        for (VaultType type : VaultType.values()) {
            JsonNode schema = byType.get(type.wire());
            assertThat(texts(schema.path("required"))).as(type + " required").containsExactlyElementsOf(
                    type.tokenFields().stream().filter(f -> !f.keptOnRotate()).map(VaultField::name).toList());
            assertThat(fieldNames(schema)).as(type + " fields").containsExactlyElementsOf(
                    type.tokenFields().stream().map(VaultField::name).toList());
            assertThat(schema.path("additionalProperties").asBoolean(true)).as(type + " is closed").isFalse();
            assertFieldsAsDeclared(type, type.tokenFields(), schema);
        }
    }

    @Test
    void theConnectionViewShowsEachTypesSettingsAndNoTokenField() {
        JsonNode view = DOC.schema("VaultConnection");
        Set<String> shown = new TreeSet<>(fieldNames(view));
        assertThat(view.path("additionalProperties").asBoolean(true)).isFalse();
        Map<String, List<String>> requiredByType = new LinkedHashMap<>();
        for (JsonNode rule : view.path("allOf")) {
            requiredByType.put(rule.path("if").path("properties").path("vault_type").path("const").asText(),
                    texts(rule.path("then").path("required")));
        }
        Map<String, List<String>> expected = new LinkedHashMap<>();
        for (VaultType type : VaultType.values()) {
            // Optional settings are shown too, with their default: every setting of the type is in the view.
            List<String> settings = type.settingFields().stream().map(VaultField::name).toList();
            assertThat(shown).as(type + " settings").containsAll(settings);
            type.tokenFields().forEach(token -> assertThat(shown).as(type + " token").doesNotContain(token.name()));
            if (!settings.isEmpty()) {
                expected.put(type.wire(), settings);
            }
        }
        assertThat(requiredByType).isEqualTo(expected);
    }

    /** Each field's schema is what its {@link VaultField} declares (references followed, descriptions aside). */
    private static void assertFieldsAsDeclared(VaultType type, List<VaultField> fields, JsonNode schema) {
        for (VaultField field : fields) {
            assertThat(structure(DOC.resolve(schema.path("properties").path(field.name()))))
                    .as(type + " " + field.name()).isEqualTo(expected(field));
        }
    }

    /** The schema a vault field's declaration implies: its limits, its shape and prefix as a pattern, its default. */
    static ObjectNode expected(VaultField field) {
        ObjectNode schema = Databind.MAPPER.createObjectNode().put("type", "string").put("minLength", 1)
                .put("maxLength", field.maxLength());
        String prefix = field.prefix() == null ? "" : field.prefix().replace(".", "\\.");
        if (field.isToken()) {
            // Visible ASCII (VaultField's token shape), after the prefix if any.
            schema.put("pattern", "^" + prefix + (prefix.isEmpty() ? "[!-~]+$" : "[!-~]*$"));
        } else if (!prefix.isEmpty()) {
            schema.put("pattern", "^" + prefix);
        }
        if (field.defaultValue() != null) {
            schema.put("default", field.defaultValue());
        }
        return schema;
    }

    /** A field schema without its words (description, examples) and the {@code ignored} keywords. */
    private static JsonNode structure(JsonNode schema, String... ignored) {
        ObjectNode copy = schema.deepCopy();
        copy.remove(List.of("description", "examples", "title"));
        copy.remove(List.of(ignored));
        return copy;
    }

    private static List<String> enumOf(String schema) {
        return texts(DOC.schema(schema).path("enum"));
    }

    private static List<String> fieldNames(JsonNode schema) {
        List<String> names = new ArrayList<>();
        schema.path("properties").properties().forEach(entry -> names.add(entry.getKey()));
        return names;
    }

    private static List<String> texts(JsonNode array) {
        List<String> values = new ArrayList<>();
        array.forEach(value -> values.add(value.asText()));
        return values;
    }

    private static <E> List<String> wires(E[] values, Function<E, String> wire) {
        return Arrays.stream(values).map(wire).toList();
    }
}
