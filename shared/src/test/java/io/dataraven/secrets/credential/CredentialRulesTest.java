package io.dataraven.secrets.credential;

import io.dataraven.secrets.common.Violation;
import io.dataraven.secrets.testing.SampleCredentials;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class CredentialRulesTest {

    private static List<Violation> check(AuthMethod method, Map<String, String> credentials) {
        List<Violation> out = new ArrayList<>();
        CredentialRules.check(method, credentials, out);
        return out;
    }

    private static List<Object> loc(String field) {
        return List.of("body", "credentials", field);
    }

    @Test
    void schemaTableCoversEverySecretTypeAndOnlyAzureHasTwoMethods() {
        for (SecretType type : SecretType.values()) {
            int expected = type == SecretType.AZURE_BLOB ? 2 : 1;
            assertThat(AuthMethod.forType(type)).as(type.wire()).hasSize(expected);
        }
        assertThat(AuthMethod.values()).hasSize(14);
        assertThat(SecretType.values()).hasSize(13);
    }

    @ParameterizedTest
    @EnumSource(AuthMethod.class)
    void everyAuthMethodAcceptsItsValidFields(AuthMethod method) {
        assertThat(check(method, SampleCredentials.valid(method))).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(AuthMethod.class)
    void everyAuthMethodNamesEachMissingField(AuthMethod method) {
        List<Violation> violations = check(method, Map.of());
        assertThat(violations).extracting(Violation::loc)
                .containsExactlyInAnyOrderElementsOf(method.fields().stream().map(f -> loc(f.name())).toList());
        assertThat(violations).allSatisfy(v -> assertThat(v.type()).isEqualTo("missing"));
    }

    @ParameterizedTest
    @EnumSource(AuthMethod.class)
    void everyAuthMethodRejectsUnknownAndEmptyFields(AuthMethod method) {
        Map<String, String> credentials = new HashMap<>(SampleCredentials.valid(method));
        String first = method.fields().get(0).name();
        credentials.put(first, "   ");
        credentials.put("region", "us-east-1");
        List<Violation> violations = check(method, credentials);
        assertThat(violations).extracting(Violation::loc, Violation::type).containsExactlyInAnyOrder(
                org.assertj.core.groups.Tuple.tuple(loc(first), "string_too_short"),
                org.assertj.core.groups.Tuple.tuple(loc("region"), "extra_forbidden"));
    }

    @Test
    void wrongJsonTypeIsNotReportedTwice() {
        Map<String, String> credentials = new HashMap<>(SampleCredentials.valid(AuthMethod.S3_ACCESS_KEY));
        credentials.put("secret_access_key", null); // the parser already reported it as a non-string
        assertThat(check(AuthMethod.S3_ACCESS_KEY, credentials)).isEmpty();
    }

    @Test
    void tooLongValueIsRejectedWithItsCap() {
        Map<String, String> credentials = new HashMap<>(SampleCredentials.valid(AuthMethod.S3_ACCESS_KEY));
        credentials.put("access_key_id", "A".repeat(257));
        assertThat(check(AuthMethod.S3_ACCESS_KEY, credentials))
                .singleElement().satisfies(v -> {
                    assertThat(v.loc()).isEqualTo(loc("access_key_id"));
                    assertThat(v.msg()).contains("256");
                });
    }

    @Test
    void keysWithWhitespaceAreRejectedWithoutEchoingTheValue() {
        Map<String, String> credentials = new HashMap<>(SampleCredentials.valid(AuthMethod.R2_ACCESS_KEY));
        credentials.put("secret_access_key", "abc def-SECRETVALUE");
        List<Violation> violations = check(AuthMethod.R2_ACCESS_KEY, credentials);
        assertThat(violations).singleElement().satisfies(v -> assertThat(v.msg()).doesNotContain("SECRETVALUE"));
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "http://acct01.blob.core.windows.net/c?sig=abc",          // not https
            "https://acct01.example.com/c?sig=abc",                   // not Azure Blob
            "https://blob.core.windows.net/c?sig=abc",                // no account
            "https://acct01.blob.core.windows.net/c?sp=r&se=2027",    // no signature
            "https://acct01.blob.core.windows.net/c?sig=",            // empty signature
            "not a url at all"})
    void sasUrlMustBeHttpsOnAzureBlobWithASignature(String url) {
        List<Violation> violations = check(AuthMethod.AZURE_SAS_URL, Map.of("sas_url", url));
        assertThat(violations).singleElement().satisfies(v -> {
            assertThat(v.loc()).isEqualTo(loc("sas_url"));
            assertThat(v.type()).isEqualTo("value_error");
            assertThat(v.msg()).doesNotContain("acct01");
        });
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "not json",
            "[1,2]",
            "{\"type\":\"authorized_user\",\"client_email\":\"a@b\",\"private_key\":\"k\"}",
            "{\"type\":\"service_account\",\"private_key\":\"k\"}",
            "{\"type\":\"service_account\",\"client_email\":\"a@b\",\"private_key\":\"\"}"})
    void serviceAccountJsonMustBeAServiceAccountKeyFile(String json) {
        assertThat(check(AuthMethod.GCS_SERVICE_ACCOUNT, Map.of("service_account_json", json)))
                .singleElement().satisfies(v -> assertThat(v.loc()).isEqualTo(loc("service_account_json")));
    }

    /** A key file with a field twice is ambiguous (which private_key?): refused, saying so, never quoting it. */
    @Test
    void serviceAccountJsonWithAFieldTwiceIsRefusedForThat() {
        String twice = "{\"type\":\"service_account\",\"client_email\":\"a@b\",\"private_key\":\"k1secret\","
                + "\"private_key\":\"k2secret\"}";
        assertThat(check(AuthMethod.GCS_SERVICE_ACCOUNT, Map.of("service_account_json", twice))).singleElement()
                .satisfies(v -> {
                    assertThat(v.loc()).isEqualTo(loc("service_account_json"));
                    assertThat(v.msg()).contains("a field appears twice").doesNotContain("secret").doesNotContain("private_key");
                });
    }

    @ParameterizedTest
    @ValueSource(strings = {"AB", "Upper", "has-dash", "waytoolongaccountname12345"})
    void azureAccountNameFollowsAzureRules(String name) {
        Map<String, String> credentials = new HashMap<>(SampleCredentials.valid(AuthMethod.AZURE_ACCOUNT_KEY));
        credentials.put("account_name", name);
        assertThat(check(AuthMethod.AZURE_ACCOUNT_KEY, credentials)).singleElement()
                .satisfies(v -> assertThat(v.loc()).isEqualTo(loc("account_name")));
    }

    @Test
    void azureAccountKeyMustBeBase64() {
        Map<String, String> credentials = new HashMap<>(SampleCredentials.valid(AuthMethod.AZURE_ACCOUNT_KEY));
        credentials.put("account_key", "not*base64!");
        assertThat(check(AuthMethod.AZURE_ACCOUNT_KEY, credentials)).singleElement()
                .satisfies(v -> assertThat(v.loc()).isEqualTo(loc("account_key")));
    }

    @Test
    void credentialSetLargerThanOneSsmParameterIsRejectedWithTheReason() {
        // The key file is within its own 4096-character cap, but its escaped newlines (\n -> \\n) take it
        // over the 4 KB Standard parameter once stored as JSON.
        String bigKeyFile = "{\"type\":\"service_account\",\"client_email\":\"a@b.iam.gserviceaccount.com\","
                + "\"private_key\":\"" + "A\\n".repeat(1_300) + "\"}";
        assertThat(bigKeyFile.length()).isLessThan(FieldKind.SERVICE_ACCOUNT_JSON.maxLength());
        List<Violation> violations = check(AuthMethod.GCS_SERVICE_ACCOUNT, Map.of("service_account_json", bigKeyFile));
        assertThat(violations).singleElement().satisfies(v -> {
            assertThat(v.loc()).isEqualTo(List.of("body", "credentials"));
            assertThat(v.msg()).contains("SSM parameter").contains("4096");
        });
    }

    @Test
    void credentialsToStringNeverShowsValues() {
        Credentials credentials = new Credentials(SampleCredentials.valid(AuthMethod.S3_ACCESS_KEY));
        assertThat(credentials.toString()).contains("access_key_id").doesNotContain(SampleCredentials.SECRET_MARKER)
                .doesNotContain("AKIAIOSFODNN7EXAMPLE");
    }

    @Test
    void credentialPathsStayUnderThePrefix() {
        CredentialPaths paths = new CredentialPaths("/dataraven/prod");
        java.util.UUID team = java.util.UUID.fromString("11111111-1111-4111-8111-111111111111");
        java.util.UUID secret = java.util.UUID.fromString("22222222-2222-4222-8222-222222222222");
        assertThat(paths.secret(team, secret))
                .isEqualTo("/dataraven/prod/teams/11111111-1111-4111-8111-111111111111/secrets/22222222-2222-4222-8222-222222222222");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new CredentialPaths("no-slash"))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
