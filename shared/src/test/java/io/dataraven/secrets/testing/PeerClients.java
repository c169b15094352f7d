package io.dataraven.secrets.testing;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;

import java.net.URI;

/** Real SDK clients pointed at a protocol peer (WireMock): the production HTTP client, signing with dummy keys. */
public final class PeerClients {

    private PeerClients() {
    }

    public static <B extends AwsClientBuilder<B, C> & AwsSyncClientBuilder<B, C>, C> C pointedAt(
            B builder, String baseUrl, ClientOverrideConfiguration overrides) {
        return builder.httpClient(UrlConnectionHttpClient.builder().build())
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create("AKIDEXAMPLE", "dummy-secret-for-signing")))
                .endpointOverride(URI.create(baseUrl))
                .overrideConfiguration(overrides)
                .build();
    }

    /** With the SDK's default retries and timeouts. */
    public static <B extends AwsClientBuilder<B, C> & AwsSyncClientBuilder<B, C>, C> C pointedAt(
            B builder, String baseUrl) {
        return pointedAt(builder, baseUrl, ClientOverrideConfiguration.builder().build());
    }
}
