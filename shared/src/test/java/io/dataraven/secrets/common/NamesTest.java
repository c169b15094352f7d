package io.dataraven.secrets.common;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class NamesTest {

    private static List<Violation> problems(String sent) {
        List<Violation> violations = new ArrayList<>();
        Names.check(Names.canonical(sent), violations);
        return violations;
    }

    @Test
    void storedTrimmedOfUnicodeWhiteSpaceAndInNfc() {
        assertThat(Names.canonical("\u00a0\u3000 prod\tbackups \u2007\n")).isEqualTo("prod\tbackups");
        assertThat(Names.canonical("cafe\u0301")).isEqualTo("caf\u00e9");
        assertThat(Names.canonical("ＰＲＯＤ")).isEqualTo("ＰＲＯＤ"); // shown as sent; only the key folds width
    }

    @ParameterizedTest
    @ValueSource(strings = {"a\u0085b", "a\u0080b", "a\u009fb", "a\u202eb", "a\u202ab", "a\u2066b", "a\u2069b",
            "a\u200bb", "a\u200cb", "a\u200db", "a\u2060b", "a\ufeffb", "a\u00adb", "a\ud800b", "a\udc00b", "a\ue000b",
            "a\u2028b", "a\u2029b", "a\ufffeb", "a\ufdd0b", "a\u0000b", "a\u007fb", "line\nbreak", "tab\tinside"})
    void invisibleControlAndBrokenCharactersAreRefusedByCodePoint(String name) {
        assertThat(problems(name)).singleElement().satisfies(v -> {
            assertThat(v.loc()).isEqualTo(List.of("body", "name"));
            assertThat(v.type()).isEqualTo("value_error");
            assertThat(v.msg()).matches(".*\\(U\\+[0-9A-F]{4} at character \\d+\\)");
        });
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "\u00a0", "\u00a0\u2007\u202f\u3000", "\t\n"})
    void aNameOfWhiteSpaceOnlyIsBlank(String name) {
        assertThat(problems(name)).singleElement().satisfies(v -> {
            assertThat(v.msg()).isEqualTo("must not be blank");
            assertThat(v.type()).isEqualTo("string_too_short");
        });
    }

    @Test
    void lengthIsCountedInCodePoints() {
        String key = "\ud83d\udd11"; // one character, two UTF-16 units
        assertThat(problems(key.repeat(255))).isEmpty();
        assertThat(problems("a".repeat(255))).isEmpty();
        assertThat(problems(key.repeat(256))).singleElement()
                .satisfies(v -> assertThat(v.msg()).isEqualTo("must be 1 to 255 characters (has 256)"));
        assertThat(problems("a".repeat(256))).singleElement()
                .satisfies(v -> assertThat(v.msg()).isEqualTo("must be 1 to 255 characters (has 256)"));
        // "e" + combining acute is one character once in NFC
        assertThat(problems("e\u0301".repeat(255))).isEmpty();
    }

    @Test
    void namesOfEveryScriptAndInnerSpacesAreFine() {
        for (String name : List.of("prod backups", "Prod-S3 (EU) #2", "日本の本番", "Ünïcödé", "prod\u00a0backups",
                "\u05e9\u05dc\u05d5\u05dd", "emoji \ud83d\udd11", "a.b_c/d:e")) {
            assertThat(problems(name)).as(name).isEmpty();
        }
    }

    @ParameterizedTest
    @CsvSource({"straße,STRASSE", "Straße,strasse", "ＰＲＯＤ,prod", "ﬁle,FILE", "\u212a,k", "ΟΔΟΣ,οδος",
            "οδοσ,ΟΔΟΣ", "prod  backups,prod backups", "prod\u00a0backups,PROD BACKUPS", "ｐｒｏｄ\u3000x,prod x",
            "cafe\u0301,CAFÉ", "\u2460,1", "Ǆ,ǆ"})
    void namesAPersonReadsAsTheSameHaveOneKey(String one, String other) {
        assertThat(Names.key(one)).isEqualTo(Names.key(other));
    }

    @ParameterizedTest
    @CsvSource({"cafe,café", "prod-1,prod_1", "a b,ab", "ı,i̇"})
    void differentNamesKeepDifferentKeys(String one, String other) {
        assertThat(Names.key(one)).isNotEqualTo(Names.key(other));
    }

    @Test
    void theLegacyKeyIsTheOldRuleAndMatchesTheNewOneForPlainNames() {
        assertThat(Names.legacyKey(" Straße ")).isEqualTo("straße");
        assertThat(Names.key(" Straße ")).isEqualTo("strasse");
        for (String plain : List.of("Prod Backups", "doppler prd", "Ünïcödé", "日本")) {
            assertThat(Names.key(plain)).isEqualTo(Names.legacyKey(plain));
        }
    }

    /** ASCII skips the JDK normalizer (its tables cost a first request); the results must be what it would give. */
    @Test
    void asciiNamesGetWhatTheNormalizerWouldGive() {
        java.util.Random random = new java.util.Random(7);
        List<String> names = new ArrayList<>(List.of("Prod Backups", "  a  b\t", "MiXeD-Case_9", "~!@#$%^&*()"));
        for (int n = 0; n < 2_000; n++) {
            StringBuilder name = new StringBuilder();
            for (int i = 1 + random.nextInt(12); i > 0; i--) {
                name.append((char) random.nextInt(0x80));
            }
            names.add(name.toString());
        }
        for (String name : names) {
            String canonical = java.text.Normalizer.normalize(name.replaceAll(
                    "^[\\p{IsWhite_Space}]+|[\\p{IsWhite_Space}]+$", ""), java.text.Normalizer.Form.NFC);
            assertThat(Names.canonical(name)).isEqualTo(canonical);
            String compatible = java.text.Normalizer.normalize(canonical, java.text.Normalizer.Form.NFKC);
            String folded = compatible.toUpperCase(java.util.Locale.ROOT).toLowerCase(java.util.Locale.ROOT);
            assertThat(Names.key(name)).isEqualTo(java.text.Normalizer.normalize(folded,
                    java.text.Normalizer.Form.NFKC).replaceAll("[\\p{IsWhite_Space}]+", " "));
            assertThat(Names.legacyKey(name)).isEqualTo(java.text.Normalizer.normalize(name.strip(),
                    java.text.Normalizer.Form.NFC).toLowerCase(java.util.Locale.ROOT));
        }
    }
}
