package io.callrobot.sim;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads commands the way FreeSWITCH's read_packet does (mod_event_socket.c): lines up to an empty
 * line, the first being the command and the others {@code name: value} headers, then
 * {@code Content-Length} bytes of body. Commands longer than a bound are an error.
 */
final class EslCommandReader {

    private static final int MAX_COMMAND_BYTES = 64 * 1024;

    private final InputStream in;

    EslCommandReader(InputStream in) {
        this.in = in;
    }

    /** The next command, or null at end of stream. */
    SimCommand read() throws IOException {
        String first;
        do {
            first = readLine();
            if (first == null) {
                return null;
            }
        } while (first.isEmpty());
        Map<String, String> headers = new LinkedHashMap<>();
        int total = first.length();
        String line;
        while ((line = readLine()) != null && !line.isEmpty()) {
            total += line.length();
            if (total > MAX_COMMAND_BYTES) {
                throw new IOException("command longer than " + MAX_COMMAND_BYTES + " bytes");
            }
            int colon = line.indexOf(':');
            if (colon > 0) {
                headers.put(line.substring(0, colon).trim(), line.substring(colon + 1).trim());
            }
        }
        long receivedNanos = System.nanoTime();
        String body = "";
        String length = headers.get("Content-Length");
        if (length != null) {
            int n = Integer.parseInt(length.trim());
            if (n < 0 || n > MAX_COMMAND_BYTES) {
                throw new IOException("bad command Content-Length " + length);
            }
            body = new String(in.readNBytes(n), StandardCharsets.UTF_8);
        }
        return new SimCommand(first.strip(), headers, body, receivedNanos);
    }

    private String readLine() throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream(64);
        int b;
        while ((b = in.read()) >= 0) {
            if (b == '\n') {
                byte[] bytes = line.toByteArray();
                int len = bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
                return new String(bytes, 0, len, StandardCharsets.UTF_8);
            }
            if (line.size() >= MAX_COMMAND_BYTES) {
                throw new IOException("command line longer than " + MAX_COMMAND_BYTES + " bytes");
            }
            line.write(b);
        }
        return null;
    }
}
