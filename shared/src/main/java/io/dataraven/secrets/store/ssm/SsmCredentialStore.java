package io.dataraven.secrets.store.ssm;

import com.fasterxml.jackson.databind.JsonNode;
import io.dataraven.secrets.api.Json;
import io.dataraven.secrets.credential.CredentialStore;
import io.dataraven.secrets.credential.Credentials;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.model.GetParameterResponse;
import software.amazon.awssdk.services.ssm.model.ParameterAlreadyExistsException;
import software.amazon.awssdk.services.ssm.model.ParameterNotFoundException;
import software.amazon.awssdk.services.ssm.model.ParameterTier;
import software.amazon.awssdk.services.ssm.model.ParameterType;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Credentials as SSM SecureString parameters encrypted with our KMS key: one parameter per secret holding the
 * JSON of its fields. Create uses Overwrite=false so an id can never silently replace another's value.
 */
public final class SsmCredentialStore implements CredentialStore {

    private final java.util.function.Supplier<SsmClient> ssmClient;
    private final String kmsKeyId;

    public SsmCredentialStore(SsmClient ssm, String kmsKeyId) {
        this(() -> ssm, kmsKeyId);
    }

    /** With a client built on first use (functions that never touch SSM never build it). */
    public SsmCredentialStore(java.util.function.Supplier<SsmClient> ssm, String kmsKeyId) {
        this.ssmClient = ssm;
        this.kmsKeyId = kmsKeyId;
    }

    @Override
    public void create(String path, Credentials credentials) {
        try {
            put(path, credentials, false);
        } catch (ParameterAlreadyExistsException e) {
            throw new CredentialAlreadyExistsException(path);
        }
    }

    @Override
    public void overwrite(String path, Credentials credentials) {
        put(path, credentials, true);
    }

    private void put(String path, Credentials credentials, boolean overwrite) {
        ssmClient.get().putParameter(r -> r.name(path)
                .type(ParameterType.SECURE_STRING)
                .keyId(kmsKeyId)
                .tier(ParameterTier.STANDARD)
                .overwrite(overwrite)
                .value(serialize(credentials)));
    }

    @Override
    public void delete(String path) {
        try {
            ssmClient.get().deleteParameter(r -> r.name(path));
        } catch (ParameterNotFoundException e) {
            // already gone: deleting is idempotent so retries and rollbacks can repeat it
        }
    }

    @Override
    public Optional<Credentials> read(String path) {
        try {
            GetParameterResponse response = ssmClient.get().getParameter(r -> r.name(path).withDecryption(true));
            return Optional.of(deserialize(response.parameter().value()));
        } catch (ParameterNotFoundException e) {
            return Optional.empty();
        }
    }

    @Override
    public java.util.List<StoredParameter> list(String prefix) {
        java.util.List<StoredParameter> found = new java.util.ArrayList<>();
        // Without decryption: the sweeper needs names and ages, never values.
        ssmClient.get().getParametersByPathPaginator(software.amazon.awssdk.services.ssm.model.GetParametersByPathRequest.builder()
                        .path(prefix).recursive(true).withDecryption(false).maxResults(10).build())
                .forEach(page -> page.parameters().forEach(p ->
                        found.add(new StoredParameter(p.name(), p.lastModifiedDate()))));
        return found;
    }

    private static String serialize(Credentials credentials) {
        try {
            return Json.MAPPER.writeValueAsString(credentials.values());
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("credentials could not be serialized");
        }
    }

    private static Credentials deserialize(String json) {
        JsonNode node;
        try {
            node = Json.MAPPER.readTree(json);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            node = null;
        }
        // Anything but an object of strings is corrupt: reading it as empty or partial credentials would hand a
        // transfer job wrong values. Never include the parameter value (or the parser's excerpt of it).
        if (node == null || !node.isObject()) {
            throw new IllegalStateException("stored credential parameter is not a JSON object");
        }
        Map<String, String> values = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> field : node.properties()) {
            if (!field.getValue().isTextual()) {
                throw new IllegalStateException("stored credential field " + field.getKey() + " is not a string");
            }
            values.put(field.getKey(), field.getValue().textValue());
        }
        return new Credentials(values);
    }
}
