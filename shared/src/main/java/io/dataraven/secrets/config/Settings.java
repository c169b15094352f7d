package io.dataraven.secrets.config;

import io.dataraven.secrets.apikey.ApiKeyLimits;
import io.dataraven.secrets.verify.provider.ProviderChecks;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.Map;

/**
 * Configuration from the environment (template.yaml sets these on every function). Read once per container.
 *
 * @param endpointUrl   optional AWS_ENDPOINT_URL: an emulator or LocalStack instead of AWS
 * @param auditEventBus optional AUDIT_EVENT_BUS: the EventBridge bus audit events go to
 * @param teamEventBus  optional TEAM_EVENT_BUS: the team service's bus, where unfinished deletions continue
 * @param credentialsParameterTier CREDENTIALS_PARAMETER_TIER: Standard, Advanced or Intelligent-Tiering (default;
 *                      past SSM's 10,000 Standard parameters per account and region only when needed)
 * @param ssmDeletesPerSecond SSM_DELETES_PER_SECOND (default 2): the pace of bulk deletes (team deletion, sweeper)
 * @param sweeperGrace  SWEEPER_GRACE_MINUTES (default 60, at least 20): age before the sweeper removes leftovers
 * @param dopplerApiUrl, infisicalApiUrl, opCliPath DOPPLER_API_URL, INFISICAL_API_URL, OP_CLI_PATH: vault endpoints
 *                      and the 1Password CLI (null: the public clouds and /opt/bin/op)
 * @param containerCredentials AWS_CONTAINER_CREDENTIALS_FULL_URI is set (Lambda with SnapStart serves credentials there)
 * @param environmentCredentials AWS_ACCESS_KEY_ID is set (Lambda without SnapStart, sam local, CI)
 * @param logFormat     json or text: AWS_LAMBDA_LOG_FORMAT (Lambda sets it from the function's LoggingConfig), else
 *                      LOG_FORMAT, else json in Lambda and text elsewhere
 * @param logLevel      AWS_LAMBDA_LOG_LEVEL (the LoggingConfig's application level), else LOG_LEVEL; null: INFO
 * @param initializationType AWS_LAMBDA_INITIALIZATION_TYPE (on-demand, snap-start, provisioned-concurrency), or null
 * @param metricsNamespace METRICS_NAMESPACE (default DataRaven/Secrets): where the EMF metric lines go
 * @param apiKeyLimits  API_KEY_LIMIT_FREE (default 2) and API_KEY_LIMIT_PRO (default 25): active API keys per team
 * @param rateLimitPerMinute RATE_LIMIT_PER_MINUTE (default 120, the documented limit): requests per client IP per
 *                      minute across all routes; 0 switches the limit off
 * @param verifyEndpoints VERIFY_STS_URL, VERIFY_B2_URL, VERIFY_AZURE_BLOB_URL (the account's blob base in place of
 *                      https://{account}.blob.core.windows.net), VERIFY_GCS_TOKEN_URL: where verify's provider
 *                      checks go (null: each provider's public endpoint); VERIFY_ALLOW_PRIVATE_ENDPOINTS=true lets
 *                      them, and a request's endpoint_url, be loopback or private: for stand-ins, never in AWS
 */
public record Settings(String region, String endpointUrl, String tableName, String credentialsPathPrefix,
                       String kmsKeyId, String jwksUrl, String jwtIssuer, String jwtAudience, String auditEventBus,
                       String teamEventBus, String credentialsParameterTier, double ssmDeletesPerSecond,
                       Duration sweeperGrace, String dopplerApiUrl, String infisicalApiUrl, String opCliPath,
                       boolean containerCredentials, boolean environmentCredentials, String logFormat,
                       String logLevel, String initializationType, String metricsNamespace,
                       ApiKeyLimits apiKeyLimits, int rateLimitPerMinute,
                       ProviderChecks.Endpoints verifyEndpoints) {

    /** The API's documented limit: 120 requests per minute per IP on every endpoint. */
    public static final int DEFAULT_RATE_LIMIT_PER_MINUTE = 120;

    /** The one reader of the environment: everything configurable comes through here. */
    public static Settings fromEnvironment() {
        return from(System.getenv());
    }

    public static Settings from(Map<String, String> env) {
        return new Settings(
                env.getOrDefault("AWS_REGION", "us-east-1"),
                blankToNull(env.get("AWS_ENDPOINT_URL")),
                env.getOrDefault("TABLE_NAME", "dataraven-secrets"),
                env.getOrDefault("CREDENTIALS_PATH_PREFIX", "/dataraven/dev"),
                env.getOrDefault("KMS_KEY_ID", "alias/aws/ssm"),
                env.get("JWKS_URL"),
                env.get("JWT_ISSUER"),
                env.get("JWT_AUDIENCE"),
                blankToNull(env.get("AUDIT_EVENT_BUS")),
                blankToNull(env.get("TEAM_EVENT_BUS")),
                env.getOrDefault("CREDENTIALS_PARAMETER_TIER", "Intelligent-Tiering"),
                Double.parseDouble(env.getOrDefault("SSM_DELETES_PER_SECOND", "2")),
                Duration.ofMinutes(Long.parseLong(env.getOrDefault("SWEEPER_GRACE_MINUTES", "60").strip())),
                blankToNull(env.get("DOPPLER_API_URL")),
                blankToNull(env.get("INFISICAL_API_URL")),
                blankToNull(env.get("OP_CLI_PATH")),
                env.get("AWS_CONTAINER_CREDENTIALS_FULL_URI") != null,
                env.get("AWS_ACCESS_KEY_ID") != null,
                logFormat(env),
                blankToNull(env.getOrDefault("AWS_LAMBDA_LOG_LEVEL", env.get("LOG_LEVEL"))),
                blankToNull(env.get("AWS_LAMBDA_INITIALIZATION_TYPE")),
                env.getOrDefault("METRICS_NAMESPACE", "DataRaven/Secrets"),
                new ApiKeyLimits(count(env, "API_KEY_LIMIT_FREE", ApiKeyLimits.DEFAULTS.free()),
                        count(env, "API_KEY_LIMIT_PRO", ApiKeyLimits.DEFAULTS.pro())),
                // 0 switches the limit off; a typo fails the start rather than switching it off.
                count(env, "RATE_LIMIT_PER_MINUTE", DEFAULT_RATE_LIMIT_PER_MINUTE),
                new ProviderChecks.Endpoints(uri(env, "VERIFY_STS_URL"), uri(env, "VERIFY_B2_URL"),
                        uri(env, "VERIFY_AZURE_BLOB_URL"), uri(env, "VERIFY_GCS_TOKEN_URL"),
                        flag(env, "VERIFY_ALLOW_PRIVATE_ENDPOINTS")));
    }

    /** An absolute http(s) URL, or null when unset; anything else fails the start, naming the variable. */
    private static URI uri(Map<String, String> env, String name) {
        String raw = blankToNull(env.get(name));
        if (raw == null) {
            return null;
        }
        try {
            URI uri = new URI(raw.strip());
            if (("https".equals(uri.getScheme()) || "http".equals(uri.getScheme())) && uri.getHost() != null) {
                return uri;
            }
        } catch (URISyntaxException e) {
            // reported below
        }
        throw new IllegalArgumentException(name + " must be an absolute http(s) URL");
    }

    /** true or false (unset: false); anything else fails the start rather than guessing. */
    private static boolean flag(Map<String, String> env, String name) {
        String raw = blankToNull(env.get(name));
        if (raw == null || raw.strip().equalsIgnoreCase("false")) {
            return false;
        }
        if (raw.strip().equalsIgnoreCase("true")) {
            return true;
        }
        throw new IllegalArgumentException(name + " must be true or false");
    }

    /** A whole number of at least zero, or a startup failure that names the variable. */
    private static int count(Map<String, String> env, String name, int fallback) {
        String raw = blankToNull(env.get(name));
        if (raw == null) {
            return fallback;
        }
        try {
            int value = Integer.parseInt(raw.strip());
            if (value >= 0) {
                return value;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException(name + " must be a whole number of at least 0");
    }

    private static String logFormat(Map<String, String> env) {
        String chosen = blankToNull(env.getOrDefault("AWS_LAMBDA_LOG_FORMAT", env.get("LOG_FORMAT")));
        if (chosen != null) {
            return chosen.strip().toLowerCase(java.util.Locale.ROOT);
        }
        return env.get("AWS_LAMBDA_FUNCTION_NAME") != null ? "json" : "text";
    }

    /** Every default: what tests and the local server start from. */
    public static Settings defaults() {
        return from(Map.of());
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }
}
