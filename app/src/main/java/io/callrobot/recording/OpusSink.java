package io.callrobot.recording;

import io.github.jaredmdobson.concentus.OpusApplication;
import io.github.jaredmdobson.concentus.OpusEncoder;
import io.github.jaredmdobson.concentus.OpusException;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import org.gagravarr.ogg.OggFile;
import org.gagravarr.ogg.OggPacket;
import org.gagravarr.ogg.OggPacketWriter;
import org.gagravarr.opus.OpusInfo;
import org.gagravarr.opus.OpusTags;

/**
 * Ogg Opus, stereo, 20 ms packets at {@value #BITRATE} bit/s. Pages go to the file at each
 * checkpoint, so a crash leaves a file that plays up to the last page written.
 */
final class OpusSink implements AudioSink {

    /** Input rates Opus encodes (RFC 6716 section 2; opus_encoder_create). */
    static final java.util.Set<Integer> RATES = java.util.Set.of(8000, 12000, 16000, 24000, 48000);
    /** About 450 KB for 3 minutes; enough for speech on two channels at telephone bandwidth. */
    static final int BITRATE = 20_000;
    private static final int PACKET_MILLIS = 20;
    static final int COMPLEXITY = 2;
    // RFC 7845 section 4: granule positions count samples at 48 kHz whatever the input rate.
    private static final int GRANULE_RATE = 48_000;
    // RFC 6716 section 3.2.1: at most 1275 bytes of frame data per packet.
    private static final int MAX_PACKET = 1275;

    private final Path path;
    private final OutputStream out;
    private final OggFile ogg;
    private final OggPacketWriter writer;
    private final OpusEncoder encoder;
    private final int granulesPerSample;
    private final int preSkip;
    private final short[] packet;
    private final byte[] encoded = new byte[MAX_PACKET];
    private final int lookahead;
    private int filled;
    private int pendingLength;
    private long samplesEncoded;
    private long samplesWritten;

    OpusSink(Path path, int sampleRate) throws IOException {
        if (!RATES.contains(sampleRate)) {
            throw new IllegalArgumentException("Opus does not encode " + sampleRate + " Hz (only " + RATES + ")");
        }
        try {
            encoder = new OpusEncoder(sampleRate, 2, OpusApplication.OPUS_APPLICATION_VOIP);
        } catch (OpusException e) {
            throw new IOException("cannot create Opus encoder: " + e.getMessage(), e);
        }
        encoder.setBitrate(BITRATE);
        // opus_encoder.c codes stereo as mono below about 19 kbit/s (stereo_voice_threshold, with
        // hysteresis): the parties must stay apart
        encoder.setForceChannels(2);
        // the recorder thread encodes every call: trade a little quality for a lot of speed (libopus
        // complexity 0-10, 10 the default)
        encoder.setComplexity(COMPLEXITY);
        this.granulesPerSample = GRANULE_RATE / sampleRate;
        // RFC 7845 section 4.2: pre-skip is the encoder's look-ahead, in 48 kHz samples
        this.lookahead = encoder.getLookahead();
        this.preSkip = lookahead * granulesPerSample;
        this.path = path;
        this.packet = new short[sampleRate * PACKET_MILLIS / 1000 * 2];
        this.out = new BufferedOutputStream(Files.newOutputStream(path, StandardOpenOption.CREATE_NEW,
                StandardOpenOption.WRITE));
        this.ogg = new OggFile(out);
        this.writer = ogg.getPacketWriter();
        OpusInfo head = new OpusInfo();
        head.setNumChannels(2);
        head.setSampleRate(sampleRate);
        head.setPreSkip(preSkip);
        // RFC 7845 section 3: the ID header alone on the first page, the comment header starting the
        // next, audio from a fresh page on
        writer.bufferPacket(head.write(), true);
        writer.bufferPacket(new OpusTags().write(), true);
        out.flush();
    }

    @Override
    public void write(short[] stereo, int frames) throws IOException {
        int from = 0;
        int values = frames * 2;
        while (from < values) {
            int n = Math.min(packet.length - filled, values - from);
            System.arraycopy(stereo, from, packet, filled, n);
            filled += n;
            from += n;
            if (filled == packet.length) {
                encode();
            }
        }
        samplesWritten += frames;
    }

    @Override
    public void checkpoint() throws IOException {
        writer.flush();
        out.flush();
    }

    @Override
    public long close() throws IOException {
        try {
            if (filled > 0) {
                Arrays.fill(packet, filled, packet.length, (short) 0);
                filled = packet.length;
                encode();
            }
            // the encoder holds its look-ahead back: silence pushes the last samples out
            long end = samplesWritten + lookahead;
            while (samplesEncoded < end) {
                Arrays.fill(packet, (short) 0);
                filled = packet.length;
                encode();
            }
            // RFC 7845 section 4.4: the last page's granule position ends the stream at the last real sample
            if (pendingLength > 0) {
                writer.bufferPacket(new OggPacket(Arrays.copyOf(encoded, pendingLength)),
                        preSkip + samplesWritten * granulesPerSample);
            }
            writer.close();
            out.flush();
        } finally {
            ogg.close();
        }
        return Files.size(path);
    }

    @Override
    public void abandon() {
        try {
            writer.flush();
            ogg.close();
        } catch (IOException | RuntimeException ignored) {
            // the file stays as the last checkpoint left it
        }
    }

    /**
     * Encodes the full packet buffer. Each packet is held until the next one is encoded, so that
     * {@link #close()} can give the last one the stream's end as its granule position.
     */
    private void encode() throws IOException {
        if (pendingLength > 0) {
            // RFC 7845 section 4: a page's granule position counts every sample decoded so far, pre-skip included
            writer.bufferPacket(new OggPacket(Arrays.copyOf(encoded, pendingLength)), samplesEncoded * granulesPerSample);
        }
        int samples = packet.length / 2;
        try {
            pendingLength = encoder.encode(packet, 0, samples, encoded, 0, encoded.length);
        } catch (OpusException e) {
            throw new IOException("Opus encoding failed: " + e.getMessage(), e);
        }
        samplesEncoded += samples;
        filled = 0;
    }
}
