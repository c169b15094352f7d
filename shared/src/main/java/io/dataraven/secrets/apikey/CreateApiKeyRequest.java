package io.dataraven.secrets.apikey;

import java.time.Instant;
import java.util.List;

/** A create body as read (spec §5.4); {@link ApiKeyRequests} reports what could not be read. */
public record CreateApiKeyRequest(String name, List<String> scopes, Instant expiresAt) {
}
