package io.dataraven.secrets.verify;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dataraven.secrets.common.InvalidInputException;
import io.dataraven.secrets.common.Json;
import io.dataraven.secrets.common.Violation;
import io.dataraven.secrets.credential.AuthMethod;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.InetAddress;
import java.net.URI;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The verify request's target: which methods name an endpoint, and which endpoints are refused before any call. */
class CheckTargetTest {

    private static ObjectNode body(String json) {
        return (ObjectNode) Json.parse(json.getBytes(java.nio.charset.StandardCharsets.UTF_8), "test");
    }

    private static List<Violation> refused(String json, AuthMethod method) {
        InvalidInputException e = (InvalidInputException) org.assertj.core.api.Assertions.catchThrowable(
                () -> CheckTarget.parse(body(json), method));
        assertThat(e).as("refused: %s", json).isNotNull();
        return e.detail();
    }

    @Test
    void anS3CompatibleMethodTakesAPublicHttpsOriginAndARegion() {
        CheckTarget target = CheckTarget.parse(body("{\"endpoint_url\":\"https://abc123.r2.cloudflarestorage.com/\","
                + "\"region\":\"auto\"}"), AuthMethod.R2_ACCESS_KEY);

        assertThat(target).isEqualTo(new CheckTarget(URI.create("https://abc123.r2.cloudflarestorage.com"), "auto"));
    }

    @Test
    void methodsWithTheirOwnEndpointNeedNoBodyAndRefuseOne() {
        assertThat(CheckTarget.parse(null, AuthMethod.S3_ACCESS_KEY)).isSameAs(CheckTarget.NONE);
        assertThat(CheckTarget.parse(body("{}"), AuthMethod.B2_APPLICATION_KEY)).isSameAs(CheckTarget.NONE);

        assertThat(refused("{\"endpoint_url\":\"https://s3.example.com\",\"region\":\"eu-west-1\"}",
                AuthMethod.AZURE_SAS_URL))
                .extracting(Violation::type, v -> v.loc().get(1))
                .containsExactly(org.assertj.core.groups.Tuple.tuple("extra_forbidden", "endpoint_url"),
                        org.assertj.core.groups.Tuple.tuple("extra_forbidden", "region"));
    }

    @Test
    void anS3CompatibleMethodWithoutAnEndpointIsToldWhatToSend() {
        List<Violation> violations = refused("{}", AuthMethod.WASABI_ACCESS_KEY);

        assertThat(violations).singleElement().satisfies(v -> {
            assertThat(v.type()).isEqualTo("missing");
            assertThat(v.loc()).containsExactly("body", "endpoint_url");
            assertThat(v.msg()).contains("wasabi_access_key");
        });
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://s3.example.com", "https://user:pw@s3.example.com", "https://s3.example.com/bucket",
            "https://s3.example.com?x=1", "https://s3.example.com#f", "https://localhost:9001",
            "https://127.0.0.1", "https://10.0.0.8", "https://172.16.4.4", "https://192.168.1.1",
            "https://169.254.169.254", "https://[::1]", "https://[fd00::1]", "https://[fe80::1]", "https://0.0.0.0",
            "https://100.64.0.1", "https://metadata.google.internal", "not a url"})
    void endpointsOnlyTheFunctionCouldReachOrThatAreNoOriginAreRefused(String url) {
        assertThat(refused("{\"endpoint_url\":\"" + url + "\"}", AuthMethod.S3_COMPATIBLE_ACCESS_KEY))
                .singleElement().satisfies(v -> {
                    assertThat(v.type()).isEqualTo("value_error");
                    assertThat(v.loc()).containsExactly("body", "endpoint_url");
                });
    }

    @Test
    void aBadRegionAndAnUnknownFieldAreNamed() {
        assertThat(refused("{\"endpoint_url\":\"https://fra1.digitaloceanspaces.com\",\"region\":\"EU West\","
                + "\"bucket\":\"b\"}", AuthMethod.DIGITALOCEAN_SPACES_ACCESS_KEY))
                .extracting(Violation::type).containsExactlyInAnyOrder("string_pattern_mismatch", "extra_forbidden");
    }

    @Test
    void publicAddressesArePublic() throws Exception {
        assertThat(Addresses.isPublic(InetAddress.getByName("203.0.113.10"))).isTrue();
        assertThat(Addresses.isPublic(InetAddress.getByName("2606:4700::1111"))).isTrue();
        assertThat(Addresses.isPublic(InetAddress.getByName("::ffff:127.0.0.1"))).isFalse();
    }
}
