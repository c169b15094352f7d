package io.dataraven.secrets.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import io.dataraven.secrets.common.Json;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.UnaryOperator;

/**
 * Reads a CloudFormation YAML template keeping its short-form intrinsics: {@code !Ref X} becomes
 * {@code {"Ref": "X"}}, {@code !GetAtt A.B} {@code {"Fn::GetAtt": ["A", "B"]}}, {@code !Sub ...}
 * {@code {"Fn::Sub": ...}} and so on, as CloudFormation reads them. A plain YAML reader drops the tags, which is
 * fine for handlers and paths but not for an event pattern, where {@code !Ref TeamEventSource} must be told apart
 * from a literal source.
 */
final class CloudFormationYaml {

    private static final YAMLFactory FACTORY = new YAMLFactory();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private CloudFormationYaml() {
    }

    static JsonNode read(Path template) throws IOException {
        return parse(Files.readString(template));
    }

    static JsonNode parse(String yaml) throws IOException {
        try (YAMLParser parser = (YAMLParser) FACTORY.createParser(yaml)) {
            return parser.nextToken() == null ? MissingNode.getInstance() : value(parser);
        }
    }

    /** The value at the parser's current token (consumed up to its end), each value's tag applied. */
    private static JsonNode value(YAMLParser parser) throws IOException {
        // The tag belongs to the value's first token: read it before the children move the parser on.
        return Json.value(parser, at -> {
            String tag = parser.getTypeId();
            return tag == null || tag.startsWith("tag:yaml.org,2002:") ? UnaryOperator.identity()
                    : node -> intrinsic(tag, node);
        });
    }

    /** The long form of a short-form intrinsic: {@code !Ref}, {@code !Condition}, or {@code !X} as {@code Fn::X}. */
    private static JsonNode intrinsic(String tag, JsonNode value) {
        String name = tag.startsWith("!") ? tag.substring(1) : tag;
        ObjectNode object = NODES.objectNode();
        switch (name) {
            case "Ref", "Condition" -> object.set(name, value);
            case "GetAtt" -> {
                if (value.isTextual() && value.textValue().contains(".")) {
                    String text = value.textValue();
                    int dot = text.indexOf('.');
                    object.set("Fn::GetAtt",
                            NODES.arrayNode().add(text.substring(0, dot)).add(text.substring(dot + 1)));
                } else {
                    object.set("Fn::GetAtt", value);
                }
            }
            default -> object.set("Fn::" + name, value);
        }
        return object;
    }
}
