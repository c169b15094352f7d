package io.dataraven.secrets.functions;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import io.dataraven.secrets.api.ApiHandlers;
import io.dataraven.secrets.api.ApiResponses;
import io.dataraven.secrets.config.App;
import io.dataraven.secrets.config.Priming;
import io.dataraven.secrets.config.PrimingSample;
import io.dataraven.secrets.secret.SecretJson;
import io.dataraven.secrets.secret.SecretRequests;

import java.util.Map;

/** {@code GET /v1/teams/{team_id}/secrets/{secret_id}/versions}: the credential versions, newest first; never a value. */
public final class ListSecretVersionsHandler extends HttpFunction {

    /** What SnapStart priming sends this function: its own sample, events/list-secret-versions.json. */
    static final PrimingSample SAMPLE = PrimingSample.of("list-secret-versions");

    private final App app;

    public ListSecretVersionsHandler() {
        this(App.fromEnvironment());
        // SnapStart: run the request path once before the snapshot, so restored containers start warm.
        Priming.register(app, SAMPLE, ListSecretVersionsHandler::new);
    }

    public ListSecretVersionsHandler(App app) {
        this.app = app;
    }

    @Override
    public APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
        return ApiHandlers.forTeam(event, app.authenticator(), app.rateLimiter(), (request, principal, teamId) -> {
            var versions = app.secretService().versions(principal, teamId, request.pathUuid("secret_id"),
                    () -> SecretRequests.versionsPaging(request.queryParameters()));
            return ApiResponses.json(200, versions.page().toJson(v -> SecretJson.version(v, versions.current())),
                    Map.of());
        });
    }
}
