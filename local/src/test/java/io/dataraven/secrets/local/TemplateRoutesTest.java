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
