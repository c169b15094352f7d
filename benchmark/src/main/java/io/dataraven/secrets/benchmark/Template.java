package io.dataraven.secrets.benchmark;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The functions of template.yaml as SAM resolves them: each property, or else its Globals value. */
final class Template {

    /**
     * One {@code AWS::Serverless::Function}.
     *
     * @param name        its logical id without "Function", kebab-case (CreateSecretFunction: create-secret)
     * @param handler     {@code Handler}, e.g. {@code io.dataraven...CreateSecretHandler::handleRequest}
     * @param codeUri     {@code CodeUri}, relative to the template
     * @param memoryMb    {@code MemorySize} (Lambda's default 128)
     * @param environment {@code Environment.Variables}, the function's over Globals', values as written
     *                    ({@code !Ref X} included)
     */
    record Declared(String name, String handler, String codeUri, int memoryMb, String runtime,
                    Map<String, String> environment) {
    }

    private final Map<String, Object> root;

    private Template(Map<String, Object> root) {
        this.root = root;
    }

    static Template read(Path file) throws IOException {
        return new Template(TemplateYaml.parse(Files.readString(file)));
    }

    List<Declared> functions() {
        Map<String, Object> globals = map(map(root, "Globals"), "Function");
        List<Declared> functions = new ArrayList<>();
        for (Map.Entry<String, Object> resource : map(root, "Resources").entrySet()) {
            if (!(resource.getValue() instanceof Map<?, ?>)) {
                continue;
            }
            @SuppressWarnings("unchecked")
            Map<String, Object> body = (Map<String, Object>) resource.getValue();
            if (!"AWS::Serverless::Function".equals(body.get("Type"))) {
                continue;
            }
            Map<String, Object> properties = map(body, "Properties");
            Map<String, String> environment = new LinkedHashMap<>(variables(globals));
            environment.putAll(variables(properties));
            // What Lambda itself sets from LoggingConfig: the format, and the application level (its default, INFO).
            Object format = map(properties, "LoggingConfig").getOrDefault("LogFormat",
                    map(globals, "LoggingConfig").get("LogFormat"));
            if ("JSON".equals(format)) {
                environment.put("AWS_LAMBDA_LOG_FORMAT", "JSON");
                environment.put("AWS_LAMBDA_LOG_LEVEL", "INFO");
            }
            String memory = setting(properties, globals, "MemorySize");
            functions.add(new Declared(name(resource.getKey()), setting(properties, globals, "Handler"),
                    setting(properties, globals, "CodeUri"), memory.isEmpty() ? 128 : Integer.parseInt(memory),
                    setting(properties, globals, "Runtime"), Map.copyOf(environment)));
        }
        return functions;
    }

    /**
     * An environment value the benchmark can pass on as it is: a literal, or {@code !Ref} to a parameter with a
     * Default; null for anything that needs a deployment (a resource, {@code !Sub}, {@code !GetAtt}).
     */
    String literal(String value) {
        if (!value.startsWith("!")) {
            return value;
        }
        if (value.startsWith("!Ref ")) {
            Object parameter = map(root, "Parameters").get(value.substring(5).strip());
            if (parameter instanceof Map<?, ?> p && p.get("Default") instanceof String d) {
                return d;
            }
        }
        return null;
    }

    /** CreateSecretFunction: create-secret. */
    static String name(String logicalId) {
        return logicalId.replaceFirst("Function$", "").replaceAll("([a-z0-9])([A-Z])", "$1-$2")
                .toLowerCase(Locale.ROOT);
    }

    private static String setting(Map<String, Object> properties, Map<String, Object> globals, String key) {
        Object value = properties.containsKey(key) ? properties.get(key) : globals.get(key);
        return value instanceof String s ? s : "";
    }

    private static Map<String, String> variables(Map<String, Object> properties) {
        Map<String, String> variables = new LinkedHashMap<>();
        map(map(properties, "Environment"), "Variables").forEach((k, v) -> variables.put(k, String.valueOf(v)));
        return variables;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Map<String, Object> parent, String key) {
        return parent.get(key) instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
    }
}
