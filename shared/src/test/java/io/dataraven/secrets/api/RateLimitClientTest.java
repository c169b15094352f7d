package io.dataraven.secrets.api;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Which client a request counts for: API Gateway's source address, an IPv6 one by its /64. */
class RateLimitClientTest {

    static APIGatewayV2HTTPEvent from(String sourceIp) {
        return APIGatewayV2HTTPEvent.builder().withHeaders(Map.of("x-forwarded-for", "198.51.100.99"))
                .withRequestContext(APIGatewayV2HTTPEvent.RequestContext.builder()
                        .withHttp(APIGatewayV2HTTPEvent.RequestContext.Http.builder().withSourceIp(sourceIp).build())
                        .build()).build();
    }

    @ParameterizedTest
    @CsvSource({
            "203.0.113.10, 203.0.113.10",
            "2001:db8:abcd:12::1, 2001:db8:abcd:12::/64",
            "2001:0db8:abcd:0012:ffff:ffff:ffff:fffe, 2001:db8:abcd:12::/64",
            "::1, 0:0:0:0::/64"})
    void theClientIsTheSourceAddressAndAnIpv6OneItsNetwork(String sourceIp, String client) {
        assertThat(ApiHandlers.client(from(sourceIp))).isEqualTo(client);
    }
}
