package io.dataraven.secrets.credential;

import io.dataraven.secrets.common.Violation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class CredentialValidityTest {

    static final Instant NOW = Instant.parse("2026-12-02T10:00:00Z");

    static Map<String, String> sas(String query) {
        return Map.of("sas_url", "https://acme.blob.core.windows.net/archive?" + query);
    }

    @ParameterizedTest
    @CsvSource({
            "se=2027-01-01, 2027-01-01T00:00:00Z",
            "se=2027-01-01T12:30Z, 2027-01-01T12:30:00Z",
            "se=2027-01-01T12:30:15Z, 2027-01-01T12:30:15Z",
            "se=2027-01-01T12%3A30%3A15Z, 2027-01-01T12:30:15Z",
            "sv=2022-11-02&sr=c&se=2027-06-30T00:00:00Z&sig=abc, 2027-06-30T00:00:00Z"})
    void theExpiryIsReadInEveryFormAzureWrites(String query, String expiry) {
        CredentialValidity validity = CredentialValidity.of(AuthMethod.AZURE_SAS_URL, sas(query + "&sig=x"));

        assertThat(validity.expiresAt()).isEqualTo(expiry);
        assertThat(validity.notBefore()).isNull();
    }

    @Test
    void theStartIsKeptBesideTheExpiry() {
        CredentialValidity validity = CredentialValidity.of(AuthMethod.AZURE_SAS_URL,
                sas("st=2026-11-30T08:00:00Z&se=2027-01-01&sig=x"));

        assertThat(validity).isEqualTo(new CredentialValidity(Instant.parse("2026-11-30T08:00:00Z"),
                Instant.parse("2027-01-01T00:00:00Z")));
    }

    @Test
    void credentialsThatCarryNoWindowHaveNone() {
        assertThat(CredentialValidity.of(AuthMethod.AZURE_SAS_URL, sas("sv=2022-11-02&sig=x"))).isNull();
        assertThat(CredentialValidity.of(AuthMethod.S3_ACCESS_KEY, Map.of("access_key_id", "a",
                "secret_access_key", "se=2027-01-01"))).isNull();
    }

    @Test
    void anExpiredSasIsRefusedNamingTheDateNotTheUrl() {
        List<Violation> problems = new ArrayList<>();

        CredentialValidity.check(AuthMethod.AZURE_SAS_URL, sas("se=2026-12-01T23:59:59Z&sig=SECRETSIG"), NOW,
                problems);

        assertThat(problems).singleElement().satisfies(v -> {
            assertThat(v.loc()).isEqualTo(List.of("body", "credentials", "sas_url"));
            assertThat(v.msg()).contains("expired at 2026-12-01T23:59:59Z").doesNotContain("SECRETSIG");
        });
    }

    @Test
    void anExpiryExactlyNowIsExpired() {
        List<Violation> problems = new ArrayList<>();
        CredentialValidity.check(AuthMethod.AZURE_SAS_URL, sas("se=2026-12-02T10:00:00Z&sig=x"), NOW, problems);
        assertThat(problems).hasSize(1);
    }

    @Test
    void unreadableTimesAndAStartAfterTheExpiryAreRefused() {
        List<Violation> problems = new ArrayList<>();
        CredentialValidity.check(AuthMethod.AZURE_SAS_URL, sas("se=next-year&sig=x"), NOW, problems);
        CredentialValidity.check(AuthMethod.AZURE_SAS_URL, sas("st=2027-02-01&se=2027-01-01&sig=x"), NOW, problems);

        assertThat(problems).extracting(Violation::msg).satisfiesExactly(
                m -> assertThat(m).contains("se= is not a UTC ISO 8601 time"),
                m -> assertThat(m).contains("starts (st=2027-02-01T00:00:00Z) at or after it expires"));
    }

    @Test
    void aValidWindowPasses() {
        List<Violation> problems = new ArrayList<>();
        CredentialValidity.check(AuthMethod.AZURE_SAS_URL, sas("st=2026-12-01&se=2027-01-01&sig=x"), NOW, problems);
        CredentialValidity.check(AuthMethod.AZURE_SAS_URL, sas("sig=x"), NOW, problems);
        assertThat(problems).isEmpty();
    }
}
