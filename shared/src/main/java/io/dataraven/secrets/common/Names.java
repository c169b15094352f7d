package io.dataraven.secrets.common;

import java.text.Normalizer;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The one rule for the names of secrets and vault connections.
 *
 * <ul>
 *   <li><b>Stored</b> as sent, trimmed of Unicode white space at both ends (NBSP and ideographic spaces too) and in
 *       NFC, so that the same visible text is stored the same way whatever the client's keyboard composed.</li>
 *   <li><b>Allowed</b>: 1 to {@value #MAX_LENGTH} characters (Unicode code points, not UTF-16 units: an emoji is
 *       one), of any script, inner spaces included; <b>not</b> control characters (C0, DEL, C1), format characters
 *       (bidi controls U+202A-202E and U+2066-2069, zero-width U+200B-200D, U+2060, U+FEFF, soft hyphen...), line or
 *       paragraph separators, private-use characters, noncharacters or unpaired surrogates: each makes a name that
 *       looks like another, hides text or does not survive storage.</li>
 *   <li><b>Unique</b> per team by {@link #key}: compatibility forms folded (NFKC: full-width letters, ligatures,
 *       the Kelvin sign), case folded ({@code straße} = {@code STRASSE}, final sigma = sigma), runs of white space
 *       taken as one space. Two names a person would read as the same are the same.</li>
 * </ul>
 */
public final class Names {

    public static final int MAX_LENGTH = 255;
    /** How two names compare, for messages. */
    public static final String COMPARED = "names are compared ignoring case, full-width and compatibility forms and "
            + "repeated spaces";

    private static final Pattern EDGE_SPACE = Pattern.compile("^[\\p{IsWhite_Space}]+|[\\p{IsWhite_Space}]+$");
    private static final Pattern INNER_SPACE = Pattern.compile("[\\p{IsWhite_Space}]+");

    private Names() {
    }

    /** The name as stored: trimmed of Unicode white space, NFC. */
    public static String canonical(String sent) {
        return normalized(EDGE_SPACE.matcher(sent).replaceAll(""), Normalizer.Form.NFC);
    }

    /**
     * Adds the problems of a canonical name to {@code violations} (at {@code body.name}), worded the same for create
     * and update; null is a missing name. Never quotes the name's characters, only their code points.
     */
    public static void check(String name, List<Violation> violations) {
        if (name == null) {
            violations.add(Violation.body("required", "missing", "name"));
            return;
        }
        if (name.isEmpty()) {
            violations.add(Violation.body("must not be blank", "string_too_short", "name"));
            return;
        }
        int length = name.codePointCount(0, name.length());
        if (length > MAX_LENGTH) {
            violations.add(Violation.body("must be 1 to " + MAX_LENGTH + " characters (has " + length + ")",
                    "string_too_long", "name"));
        }
        for (int i = 0, at = 1; i < name.length(); at++) {
            int cp = name.codePointAt(i);
            if (refused(cp)) {
                violations.add(Violation.body("must not contain control, invisible formatting (bidi, zero-width), "
                        + "separator, private-use or unpaired surrogate characters (U+"
                        + String.format(Locale.ROOT, "%04X", cp) + " at character " + at + ")", "value_error", "name"));
                return;
            }
            i += Character.charCount(cp);
        }
    }

    private static boolean refused(int cp) {
        return switch (Character.getType(cp)) {
            case Character.CONTROL, Character.FORMAT, Character.SURROGATE, Character.PRIVATE_USE,
                    Character.LINE_SEPARATOR, Character.PARAGRAPH_SEPARATOR -> true;
            default -> (cp & 0xFFFE) == 0xFFFE || (cp >= 0xFDD0 && cp <= 0xFDEF);
        };
    }

    /**
     * The uniqueness key (and the DynamoDB name lock's): NFKC, case folded, white space runs as one space. Java has
     * no NFKC_Casefold; upper- then lower-casing in the root locale folds as full case folding does for every
     * cased script (ß -> ss), final sigma aside, which is mapped to sigma. Also what {@code q} searches.
     */
    public static String key(String name) {
        String compatible = normalized(canonical(name), Normalizer.Form.NFKC);
        String folded = compatible.toUpperCase(Locale.ROOT).toLowerCase(Locale.ROOT).replace('\u03C2', '\u03C3');
        return INNER_SPACE.matcher(normalized(folded, Normalizer.Form.NFKC)).replaceAll(" ");
    }

    /**
     * The key of name locks taken before {@link #key} (NFC, {@code String.strip}, root lower case). Locks stay under
     * the key they were taken with; see the stores for how renames and deletes find them.
     */
    public static String legacyKey(String name) {
        return normalized(name.strip(), Normalizer.Form.NFC).toLowerCase(Locale.ROOT);
    }

    /**
     * {@code Normalizer.normalize}, but ASCII text as it is: every Unicode normalization form leaves ASCII unchanged,
     * and the JDK's normalizer loads its ICU tables (about 30 classes and two data files, some 10 ms) on first use,
     * which most names (ASCII) then never pay.
     */
    private static String normalized(String text, Normalizer.Form form) {
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) >= 0x80) {
                return Normalizer.normalize(text, form);
            }
        }
        return text;
    }
}
