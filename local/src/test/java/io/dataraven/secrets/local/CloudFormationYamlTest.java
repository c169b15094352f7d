package io.dataraven.secrets.local;

import io.dataraven.secrets.common.Databind;
import org.junit.jupiter.api.Test;

import java.io.IOException;

import static org.assertj.core.api.Assertions.assertThat;

class CloudFormationYamlTest {

    @Test
    void shortFormIntrinsicsBecomeTheirLongForms() throws IOException {
        String yaml = """
                Plain: text
                Number: 300
                Flag: true
                Ref: !Ref Stage
                GetAtt: !GetAtt Queue.Arn
                Sub: !Sub '${Prefix}/${Stage}'
                SubList: !Sub
                  - '${A}-x'
                  - A: !Ref B
                If: !If [HasLayer, [!Ref Layer], !Ref AWS::NoValue]
                Condition: !Condition IsProd
                LongForm:
                  Ref: Stage
                Typed: !!str 42
                """;

        assertThat(CloudFormationYaml.parse(yaml)).isEqualTo(Databind.MAPPER.readTree("""
                {"Plain": "text", "Number": 300, "Flag": true,
                 "Ref": {"Ref": "Stage"},
                 "GetAtt": {"Fn::GetAtt": ["Queue", "Arn"]},
                 "Sub": {"Fn::Sub": "${Prefix}/${Stage}"},
                 "SubList": {"Fn::Sub": ["${A}-x", {"A": {"Ref": "B"}}]},
                 "If": {"Fn::If": ["HasLayer", [{"Ref": "Layer"}], {"Ref": "AWS::NoValue"}]},
                 "Condition": {"Condition": "IsProd"},
                 "LongForm": {"Ref": "Stage"},
                 "Typed": "42"}
                """));
    }

    @Test
    void anEmptyDocumentIsMissing() throws IOException {
        assertThat(CloudFormationYaml.parse("").isMissingNode()).isTrue();
    }
}
