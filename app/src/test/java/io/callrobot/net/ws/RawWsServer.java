package io.callrobot.net.ws;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.Locale;

/**
 * A test's websocket server on a plain socket, one connection, driven step by step by the test: it answers
 * the opening handshake (RFC 6455 §4.2.2) and then reads and writes single frames, so a test can make
 * it misbehave (never read, never answer a close) in ways a library server will not.
 */
public final class RawWsServer implements AutoCloseable {

    /** A frame the client sent, unmasked. */
    public record Frame(int opcode, byte[] payload) {
    }

    private final ServerSocket listening = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
    private Socket socket;
    private DataInputStream in;
    private OutputStream out;

    public RawWsServer() throws IOException {
    }

    public String url() {
        return "ws://127.0.0.1:" + listening.getLocalPort() + "/";
    }

    /** Accepts the connection and answers its handshake with 101. */
    public void accept() throws Exception {
        socket = listening.accept();
        in = new DataInputStream(socket.getInputStream());
        out = socket.getOutputStream();
        String key = null;
        for (String line = readLine(in); !line.isEmpty(); line = readLine(in)) {
            if (line.toLowerCase(Locale.ROOT).startsWith("sec-websocket-key:")) {
                key = line.substring(line.indexOf(':') + 1).strip();
            }
        }
        // RFC 6455 §4.2.2: base64(SHA-1(key + the protocol's GUID))
        String accept = Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-1").digest(
                (key + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11").getBytes(StandardCharsets.US_ASCII)));
        out.write(("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Accept: " + accept + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    /** Reads one frame (RFC 6455 §5.2; client frames are masked). */
    public Frame read() throws IOException {
        int b0 = in.readUnsignedByte();
        int b1 = in.readUnsignedByte();
        long length = b1 & 0x7f;
        if (length == 126) {
            length = in.readUnsignedShort();
        } else if (length == 127) {
            length = in.readLong();
        }
        byte[] mask = new byte[4];
        if ((b1 & 0x80) != 0) {
            in.readFully(mask);
        }
        byte[] payload = new byte[(int) length];
        in.readFully(payload);
        for (int i = 0; i < payload.length; i++) {
            payload[i] ^= mask[i % 4];
        }
        return new Frame(b0 & 0x0f, payload);
    }

    /** Sends one unmasked frame with FIN set (payloads under 126 bytes). */
    public void write(int opcode, byte[] payload) throws IOException {
        out.write(0x80 | opcode);
        out.write(payload.length);
        out.write(payload);
        out.flush();
    }

    /** Whether the client closed the TCP connection: reads to the end of the stream. */
    public boolean clientClosed() throws IOException {
        InputStream rest = in;
        byte[] buffer = new byte[4096];
        while (rest.read(buffer) != -1) {
            // discards whatever the client still sent
        }
        return true;
    }

    private static String readLine(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        for (int b = in.read(); b != '\n'; b = in.read()) {
            if (b == -1) {
                throw new IOException("the client closed during the handshake");
            }
            if (b != '\r') {
                line.write(b);
            }
        }
        return line.toString(StandardCharsets.US_ASCII);
    }

    @Override
    public void close() throws IOException {
        if (socket != null) {
            socket.close();
        }
        listening.close();
    }
}
