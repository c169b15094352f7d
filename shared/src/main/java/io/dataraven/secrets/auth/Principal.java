package io.dataraven.secrets.auth;


import java.util.Map;
import java.util.UUID;

/** The authenticated caller: who (the token's subject) and their role in each team. */
public record Principal(String subject, Map<UUID, Role> teamRoles, RequestInfo request) {

    public Principal {
        teamRoles = Map.copyOf(teamRoles);
        request = request == null ? RequestInfo.NONE : request;
    }

    public Principal(String subject, Map<UUID, Role> teamRoles) {
        this(subject, teamRoles, RequestInfo.NONE);
    }

    /** The same caller, with the request it made (for the audit trail). */
    public Principal from(RequestInfo info) {
        return new Principal(subject, teamRoles, info);
    }

    /** Passes when the caller may perform {@code operation} in {@code teamId}; otherwise a 403 (see below). */
    public void require(UUID teamId, Operation operation) {
        require(teamId, operation.minimum());
    }

    /**
     * Passes when the caller holds at least {@code minimum} in {@code teamId}; otherwise a 403 that says which
     * role is needed, without revealing whether the team exists.
     */
    public void require(UUID teamId, Role minimum) {
        Role role = teamRoles.get(teamId);
        if (role == null) {
            throw new AccessDeniedException("You are not a member of this team.");
        }
        if (!role.atLeast(minimum)) {
            throw new AccessDeniedException("This action needs the " + minimum.wire() + " role or higher in this team; "
                    + "yours is " + role.wire() + ".");
        }
    }
}
