package io.dataraven.secrets.local;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class RouterTest {

    private static final Endpoint NONE = event -> new APIGatewayV2HTTPResponse();

    private final Router router = new Router(List.of(
            Router.Route.of("GET", "/v1/teams/{team_id}/secrets/{secret_id}", NONE),
            Router.Route.of("DELETE", "/v1/teams/{team_id}/secrets/{secret_id}", NONE),
            Router.Route.of("GET", "/v1/teams/{team_id}/secrets/export", NONE),
            Router.Route.of("ANY", "/v1/anything", NONE)));

    @Test
    void fillsPathParametersDecoded() {
        Router.Match match = router.match("GET", "/v1/teams/t%201/secrets/a+b").orElseThrow();

        assertThat(match.route().routeKey()).isEqualTo("GET /v1/teams/{team_id}/secrets/{secret_id}");
        assertThat(match.pathParameters()).isEqualTo(Map.of("team_id", "t 1", "secret_id", "a+b"));
    }

    @Test
    void prefersTheLiteralSegmentOverAParameter() {
        assertThat(router.match("GET", "/v1/teams/t/secrets/export").orElseThrow().route().routeKey())
                .isEqualTo("GET /v1/teams/{team_id}/secrets/export");
    }

    @Test
    void matchesWholeSegmentsOnly() {
        assertThat(router.match("GET", "/v1/teams/t/secrets")).isEmpty();
        assertThat(router.match("GET", "/v1/teams/t/secrets/s/")).isEmpty();
        assertThat(router.match("GET", "/v1/teams//secrets/s")).isEmpty();
    }

    @Test
    void anyMatchesEveryMethod() {
        assertThat(router.match("PATCH", "/v1/anything")).isPresent();
    }

    @Test
    void listsTheMethodsOfAKnownPath() {
        assertThat(router.allowedMethods("/v1/teams/t/secrets/s")).containsExactly("DELETE", "GET");
        assertThat(router.allowedMethods("/nowhere")).isEmpty();
    }
}
