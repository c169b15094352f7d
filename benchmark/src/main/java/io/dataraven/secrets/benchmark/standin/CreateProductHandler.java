package io.dataraven.secrets.benchmark.standin;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.fasterxml.jackson.databind.ObjectMapper;
import software.amazon.awssdk.auth.credentials.EnvironmentVariableCredentialsProvider;
import software.amazon.awssdk.core.SdkSystemSetting;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;

import java.util.HashMap;
import java.util.Map;

/**
 * The reference the cold-start targets compare with: a stand-in of the same shape as the dagger sample's
 * CreateProductHandler in AWS's serverless-java-frameworks-samples (PUT /products/{id} behind a REST API). Its
 * constructor builds an SDK v2 DynamoDB client over the url-connection HTTP client, with credentials from the
 * environment and the region from AWS_REGION, and a Jackson ObjectMapper; each request reads the product from the
 * body and makes one PutItem. What the sample has beyond that shape is left out: Dagger (generated code, a few
 * classes at run time), the X-Ray tracing interceptor and Logback. Its jar is built by benchmark/pom.xml
 * (standin-lambda.jar: this package and the libraries it needs, shaded as the sample is).
 */
public final class CreateProductHandler
        implements RequestHandler<APIGatewayProxyRequestEvent, APIGatewayProxyResponseEvent> {

    private final DynamoDbClient dynamoDb;
    private final ObjectMapper objectMapper = new ObjectMapper();
    private final String table = System.getenv("PRODUCT_TABLE_NAME");

    public CreateProductHandler() {
        this.dynamoDb = DynamoDbClient.builder()
                .credentialsProvider(EnvironmentVariableCredentialsProvider.create())
                .region(Region.of(System.getenv(SdkSystemSetting.AWS_REGION.environmentVariable())))
                .httpClient(UrlConnectionHttpClient.builder().build())
                .build();
    }

    @Override
    public APIGatewayProxyResponseEvent handleRequest(APIGatewayProxyRequestEvent request, Context context) {
        if (!"PUT".equals(request.getHttpMethod())) {
            return new APIGatewayProxyResponseEvent().withStatusCode(405).withBody("Only PUT method is supported");
        }
        try {
            String id = request.getPathParameters().get("id");
            Product product = objectMapper.readValue(request.getBody(), Product.class);
            if (!id.equals(product.getId())) {
                return new APIGatewayProxyResponseEvent().withStatusCode(400)
                        .withBody("Product ID in the body does not match path parameter");
            }
            Map<String, AttributeValue> item = new HashMap<>();
            item.put("PK", AttributeValue.builder().s(product.getId()).build());
            item.put("name", AttributeValue.builder().s(product.getName()).build());
            item.put("price", AttributeValue.builder().n(product.getPrice().toString()).build());
            dynamoDb.putItem(PutItemRequest.builder().tableName(table).item(item).build());
            return new APIGatewayProxyResponseEvent().withStatusCode(201)
                    .withBody("Product with id = " + id + " created");
        } catch (Exception e) {
            return new APIGatewayProxyResponseEvent().withStatusCode(500).withBody("Internal Server Error");
        }
    }
}
