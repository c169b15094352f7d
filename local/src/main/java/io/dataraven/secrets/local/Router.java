package io.dataraven.secrets.local;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Picks the route for a request the way API Gateway does: exact method or ANY, the most specific path first. */
final class Router {

    record Route(String method, PathTemplate path, Endpoint endpoint) {

        static Route of(String method, String path, Endpoint endpoint) {
            return new Route(method, PathTemplate.of(path), endpoint);
        }

        String routeKey() {
            return method + " " + path.template();
        }
    }

    record Match(Route route, Map<String, String> pathParameters) {
    }

    private final List<Route> routes;

    Router(List<Route> routes) {
        this.routes = List.copyOf(routes);
    }

    Optional<Match> match(String method, String rawPath) {
        return routes.stream()
                .filter(route -> route.method().equals(method) || route.method().equals("ANY"))
                .flatMap(route -> route.path().match(rawPath).map(params -> new Match(route, params)).stream())
                // /teams/me beats /teams/{team_id}: fewer parameters is more specific
                .min(Comparator.comparingInt(match -> match.pathParameters().size()));
    }

    /** The methods routed for this path; empty when no route has it (a 404 rather than a 405). */
    List<String> allowedMethods(String rawPath) {
        return routes.stream()
                .filter(route -> route.path().match(rawPath).isPresent())
                .map(Route::method)
                .distinct()
                .sorted()
                .toList();
    }

    List<Route> routes() {
        return routes;
    }
}
