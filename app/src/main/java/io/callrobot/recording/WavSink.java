package io.callrobot.recording;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * 16-bit PCM stereo WAV. The header goes out first with the sizes of what is written so far and is
 * rewritten at each checkpoint, so the file read after a crash holds every sample up to the last one.
 */
final class WavSink implements AudioSink {

    // RIFF/WAVE canonical header: "RIFF" size "WAVE", "fmt " chunk of 16 bytes (PCM), "data" size.
    private static final int HEADER_BYTES = 44;
    private static final short PCM = 1;
    private static final short CHANNELS = 2;
    private static final short BITS = 16;

    private final FileChannel file;
    private final int sampleRate;
    private final ByteBuffer header = ByteBuffer.allocate(HEADER_BYTES).order(ByteOrder.LITTLE_ENDIAN);
    private ByteBuffer data = ByteBuffer.allocate(0);
    private long dataBytes;

    WavSink(Path path, int sampleRate) throws IOException {
        this.file = FileChannel.open(path, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        this.sampleRate = sampleRate;
        writeHeader();
    }

    @Override
    public void write(short[] stereo, int frames) throws IOException {
        int bytes = frames * CHANNELS * 2;
        if (data.capacity() < bytes) {
            data = ByteBuffer.allocate(bytes).order(ByteOrder.LITTLE_ENDIAN);
        }
        data.clear();
        data.asShortBuffer().put(stereo, 0, frames * CHANNELS);
        data.limit(bytes);
        long at = HEADER_BYTES + dataBytes;
        while (data.hasRemaining()) {
            at += file.write(data, at);
        }
        dataBytes += bytes;
    }

    @Override
    public void checkpoint() throws IOException {
        writeHeader();
    }

    @Override
    public long close() throws IOException {
        try (file) {
            writeHeader();
        }
        return HEADER_BYTES + dataBytes;
    }

    @Override
    public void abandon() {
        try {
            file.close();
        } catch (IOException ignored) {
            // the file stays as the last checkpoint left it
        }
    }

    private void writeHeader() throws IOException {
        int blockAlign = CHANNELS * BITS / 8;
        header.clear();
        header.put("RIFF".getBytes(java.nio.charset.StandardCharsets.US_ASCII))
                .putInt((int) (36 + dataBytes))
                .put("WAVEfmt ".getBytes(java.nio.charset.StandardCharsets.US_ASCII))
                .putInt(16).putShort(PCM).putShort(CHANNELS).putInt(sampleRate).putInt(sampleRate * blockAlign)
                .putShort((short) blockAlign).putShort(BITS)
                .put("data".getBytes(java.nio.charset.StandardCharsets.US_ASCII))
                .putInt((int) dataBytes)
                .flip();
        long at = 0;
        while (header.hasRemaining()) {
            at += file.write(header, at);
        }
    }
}
