package io.dataraven.secrets.local;

import io.dataraven.secrets.common.InvalidInputException;
import io.dataraven.secrets.common.Violation;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Strict percent-decoding of path segments and query parts: {@code URLDecoder} throws an unchecked exception for
 * {@code %zz} (a 500) and turns {@code %ff} into U+FFFD. Here both are a 400 with the API's error shape, at
 * {@code loc}.
 */
final class Percent {

    private Percent() {
    }

    /** @param plusIsSpace true for query strings (form encoding), false for paths, where '+' is a plus */
    static String decode(String encoded, boolean plusIsSpace, List<Object> loc) {
        if (encoded.indexOf('%') < 0) {
            return plusIsSpace ? encoded.replace('+', ' ') : encoded;
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(encoded.length());
        for (int i = 0; i < encoded.length(); i++) {
            char c = encoded.charAt(i);
            if (c == '%') {
                int high = i + 2 < encoded.length() ? hex(encoded.charAt(i + 1)) : -1;
                int low = high < 0 ? -1 : hex(encoded.charAt(i + 2));
                if (low < 0) {
                    throw invalid(loc, "has a malformed percent-escape (at character " + (i + 1) + ")");
                }
                bytes.write(high << 4 | low);
                i += 2;
            } else {
                bytes.writeBytes(String.valueOf(plusIsSpace && c == '+' ? ' ' : c).getBytes(StandardCharsets.UTF_8));
            }
        }
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes.toByteArray()))
                    .toString();
        } catch (CharacterCodingException e) {
            throw invalid(loc, "percent-decodes to bytes that are not UTF-8");
        }
    }

    /** An ASCII hex digit's value, else -1 (Character.digit also takes other scripts' digits). */
    private static int hex(char c) {
        return c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : c >= 'A' && c <= 'F' ? c - 'A' + 10
                : -1;
    }

    private static InvalidInputException invalid(List<Object> loc, String problem) {
        return InvalidInputException.of(List.of(new Violation(loc, problem, "url_parsing")));
    }
}
