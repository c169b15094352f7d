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

/** {@code POST /v1/teams/{team_id}/secrets/{secret_id}/rollback}: makes an earlier credential version current again. */
public final class RollbackSecretHandler extends HttpFunction {

    /** What SnapStart priming sends this function: its own sample, events/rollback-secret.json. */
    static final PrimingSample SAMPLE = PrimingSample.of("rollback-secret");

    private final App app;

    public RollbackSecretHandler() {
        this(App.fromEnvironment());
        // SnapStart: run the request path once before the snapshot, so restored containers start warm.
        Priming.register(app, SAMPLE, RollbackSecretHandler::new);
    }

    public RollbackSecretHandler(App app) {
        this.app = app;
    }

    @Override
    public APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
        return ApiHandlers.forTeam(event, app.authenticator(), app.rateLimiter(), (request, principal, teamId) -> {
            var secret = app.secretService().rollback(principal, teamId, request.pathUuid("secret_id"),
                    () -> SecretRequests.rollback(request.jsonObjectBody()));
            return ApiResponses.json(200, SecretJson.rolledBack(secret), Map.of());
        });
    }
}
