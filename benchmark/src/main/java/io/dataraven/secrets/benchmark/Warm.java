package io.dataraven.secrets.benchmark;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.proc.SecurityContext;
import io.dataraven.secrets.common.Databind;
import io.dataraven.secrets.apikey.ApiKey;
import io.dataraven.secrets.apikey.ApiKeyLimits;
import io.dataraven.secrets.apikey.ApiKeyRequests;
import io.dataraven.secrets.auth.JwtAuthenticator;
import io.dataraven.secrets.auth.Principal;
import io.dataraven.secrets.auth.Role;
import io.dataraven.secrets.config.App;
import io.dataraven.secrets.config.Metadata;
import io.dataraven.secrets.credential.CredentialPaths;
import io.dataraven.secrets.secret.Secret;
import io.dataraven.secrets.secret.SecretRequests;
import io.dataraven.secrets.store.memory.InMemoryCredentialStore;
import io.dataraven.secrets.store.memory.InMemoryStore;
import io.dataraven.secrets.team.Tier;
import io.dataraven.secrets.credential.Credentials;
import io.dataraven.secrets.vault.VaultConnection;
import io.dataraven.secrets.vault.VaultProviders;
import io.dataraven.secrets.vault.VaultType;
import io.dataraven.secrets.vault.VaultAccess;
import io.dataraven.secrets.vault.VaultProvider;
import io.dataraven.secrets.vault.VaultConnectionRequests;
import io.dataraven.secrets.verify.CheckOutcome;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

/**
 * Warm latency in-process: one handler over the in-memory adapters (so what is timed is our own work per request:
 * parse, JWT check, validate, service, map, log line), invoked thousands of times with distinct valid requests.
 *
 * <p>Arguments: handler class, its sample event, the create sample event (for seeding; the vault-connection create
 * and API-key create samples beside it seed connections and keys), warm-up count, measured count. Prints one {@code @@} line with the percentiles in microseconds.
 */
public final class Warm {

    private static final int PER_TEAM = Tier.PRO.secretLimit();
    private static final int CONNECTIONS_PER_TEAM = Tier.PRO.vaultConnectionLimit();
    private static final int API_KEYS_PER_TEAM = ApiKeyLimits.DEFAULTS.pro();

    private final Jwt jwt = new Jwt();
    private final InMemoryStore store = new InMemoryStore();
    private final App app;
    private final Events sample;
    private final Events createSample;
    private final Events connectionSample;
    private final Events apiKeySample;
    private final Map<UUID, String> tokens = new HashMap<>();

    private Warm(Events sample, Events createSample, Events connectionSample, Events apiKeySample) {
        RSAKey key = new RSAKey.Builder(jwt.publicKey()).keyID(Jwt.KID).build();
        // Vault providers answer in process (every token valid): what is timed is our side of a connection test.
        VaultProviders providers = new VaultProviders(List.of(new InProcessVault(VaultType.DOPPLER),
                new InProcessVault(VaultType.INFISICAL), new InProcessVault(VaultType.ONEPASSWORD)), Map.of());
        // A verify's provider check answers in process too: what is timed is the read, the record and the mapping.
        this.app = App.of(new JwtAuthenticator(new ImmutableJWKSet<SecurityContext>(new JWKSet(key)), Jwt.ISSUER,
                Jwt.AUDIENCE), Metadata.of(store), new InMemoryCredentialStore(), new CredentialPaths("/dataraven/bench"),
                () -> providers).withCredentialCheck((method, values, target) -> CheckOutcome.ok("bench"));
        this.sample = sample;
        this.createSample = createSample;
        this.connectionSample = connectionSample;
        this.apiKeySample = apiKeySample;
    }

    @SuppressWarnings("unchecked")
    public static void main(String[] args) throws Exception {
        Class<?> type = Class.forName(args[0]);
        Path sampleFile = Path.of(args[1]);
        Path samples = Path.of(args[2]).getParent();
        Warm warm = new Warm(Events.load(sampleFile), Events.load(Path.of(args[2])),
                Events.load(samples.resolve("create-vault-connection.json")),
                Events.load(samples.resolve("create-api-key.json")));
        int warmup = Integer.parseInt(args[3]);
        int measured = Integer.parseInt(args[4]);
        Invoker handler = Invoker.of(type, warm.app);
        boolean http = Events.isHttp(sampleFile);
        String op = http ? warm.operation() : warm.directOperation(type);
        List<Object> events = new ArrayList<>(http ? warm.prepare(op, warmup + measured)
                : warm.prepareDirect(op, (Map<String, Object>) Events.raw(sampleFile), warmup + measured));
        // The payloads as Lambda hands them over; the timed call reads and writes JSON as a function does.
        List<byte[]> payloads = events.stream().map(Invoker::payload).toList();

        long[] micros = new long[measured];
        Map<String, Integer> statuses = new TreeMap<>();
        for (int i = 0; i < payloads.size(); i++) {
            long start = System.nanoTime();
            Object response = handler.invokeBytes(payloads.get(i));
            long elapsed = System.nanoTime() - start;
            if (i >= warmup) {
                micros[i - warmup] = elapsed / 1_000;
                statuses.merge(outcome(response), 1, Integer::sum);
            }
        }
        Arrays.sort(micros);
        double mean = Arrays.stream(micros).average().orElse(0);
        System.out.println("@@ op=" + op + " n=" + measured + " warmup=" + warmup
                + " p50_us=" + pct(micros, 50) + " p90_us=" + pct(micros, 90) + " p99_us=" + pct(micros, 99)
                + " p999_us=" + pct(micros, 99.9) + " max_us=" + micros[micros.length - 1]
                + " mean_us=" + Math.round(mean) + " statuses=" + statuses.toString().replace(" ", ""));
        System.out.flush();
        Runtime.getRuntime().halt(0);
    }

    /** A vault that accepts every token and resolves every reference to a fixed value, without leaving the process. */
    private record InProcessVault(VaultType vaultType) implements VaultProvider {
        @Override
        public void verify(VaultAccess access) {
        }

        @Override
        public Credentials resolve(VaultAccess access, Map<String, String> referencesByField) {
            Map<String, String> values = new HashMap<>();
            referencesByField.keySet().forEach(field -> values.put(field, "bench-value"));
            return new Credentials(values);
        }
    }

    static long pct(long[] sorted, double p) {
        int index = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
    }

    /** The HTTP status, or for a direct or EventBridge handler "ok" / "error:<code>" from its answer map. */
    private static String outcome(Object response) {
        if (response instanceof APIGatewayV2HTTPResponse r) {
            return String.valueOf(r.getStatusCode());
        }
        if (response instanceof Map<?, ?> map && map.get("error") instanceof Map<?, ?> error) {
            return "error:" + error.get("code");
        }
        return "ok";
    }

    /** resolve (direct invocation) or plan-change (EventBridge), from the handler. */
    private String directOperation(Class<?> type) {
        return switch (type.getSimpleName()) {
            case "ResolveSecretHandler" -> "resolve";
            case "TeamEventsHandler" -> "plan-change";
            case "PublishAuditEventsHandler" -> "relay";
            default -> "other";
        };
    }

    /**
     * Resolve: one distinct seeded direct secret per request, as the transfer service invokes it. Plan change: a
     * TeamPlanChanged event per request, alternating Pro and Free with a growing plan version, over 100 teams.
     */
    private List<Object> prepareDirect(String op, Map<String, Object> sampleEvent, int total) throws Exception {
        List<Object> events = new ArrayList<>(total);
        switch (op) {
            case "resolve" -> {
                List<Secret> secrets = seed(Math.min(total, 2_000), "bench-");
                for (int i = 0; i < total; i++) {
                    Secret s = secrets.get(i % secrets.size());
                    events.add(new HashMap<>(Map.of("team_id", s.teamId().toString(), "secret_id", s.id().toString())));
                }
            }
            case "plan-change" -> {
                List<UUID> teams = new ArrayList<>();
                for (int i = 0; i < 100; i++) {
                    teams.add(newTeam());
                }
                for (int i = 0; i < total; i++) {
                    Map<String, Object> event = new HashMap<>(sampleEvent);
                    Map<String, Object> detail = new HashMap<>();
                    detail.put("team_id", teams.get(i % teams.size()).toString());
                    detail.put("tier", (i / teams.size()) % 2 == 0 ? "free" : "pro");
                    detail.put("plan_version", 10 + i / teams.size());
                    event.put("detail", detail);
                    events.add(event);
                }
            }
            // The sample's stream batch (one outbox insert) each time; the audit log in memory takes every copy.
            case "relay" -> {
                for (int i = 0; i < total; i++) {
                    events.add(new HashMap<>(sampleEvent));
                }
            }
            default -> throw new IllegalArgumentException("no warm scenario for " + op);
        }
        return events;
    }

    /**
     * create, list, get, update, delete, rollback or verify (secrets; a versions list is a get), the same with
     * "-connection" plus rotate and test (vault connections), or with "-api-key" plus rotate and revoke (API keys),
     * from the sample's route.
     */
    private String operation() {
        String route = sample.routeKey();
        String kind = route.contains("/vault-connections") ? "-connection" : route.contains("/api-keys") ? "-api-key"
                : "";
        boolean item = sample.pathParameters().containsKey(idParameter());
        String action = route.substring(route.lastIndexOf('/') + 1);
        String op = switch (sample.method()) {
            case "POST" -> !item ? "create" : switch (action) {
                case "rotate", "test", "revoke", "rollback", "verify" -> action;
                default -> "other";
            };
            case "GET" -> item ? "get" : "list";
            case "PATCH", "PUT" -> "update";
            case "DELETE" -> "delete";
            default -> "other";
        };
        return op.equals("other") ? op : op + kind;
    }

    /** The path parameter naming the sample's item: connection_id, api_key_id or secret_id. */
    private String idParameter() {
        String route = sample.routeKey();
        return route.contains("/vault-connections") ? "connection_id" : route.contains("/api-keys") ? "api_key_id"
                : "secret_id";
    }

    private UUID newTeam() {
        UUID team = UUID.randomUUID();
        store.setTier(team, Tier.PRO);
        tokens.put(team, jwt.token("bench-user", Map.of(team.toString(), Role.OWNER.wire())));
        return team;
    }

    private static String named(String body, String name) throws Exception {
        ObjectNode node = (ObjectNode) Databind.MAPPER.readTree(body);
        node.put("name", name);
        return node.toString();
    }

    /** A service create of one item from a JSON body, as the create function would make it. */
    private interface Creator<T> {
        T create(Principal principal, UUID team, ObjectNode body) throws Exception;
    }

    /** Seeds items through their service, named prefix+i, spread over Pro teams of perTeam items each. */
    private <T> List<T> seedItems(int count, int perTeam, String body, String prefix, Creator<T> creator)
            throws Exception {
        List<T> items = new ArrayList<>(count);
        UUID team = null;
        for (int i = 0; i < count; i++) {
            if (i % perTeam == 0) {
                team = newTeam();
            }
            Principal principal = new Principal("bench-user", Map.of(team, Role.OWNER));
            items.add(creator.create(principal, team, (ObjectNode) Databind.MAPPER.readTree(named(body, prefix + i))));
        }
        return items;
    }

    /** Seeds secrets, spread over Pro teams (their secret limit each). */
    private List<Secret> seed(int count, String prefix) throws Exception {
        return seedItems(count, PER_TEAM, createSample.body(), prefix,
                (principal, team, body) -> app.secretService().create(principal, team, SecretRequests.create(body)));
    }

    /** Seeds vault connections, spread over Pro teams (their connection limit each). */
    private List<VaultConnection> seedConnections(int count, String prefix) throws Exception {
        return seedItems(count, CONNECTIONS_PER_TEAM, connectionSample.body(), prefix, (principal, team, body) ->
                app.vaultConnectionService().create(principal, team, VaultConnectionRequests.create(body)));
    }

    /** Seeds API keys, spread over Pro teams (their active-key limit each). */
    private List<ApiKey> seedApiKeys(int count) throws Exception {
        return seedItems(count, API_KEYS_PER_TEAM, apiKeySample.body(), "bench-key-", (principal, team, body) ->
                app.apiKeyService().create(principal, team, () -> ApiKeyRequests.create(body)).key());
    }

    /** One request per seeded API key, in order (each key once where the operation changes it for good). */
    private void apiKeyEvents(List<APIGatewayV2HTTPEvent> events, List<ApiKey> keys, int total) {
        for (int i = 0; i < total; i++) {
            ApiKey key = keys.get(i % keys.size());
            events.add(event(key.teamId(), key.id(), null));
        }
    }

    /** Create requests with distinct names, perTeam to a fresh Pro team. */
    private void createEvents(List<APIGatewayV2HTTPEvent> events, int total, int perTeam) throws Exception {
        UUID team = null;
        for (int i = 0; i < total; i++) {
            if (i % perTeam == 0) {
                team = newTeam();
            }
            events.add(event(team, null, named(sample.body(), "bench-" + i)));
        }
    }

    private APIGatewayV2HTTPEvent event(UUID team, UUID secret, String body) {
        Map<String, String> params = sample.pathParameters();
        params.put("team_id", team.toString());
        if (secret != null) {
            params.put(idParameter(), secret.toString());
        }
        return sample.event(tokens.get(team), params, body);
    }

    /** An event for one seeded connection, the body named per request where the sample has a name. */
    private void connectionEvents(List<APIGatewayV2HTTPEvent> events, List<VaultConnection> connections, int total,
                                  boolean rename) throws Exception {
        for (int i = 0; i < total; i++) {
            VaultConnection c = connections.get(i % connections.size());
            events.add(event(c.teamId(), c.id(), rename ? named(sample.body(), "bench-renamed-" + i) : sample.body()));
        }
    }

    private List<APIGatewayV2HTTPEvent> prepare(String op, int total) throws Exception {
        List<APIGatewayV2HTTPEvent> events = new ArrayList<>(total);
        switch (op) {
            case "create" -> createEvents(events, total, PER_TEAM);
            case "get" -> {
                List<Secret> secrets = seed(PER_TEAM, "bench-");
                for (int i = 0; i < total; i++) {
                    Secret s = secrets.get(i % secrets.size());
                    events.add(event(s.teamId(), s.id(), null));
                }
            }
            case "list" -> {
                List<Secret> secrets = seed(60, "prod-bench-");
                for (int i = 0; i < total; i++) {
                    events.add(event(secrets.get(0).teamId(), null, null));
                }
            }
            // To version 1, the current one: a rollback commits even then (a new updated_at), as to any other.
            case "rollback", "verify" -> {
                List<Secret> secrets = seed(PER_TEAM, "bench-");
                for (int i = 0; i < total; i++) {
                    Secret s = secrets.get(i % secrets.size());
                    events.add(event(s.teamId(), s.id(), sample.body()));
                }
            }
            case "update" -> {
                List<Secret> secrets = seed(PER_TEAM, "bench-");
                for (int i = 0; i < total; i++) {
                    Secret s = secrets.get(i % secrets.size());
                    events.add(event(s.teamId(), s.id(), named(sample.body(), "bench-renamed-" + i)));
                }
            }
            case "delete" -> {
                List<Secret> secrets = seed(total, "bench-");
                for (Secret s : secrets) {
                    events.add(event(s.teamId(), s.id(), null));
                }
            }
            case "create-connection" -> createEvents(events, total, CONNECTIONS_PER_TEAM);
            case "get-connection" -> connectionEvents(events, seedConnections(CONNECTIONS_PER_TEAM, "bench-"), total,
                    false);
            case "list-connection" -> {
                List<VaultConnection> connections = seedConnections(CONNECTIONS_PER_TEAM, "bench-");
                for (int i = 0; i < total; i++) {
                    events.add(event(connections.get(0).teamId(), null, null));
                }
            }
            case "update-connection" -> connectionEvents(events, seedConnections(CONNECTIONS_PER_TEAM, "bench-"), total,
                    true);
            case "test-connection" -> connectionEvents(events, seedConnections(CONNECTIONS_PER_TEAM, "bench-"), total,
                    false);
            case "rotate-connection" -> connectionEvents(events, seedConnections(CONNECTIONS_PER_TEAM, "bench-"), total,
                    false);
            case "delete-connection" -> {
                List<VaultConnection> connections = seedConnections(total, "bench-");
                for (VaultConnection c : connections) {
                    events.add(event(c.teamId(), c.id(), null));
                }
            }
            case "create-api-key" -> createEvents(events, total, API_KEYS_PER_TEAM);
            case "list-api-key" -> {
                List<ApiKey> keys = seedApiKeys(API_KEYS_PER_TEAM);
                for (int i = 0; i < total; i++) {
                    events.add(event(keys.get(0).teamId(), null, null));
                }
            }
            case "get-api-key", "rotate-api-key" -> apiKeyEvents(events, seedApiKeys(API_KEYS_PER_TEAM), total);
            // A revoked key stays revoked and a deleted one is gone: one fresh key per request.
            case "revoke-api-key", "delete-api-key" -> apiKeyEvents(events, seedApiKeys(total), total);
            default -> {
                UUID team = newTeam();
                for (int i = 0; i < total; i++) {
                    events.add(event(team, null, sample.body()));
                }
            }
        }
        return events;
    }
}
