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

import java.util.Map;

/** {@code GET /v1/teams/{team_id}/vault-connections}: parse, call the service, map. */
public final class ListVaultConnectionsHandler extends HttpFunction {

    /** What SnapStart priming sends this function: its own sample, events/list-vault-connections.json. */
    static final PrimingSample SAMPLE = PrimingSample.of("list-vault-connections");

    private final App app;

    public ListVaultConnectionsHandler() {
        this(App.fromEnvironment());
        // SnapStart: run the request path once before the snapshot, so restored containers start warm.
        Priming.register(app, SAMPLE, ListVaultConnectionsHandler::new);
    }

    public ListVaultConnectionsHandler(App app) {
        this.app = app;
    }

    @Override
    public APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
        return ApiHandlers.forTeam(event, app.authenticator(), app.rateLimiter(), (request, principal, teamId) ->
                ApiResponses.json(200, app.vaultConnectionService().list(principal, teamId,
                        request.queryParameters()).toJson(VaultConnectionJson::of), Map.of()));
    }
}
