package io.dataraven.secrets.functions;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.amazonaws.services.lambda.runtime.tests.EventLoader;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.dataraven.secrets.common.Databind;
import io.dataraven.secrets.secret.Secret;
import io.dataraven.secrets.team.Tier;
import io.dataraven.secrets.testing.LogCapture;
import io.dataraven.secrets.testing.SampleCredentials;
import io.dataraven.secrets.testing.TestApp;
import io.dataraven.secrets.testing.VaultHandlerFixture;
import io.dataraven.secrets.vault.VaultConnection;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A few hundred hostile bodies, generated from one valid body per write route (create and update a secret, create,
 * update and rotate a vault connection), through the handlers with API-Gateway-shaped events (the events/ samples,
 * an admin's token): wrong types, huge numbers, deep nesting, trailing content, control, bidi and zero-width
 * characters, invalid UTF-8 in base64 bodies, lone surrogates, duplicate keys, unknown fields, nulls, oversized
 * strings, other media types. Each must be a 4xx in the documented error shape, no credential value may appear in a
 * response or a log line, and nothing may be written: the list counts, the stored items, the credential versions
 * and the audit log stay as they were.
 */
class HostileBodyCorpusTest {

    private static final UUID TEAM = UUID.fromString("3f1c2a9e-7b4d-4e6a-9c1f-0d2b8e5a4c71");
    private static final UUID SECRET_ID = UUID.fromString("9b2e4f60-1c3d-4a5b-8e7f-0a1b2c3d4e5f");
    private static final UUID CONNECTION_ID = UUID.fromString("5d7c9e1a-2b3c-4d5e-8f90-a1b2c3d4e5f6");
    private static final String VAULT_TOKEN = "dp.st.prd.CORPUSVAULTTOKEN7QxK2mP9vL4nR8sT1wY6z";
    /** Pieces of the credential values sent or stored: none may appear in an answer or a log line. */
    private static final List<String> SECRETS = List.of("wJalrXUtnFEMI", "bPxRfiCYEXAMPLEKEY", "CORPUSVAULTTOKEN",
            VaultHandlerFixture.TOKEN.substring("dp.st.prd.".length()));

    private final VaultHandlerFixture fixture = new VaultHandlerFixture("update-vault-connection");

    /** A write route: its sample event, its handler, and a body it accepts. */
    private record Route(String name, String sample, HttpFunction
            handler, ObjectNode valid, boolean create) {
    }

    /** One hostile request: what it is, its body as sent (text, or base64 of bytes) and its Content-Type. */
    private record Hostile(String label, String body, boolean base64, String contentType) {
        static Hostile text(String label, String body) {
            return new Hostile(label, body, false, "application/json");
        }
    }

    /** What must not change. */
    private record State(List<Secret> secrets, List<VaultConnection> connections, Map<String, Integer> versions,
                         int auditEvents, int listedSecrets, int listedConnections) {
    }

    private List<Route> routes() {
        var app = fixture.t.app;
        ObjectNode createSecret = TestApp.json("""
                {"name": "corpus-direct", "description": "nightly", "secret_type": "s3",
                 "auth_method": "s3_access_key", "credentials": {"access_key_id": "AKIAIOSFODNN7EXAMPLE"}}""");
        ((ObjectNode) createSecret.get("credentials")).put("secret_access_key", SampleCredentials.SECRET_MARKER);
        ObjectNode updateSecret = TestApp.json("{\"name\": \"corpus-renamed\", \"credentials\": {\"access_key_id\": "
                + "\"AKIAIOSFODNN7EXAMPLE\"}}");
        ((ObjectNode) updateSecret.get("credentials")).put("secret_access_key", SampleCredentials.SECRET_MARKER);
        ObjectNode createConnection = TestApp.json("""
                {"name": "corpus-doppler", "description": "d", "vault_type": "doppler", "project": "backend",
                 "config": "prd"}""");
        createConnection.put("access_token", VAULT_TOKEN);
        return List.of(
                new Route("create secret", "create-secret", new CreateSecretHandler(app), createSecret, true),
                new Route("update secret", "update-secret", new UpdateSecretHandler(app), updateSecret, false),
                new Route("create connection", "create-vault-connection", new CreateVaultConnectionHandler(app),
                        createConnection, true),
                new Route("update connection", "update-vault-connection", new UpdateVaultConnectionHandler(app),
                        TestApp.json("{\"name\": \"corpus-renamed\", \"description\": \"moved\"}"), false),
                new Route("rotate connection", "rotate-vault-connection", new RotateVaultConnectionHandler(app),
                        TestApp.json("{\"access_token\": \"" + VAULT_TOKEN + "\"}"), false));
    }

    private void seed() {
        fixture.t.store.setTier(TEAM, Tier.PRO);
        fixture.t.seedDirectSecret(TEAM, SECRET_ID, "corpus-seeded");
        fixture.t.seedDopplerConnection(TEAM, CONNECTION_ID, VaultHandlerFixture.TOKEN);
    }

    private APIGatewayV2HTTPEvent event(Route route, Hostile hostile) {
        APIGatewayV2HTTPEvent event = EventLoader.loadApiGatewayHttpEvent("events/" + route.sample() + ".json");
        Map<String, String> path = new HashMap<>(event.getPathParameters());
        path.put("team_id", TEAM.toString());
        path.computeIfPresent("secret_id", (k, v) -> SECRET_ID.toString());
        path.computeIfPresent("connection_id", (k, v) -> CONNECTION_ID.toString());
        event.setPathParameters(path);
        Map<String, String> headers = new HashMap<>(event.getHeaders());
        headers.remove("content-type");
        if (hostile.contentType() != null) {
            headers.put("content-type", hostile.contentType());
        }
        event.setHeaders(headers);
        event.setBody(hostile.body());
        event.setIsBase64Encoded(hostile.base64());
        return fixture.t.authorize(event, "admin");
    }

    @Test
    void theValidBodiesTheCorpusStartsFromAreAccepted() {
        seed();
        for (Route route : routes()) {
            APIGatewayV2HTTPResponse response = route.handler().handleRequest(
                    event(route, Hostile.text("valid", route.valid().toString())), null);
            assertThat(response.getStatusCode()).as(route.name() + ": " + response.getBody()).isBetween(200, 201);
        }
    }

    @Test
    void everyHostileBodyIsA4xxInTheErrorShapeAndChangesNothing() throws Exception {
        seed();
        State before = state();
        Map<String, Integer> outcomes = new TreeMap<>();
        int sent = 0;
        List<String> failures = new ArrayList<>();
        List<String> logLines;
        try (LogCapture logs = LogCapture.start()) {
            for (Route route : routes()) {
                List<Hostile> corpus = corpus(route);
                assertThat(corpus).as(route.name()).hasSizeGreaterThan(60);
                for (Hostile hostile : corpus) {
                    APIGatewayV2HTTPResponse response = route.handler().handleRequest(event(route, hostile), null);
                    String what = route.name() + " / " + hostile.label() + " -> " + abbreviate(response.getBody());
                    try {
                        assertErrorShape(response, what);
                    } catch (AssertionError e) {
                        failures.add(what);
                        continue;
                    }
                    outcomes.merge(response.getStatusCode() + " " + Databind.MAPPER.readTree(response.getBody())
                            .path("error").asText(), 1, Integer::sum);
                    sent++;
                }
            }
            logLines = logs.lines();
        }
        int total = sent;
        System.getLogger(HostileBodyCorpusTest.class.getName()).log(System.Logger.Level.INFO,
                () -> "hostile corpus: " + total + " bodies, answers " + outcomes);
        assertThat(failures).as("hostile bodies not refused in the error shape").isEmpty();
        assertThat(sent).isGreaterThan(300);
        assertThat(state()).isEqualTo(before);
        assertThat(logLines).isNotEmpty().allSatisfy(line -> SECRETS.forEach(s -> assertThat(line).doesNotContain(s)));
        // The corpus reaches every refusal it is meant to reach, not only the first one on the way.
        assertThat(outcomes.keySet()).contains("400 validation_error", "400 invalid_json", "400 invalid_body",
                "413 payload_too_large", "415 unsupported_media_type");
    }

    private static void assertErrorShape(APIGatewayV2HTTPResponse response, String what) throws Exception {
        assertThat(response.getStatusCode()).as(what).isBetween(400, 499);
        String body = response.getBody();
        SECRETS.forEach(s -> assertThat(body).as(what).doesNotContain(s));
        JsonNode json = Databind.MAPPER.readTree(body);
        assertThat(json.isObject()).as(what).isTrue();
        Set<String> fields = new TreeSet<>();
        json.fieldNames().forEachRemaining(fields::add);
        assertThat(fields).as(what).containsExactly("detail", "error", "message");
        assertThat(json.get("error").isTextual() && !json.get("error").asText().isBlank()).as(what).isTrue();
        assertThat(json.get("message").isTextual() && !json.get("message").asText().isBlank()).as(what).isTrue();
        assertThat(json.get("detail").isArray()).as(what).isTrue();
        for (JsonNode violation : json.get("detail")) {
            assertThat(violation.path("loc").isArray() && !violation.path("loc").isEmpty()).as(what).isTrue();
            assertThat(violation.path("loc").get(0).asText()).as(what).isIn("body", "query", "path", "header");
            assertThat(violation.path("msg").isTextual()).as(what).isTrue();
            assertThat(violation.path("type").isTextual()).as(what).isTrue();
        }
        assertThat(response.getHeaders()).as(what).containsEntry("Content-Type", "application/json");
    }

    private State state() throws Exception {
        var t = fixture.t;
        Map<String, Integer> versions = new TreeMap<>();
        t.credentials.paths().forEach(path -> versions.put(path, t.credentials.versions(path)));
        return new State(t.store.listSecrets(TEAM), t.store.listVaultConnections(TEAM), versions,
                t.store.auditEvents().size(),
                listed(new ListSecretsHandler(t.app), "list-secrets"),
                listed(new ListVaultConnectionsHandler(t.app), "list-vault-connections"));
    }

    private int listed(HttpFunction handler, String sample)
            throws Exception {
        APIGatewayV2HTTPEvent event = EventLoader.loadApiGatewayHttpEvent("events/" + sample + ".json");
        event.setPathParameters(Map.of("team_id", TEAM.toString()));
        event.setQueryStringParameters(null);
        event.setRawQueryString(null);
        APIGatewayV2HTTPResponse response = handler.handleRequest(fixture.t.authorize(event, "viewer"), null);
        assertThat(response.getStatusCode()).isEqualTo(200);
        return Databind.MAPPER.readTree(response.getBody()).path("pagination").path("total").asInt();
    }

    // ---- the corpus

    private static List<Hostile> corpus(Route route) {
        ObjectNode valid = route.valid();
        String text = valid.toString();
        List<Hostile> out = new ArrayList<>();
        // Syntax: one JSON value and nothing else, and JSON at all.
        for (String tail : List.of(" x", "{}", text, "[]", "\u0000", ",", "]", "}", " null", "\n{\"name\":\"b\"}")) {
            out.add(Hostile.text("trailing " + tail.strip(), text + tail));
        }
        for (int i = 1; i <= 12; i++) {
            out.add(Hostile.text("truncated at " + i + "/13", text.substring(0, text.length() * i / 13)));
        }
        for (String other : List.of("", " ", "[]", "[" + text + "]", "\"text\"", "42", "null", "true", "-0", "1e400",
                "\ufeff" + text, "/* c */" + text, text.replaceFirst("\"", "'"), text.replaceFirst("}$", ",}"),
                text.replaceFirst("\"([a-z_]+)\":", "$1:"), "{\"name\": NaN}", "{\"name\": Infinity}", "{,}", "{\"\"}",
                "{\"a\" \"b\"}")) {
            out.add(Hostile.text("not one object: " + abbreviate(other), other));
        }
        // Depth: past the parser's nesting limit, and merely deep where a string is due.
        out.add(Hostile.text("deep arrays", withRaw(valid, firstField(valid), "[".repeat(1500) + "]".repeat(1500))));
        out.add(Hostile.text("deep objects", withRaw(valid, firstField(valid),
                "{\"a\":".repeat(1500) + "1" + "}".repeat(1500))));
        out.add(Hostile.text("nested arrays", withRaw(valid, firstField(valid), "[".repeat(100) + "]".repeat(100))));
        // Every field: every wrong JSON type, huge numbers, null (description may be null: it clears).
        for (List<String> field : fields(valid)) {
            for (String raw : List.of("42", "true", "false", "[]", "{}", "[\"x\"]", "{\"a\":\"b\"}", "1.5",
                    "1e999999", "123456789012345678901234567890123", "-1e-999999")) {
                out.add(Hostile.text(field + " = " + raw, withRaw(valid, field, raw)));
            }
            if (!field.equals(List.of("description"))) {
                out.add(Hostile.text(field + " = null", withRaw(valid, field, "null")));
            }
            // The same key twice, same value or another: which one would be stored?
            String last = field.get(field.size() - 1);
            String value = at(valid, field).toString();
            out.add(Hostile.text("duplicate " + field, duplicate(valid, field, "\"" + last + "\":" + value)));
        }
        // Unknown fields, near misses of known ones included.
        for (String unknown : List.of("colour", "Name", "name ", "NAME", "credential", "__proto__", "", "tokens",
                "secret_type ", "\u202ename")) {
            ObjectNode copy = valid.deepCopy();
            copy.put(unknown, "x");
            out.add(Hostile.text("unknown field '" + unknown + "'", copy.toString()));
        }
        if (valid.has("credentials")) {
            ObjectNode copy = valid.deepCopy();
            ((ObjectNode) copy.get("credentials")).put("session_token", "x");
            out.add(Hostile.text("unknown credential field", copy.toString()));
        }
        // Names that hide, reorder or break text, or are too long, in JSON escapes and raw.
        if (valid.has("name")) {
            for (String name : List.of("\\u202eevil", "a\\u200bb", "a\\u200db", "\\u2060x", "\\ufeffx", "x\\u0085y",
                    "x\\u0080", "x\\u009f", "\\u2066x\\u2069", "\\u202ax", "\\ud800", "x\\udc00", "\\ud83d",
                    "\\u00a0\\u00a0", "\\u3000", "", "   ", "\\t", "a\\nb", "a\\u0000b", "a\\u007fb", "\\ue000",
                    "x\\u2028y", "x\\ufffe", "a".repeat(256), "\\ud83d\\udd11".repeat(256))) {
                out.add(Hostile.text("name \"" + abbreviate(name) + "\"", withRaw(valid, List.of("name"),
                        "\"" + name + "\"")));
            }
            ObjectNode rawLone = valid.deepCopy();
            rawLone.put("name", "raw\ud800lone");
            out.add(Hostile.text("name with a raw lone surrogate", rawLone.toString()));
        }
        // Oversized values.
        if (valid.has("description") || !route.create()) {
            ObjectNode copy = valid.deepCopy();
            copy.put("description", "d".repeat(2001));
            out.add(Hostile.text("description 2001", copy.toString()));
        }
        for (List<String> field : secretFields(valid)) {
            for (String raw : List.of("\"" + "k".repeat(5000) + "\"", "\"" + "k".repeat(70 * 1024) + "\"", "\"\"",
                    "\"tab\\there\"", "\"line\\r\\nX-Injected: 1\"", "\"nul\\u0000\"", "\"del\\u007f\"",
                    "\"sp ace\"", "\"\\ud800\"")) {
                out.add(Hostile.text(field + " = " + abbreviate(raw), withRaw(valid, field, raw)));
            }
        }
        // Bytes: base64 bodies must decode to UTF-8; a string body cannot hold a lone surrogate.
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        int inside = text.indexOf(secretValue(valid)) + 3;
        for (String bad : List.of("ff", "fe", "c0af", "e080af", "eda080", "edbfbf", "f4908080", "f8888080", "80",
                "bf", "e282", "c3")) {
            out.add(new Hostile("base64 with " + bad, Base64.getEncoder().encodeToString(
                    splice(bytes, inside, HexFormat.of().parseHex(bad))), true, "application/json"));
        }
        out.add(new Hostile("base64 that is not", "%%%" + text, true, "application/json"));
        out.add(new Hostile("base64 flag on plain JSON", text, true, "application/json"));
        out.add(new Hostile("base64 UTF-16", Base64.getEncoder().encodeToString(
                text.getBytes(StandardCharsets.UTF_16LE)), true, "application/json"));
        out.add(Hostile.text("raw lone surrogate in a credential", text.replace(secretValue(valid),
                secretValue(valid) + "\ud800")));
        // Media types.
        for (String type : List.of("text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=b",
                "application/json; charset=iso-8859-1", "application/xml", "text/json")) {
            out.add(new Hostile("Content-Type " + type, text, false, type));
        }
        // Whole body over 64 KiB.
        out.add(Hostile.text("body over 64 KiB", withRaw(valid, firstField(valid), "\"" + "x".repeat(65 * 1024) + "\"")));
        out.addAll(routeSpecific(route));
        return out;
    }

    /** Rules of one route: required fields, immutable ones, modes, token shapes. */
    private static List<Hostile> routeSpecific(Route route) {
        ObjectNode valid = route.valid();
        List<Hostile> out = new ArrayList<>();
        if (route.create()) {
            for (String required : List.of("name", "secret_type", "auth_method", "credentials", "vault_type",
                    "access_token", "project", "config")) {
                if (valid.has(required)) {
                    ObjectNode copy = valid.deepCopy();
                    copy.remove(required);
                    out.add(Hostile.text("without " + required, copy.toString()));
                }
            }
        }
        Map<String, String> extra = new LinkedHashMap<>();
        switch (route.name()) {
            case "create secret" -> {
                extra.put("vault_connection_id", "\"" + CONNECTION_ID + "\"");
                extra.put("field_mappings", "[]");
                extra.put("secret_type", "\"gcs\"");
                extra.put("auth_method", "\"azure_sas_url\"");
            }
            case "update secret" -> {
                extra.put("vault_connection_id", "\"" + CONNECTION_ID + "\"");
                extra.put("field_mappings", "[{\"field_name\":\"access_key_id\",\"reference\":\"X\"}]");
                extra.put("auth_method", "\"r2_access_key\"");
            }
            case "create connection" -> {
                extra.put("vault_type", "\"vault\"");
                extra.put("client_secret", "\"st.x\"");
                extra.put("access_token", "\"ops_wrong_prefix\"");
                extra.put("project", "\"a\\u202eb\"");
            }
            case "update connection" -> {
                extra.put("project", "\"other\"");
                extra.put("vault_type", "\"onepassword\"");
                extra.put("access_token", "\"" + VAULT_TOKEN + "\"");
            }
            default -> {
                extra.put("access_token", "\"ops_wrong_prefix\"");
                extra.put("client_secret", "\"st.x\"");
            }
        }
        extra.forEach((field, raw) -> {
            ObjectNode copy = valid.deepCopy();
            copy.set(field, new TextNode(RAW));
            out.add(Hostile.text(field + " := " + raw, copy.toString().replace("\"" + RAW + "\"", raw)));
        });
        if (!route.create()) {
            out.add(Hostile.text("empty update", "{}"));
        }
        return out;
    }

    private static final String RAW = "__raw__";

    /** The body with the value at {@code path} replaced by raw JSON text. */
    private static String withRaw(ObjectNode valid, List<String> path, String raw) {
        ObjectNode copy = valid.deepCopy();
        ObjectNode parent = copy;
        for (String step : path.subList(0, path.size() - 1)) {
            parent = (ObjectNode) parent.get(step);
        }
        parent.set(path.get(path.size() - 1), new TextNode(RAW));
        return copy.toString().replace("\"" + RAW + "\"", raw);
    }

    /** The body with {@code member} added a second time to the object holding {@code path}. */
    private static String duplicate(ObjectNode valid, List<String> path, String member) {
        ObjectNode copy = valid.deepCopy();
        ObjectNode parent = copy;
        for (String step : path.subList(0, path.size() - 1)) {
            parent = (ObjectNode) parent.get(step);
        }
        parent.put(RAW, 0);
        return copy.toString().replace("\"" + RAW + "\":0", member);
    }

    private static JsonNode at(ObjectNode node, List<String> path) {
        JsonNode at = node;
        for (String step : path) {
            at = at.get(step);
        }
        return at;
    }

    /** Every field of the body, nested credential fields as paths. */
    private static List<List<String>> fields(ObjectNode valid) {
        List<List<String>> fields = new ArrayList<>();
        valid.fields().forEachRemaining(f -> {
            fields.add(List.of(f.getKey()));
            if (f.getValue().isObject()) {
                f.getValue().fieldNames().forEachRemaining(n -> fields.add(List.of(f.getKey(), n)));
            }
        });
        return fields;
    }

    /** The fields that hold a credential: where a value is a secret. */
    private static List<List<String>> secretFields(ObjectNode valid) {
        return fields(valid).stream().filter(f -> f.equals(List.of("credentials", "secret_access_key"))
                || f.equals(List.of("access_token"))).toList();
    }

    private static String secretValue(ObjectNode valid) {
        List<String> field = secretFields(valid).isEmpty() ? List.of("name") : secretFields(valid).get(0);
        return at(valid, field).asText();
    }

    private static List<String> firstField(ObjectNode valid) {
        return List.of(valid.fieldNames().next());
    }

    private static byte[] splice(byte[] bytes, int at, byte[] inserted) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(bytes, 0, at);
        out.writeBytes(inserted);
        out.write(bytes, at, bytes.length - at);
        return out.toByteArray();
    }

    private static String abbreviate(String s) {
        return s.length() > 120 ? s.substring(0, 120) + "..." : s;
    }

}
