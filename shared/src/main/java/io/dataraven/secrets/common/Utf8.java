package io.dataraven.secrets.common;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CharsetEncoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Strict UTF-8 for what callers send. The JDK's usual conversions repair bad input silently (a malformed byte
 * becomes U+FFFD, an unpaired surrogate '?'), which would store a credential other than the one sent: here bad
 * input is refused, with its offset but never its content.
 */
public final class Utf8 {

    private Utf8() {
    }

    /** The text of {@code bytes}; a 400 naming the offset of the first malformed or truncated sequence otherwise. */
    public static String decode(byte[] bytes, String what) {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        CharBuffer out = CharBuffer.allocate(bytes.length);
        CoderResult result = decoder.decode(in, out, true);
        if (!result.isError()) {
            result = decoder.flush(out);
        }
        if (result.isError()) {
            throw invalid(what, "is not valid UTF-8 (byte " + in.position() + ")");
        }
        return out.flip().toString();
    }

    /** The decoded text, or null when {@code bytes} are not well-formed UTF-8. */
    public static String decodeOrNull(byte[] bytes) {
        try {
            return decode(bytes, "input");
        } catch (InvalidInputException e) {
            return null;
        }
    }

    /** The UTF-8 bytes of {@code text}; a 400 when it holds an unpaired surrogate, which no UTF-8 can carry. */
    public static byte[] encode(String text, String what) {
        CharsetEncoder encoder = StandardCharsets.UTF_8.newEncoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
        CharBuffer in = CharBuffer.wrap(text);
        ByteBuffer out = ByteBuffer.allocate(text.length() * 3);
        CoderResult result = encoder.encode(in, out, true);
        if (!result.isError()) {
            result = encoder.flush(out);
        }
        if (result.isError()) {
            throw invalid(what, "holds an unpaired surrogate (character " + in.position() + "), which is not text");
        }
        byte[] bytes = new byte[out.flip().remaining()];
        out.get(bytes);
        return bytes;
    }

    private static InvalidInputException invalid(String what, String problem) {
        return InvalidInputException.of("invalid_body", "The " + what + " " + problem + "; send JSON encoded as "
                + "UTF-8.", Violation.body(problem, "string_unicode"));
    }
}
