package io.dataraven.secrets.functions;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import io.dataraven.secrets.api.ApiHandlers;
import io.dataraven.secrets.api.ApiResponses;
import io.dataraven.secrets.config.App;
import io.dataraven.secrets.config.Priming;
import io.dataraven.secrets.config.PrimingSample;
import io.dataraven.secrets.idempotency.Idempotency;
import io.dataraven.secrets.vault.VaultConnection;
import io.dataraven.secrets.vault.VaultConnectionRequests;

import java.util.Map;

/** {@code POST /v1/teams/{team_id}/vault-connections/{connection_id}/rotate}: parse, call the service, map. */
public final class RotateVaultConnectionHandler extends HttpFunction {

    /** What SnapStart priming sends this function: its own sample, events/rotate-vault-connection.json. */
    static final PrimingSample SAMPLE = PrimingSample.of("rotate-vault-connection");

    private final App app;

    public RotateVaultConnectionHandler() {
        this(App.fromEnvironment());
        // SnapStart: run the request path once before the snapshot, so restored containers start warm.
        Priming.register(app, SAMPLE, RotateVaultConnectionHandler::new);
    }

    public RotateVaultConnectionHandler(App app) {
        this.app = app;
    }

    @Override
    public APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
        return ApiHandlers.forTeam(event, app.authenticator(), app.rateLimiter(), (request, principal, teamId) -> {
            Idempotency.Outcome<VaultConnection> rotated = app.vaultConnectionService().rotate(principal, teamId,
                    request.pathUuid("connection_id"), request.idempotency(),
                    () -> VaultConnectionRequests.rotation(request.jsonObjectBody()));
            return ApiResponses.json(200, rotated.body(), ApiResponses.replayed(rotated, Map.of()));
        });
    }
}
