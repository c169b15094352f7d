package io.dataraven.secrets.local;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;

import io.dataraven.secrets.common.Utf8;

import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/** Translates between the JDK's HTTP exchange and API Gateway's HTTP API payload format 2.0. */
final class LocalEvents {

    private static final DateTimeFormatter REQUEST_TIME =
            DateTimeFormatter.ofPattern("dd/MMM/yyyy:HH:mm:ss Z", Locale.ROOT);

    private LocalEvents() {
    }

    /** The event API Gateway would send for this request on route {@code routeKey}. */
    static APIGatewayV2HTTPEvent request(LocalHttp.Request request, String routeKey,
                                         Map<String, String> pathParameters) {
        String rawPath = request.rawPath();
        String rawQuery = request.rawQuery();
        byte[] body = request.body();
        Map<String, String> headers = new LinkedHashMap<>();
        List<String> cookies = new ArrayList<>();
        for (Map.Entry<String, List<String>> header : request.headers().entrySet()) {
            String name = header.getKey();
            if (name.equals("cookie")) {
                // Payload 2.0 moves cookies out of the headers into their own list.
                header.getValue().forEach(value -> cookies.addAll(List.of(value.split(";\\s*"))));
            } else {
                headers.put(name, String.join(",", header.getValue()));
            }
        }
        ZonedDateTime now = ZonedDateTime.now(ZoneOffset.UTC);
        String host = headers.getOrDefault("host", "127.0.0.1");
        APIGatewayV2HTTPEvent.RequestContext context = APIGatewayV2HTTPEvent.RequestContext.builder()
                .withAccountId("000000000000")
                .withApiId("local")
                .withDomainName(host)
                .withDomainPrefix(host.split("[.:]", 2)[0])
                .withStage("$default")
                .withRouteKey(routeKey)
                .withRequestId(UUID.randomUUID().toString())
                .withTime(REQUEST_TIME.format(now))
                .withTimeEpoch(now.toInstant().toEpochMilli())
                .withHttp(APIGatewayV2HTTPEvent.RequestContext.Http.builder()
                        .withMethod(request.method())
                        .withPath(rawPath)
                        .withProtocol(request.protocol())
                        .withSourceIp(request.remote().getHostAddress())
                        .withUserAgent(headers.get("user-agent"))
                        .build())
                .build();
        // Decoded strictly: new String(...) would turn malformed bytes into U+FFFD, a credential into another one.
        // Bytes that are not UTF-8 text go base64-encoded, as API Gateway passes binary bodies, for the handler to
        // refuse.
        String text = Utf8.decodeOrNull(body);
        // API Gateway leaves out what a request does not have, rather than sending empty values.
        return APIGatewayV2HTTPEvent.builder()
                .withVersion("2.0")
                .withRouteKey(routeKey)
                .withRawPath(rawPath)
                .withRawQueryString(rawQuery == null ? "" : rawQuery)
                .withCookies(cookies.isEmpty() ? null : cookies)
                .withHeaders(headers)
                .withQueryStringParameters(rawQuery == null || rawQuery.isEmpty() ? null : queryParameters(rawQuery))
                .withPathParameters(pathParameters.isEmpty() ? null : pathParameters)
                .withRequestContext(context)
                .withBody(body.length == 0 ? null : text == null ? Base64.getEncoder().encodeToString(body) : text)
                .withIsBase64Encoded(body.length > 0 && text == null)
                .build();
    }

    /** Decoded query parameters; a repeated name gets its values joined with commas, as in payload 2.0. */
    static Map<String, String> queryParameters(String rawQuery) {
        Map<String, String> parameters = new LinkedHashMap<>();
        for (String pair : rawQuery.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = Percent.decode(eq < 0 ? pair : pair.substring(0, eq), true, List.of("query"));
            String value = eq < 0 ? "" : Percent.decode(pair.substring(eq + 1), true, List.of("query", name));
            parameters.merge(name, value, (first, next) -> first + "," + next);
        }
        return parameters;
    }
}
