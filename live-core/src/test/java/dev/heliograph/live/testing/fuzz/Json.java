package dev.heliograph.live.testing.fuzz;

import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;

/**
 * Generators of JSON text for the fuzz properties: values of every kind (numbers in every
 * spelling JSON allows, strings with any code point, raw or escaped), nested to a bounded depth.
 * What they make is always valid JSON, so a decoder may be held to read it exactly.
 *
 * <p>Stateless; any thread.
 */
public final class Json {
    private Json() {}

    /** How a string's characters are written. */
    public enum Escaping {
        /** Only what must be escaped: quote, backslash, controls (and lone surrogates, which UTF-8 cannot hold). */
        MINIMAL,
        /** Every character outside printable ASCII as a backslash-u escape. */
        ASCII_ONLY,
        /** The two-character escapes where there is one, else as MINIMAL. */
        SHORT_FORMS
    }

    /**
     * Strings of any Unicode scalar values (controls and supplementary characters included), up
     * to {@code maxLength} chars. No lone surrogates: JSON can escape them, but they are not text
     * and Jackson refuses them in names.
     */
    public static Arbitrary<String> anyString(int maxLength) {
        return Arbitraries.frequencyOf(
                Tuple.of(3, Arbitraries.strings().alpha().numeric().withChars("/_.-=:").ofMaxLength(maxLength)),
                Tuple.of(2, Arbitraries.strings().all().ofMaxLength(maxLength).map(Json::withoutSurrogates)),
                Tuple.of(1, Arbitraries.integers().between(0x10000, 0x10FFFF).list().ofMaxSize(maxLength / 2)
                        .map(Json::ofCodePoints)));
    }

    /** A JSON string literal for {@code value}. */
    public static String quote(String value, Escaping escaping) {
        StringBuilder sb = new StringBuilder(value.length() + 2).append('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            boolean lone = Character.isSurrogate(c) && !(Character.isHighSurrogate(c) && i + 1 < value.length()
                    && Character.isLowSurrogate(value.charAt(i + 1)))
                    && !(Character.isLowSurrogate(c) && i > 0 && Character.isHighSurrogate(value.charAt(i - 1)));
            if (c == '"' || c == '\\') {
                sb.append('\\').append(c);
            } else if (escaping == Escaping.SHORT_FORMS && shortForm(c) != 0) {
                sb.append('\\').append(shortForm(c));
            } else if (c < 0x20 || lone || (escaping == Escaping.ASCII_ONLY && c >= 0x7F)) {
                sb.append(String.format("\\u%04x", (int) c));
            } else {
                sb.append(c);
            }
        }
        return sb.append('"').toString();
    }

    private static char shortForm(char c) {
        return switch (c) {
            case '\n' -> 'n';
            case '\r' -> 'r';
            case '\t' -> 't';
            case '\b' -> 'b';
            case '\f' -> 'f';
            case '/' -> '/';
            default -> 0;
        };
    }

    /** JSON number literals: small and huge integers, fractions, exponents, negative zero. */
    public static Arbitrary<String> number() {
        return Arbitraries.frequencyOf(
                Tuple.of(3, Arbitraries.longs().map(String::valueOf)),
                Tuple.of(1, Arbitraries.bigIntegers().between(BigInteger.TEN.pow(30).negate(), BigInteger.TEN.pow(30))
                        .map(BigInteger::toString)),
                Tuple.of(2, Arbitraries.doubles().ofScale(6).map(d -> Double.isFinite(d) ? d.toString() : "0")),
                Tuple.of(1, Combinators.combine(Arbitraries.integers().between(-999, 999),
                                Arbitraries.of("e", "E", "e+", "e-", "E-"), Arbitraries.integers().between(0, 400))
                        .as((m, e, x) -> m + "." + Math.abs(m % 10) + e + x)),
                Tuple.of(1, Arbitraries.of("0", "-0", "0.0", "-0.0e0", "1e308", "4.9e-324", "1E400", "-1e-400")));
    }

    /** Any JSON value, containers nested at most {@code depth} deep, in compact or spaced layout. */
    public static Arbitrary<String> value(int depth) {
        Arbitrary<String> value = Arbitraries.frequencyOf(
                Tuple.of(2, number()),
                Tuple.of(2, Combinators.combine(anyString(16), Arbitraries.of(Escaping.class)).as(Json::quote)),
                Tuple.of(1, Arbitraries.of("true", "false", "null")));
        Arbitrary<String> space = Arbitraries.of("", "", " ", "\t");
        for (int d = 1; d <= depth; d++) {
            Arbitrary<String> inner = value;
            Arbitrary<String> array = Combinators.combine(inner.list().ofMaxSize(4), space)
                    .as((items, sp) -> "[" + sp + String.join("," + sp, items) + sp + "]");
            Arbitrary<String> member = Combinators.combine(anyString(8), Arbitraries.of(Escaping.class), inner, space)
                    .as((k, esc, v, sp) -> quote(k, esc) + sp + ":" + sp + v);
            Arbitrary<String> object = Combinators.combine(member.list().ofMaxSize(4), space)
                    .as((members, sp) -> "{" + sp + String.join("," + sp, members) + sp + "}");
            value = Arbitraries.frequencyOf(Tuple.of(3, inner), Tuple.of(1, array), Tuple.of(1, object));
        }
        return value;
    }

    /** Whether {@code bytes} are well-formed UTF-8 (no surrogates encoded, no overlong forms). */
    public static boolean isUtf8(byte[] bytes) {
        try {
            StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes));
            return true;
        } catch (CharacterCodingException e) {
            return false;
        }
    }

    private static String withoutSurrogates(String s) {
        char[] chars = s.toCharArray();
        for (int i = 0; i < chars.length; i++) {
            if (Character.isSurrogate(chars[i])) {
                chars[i] = '?';
            }
        }
        return new String(chars);
    }

    private static String ofCodePoints(List<Integer> codePoints) {
        StringBuilder sb = new StringBuilder();
        for (int cp : codePoints) {
            sb.appendCodePoint(cp);
        }
        return sb.toString();
    }
}
