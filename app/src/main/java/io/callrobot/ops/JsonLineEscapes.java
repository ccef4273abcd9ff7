package io.callrobot.ops;

import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.CharacterEscapes;
import com.fasterxml.jackson.core.io.SerializedString;

/**
 * JSON escapes for the call log: besides the C0 controls JSON itself requires escaped, DEL, the C1
 * controls, the Unicode line separators and the bidirectional controls ({@link LogText}) are
 * written as {@code \}{@code uXXXX}, so a record stays one line in any reader and the value
 * parses back unchanged.
 */
final class JsonLineEscapes extends CharacterEscapes {

    private final int[] ascii = standardAsciiEscapesForJSON();

    JsonLineEscapes() {
        ascii[0x7f] = ESCAPE_STANDARD;
    }

    @Override
    public int[] getEscapeCodesForAscii() {
        return ascii;
    }

    @Override
    public SerializableString getEscapeSequence(int ch) {
        return LogText.unsafe((char) ch) ? new SerializedString(String.format("\\u%04x", ch)) : null;
    }
}
