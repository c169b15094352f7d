package io.dataraven.secrets.local;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import io.dataraven.secrets.api.ApiErrors;
import io.dataraven.secrets.api.ApiException;
import io.dataraven.secrets.api.ApiResponses;
import io.dataraven.secrets.auth.JwtAuthenticator;
import io.dataraven.secrets.config.App;

import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The local API: the template's routes served by the real handlers on 127.0.0.1, plus the dev endpoints under
 * {@code /local}, among them {@code POST /local/invoke/{function}} for the template's functions without HttpApi
 * events and {@code POST /local/events} for its EventBridge rules. Tokens are checked by the real
 * {@link JwtAuthenticator}, given the local issuer's public key in-process.
 */
public final class LocalApiServer implements AutoCloseable {

    public static final String AUDIENCE = "dataraven-secrets";
    /** API Gateway's own payload limit; anything larger gets a 413 before a handler sees it. */
    static final int MAX_BODY_BYTES = 10 * 1024 * 1024;
    private static final System.Logger LOG = System.getLogger(LocalApiServer.class.getName());

    private final LocalHttp http;
    private final Router router;
    private final List<String> directFunctions;
    private final List<String> eventRules;
    private final URI baseUri;

    private LocalApiServer(LocalHttp http, Router router, List<String> directFunctions, List<String> eventRules,
                           URI baseUri) {
        this.http = http;
        this.router = router;
        this.directFunctions = directFunctions;
        this.eventRules = eventRules;
        this.baseUri = baseUri;
    }

    /** Everything {@code template} declares: its routes, its functions without routes and its EventBridge rules. */
    public static LocalApiServer start(int port, Path template, LocalStorage storage) throws IOException {
        return start(port, TemplateRoutes.read(template), TemplateRoutes.readDirect(template),
                TemplateRoutes.readEventRules(template), storage);
    }

    /** As {@link #start(int, List, List, LocalStorage)} with no directly invoked functions. */
    public static LocalApiServer start(int port, List<TemplateRoute> templateRoutes, LocalStorage storage)
            throws IOException {
        return start(port, templateRoutes, List.of(), storage);
    }

    /** As {@link #start(int, List, List, List, LocalStorage)} with no EventBridge rules. */
    public static LocalApiServer start(int port, List<TemplateRoute> templateRoutes,
                                       List<TemplateFunction> directFunctions, LocalStorage storage)
            throws IOException {
        return start(port, templateRoutes, directFunctions, List.of(), storage);
    }

    /**
     * Binds 127.0.0.1:{@code port} (0 picks a free port), wires everything and starts serving: the routes,
     * {@code directFunctions} at {@code POST /local/invoke/<function>}, and envelopes for {@code eventRules} at
     * {@code POST /local/events}.
     */
    public static LocalApiServer start(int port, List<TemplateRoute> templateRoutes,
                                       List<TemplateFunction> directFunctions, List<TemplateEventRule> eventRules,
                                       LocalStorage storage) throws IOException {
        // Requests run in parallel, as in several Lambda containers; none waits for another (keys are in-process).
        Router[] routing = new Router[1];
        LocalHttp http = LocalHttp.bind(InetAddress.getByName("127.0.0.1"), port, MAX_BODY_BYTES,
                request -> serve(routing[0], request));
        // Bound first: the issuer and JWKS URL name the actual port.
        URI baseUri = URI.create("http://127.0.0.1:" + http.port());
        Router router;
        DirectInvocations invocations;
        LocalEventBus bus;
        try {
            Wiring wiring = wiring(baseUri, storage);
            invocations = DirectInvocations.load(directFunctions, wiring.app());
            bus = LocalEventBus.load(eventRules, invocations, wiring.app());
            List<Router.Route> routes = new ArrayList<>(
                    new DevEndpoints(wiring.tokens(), bus, wiring.app().auditPublisher()).routes());
            routes.add(invocations.route());
            routes.add(bus.route());
            routes.addAll(routes(templateRoutes, wiring.app()));
            router = new Router(routes);
        } catch (RuntimeException e) {
            http.close();
            throw e;
        }
        routing[0] = router;
        http.start();
        return new LocalApiServer(http, router, invocations.names(), bus.rules(), baseUri);
    }

    /** The local token issuer, and the App whose authenticator trusts it. */
    private record Wiring(LocalTokens tokens, App app) {
    }

    private static Wiring wiring(URI baseUri, LocalStorage storage) {
        LocalTokens tokens = new LocalTokens(baseUri + "/local", AUDIENCE);
        // Not over HTTP from ourselves: a fetch needs a free thread of this server, and a burst of unknown key ids
        // (each forcing a refetch) took them all, stalling every request until the fetch timed out.
        return new Wiring(tokens, storage.app(new JwtAuthenticator(
                new ImmutableJWKSet<>(tokens.publicKeys()), tokens.issuer(), AUDIENCE)));
    }

    private static List<Router.Route> routes(List<TemplateRoute> templateRoutes, App app) {
        List<Router.Route> routes = new ArrayList<>();
        Map<String, LambdaFunction> functions = new HashMap<>();
        for (TemplateRoute route : templateRoutes) {
            // One instance per function, shared by its routes as in one Lambda container. Unlike Lambda, requests
            // may run in parallel: the handlers keep no per-request state, and the stores are thread-safe.
            LambdaFunction function = functions.computeIfAbsent(route.function(), name -> LambdaFunction.load(route, app));
            routes.add(Router.Route.of(route.method(), route.path(), function));
        }
        return routes;
    }

    public URI baseUri() {
        return baseUri;
    }

    /** Route keys served, dev endpoints first, in the order they were added. */
    public List<String> routeKeys() {
        return router.routes().stream().map(Router.Route::routeKey).toList();
    }

    /** The functions served at {@code POST /local/invoke/<function>}, in template order. */
    public List<String> directFunctions() {
        return directFunctions;
    }

    /** The EventBridge rules served at {@code POST /local/events}, as {@code Function.Event}, in template order. */
    public List<String> eventRules() {
        return eventRules;
    }

    @Override
    public void close() {
        http.close();
    }

    private static APIGatewayV2HTTPResponse serve(Router router, LocalHttp.Request request) {
        long start = System.nanoTime();
        APIGatewayV2HTTPResponse response = respond(router, request);
        // Method, path, status and time only: query strings, headers and bodies can carry credentials.
        long millis = (System.nanoTime() - start) / 1_000_000;
        LOG.log(System.Logger.Level.INFO, () -> request.method() + " " + request.rawPath() + " "
                + response.getStatusCode() + " " + millis + " ms");
        return response;
    }

    private static APIGatewayV2HTTPResponse respond(Router router, LocalHttp.Request request) {
        String method = request.method();
        String path = request.rawPath();
        try {
            Optional<Router.Match> match = router.match(method, path);
            if (match.isEmpty()) {
                throw unrouted(router, method, path);
            }
            APIGatewayV2HTTPEvent event = LocalEvents.request(request, match.get().route().routeKey(),
                    match.get().pathParameters());
            return match.get().route().endpoint().handle(event);
        } catch (RuntimeException e) {
            ApiException known = ApiErrors.map(e);
            if (known != null) {
                return ApiResponses.error(known);
            }
            // The type only: a message could quote the request.
            LOG.log(System.Logger.Level.ERROR, "unhandled " + e.getClass().getName() + " for " + method + " " + path);
            return ApiResponses.internalError();
        }
    }

    private static ApiException unrouted(Router router, String method, String path) {
        List<String> allowed = router.allowedMethods(path);
        if (allowed.isEmpty()) {
            return new ApiException(404, "not_found", "No route matches " + method + " " + path + ".");
        }
        return new ApiException(405, "method_not_allowed",
                method + " is not allowed on " + path + "; allowed: " + String.join(", ", allowed) + ".",
                List.of(), Map.of("Allow", String.join(", ", allowed)));
    }
}
