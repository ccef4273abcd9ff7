package io.callrobot.campaign.contacts;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Reads text whose charset is UTF-8 or GB18030, deciding at the first non-ASCII byte: ASCII is the
 * same in both, so a file whose first rows hold only digits and Latin letters is still read right
 * when Chinese text comes later. The 64 KiB from that byte on are decoded as strict UTF-8; if that
 * fails the text is GB18030 (what Chinese Excel writes as "CSV", GBK being its subset). Bytes
 * invalid in the chosen charset become U+FFFD, which the importer rejects per row.
 */
final class DetectingReader extends Reader {

    static final Charset GB18030 = Charset.forName("GB18030");
    static final int WINDOW = 64 * 1024;

    private final BufferedInputStream in;
    private final byte[] scratch = new byte[8192];
    private Reader decoded;
    private Charset charset;

    /** @param in a stream positioned after any byte-order mark */
    DetectingReader(BufferedInputStream in) {
        this.in = in;
    }

    /** The charset decided on; UTF-8 while (or if) the text is all ASCII. */
    Charset charset() {
        return charset == null ? StandardCharsets.UTF_8 : charset;
    }

    @Override
    public int read(char[] cbuf, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        if (decoded != null) {
            return decoded.read(cbuf, off, len);
        }
        int want = Math.min(len, scratch.length);
        in.mark(want);
        int n = in.read(scratch, 0, want);
        if (n < 0) {
            return -1;
        }
        int ascii = 0;
        while (ascii < n && scratch[ascii] >= 0) {
            cbuf[off + ascii] = (char) scratch[ascii];
            ascii++;
        }
        if (ascii < n) {
            in.reset();
            in.skipNBytes(ascii);
            decide();
            if (ascii == 0) {
                return decoded.read(cbuf, off, len);
            }
        }
        return ascii;
    }

    private void decide() throws IOException {
        in.mark(WINDOW);
        byte[] window = in.readNBytes(WINDOW);
        in.reset();
        CharsetDecoder strict = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        // not end of input: a character cut by the window's end is no evidence either way
        boolean utf8 = !strict.decode(ByteBuffer.wrap(window), CharBuffer.allocate(window.length), false).isError();
        charset = utf8 ? StandardCharsets.UTF_8 : GB18030;
        decoded = lenientReader(in, charset);
    }

    /** A reader turning bytes invalid in {@code charset} into U+FFFD instead of failing. */
    static Reader lenientReader(BufferedInputStream in, Charset charset) {
        return new InputStreamReader(in, charset.newDecoder()
                .onMalformedInput(CodingErrorAction.REPLACE)
                .onUnmappableCharacter(CodingErrorAction.REPLACE));
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
