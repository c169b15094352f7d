package io.dataraven.secrets.functions;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import io.dataraven.secrets.api.ApiHandlers;
import io.dataraven.secrets.api.ApiResponses;
import io.dataraven.secrets.config.App;
import io.dataraven.secrets.config.Priming;
import io.dataraven.secrets.config.PrimingSample;
import io.dataraven.secrets.vault.VaultConnectionJson;
import io.dataraven.secrets.vault.VaultConnectionRequests;

import java.util.Map;

/** {@code PATCH /v1/teams/{team_id}/vault-connections/{connection_id}}: parse, call the service, map. */
public final class UpdateVaultConnectionHandler extends HttpFunction {

    /** What SnapStart priming sends this function: its own sample, events/update-vault-connection.json. */
    static final PrimingSample SAMPLE = PrimingSample.of("update-vault-connection");

    private final App app;

    public UpdateVaultConnectionHandler() {
        this(App.fromEnvironment());
        // SnapStart: run the request path once before the snapshot, so restored containers start warm.
        Priming.register(app, SAMPLE, UpdateVaultConnectionHandler::new);
    }

    public UpdateVaultConnectionHandler(App app) {
        this.app = app;
    }

    @Override
    public APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
        return ApiHandlers.forTeam(event, app.authenticator(), app.rateLimiter(), (request, principal, teamId) ->
                ApiResponses.json(200, VaultConnectionJson.of(app.vaultConnectionService().update(principal, teamId,
                        request.pathUuid("connection_id"),
                        () -> VaultConnectionRequests.update(request.jsonObjectBody()))), Map.of()));
    }
}
