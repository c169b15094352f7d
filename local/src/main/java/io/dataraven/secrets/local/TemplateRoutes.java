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
 * Reads the HttpApi routes out of template.yaml, so the local server serves exactly what SAM deploys, and the
 * functions without HttpApi events, which it serves for direct invocation. CloudFormation short tags
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
