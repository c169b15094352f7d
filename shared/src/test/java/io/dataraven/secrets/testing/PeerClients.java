package io.dataraven.secrets.testing;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;

import io.dataraven.secrets.config.AwsClients;
import io.dataraven.secrets.config.Settings;

import java.net.URI;
import java.util.Map;

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

    /**
     * The production clients ({@link AwsClients}: their HTTP client, retries and timeouts) pointed at a peer; their
     * default credentials chain finds the dummy keys set here as system properties ({@link #forgetKeys}).
     */
    public static AwsClients production(String baseUrl) {
        System.setProperty("aws.accessKeyId", "AKIDEXAMPLE");
        System.setProperty("aws.secretAccessKey", "dummy-secret-for-signing");
        return new AwsClients(Settings.from(Map.of("AWS_ENDPOINT_URL", baseUrl, "AWS_REGION", "us-east-1")));
    }

    /** Removes the dummy keys {@link #production} set. */
    public static void forgetKeys() {
        System.clearProperty("aws.accessKeyId");
        System.clearProperty("aws.secretAccessKey");
    }
}
