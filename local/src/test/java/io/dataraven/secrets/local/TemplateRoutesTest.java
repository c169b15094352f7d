package io.dataraven.secrets.local;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TemplateRoutesTest {

    @Test
    void readsTheCreateSecretRouteFromTheProjectTemplate() throws IOException {
        Path template = TemplateRoutes.locate(null, Path.of(""));

        List<TemplateRoute> routes = TemplateRoutes.read(template);

        assertThat(routes).contains(new TemplateRoute("POST", "/v1/teams/{team_id}/secrets", "CreateSecretFunction",
                "io.dataraven.secrets.functions.CreateSecretHandler", "handleRequest", 15, 1024));
    }

    @Test
    void readsEveryHttpRouteOfTheProjectTemplate() throws IOException {
        List<TemplateRoute> routes = TemplateRoutes.read(TemplateRoutes.locate(null, Path.of("")));

        assertThat(routes).extracting(route -> route.routeKey() + " -> " + route.function()).containsExactlyInAnyOrder(
                "POST /v1/teams/{team_id}/api-keys -> CreateApiKeyFunction",
                "GET /v1/teams/{team_id}/api-keys -> ListApiKeysFunction",
                "GET /v1/teams/{team_id}/api-keys/{api_key_id} -> GetApiKeyFunction",
                "POST /v1/teams/{team_id}/api-keys/{api_key_id}/rotate -> RotateApiKeyFunction",
                "POST /v1/teams/{team_id}/api-keys/{api_key_id}/revoke -> RevokeApiKeyFunction",
                "DELETE /v1/teams/{team_id}/api-keys/{api_key_id} -> DeleteApiKeyFunction",
                "POST /v1/teams/{team_id}/secrets -> CreateSecretFunction",
                "GET /v1/teams/{team_id}/secrets -> ListSecretsFunction",
                "GET /v1/teams/{team_id}/secrets/{secret_id} -> GetSecretFunction",
                "PATCH /v1/teams/{team_id}/secrets/{secret_id} -> UpdateSecretFunction",
                "DELETE /v1/teams/{team_id}/secrets/{secret_id} -> DeleteSecretFunction",
                "GET /v1/teams/{team_id}/secrets/{secret_id}/versions -> ListSecretVersionsFunction",
                "POST /v1/teams/{team_id}/secrets/{secret_id}/rollback -> RollbackSecretFunction",
                "POST /v1/teams/{team_id}/secrets/{secret_id}/verify -> VerifySecretFunction",
                "POST /v1/teams/{team_id}/vault-connections -> CreateVaultConnectionFunction",
                "GET /v1/teams/{team_id}/vault-connections -> ListVaultConnectionsFunction",
                "GET /v1/teams/{team_id}/vault-connections/{connection_id} -> GetVaultConnectionFunction",
                "PATCH /v1/teams/{team_id}/vault-connections/{connection_id} -> UpdateVaultConnectionFunction",
                "DELETE /v1/teams/{team_id}/vault-connections/{connection_id} -> DeleteVaultConnectionFunction",
                "POST /v1/teams/{team_id}/vault-connections/{connection_id}/rotate -> RotateVaultConnectionFunction",
                "POST /v1/teams/{team_id}/vault-connections/{connection_id}/test -> TestVaultConnectionFunction");
        assertThat(routes).contains(new TemplateRoute("POST",
                "/v1/teams/{team_id}/vault-connections/{connection_id}/test", "TestVaultConnectionFunction",
                "io.dataraven.secrets.functions.TestVaultConnectionHandler", "handleRequest", 30, 1024));
    }

    @Test
    void readsTheResolveFunctionAsDirectlyInvoked() throws IOException {
        List<TemplateFunction> direct = TemplateRoutes.readDirect(TemplateRoutes.locate(null, Path.of("")));

        assertThat(direct).extracting(TemplateFunction::function).doesNotContain("CreateSecretFunction",
                "TestVaultConnectionFunction");
        assertThat(direct).contains(new TemplateFunction("ResolveSecretFunction",
                "io.dataraven.secrets.functions.ResolveSecretHandler", "handleRequest", 30, 1024));
    }

    @Test
    void directFunctionsAreThoseWithoutHttpApiEvents() throws IOException {
        String yaml = """
                Globals:
                  Function:
                    Timeout: 9
                Conditions:
                  HasLayer: !Not [!Equals [!Ref Layer, '']]
                Resources:
                  RoutedFunction:
                    Type: AWS::Serverless::Function
                    Properties:
                      Handler: com.example.Routed
                      Events:
                        Get:
                          Type: HttpApi
                          Properties:
                            Method: GET
                            Path: /things
                  ResolveFunction:
                    Type: AWS::Serverless::Function
                    Properties:
                      Handler: com.example.Resolve::resolve
                      Timeout: 30
                      Layers: !If [HasLayer, [!Ref Layer], !Ref AWS::NoValue]
                  QueueFunction:
                    Type: AWS::Serverless::Function
                    Properties:
                      Handler: com.example.Queue
                      MemorySize: 512
                      Events:
                        Queue:
                          Type: SQS
                          Properties:
                            Queue: !GetAtt Queue.Arn
                  NoHandlerFunction:
                    Type: AWS::Serverless::Function
                    Properties:
                      Runtime: java21
                  Permission:
                    Type: AWS::Lambda::Permission
                    Properties:
                      FunctionName: !Ref ResolveFunction.Alias
                """;

        assertThat(TemplateRoutes.parseDirect(yaml)).containsExactly(
                new TemplateFunction("ResolveFunction", "com.example.Resolve", "resolve", 30, 128),
                new TemplateFunction("QueueFunction", "com.example.Queue", "handleRequest", 9, 512));
        assertThat(TemplateRoutes.parse(yaml)).extracting(TemplateRoute::function).containsExactly("RoutedFunction");
    }

    @Test
    void readsPastCloudFormationTagsAndTakesDefaultsFromGlobals() throws IOException {
        String yaml = """
                Transform: AWS::Serverless-2016-10-31
                Globals:
                  Function:
                    Handler: com.example.Default::handle
                    Timeout: 9
                    Environment:
                      Variables:
                        TABLE: !Ref Table
                        PREFIX: !Sub '${Prefix}/${Stage}'
                        KEY: !GetAtt Key.Arn
                        JOINED: !Join ['', [a, !Ref B]]
                Resources:
                  Table:
                    Type: AWS::DynamoDB::Table
                  ListFunction:
                    Type: AWS::Serverless::Function
                    Properties:
                      Role: !GetAtt [Role, Arn]
                      Events:
                        List:
                          Type: HttpApi
                          Properties:
                            ApiId: !Ref Api
                            Method: get
                            Path: /v1/teams/{team_id}/secrets
                        Queue:
                          Type: SQS
                          Properties:
                            Queue: !GetAtt Queue.Arn
                  GetFunction:
                    Type: AWS::Serverless::Function
                    Properties:
                      Handler: com.example.GetHandler
                      MemorySize: 512
                      Events:
                        Get:
                          Type: HttpApi
                          Properties:
                            Method: GET
                            Path: /v1/teams/{team_id}/secrets/{secret_id}
                  DefaultRouteFunction:
                    Type: AWS::Serverless::Function
                    Properties:
                      Events:
                        CatchAll:
                          Type: HttpApi
                """;

        List<TemplateRoute> routes = TemplateRoutes.parse(yaml);

        assertThat(routes).containsExactly(
                new TemplateRoute("GET", "/v1/teams/{team_id}/secrets", "ListFunction",
                        "com.example.Default", "handle", 9, 128),
                new TemplateRoute("GET", "/v1/teams/{team_id}/secrets/{secret_id}", "GetFunction",
                        "com.example.GetHandler", "handleRequest", 9, 512));
    }

    @Test
    void readsTheTeamEventsRuleOfTheProjectTemplateWithItsParameterDefaults() throws IOException {
        Path template = TemplateRoutes.locate(null, Path.of(""));

        List<TemplateEventRule> rules = TemplateRoutes.readEventRules(template);

        assertThat(rules).containsExactly(new TemplateEventRule(
                new TemplateFunction("TeamEventsFunction", "io.dataraven.secrets.functions.TeamEventsHandler",
                        "handleRequest", 300, 1024),
                "TeamEvents",
                List.of(new TemplateEventRule.Alternative(List.of("io.dataraven.teams"),
                                List.of("TeamCreated", "TeamPlanChanged", "TeamDeleted")),
                        new TemplateEventRule.Alternative(List.of("io.dataraven.secrets"),
                                List.of("TeamDeletionContinued")))));
        TemplateEventRule rule = rules.get(0);
        assertThat(rule.takes("io.dataraven.teams", "TeamDeleted")).isPresent();
        assertThat(rule.takes("io.dataraven.secrets", "TeamDeletionContinued")).isPresent();
        assertThat(rule.takes(null, "TeamPlanChanged")).isPresent();
        // Nobody but our own function hands a deletion on; and we never speak for the team service.
        assertThat(rule.takes("io.dataraven.teams", "TeamDeletionContinued")).isEmpty();
        assertThat(rule.takes("io.dataraven.secrets", "TeamDeleted")).isEmpty();
        assertThat(rule.takes("io.dataraven.secrets", "secret_created")).isEmpty();
    }

    @Test
    void theEventAndScheduledFunctionsAreDirectlyInvocable() throws IOException {
        List<TemplateFunction> direct = TemplateRoutes.readDirect(TemplateRoutes.locate(null, Path.of("")));

        assertThat(direct).contains(
                new TemplateFunction("TeamEventsFunction", "io.dataraven.secrets.functions.TeamEventsHandler",
                        "handleRequest", 300, 1024),
                new TemplateFunction("OrphanSweeperFunction", "io.dataraven.secrets.functions.OrphanSweeperHandler",
                        "handleRequest", 300, 1024));
    }

    @Test
    void eventRulesResolveParameterRefsAndCombineOrWithTheFieldsBesideIt() throws IOException {
        String yaml = """
                Parameters:
                  Source:
                    Type: String
                    Default: com.example.orders
                  NoDefault:
                    Type: String
                Resources:
                  OrdersFunction:
                    Type: AWS::Serverless::Function
                    Properties:
                      Handler: com.example.Orders
                      Timeout: 60
                      Events:
                        Api:
                          Type: HttpApi
                          Properties:
                            Method: GET
                            Path: /orders
                        Orders:
                          Type: EventBridgeRule
                          Properties:
                            EventBusName: !Ref Bus
                            Pattern:
                              source: [!Ref Source, {"Ref": "NoDefault"}, com.example.legacy]
                              $or:
                                - detail-type: [OrderPlaced]
                                - detail-type: [OrderCancelled]
                                  source: [com.example.legacy, com.example.other]
                        Old:
                          Type: CloudWatchEvent
                          Properties:
                            Pattern:
                              detail-type: [{"prefix": "Order"}, OrderShipped]
                        Nightly:
                          Type: Schedule
                          Properties:
                            Schedule: rate(1 day)
                  NoPatternFunction:
                    Type: AWS::Serverless::Function
                    Properties:
                      Handler: com.example.Nothing
                      Events:
                        Any:
                          Type: EventBridgeRule
                          Properties:
                            EventBusName: default
                """;

        List<TemplateEventRule> rules = TemplateRoutes.parseEventRules(yaml);

        TemplateFunction orders = new TemplateFunction("OrdersFunction", "com.example.Orders", "handleRequest",
                60, 128);
        assertThat(rules).containsExactly(
                new TemplateEventRule(orders, "Orders", List.of(
                        new TemplateEventRule.Alternative(List.of("com.example.orders", "com.example.legacy"),
                                List.of("OrderPlaced")),
                        new TemplateEventRule.Alternative(List.of("com.example.legacy"), List.of("OrderCancelled")))),
                new TemplateEventRule(orders, "Old", List.of(
                        new TemplateEventRule.Alternative(null, List.of("OrderShipped")))));
        assertThat(rules.get(1).takes("anyone", "OrderShipped")).isPresent();
        assertThat(rules.get(0).detailTypes()).containsExactly("OrderPlaced", "OrderCancelled");
    }

    @Test
    void findsTheTemplateInAParentDirectory(@TempDir Path root) throws IOException {
        Files.writeString(root.resolve("template.yaml"), "Resources: {}\n");
        Path nested = Files.createDirectories(root.resolve("a/b"));

        assertThat(TemplateRoutes.locate(null, nested)).isEqualTo(root.resolve("template.yaml"));
        assertThat(TemplateRoutes.locate(" ", nested)).isEqualTo(root.resolve("template.yaml"));
    }

    @Test
    void anExplicitPathMustExist(@TempDir Path root) {
        assertThatThrownBy(() -> TemplateRoutes.locate(root.resolve("missing.yaml").toString(), root))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("TEMPLATE_PATH");
    }
}
