package io.dataraven.secrets.auth;

import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * The authenticated caller: who (the token's subject) and their role in each team, or, for a request made with an
 * API key, the key's grant (its one team and its scopes) instead of roles.
 */
public record Principal(String subject, Map<UUID, Role> teamRoles, RequestInfo request, ApiKeyGrant apiKey) {

    /** What an API key allows: its team and its scopes (spec §5.1); the key's id for the audit trail. */
    public record ApiKeyGrant(UUID teamId, String keyId, Set<String> scopes) {
        public ApiKeyGrant {
            scopes = Set.copyOf(scopes);
        }
    }

    public Principal {
        teamRoles = Map.copyOf(teamRoles);
        request = request == null ? RequestInfo.NONE : request;
    }

    public Principal(String subject, Map<UUID, Role> teamRoles, RequestInfo request) {
        this(subject, teamRoles, request, null);
    }

    public Principal(String subject, Map<UUID, Role> teamRoles) {
        this(subject, teamRoles, RequestInfo.NONE, null);
    }

    /** A caller holding an API key: subject {@code apikey:<key_id>}, which the audit trail records as an api_key actor. */
    public static Principal of(ApiKeyGrant grant) {
        return new Principal("apikey:" + grant.keyId(), Map.of(), RequestInfo.NONE, grant);
    }

    /** The same caller, with the request it made (for the audit trail). */
    public Principal from(RequestInfo info) {
        return new Principal(subject, teamRoles, info, apiKey);
    }

    /** Whether the caller came with an API key (not a JWT session). */
    public boolean viaApiKey() {
        return apiKey != null;
    }

    /**
     * Passes when the caller may perform {@code operation} in {@code teamId}: a session by its role, a key by its
     * scope; otherwise a 403 saying what is missing, without revealing whether the team exists.
     */
    public void require(UUID teamId, Operation operation) {
        if (apiKey == null) {
            require(teamId, operation.minimum());
            return;
        }
        if (!apiKey.teamId().equals(teamId)) {
            throw new AccessDeniedException("This API key belongs to another team.");
        }
        if (operation.scope() == null) {
            throw new AccessDeniedException("This action needs a signed-in user session; API keys cannot perform it.");
        }
        if (!apiKey.scopes().contains(operation.scope())) {
            throw new AccessDeniedException("This API key does not hold the " + operation.scope() + " scope.");
        }
    }

    /**
     * Passes when the caller holds at least {@code minimum} in {@code teamId}; otherwise a 403 that says which
     * role is needed, without revealing whether the team exists.
     */
    public void require(UUID teamId, Role minimum) {
        Role role = teamRoles.get(teamId);
        if (role == null) {
            throw new AccessDeniedException(apiKey != null ? "This action needs a signed-in user session."
                    : "You are not a member of this team.");
        }
        if (!role.atLeast(minimum)) {
            throw new AccessDeniedException("This action needs the " + minimum.wire() + " role or higher in this team; "
                    + "yours is " + role.wire() + ".");
        }
    }

    /** The caller's role in the team; null for a key or a non-member. */
    public Role roleIn(UUID teamId) {
        return teamRoles.get(teamId);
    }
}
