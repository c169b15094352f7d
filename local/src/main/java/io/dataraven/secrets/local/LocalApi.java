package io.dataraven.secrets.local;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.logging.LogManager;
import io.dataraven.secrets.config.Settings;
import io.dataraven.secrets.logging.Invocations;
import io.dataraven.secrets.logging.Logs;
import io.dataraven.secrets.logging.Metrics;

/**
 * {@code java -jar local/target/local-api.jar}: the secrets API on http://127.0.0.1:$PORT (default 3000), with the
 * routes of template.yaml, its functions without routes at POST /local/invoke/&lt;LogicalId&gt;, and its EventBridge
 * rules at POST /local/events (an event envelope goes to the function whose pattern takes it). Storage is in
 * memory unless AWS_ENDPOINT_URL names an AWS-compatible endpoint. Vault provider clients come from the
 * environment: DOPPLER_API_URL, INFISICAL_API_URL and OP_CLI_PATH override their defaults.
 */
public final class LocalApi {

    static final int DEFAULT_PORT = 3000;

    /**
     * One line per record on stderr: readable text by default, JSON with LOG_FORMAT=json (as in Lambda), at
     * LOG_LEVEL. In text, the handlers' own per-request line is turned down to warnings, since the server logs every
     * request already; in JSON it stays, as the structured record of each request. A
     * -Djava.util.logging.config.file of the user's wins.
     */
    static final String LOGGING = """
            handlers=java.util.logging.ConsoleHandler
            .level=INFO
            java.util.logging.ConsoleHandler.level=ALL
            """;

    private LocalApi() {
    }

    public static void main(String[] args) {
        configureLogging();
        System.Logger log = System.getLogger(LocalApi.class.getName());
        LocalApiServer server;
        LocalStorage storage;
        try {
            int port = port(System.getenv("PORT"));
            Path template = TemplateRoutes.locate(System.getenv("TEMPLATE_PATH"), Path.of(""));
            List<TemplateRoute> routes = TemplateRoutes.read(template);
            List<TemplateFunction> direct = TemplateRoutes.readDirect(template);
            List<TemplateEventRule> rules = TemplateRoutes.readEventRules(template);
            storage = LocalStorage.fromEnvironment();
            server = LocalApiServer.start(port, routes, direct, rules, storage);
            log.log(System.Logger.Level.INFO, "routes from " + template.toAbsolutePath().normalize() + ":");
            routes.forEach(route -> log.log(System.Logger.Level.INFO,
                    "  " + route.routeKey() + " -> " + route.function()));
            direct.forEach(function -> log.log(System.Logger.Level.INFO,
                    "  POST /local/invoke/" + function.function() + " -> " + function.function() + " (direct invoke)"));
            rules.forEach(rule -> log.log(System.Logger.Level.INFO, "  POST " + LocalEventBus.PATH + " "
                    + rule.detailTypes() + " -> " + rule.function().function() + " (EventBridge rule " + rule.event()
                    + ")"));
        } catch (IOException | RuntimeException e) {
            log.log(System.Logger.Level.ERROR, "cannot start the local API: " + e.getMessage());
            System.exit(1);
            return;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(server::close, "local-api-stop"));
        log.log(System.Logger.Level.INFO, "DataRaven Secrets local API listening on " + server.baseUri()
                + " (storage: " + storage.label() + ")");
    }

    static int port(String value) {
        if (value == null || value.isBlank()) {
            return DEFAULT_PORT;
        }
        try {
            int port = Integer.parseInt(value.strip());
            if (port >= 0 && port <= 65535) {
                return port;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("PORT must be a port number (0-65535), got " + value);
    }

    private static void configureLogging() {
        if (System.getProperty("java.util.logging.config.file") != null
                || System.getProperty("java.util.logging.config.class") != null) {
            return;
        }
        Settings settings = Settings.fromEnvironment();
        boolean json = "json".equals(settings.logFormat());
        String config = LOGGING + (json ? "" : "io.dataraven.secrets.api.level=WARNING\n");
        try {
            LogManager.getLogManager().readConfiguration(
                    new ByteArrayInputStream(config.getBytes(StandardCharsets.UTF_8)));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        Logs.configure(settings.logFormat(), settings.logLevel());
        // With JSON logs, the EMF metric lines too, as Lambda would write them, in METRICS_NAMESPACE as there.
        Metrics.namespace(settings.metricsNamespace());
        Invocations.writeMetrics(json);
    }
}
