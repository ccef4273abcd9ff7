package io.callrobot.asr.openai;

import java.io.IOException;
import okhttp3.MediaType;
import okhttp3.RequestBody;
import okio.BufferedSink;

/**
 * An utterance as a 16-bit mono PCM WAV request body, written straight from the samples on okhttp's
 * thread (no copy on the media thread). Layout: RIFF WAVE, {@code fmt } chunk with format 1 (PCM),
 * {@code data} chunk, little-endian, as {@link io.callrobot.media.PcmAudio#toWav()} writes it.
 * The samples must not change once handed over; the body can be written again on a retry.
 */
final class WavBody extends RequestBody {

    private static final MediaType WAV = MediaType.get("audio/wav");
    private static final int HEADER_BYTES = 44;

    private final short[] samples;
    private final int length;
    private final int sampleRate;

    WavBody(short[] samples, int length, int sampleRate) {
        this.samples = samples;
        this.length = length;
        this.sampleRate = sampleRate;
    }

    /** Length of the audio in milliseconds. */
    long millis() {
        return length * 1000L / sampleRate;
    }

    @Override
    public MediaType contentType() {
        return WAV;
    }

    @Override
    public long contentLength() {
        return HEADER_BYTES + 2L * length;
    }

    @Override
    public void writeTo(BufferedSink sink) throws IOException {
        int dataBytes = 2 * length;
        sink.writeUtf8("RIFF").writeIntLe(36 + dataBytes).writeUtf8("WAVE");
        sink.writeUtf8("fmt ").writeIntLe(16).writeShortLe(1).writeShortLe(1) // PCM, mono
                .writeIntLe(sampleRate).writeIntLe(sampleRate * 2).writeShortLe(2).writeShortLe(16);
        sink.writeUtf8("data").writeIntLe(dataBytes);
        for (int i = 0; i < length; i++) {
            sink.writeShortLe(samples[i]);
        }
    }
}
