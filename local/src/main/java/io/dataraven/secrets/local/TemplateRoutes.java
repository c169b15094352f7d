package io.dataraven.secrets.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads the HttpApi routes out of template.yaml, so the local server serves exactly what SAM deploys, the
 * functions without HttpApi events, which it serves for direct invocation, and the EventBridge rules, to which it
 * delivers event envelopes. For routes and functions, CloudFormation short tags
 * ({@code !Ref}, {@code !Sub}, {@code !GetAtt}, {@code !If}) are read as their plain values, which is all the route
 * table needs.
 */
public final class TemplateRoutes {

    public static final String FILE_NAME = "template.yaml";

    private static final System.Logger LOG = System.getLogger(TemplateRoutes.class.getName());
    private static final YAMLMapper YAML = new YAMLMapper();

    private TemplateRoutes() {
    }

    /** {@code explicit} (TEMPLATE_PATH) when given, else template.yaml in {@code dir} or its nearest parent. */
    public static Path locate(String explicit, Path dir) {
        if (explicit != null && !explicit.isBlank()) {
            Path path = Path.of(explicit);
            if (!Files.isRegularFile(path)) {
                throw new IllegalStateException("TEMPLATE_PATH does not name a file: " + explicit);
            }
            return path;
        }
        for (Path at = dir.toAbsolutePath(); at != null; at = at.getParent()) {
            Path candidate = at.resolve(FILE_NAME);
            if (Files.isRegularFile(candidate)) {
                return candidate;
            }
        }
        throw new IllegalStateException("No " + FILE_NAME + " in " + dir.toAbsolutePath()
                + " or its parents; run from the project directory or set TEMPLATE_PATH.");
    }

    public static List<TemplateRoute> read(Path template) throws IOException {
        return parse(YAML.readTree(template.toFile()));
    }

    public static List<TemplateRoute> parse(String yaml) throws IOException {
        return parse(YAML.readTree(yaml));
    }

    static List<TemplateRoute> parse(JsonNode template) {
        List<TemplateRoute> routes = new ArrayList<>();
        for (Map.Entry<String, JsonNode> resource : functions(template)) {
            addRoutes(function(resource.getKey(), resource.getValue(), template), resource.getValue(), routes);
        }
        return List.copyOf(routes);
    }

    /** The functions without HttpApi events, in template order: what {@code POST /local/invoke/<id>} serves. */
    public static List<TemplateFunction> readDirect(Path template) throws IOException {
        return parseDirect(YAML.readTree(template.toFile()));
    }

    public static List<TemplateFunction> parseDirect(String yaml) throws IOException {
        return parseDirect(YAML.readTree(yaml));
    }

    static List<TemplateFunction> parseDirect(JsonNode template) {
        List<TemplateFunction> direct = new ArrayList<>();
        for (Map.Entry<String, JsonNode> resource : functions(template)) {
            boolean routed = false;
            for (JsonNode event : resource.getValue().path("Properties").path("Events")) {
                routed |= "HttpApi".equals(event.path("Type").asText());
            }
            if (routed) {
                continue;
            }
            TemplateFunction function = function(resource.getKey(), resource.getValue(), template);
            if (function.handlerClass().isEmpty()) {
                LOG.log(System.Logger.Level.WARNING, "skipping " + resource.getKey()
                        + ": the local server needs a Handler to invoke it");
                continue;
            }
            direct.add(function);
        }
        return List.copyOf(direct);
    }

    /**
     * The functions' EventBridge rules ({@code EventBridgeRule} events, and {@code CloudWatchEvent}, their older
     * name), in template order: where {@code POST /local/events} delivers an envelope. Read with the template's
     * intrinsics kept, so a pattern value {@code !Ref SomeParameter} is that parameter's Default.
     */
    public static List<TemplateEventRule> readEventRules(Path template) throws IOException {
        return parseEventRules(CloudFormationYaml.read(template));
    }

    public static List<TemplateEventRule> parseEventRules(String yaml) throws IOException {
        return parseEventRules(CloudFormationYaml.parse(yaml));
    }

    static List<TemplateEventRule> parseEventRules(JsonNode template) {
        List<TemplateEventRule> rules = new ArrayList<>();
        for (Map.Entry<String, JsonNode> resource : functions(template)) {
            JsonNode events = resource.getValue().path("Properties").path("Events");
            for (Map.Entry<String, JsonNode> event : events.properties()) {
                String type = event.getValue().path("Type").asText();
                if (!"EventBridgeRule".equals(type) && !"CloudWatchEvent".equals(type)) {
                    continue;
                }
                String where = resource.getKey() + "." + event.getKey();
                TemplateFunction function = function(resource.getKey(), resource.getValue(), template);
                JsonNode pattern = event.getValue().path("Properties").path("Pattern");
                if (function.handlerClass().isEmpty() || !pattern.isObject()) {
                    LOG.log(System.Logger.Level.WARNING, "skipping " + where
                            + ": the local server needs a Handler and a Pattern to deliver events");
                    continue;
                }
                rules.add(new TemplateEventRule(function, event.getKey(),
                        alternatives(pattern, template.path("Parameters"), where)));
            }
        }
        return List.copyOf(rules);
    }

    /** The pattern's alternatives: one, or one per {@code $or} entry (each also bound by the fields beside $or). */
    private static List<TemplateEventRule.Alternative> alternatives(JsonNode pattern, JsonNode parameters,
                                                                    String where) {
        List<String> sources = patternValues(pattern, "source", parameters, where);
        List<String> detailTypes = patternValues(pattern, "detail-type", parameters, where);
        JsonNode or = pattern.path("$or");
        if (!or.isArray()) {
            return List.of(new TemplateEventRule.Alternative(sources, detailTypes));
        }
        List<TemplateEventRule.Alternative> alternatives = new ArrayList<>();
        for (JsonNode alternative : or) {
            alternatives.add(new TemplateEventRule.Alternative(
                    both(sources, patternValues(alternative, "source", parameters, where)),
                    both(detailTypes, patternValues(alternative, "detail-type", parameters, where))));
        }
        return alternatives;
    }

    /**
     * The exact values a pattern field allows; {@code null} when the pattern does not name the field. A value
     * {@code {"Ref": parameter}} is the parameter's Default; content filters ({@code prefix}, {@code anything-but},
     * ...) and other intrinsics cannot be matched locally and are left out, with a warning.
     */
    private static List<String> patternValues(JsonNode pattern, String field, JsonNode parameters, String where) {
        if (!pattern.has(field)) {
            return null;
        }
        List<String> values = new ArrayList<>();
        JsonNode node = pattern.path(field);
        if (!node.isArray()) {
            LOG.log(System.Logger.Level.WARNING, where + ": pattern field " + field
                    + " is not a list; it matches nothing");
            return values;
        }
        for (JsonNode value : node) {
            String parameter = value.path("Ref").asText("");
            if (value.isTextual()) {
                values.add(value.textValue());
            } else if (value.size() == 1 && parameters.path(parameter).path("Default").isValueNode()) {
                values.add(parameters.path(parameter).path("Default").asText());
            } else {
                LOG.log(System.Logger.Level.WARNING, where + ": the local server cannot match " + field + " value "
                        + value + " (only literals and Refs to parameters with a Default); left out");
            }
        }
        return values;
    }

    /** Both constraints: the values in both lists ({@code null} being no constraint). */
    private static List<String> both(List<String> outer, List<String> inner) {
        if (outer == null || inner == null) {
            return outer == null ? inner : outer;
        }
        return inner.stream().filter(outer::contains).toList();
    }

    private static List<Map.Entry<String, JsonNode>> functions(JsonNode template) {
        List<Map.Entry<String, JsonNode>> functions = new ArrayList<>();
        for (Map.Entry<String, JsonNode> resource : template.path("Resources").properties()) {
            if ("AWS::Serverless::Function".equals(resource.getValue().path("Type").asText())) {
                functions.add(resource);
            }
        }
        return functions;
    }

    /** The handler and limits of one function, with its Globals defaults, as SAM resolves them. */
    private static TemplateFunction function(String name, JsonNode resource, JsonNode template) {
        JsonNode properties = resource.path("Properties");
        JsonNode globals = template.path("Globals").path("Function");
        String handler = setting(properties, globals, "Handler").asText("");
        int separator = handler.indexOf("::");
        String handlerClass = separator < 0 ? handler : handler.substring(0, separator);
        String handlerMethod = separator < 0 ? "handleRequest" : handler.substring(separator + 2);
        int timeout = setting(properties, globals, "Timeout").asInt(3);
        int memory = setting(properties, globals, "MemorySize").asInt(128);
        return new TemplateFunction(name, handlerClass, handlerMethod, timeout, memory);
    }

    private static void addRoutes(TemplateFunction function, JsonNode resource, List<TemplateRoute> routes) {
        for (Map.Entry<String, JsonNode> event : resource.path("Properties").path("Events").properties()) {
            if (!"HttpApi".equals(event.getValue().path("Type").asText())) {
                continue;
            }
            JsonNode route = event.getValue().path("Properties");
            String method = route.path("Method").asText("");
            String path = route.path("Path").asText("");
            if (method.isEmpty() || path.isEmpty() || function.handlerClass().isEmpty()) {
                // The catch-all $default route and handlers built with intrinsics have no local equivalent.
                LOG.log(System.Logger.Level.WARNING, "skipping " + function.function() + "." + event.getKey()
                        + ": the local server needs a Handler, a Method and a Path");
                continue;
            }
            routes.add(new TemplateRoute(method.toUpperCase(Locale.ROOT), path, function.function(),
                    function.handlerClass(), function.handlerMethod(), function.timeoutSeconds(), function.memoryMb()));
        }
    }

    /** A function property, or its Globals value, as SAM resolves them. */
    private static JsonNode setting(JsonNode properties, JsonNode globals, String name) {
        return properties.has(name) ? properties.path(name) : globals.path(name);
    }
}
