package io.dataraven.secrets.functions;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import io.dataraven.secrets.api.ApiHandlers;
import io.dataraven.secrets.api.ApiResponses;
import io.dataraven.secrets.config.App;
import io.dataraven.secrets.config.Priming;
import io.dataraven.secrets.config.PrimingSample;

/** {@code DELETE /v1/teams/{team_id}/vault-connections/{connection_id}}: parse, call the service, map. */
public final class DeleteVaultConnectionHandler extends HttpFunction {

    /** What SnapStart priming sends this function: its own sample, events/delete-vault-connection.json. */
    static final PrimingSample SAMPLE = PrimingSample.of("delete-vault-connection");

    private final App app;

    public DeleteVaultConnectionHandler() {
        this(App.fromEnvironment());
        // SnapStart: run the request path once before the snapshot, so restored containers start warm.
        Priming.register(app, SAMPLE, DeleteVaultConnectionHandler::new);
    }

    public DeleteVaultConnectionHandler(App app) {
        this.app = app;
    }

    @Override
    public APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
        return ApiHandlers.forTeam(event, app.authenticator(), app.rateLimiter(), (request, principal, teamId) -> {
            app.vaultConnectionService().delete(principal, teamId, request.pathUuid("connection_id"));
            return ApiResponses.noContent();
        });
    }
}
