package io.callrobot.esl;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.handler.codec.CorruptedFrameException;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.util.ByteProcessor;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Splits the Event Socket byte stream into {@link EslFrame}s: header lines {@code Name: value}
 * up to an empty line, then {@code Content-Length} bytes of body (mod_event_socket.c, the
 * {@code Content-Length}/{@code Content-Type} framing written by listener_run and
 * check_queue). Input is bounded: a header block longer than {@code maxHeaderBytes}, a body
 * longer than {@code maxBodyBytes}, a header line without a colon or a malformed
 * {@code Content-Length} produce one {@link EslFrame#failed failed frame}, and every later byte
 * is discarded; the connection handler then closes that one connection.
 *
 * <p>Why our own decoder: link.thingscloud:freeswitch-esl 2.2.0 decodes with a
 * {@code ReplayingDecoder} that reads one byte at a time, allocates whatever
 * {@code Content-Length} claims without a bound, throws on headers it does not know unless
 * flagged, and has no {@code text/event-json}; org.freeswitch.esl.client 0.9.2 is built on
 * Netty 3. This decoder follows Netty's {@code HttpObjectDecoder}: one state switch, limits as
 * constructor arguments, failures as data.
 */
public final class EslFrameDecoder extends ByteToMessageDecoder {

    private enum State { READ_HEADERS, READ_BODY, BAD_MESSAGE }

    private final int maxHeaderBytes;
    private final int maxBodyBytes;

    private State state = State.READ_HEADERS;
    private Map<String, String> headers = new LinkedHashMap<>();
    private int headerBytes;
    private int contentLength;

    public EslFrameDecoder(int maxHeaderBytes, int maxBodyBytes) {
        if (maxHeaderBytes <= 0 || maxBodyBytes < 0) {
            throw new IllegalArgumentException("limits must be positive: " + maxHeaderBytes + ", " + maxBodyBytes);
        }
        this.maxHeaderBytes = maxHeaderBytes;
        this.maxBodyBytes = maxBodyBytes;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        while (in.isReadable()) {
            switch (state) {
                case READ_HEADERS -> {
                    if (!readHeaderLine(in, out)) {
                        return;
                    }
                }
                case READ_BODY -> {
                    if (in.readableBytes() < contentLength) {
                        return;
                    }
                    String body = in.toString(in.readerIndex(), contentLength, StandardCharsets.UTF_8);
                    in.skipBytes(contentLength);
                    emit(out, body);
                }
                case BAD_MESSAGE -> {
                    in.skipBytes(in.readableBytes());
                    return;
                }
            }
        }
    }

    /** Consumes one complete header line if present; returns false when more bytes are needed. */
    private boolean readHeaderLine(ByteBuf in, List<Object> out) {
        int eol = in.forEachByte(ByteProcessor.FIND_LF);
        if (eol < 0) {
            if (headerBytes + in.readableBytes() > maxHeaderBytes) {
                fail(in, out, new TooLongFrameException("ESL header block exceeds " + maxHeaderBytes + " bytes"));
            }
            return false;
        }
        int lineLength = eol - in.readerIndex();
        headerBytes += lineLength + 1;
        if (headerBytes > maxHeaderBytes) {
            fail(in, out, new TooLongFrameException("ESL header block exceeds " + maxHeaderBytes + " bytes"));
            return true;
        }
        int contentEnd = lineLength > 0 && in.getByte(eol - 1) == '\r' ? lineLength - 1 : lineLength;
        String line = in.toString(in.readerIndex(), contentEnd, StandardCharsets.UTF_8);
        in.readerIndex(eol + 1);
        if (line.isEmpty()) {
            if (headers.isEmpty()) {
                // Stray blank lines between frames carry nothing; skip them like HttpObjectDecoder skips CRLFs.
                headerBytes = 0;
                return true;
            }
            endOfHeaders(in, out);
            return true;
        }
        int colon = line.indexOf(':');
        if (colon <= 0) {
            fail(in, out, new CorruptedFrameException("ESL header line without a name and colon: " + abbreviate(line)));
            return true;
        }
        int valueStart = colon + 1;
        while (valueStart < line.length() && line.charAt(valueStart) == ' ') {
            valueStart++;
        }
        headers.put(line.substring(0, colon).trim(), line.substring(valueStart));
        return true;
    }

    private void endOfHeaders(ByteBuf in, List<Object> out) {
        String declared = headers.get("Content-Length");
        if (declared == null) {
            emit(out, "");
            return;
        }
        long length = parseLength(declared);
        if (length < 0) {
            fail(in, out, new CorruptedFrameException("invalid ESL Content-Length: " + abbreviate(declared)));
        } else if (length > maxBodyBytes) {
            fail(in, out, new TooLongFrameException("ESL body of " + length + " bytes exceeds " + maxBodyBytes));
        } else if (length == 0) {
            emit(out, "");
        } else {
            contentLength = (int) length;
            state = State.READ_BODY;
        }
    }

    /** Decimal digits only, at most 10 of them; -1 otherwise. */
    private static long parseLength(String value) {
        String digits = value.trim();
        if (digits.isEmpty() || digits.length() > 10) {
            return -1;
        }
        long result = 0;
        for (int i = 0; i < digits.length(); i++) {
            char c = digits.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            result = result * 10 + (c - '0');
        }
        return result;
    }

    private void emit(List<Object> out, String body) {
        out.add(EslFrame.of(headers, body));
        headers = new LinkedHashMap<>();
        headerBytes = 0;
        contentLength = 0;
        state = State.READ_HEADERS;
    }

    private void fail(ByteBuf in, List<Object> out, Exception cause) {
        state = State.BAD_MESSAGE;
        headers = new LinkedHashMap<>();
        in.skipBytes(in.readableBytes());
        out.add(EslFrame.failed(cause));
    }

    private static String abbreviate(String text) {
        return text.length() <= 60 ? text : text.substring(0, 60) + "...";
    }
}
