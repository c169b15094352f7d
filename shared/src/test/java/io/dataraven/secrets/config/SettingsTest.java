package io.dataraven.secrets.config;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Settings is the only reader of the environment: every variable the README lists arrives through it. */
class SettingsTest {

    @Test
    void everyVariableIsRead() {
        Settings s = Settings.from(Map.ofEntries(
                Map.entry("AWS_REGION", "eu-west-1"), Map.entry("AWS_ENDPOINT_URL", "http://127.0.0.1:5055"),
                Map.entry("TABLE_NAME", "t"), Map.entry("CREDENTIALS_PATH_PREFIX", "/p/q"),
                Map.entry("KMS_KEY_ID", "alias/k"), Map.entry("JWKS_URL", "https://idp/jwks"),
                Map.entry("JWT_ISSUER", "iss"), Map.entry("JWT_AUDIENCE", "aud"),
                Map.entry("AUDIT_EVENT_BUS", "audit"), Map.entry("TEAM_EVENT_BUS", "teams"),
                Map.entry("CREDENTIALS_PARAMETER_TIER", "Advanced"), Map.entry("SSM_DELETES_PER_SECOND", "4.5"),
                Map.entry("SWEEPER_GRACE_MINUTES", " 90 "), Map.entry("DOPPLER_API_URL", "http://doppler"),
                Map.entry("INFISICAL_API_URL", "http://infisical"), Map.entry("OP_CLI_PATH", "/bin/op"),
                Map.entry("AWS_CONTAINER_CREDENTIALS_FULL_URI", "http://127.0.0.1:9001/creds"),
                Map.entry("AWS_ACCESS_KEY_ID", "AKID"), Map.entry("AWS_LAMBDA_LOG_FORMAT", "JSON"),
                Map.entry("AWS_LAMBDA_LOG_LEVEL", "WARN"), Map.entry("AWS_LAMBDA_INITIALIZATION_TYPE", "snap-start"),
                Map.entry("METRICS_NAMESPACE", "DataRaven/Secrets/prod"), Map.entry("RATE_LIMIT_PER_MINUTE", " 600 "),
                Map.entry("VERIFY_STS_URL", "http://127.0.0.1:9100"), Map.entry("VERIFY_B2_URL", "https://b2.test"),
                Map.entry("VERIFY_AZURE_BLOB_URL", "http://127.0.0.1:9101"),
                Map.entry("VERIFY_GCS_TOKEN_URL", "http://127.0.0.1:9102/token"),
                Map.entry("VERIFY_ALLOW_PRIVATE_ENDPOINTS", "TRUE")));
        assertThat(s).isEqualTo(new Settings("eu-west-1", "http://127.0.0.1:5055", "t", "/p/q", "alias/k",
                "https://idp/jwks", "iss", "aud", "audit", "teams", "Advanced", 4.5, Duration.ofMinutes(90),
                "http://doppler", "http://infisical", "/bin/op", true, true, "json", "WARN", "snap-start", "DataRaven/Secrets/prod",
                new io.dataraven.secrets.apikey.ApiKeyLimits(2, 25), 600,
                new io.dataraven.secrets.verify.provider.ProviderChecks.Endpoints(
                        java.net.URI.create("http://127.0.0.1:9100"), java.net.URI.create("https://b2.test"),
                        java.net.URI.create("http://127.0.0.1:9101"), java.net.URI.create("http://127.0.0.1:9102/token"),
                        true)));
    }

    @Test
    void verifyGoesToThePublicProvidersUnlessToldAndABadOverrideFailsTheStart() {
        assertThat(Settings.defaults().verifyEndpoints()).isEqualTo(
                io.dataraven.secrets.verify.provider.ProviderChecks.Endpoints.PUBLIC);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Settings.from(Map.of("VERIFY_STS_URL", "sts")))
                .hasMessageContaining("VERIFY_STS_URL");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Settings.from(Map.of(
                "VERIFY_ALLOW_PRIVATE_ENDPOINTS", "yes"))).hasMessageContaining("VERIFY_ALLOW_PRIVATE_ENDPOINTS");
    }

    @Test
    void logsAreJsonInLambdaAndReadableElsewhereUnlessChosen() {
        assertThat(Settings.from(Map.of("AWS_LAMBDA_FUNCTION_NAME", "f")).logFormat()).isEqualTo("json");
        assertThat(Settings.defaults().logFormat()).isEqualTo("text");
        assertThat(Settings.from(Map.of("LOG_FORMAT", "JSON")).logFormat()).isEqualTo("json");
        assertThat(Settings.from(Map.of("AWS_LAMBDA_FUNCTION_NAME", "f", "AWS_LAMBDA_LOG_FORMAT", "Text"))
                .logFormat()).isEqualTo("text");
        assertThat(Settings.from(Map.of("LOG_LEVEL", "debug")).logLevel()).isEqualTo("debug");
        assertThat(Settings.defaults().logLevel()).isNull();
    }

    @Test
    void defaultsAreTheDocumentedOnes() {
        Settings s = Settings.defaults();
        assertThat(s.tableName()).isEqualTo("dataraven-secrets");
        assertThat(s.credentialsParameterTier()).isEqualTo("Intelligent-Tiering");
        assertThat(s.ssmDeletesPerSecond()).isEqualTo(2.0);
        assertThat(s.sweeperGrace()).isEqualTo(Duration.ofMinutes(60));
        assertThat(s.dopplerApiUrl()).isNull();
        assertThat(s.containerCredentials()).isFalse();
        assertThat(s.endpointUrl()).isNull();
        assertThat(s.rateLimitPerMinute()).isEqualTo(120);
    }

    @Test
    void theRateLimitIsZeroForOffOrMoreAndAnythingElseFailsTheStart() {
        assertThat(Settings.from(Map.of("RATE_LIMIT_PER_MINUTE", "0")).rateLimitPerMinute()).isZero();
        assertThat(Settings.from(Map.of("RATE_LIMIT_PER_MINUTE", "")).rateLimitPerMinute()).isEqualTo(120);
        for (String bad : new String[] {"-1", "12O", "1.5", "99999999999"}) {
            assertThatThrownBy(() -> Settings.from(Map.of("RATE_LIMIT_PER_MINUTE", bad))).as(bad)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("RATE_LIMIT_PER_MINUTE must be a whole number of at least 0");
        }
    }

    @Test
    void blankOptionalValuesCountAsUnset() {
        Settings s = Settings.from(Map.of("AWS_ENDPOINT_URL", " ", "DOPPLER_API_URL", "", "AUDIT_EVENT_BUS", " "));
        assertThat(s.endpointUrl()).isNull();
        assertThat(s.dopplerApiUrl()).isNull();
        assertThat(s.auditEventBus()).isNull();
    }
}
