package io.dataraven.secrets.store.ssm;

import com.fasterxml.jackson.databind.JsonNode;
import io.dataraven.secrets.common.Json;
import io.dataraven.secrets.credential.CredentialStore;
import io.dataraven.secrets.credential.Credentials;
import io.dataraven.secrets.store.aws.Pacer;
import io.dataraven.secrets.store.aws.SdkFailures;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.model.DescribeParametersRequest;
import software.amazon.awssdk.services.ssm.model.DescribeParametersResponse;
import software.amazon.awssdk.services.ssm.model.ParameterAlreadyExistsException;
import software.amazon.awssdk.services.ssm.model.ParameterNotFoundException;
import software.amazon.awssdk.services.ssm.model.ParameterStringFilter;
import software.amazon.awssdk.services.ssm.model.ParameterTier;
import software.amazon.awssdk.services.ssm.model.ParameterType;
import software.amazon.awssdk.services.ssm.model.ParameterVersionNotFoundException;
import software.amazon.awssdk.services.ssm.model.PutParameterRequest;
import software.amazon.awssdk.services.ssm.model.Tag;

import java.util.ArrayList;
import java.util.Collection;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Credentials as SSM SecureString parameters encrypted with our KMS key: one parameter per secret holding the
 * JSON of its fields, each write a new SSM version. A create (Overwrite=false) tags the parameter with the table
 * that owns it, and the sweeper lists by that tag, so two stacks sharing an account and prefix never sweep each
 * other's parameters. SDK failures leave as {@link io.dataraven.secrets.store.StoreUnavailableException}.
 */
public final class SsmCredentialStore implements CredentialStore {

    /** The tag naming the owning table; set at creation (SSM refuses tags together with Overwrite). */
    public static final String OWNER_TAG = "dataraven:table";
    /** DeleteParameters takes at most 10 names a call. */
    static final int DELETE_BATCH = 10;

    private final Supplier<SsmClient> ssmClient;
    private final String kmsKeyId;
    private final ParameterTier tier;
    private final String owner;
    private final Pacer deletes;

    /**
     * With a client built on first use (functions that never touch SSM never build it).
     *
     * @param tier    Standard, Advanced or Intelligent-Tiering (CREDENTIALS_PARAMETER_TIER)
     * @param owner   the table whose metadata points at these parameters: tagged at creation, listed by
     * @param deletes paces bulk deletes under SSM's delete rate
     */
    public static SsmCredentialStore create(Supplier<SsmClient> ssm, String kmsKeyId, String tier, String owner,
                                            Pacer deletes) {
        ParameterTier parsed = ParameterTier.fromValue(tier);
        if (parsed == null || parsed == ParameterTier.UNKNOWN_TO_SDK_VERSION) {
            throw new IllegalArgumentException("CREDENTIALS_PARAMETER_TIER must be Standard, Advanced or "
                    + "Intelligent-Tiering, got " + tier);
        }
        return new SsmCredentialStore(ssm, kmsKeyId, parsed, owner, deletes);
    }

    public SsmCredentialStore(Supplier<SsmClient> ssm, String kmsKeyId, ParameterTier tier, String owner,
                              Pacer deletes) {
        this.ssmClient = ssm;
        this.kmsKeyId = kmsKeyId;
        this.tier = tier;
        this.owner = owner;
        this.deletes = deletes;
    }

    @Override
    public long create(String path, Credentials credentials) {
        try {
            return put(request(path, credentials).overwrite(false)
                    .tags(Tag.builder().key(OWNER_TAG).value(owner).build()));
        } catch (ParameterAlreadyExistsException e) {
            Integer attempts = e.numAttempts();
            if (attempts != null && attempts > 1) {
                // An earlier attempt of this very call landed (the path holds an id generated for it): version 1.
                return 1;
            }
            throw new CredentialAlreadyExistsException(path);
        }
    }

    @Override
    public long overwrite(String path, Credentials credentials) {
        return put(request(path, credentials).overwrite(true));
    }

    private PutParameterRequest.Builder request(String path, Credentials credentials) {
        return PutParameterRequest.builder().name(path).type(ParameterType.SECURE_STRING).keyId(kmsKeyId).tier(tier)
                .value(serialize(credentials));
    }

    private long put(PutParameterRequest.Builder request) {
        try {
            return ssmClient.get().putParameter(request.build()).version();
        } catch (ParameterAlreadyExistsException e) {
            throw e;
        } catch (SdkException e) {
            throw translated(e);
        }
    }

    @Override
    public void delete(String path) {
        try {
            ssmClient.get().deleteParameter(r -> r.name(path));
        } catch (ParameterNotFoundException e) {
            // already gone: deleting is idempotent so retries and rollbacks can repeat it
        } catch (SdkException e) {
            throw translated(e);
        }
    }

    @Override
    public void deleteAll(Collection<String> paths) {
        List<String> all = List.copyOf(paths);
        for (int from = 0; from < all.size(); from += DELETE_BATCH) {
            List<String> batch = all.subList(from, Math.min(all.size(), from + DELETE_BATCH));
            deletes.await();
            try {
                // Missing names come back as InvalidParameters: already gone, which is what we want.
                ssmClient.get().deleteParameters(r -> r.names(batch));
            } catch (SdkException e) {
                throw translated(e);
            }
        }
    }

    @Override
    public Optional<Credentials> read(String path) {
        return read(path, null);
    }

    @Override
    public Optional<Credentials> read(String path, Long version) {
        String name = version == null ? path : path + ":" + version;
        try {
            return Optional.of(deserialize(ssmClient.get().getParameter(r -> r.name(name).withDecryption(true))
                    .parameter().value()));
        } catch (ParameterNotFoundException | ParameterVersionNotFoundException e) {
            return Optional.empty();
        } catch (SdkException e) {
            throw translated(e);
        }
    }

    @Override
    public List<StoredParameter> list(String prefix) {
        List<StoredParameter> found = new ArrayList<>();
        // DescribeParameters returns names and dates, never values, and filters by our owner tag server-side.
        // Paged by hand, not by the SDK's paginator: its user-agent step (UserAgentUtils) calls the bridge
        // Builder.overrideConfiguration of every request class, which kept ~1,000 unused model classes in the
        // shrunk jar (see lambda-shrink.pro).
        DescribeParametersRequest.Builder request = DescribeParametersRequest.builder().maxResults(50)
                .parameterFilters(
                        ParameterStringFilter.builder().key("Path").option("Recursive").values(prefix).build(),
                        ParameterStringFilter.builder().key("tag:" + OWNER_TAG).values(owner).build());
        try {
            String next = null;
            do {
                DescribeParametersResponse page = ssmClient.get().describeParameters(request.nextToken(next).build());
                page.parameters().forEach(p -> found.add(new StoredParameter(p.name(), p.lastModifiedDate())));
                next = page.nextToken() == null || page.nextToken().isEmpty() ? null : page.nextToken();
            } while (next != null);
        } catch (SdkException e) {
            throw translated(e);
        }
        return found;
    }

    private static RuntimeException translated(SdkException e) {
        return SdkFailures.unavailable(e) ? SdkFailures.translate("ssm", e) : e;
    }

    private static String serialize(Credentials credentials) {
        return Json.stringMap(credentials.values());
    }

    private static Credentials deserialize(String json) {
        JsonNode node;
        try {
            node = Json.read(json);
        } catch (IOException e) {
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
