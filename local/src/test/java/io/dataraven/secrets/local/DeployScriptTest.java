package io.dataraven.secrets.local;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * deploy/deploy.sh's DeployFingerprint, run as a deploy would run it (in a copy of the project, with a stand-in jar):
 * the same inputs give the same value, so a repeated deploy publishes nothing, and a change of any parameter a
 * function's configuration reads, of the jar or of the template gives another, so it reaches the live aliases.
 * The SAM translator's side of it (the value names the versions) is deploy/check-versions.py, docs/DEPLOY.md.
 */
class DeployScriptTest {

    private static final Pattern OVERRIDES = Pattern.compile("(?m)^parameter_overrides = \"(.*)\"$");

    private static Path project;
    private static JsonNode template;

    @TempDir
    Path copy;

    @BeforeAll
    static void readProject() throws IOException {
        assumeTrue(Files.isExecutable(Path.of("/bin/sh")), "deploy.sh needs a POSIX shell");
        Path templateFile = TemplateRoutes.locate(null, Path.of(""));
        project = templateFile.getParent();
        template = CloudFormationYaml.read(templateFile);
    }

    @BeforeEach
    void copyProject() throws IOException {
        Files.createDirectories(copy.resolve("deploy"));
        Files.createDirectories(copy.resolve("functions/target"));
        for (String file : List.of("deploy/deploy.sh", "template.yaml", "samconfig.toml")) {
            Files.copy(project.resolve(file), copy.resolve(file));
        }
        Files.writeString(copy.resolve("functions/target/functions-lambda.jar"), "jar 1");
    }

    /** The exit status and the output of deploy/deploy.sh in the copy. */
    private Map.Entry<Integer, List<String>> run(String... args) throws Exception {
        List<String> command = new java.util.ArrayList<>(List.of("sh", copy.resolve("deploy/deploy.sh").toString()));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).directory(copy.toFile()).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        return Map.entry(process.waitFor(), output.lines().toList());
    }

    private String fingerprint() throws Exception {
        Map.Entry<Integer, List<String>> printed = run("--print-fingerprint");
        assertThat(printed.getKey()).as(String.join("\n", printed.getValue())).isZero();
        return printed.getValue().get(0);
    }

    /** samconfig.toml's default deploy overrides with {@code name} set to {@code value} (replaced or added). */
    private void setParameter(String name, String value) throws IOException {
        Path samconfig = copy.resolve("samconfig.toml");
        String text = Files.readString(samconfig);
        Matcher line = OVERRIDES.matcher(text);
        assertThat(line.find()).as("parameter_overrides in samconfig.toml").isTrue();
        String pair = name + "=\\\"" + value + "\\\""; // as the file writes it: Name=\"value\"
        Matcher existing = Pattern.compile("\\b" + name + "=\\\\\"[^\\\\]*\\\\\"").matcher(line.group(1));
        String changed = existing.find() ? existing.replaceFirst(Matcher.quoteReplacement(pair))
                : line.group(1) + " " + pair;
        Files.writeString(samconfig, text.substring(0, line.start(1)) + changed + text.substring(line.end(1)));
    }

    /** The parameters a function's configuration reads (Refs, ${...} in Subs), in Globals and in each function. */
    private static Set<String> configurationParameters() {
        Set<String> found = new TreeSet<>();
        collect(template.path("Globals").path("Function"), found);
        DeployTemplateTest.resources(template, "AWS::Serverless::Function").values().forEach(function ->
                function.path("Properties").properties().forEach(property -> {
                    // Triggers and the role are not part of a version; the version's name is the fingerprint itself.
                    if (!Set.of("Events", "Policies", "AutoPublishCodeSha256").contains(property.getKey())) {
                        collect(property.getValue(), found);
                    }
                }));
        found.retainAll(template.path("Parameters").properties().stream().map(Map.Entry::getKey).toList());
        return found;
    }

    private static void collect(JsonNode node, Set<String> found) {
        if (node.isObject() && node.path("Ref").isTextual()) {
            found.add(node.path("Ref").asText());
        }
        JsonNode sub = node.path("Fn::Sub");
        String text = sub.isTextual() ? sub.asText() : sub.path(0).asText("");
        Matcher variable = Pattern.compile("\\$\\{([A-Za-z0-9]+)}").matcher(text);
        while (variable.find()) {
            found.add(variable.group(1));
        }
        node.forEach(child -> collect(child, found));
    }

    @Test
    void theSameInputsGiveTheSameValueWhichTheTemplateAcceptsAndThePlaceholderIsDropped() throws Exception {
        Map.Entry<Integer, List<String>> printed = run("--print-fingerprint");
        String value = printed.getValue().get(0);
        assertThat(value).matches("DeployFingerprint=[0-9a-f]{16}");
        assertThat(value.substring(value.indexOf('=') + 1))
                .matches(template.path("Parameters").path("DeployFingerprint").path("AllowedPattern").asText());
        assertThat(fingerprint()).isEqualTo(value);
        // The overrides passed to sam: samconfig's, without the placeholder (deploy.sh appends the real value).
        assertThat(printed.getValue().get(1)).contains("JwtIssuer=\"https://").doesNotContain("DeployFingerprint");
    }

    @Test
    void everyParameterAFunctionsConfigurationReadsChangesTheValue() throws Exception {
        Set<String> parameters = configurationParameters();
        assertThat(parameters).contains("JwtIssuer", "JwksUrl", "Stage", "SweeperGraceMinutes",
                "OnePasswordCliLayerArn", "CredentialsPathPrefix", "TeamEventBusName");
        String before = fingerprint();
        Set<String> seen = new TreeSet<>(Set.of(before));
        for (String parameter : parameters) {
            setParameter(parameter, "changed-" + parameter.toLowerCase(java.util.Locale.ROOT));
            assertThat(seen.add(fingerprint())).as("a new %s gives a new DeployFingerprint", parameter).isTrue();
        }
    }

    @Test
    void aNewJarOrTemplateGivesANewValue() throws Exception {
        String before = fingerprint();
        Files.writeString(copy.resolve("functions/target/functions-lambda.jar"), "jar 2");
        String newJar = fingerprint();
        Files.writeString(copy.resolve("template.yaml"), "# a literal change, e.g. a Timeout\n",
                java.nio.file.StandardOpenOption.APPEND);
        assertThat(Set.of(before, newJar, fingerprint())).hasSize(3);
    }

    @Test
    void overridesOnTheCommandLineAndAMissingJarAreRefused() throws Exception {
        // sam would take them instead of samconfig's, and the fingerprint would not cover them.
        assertThat(run("--parameter-overrides", "Stage=prod").getKey()).isEqualTo(2);
        assertThat(run("--print-fingerprint", "--config-env", "nowhere").getKey()).isEqualTo(2);
        Files.delete(copy.resolve("functions/target/functions-lambda.jar"));
        Map.Entry<Integer, List<String>> missing = run("--print-fingerprint");
        assertThat(missing.getKey()).isEqualTo(2);
        assertThat(missing.getValue()).anySatisfy(line -> assertThat(line).contains("build it first"));
    }
}
