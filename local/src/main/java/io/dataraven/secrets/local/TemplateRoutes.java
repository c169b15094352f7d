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
 * Reads the HttpApi routes out of template.yaml, so the local server serves exactly what SAM deploys. CloudFormation
 * short tags ({@code !Ref}, {@code !Sub}, {@code !GetAtt}) are read as their plain values, which is all the
 * route table needs.
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
        JsonNode globals = template.path("Globals").path("Function");
        List<TemplateRoute> routes = new ArrayList<>();
        for (Map.Entry<String, JsonNode> resource : template.path("Resources").properties()) {
            if ("AWS::Serverless::Function".equals(resource.getValue().path("Type").asText())) {
                addFunction(resource.getKey(), resource.getValue().path("Properties"), globals, routes);
            }
        }
        return List.copyOf(routes);
    }

    private static void addFunction(String name, JsonNode properties, JsonNode globals, List<TemplateRoute> routes) {
        String handler = setting(properties, globals, "Handler").asText("");
        int separator = handler.indexOf("::");
        String handlerClass = separator < 0 ? handler : handler.substring(0, separator);
        String handlerMethod = separator < 0 ? "handleRequest" : handler.substring(separator + 2);
        int timeout = setting(properties, globals, "Timeout").asInt(3);
        int memory = setting(properties, globals, "MemorySize").asInt(128);
        for (Map.Entry<String, JsonNode> event : properties.path("Events").properties()) {
            if (!"HttpApi".equals(event.getValue().path("Type").asText())) {
                continue;
            }
            JsonNode route = event.getValue().path("Properties");
            String method = route.path("Method").asText("");
            String path = route.path("Path").asText("");
            if (method.isEmpty() || path.isEmpty() || handlerClass.isEmpty()) {
                // The catch-all $default route and handlers built with intrinsics have no local equivalent.
                LOG.log(System.Logger.Level.WARNING, "skipping " + name + "." + event.getKey()
                        + ": the local server needs a Handler, a Method and a Path");
                continue;
            }
            routes.add(new TemplateRoute(method.toUpperCase(Locale.ROOT), path, name, handlerClass, handlerMethod,
                    timeout, memory));
        }
    }

    /** A function property, or its Globals value, as SAM resolves them. */
    private static JsonNode setting(JsonNode properties, JsonNode globals, String name) {
        return properties.has(name) ? properties.path(name) : globals.path(name);
    }
}
