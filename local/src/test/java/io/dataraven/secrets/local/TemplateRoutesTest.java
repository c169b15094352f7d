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
                "POST /v1/teams/{team_id}/secrets -> CreateSecretFunction",
                "GET /v1/teams/{team_id}/secrets -> ListSecretsFunction",
                "GET /v1/teams/{team_id}/secrets/{secret_id} -> GetSecretFunction",
                "PATCH /v1/teams/{team_id}/secrets/{secret_id} -> UpdateSecretFunction",
                "DELETE /v1/teams/{team_id}/secrets/{secret_id} -> DeleteSecretFunction",
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
