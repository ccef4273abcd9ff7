package io.callrobot.tts;

import java.io.IOException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.Optional;
import okhttp3.Call;
import okhttp3.HttpUrl;
import okhttp3.Response;
import okhttp3.ResponseBody;
import okio.BufferedSource;

/**
 * One chunk's HTTP request to a request-per-chunk TTS provider: runs the call, and turns a refused
 * answer, a time-out or a broken connection into an {@link IOException} naming the provider, URL and
 * chunk. Reading a successful answer's audio is the provider's {@link AudioReader}. The call exists
 * from the start so that {@link #abort()} can cancel it at any time.
 */
public final class HttpChunkSynthesis implements ChunkSynthesis {

    /** Delivers the audio of a successful answer, which has a body; reports what it cannot use with {@link #failure}. */
    public interface AudioReader {
        void read(HttpChunkSynthesis synthesis, Response response, AudioSink sink) throws IOException;
    }

    /** Metadata (LIST, fact, ...) before or between audio; more is not a TTS answer. */
    private static final long MAX_SKIPPED_WAV_BYTES = 1 << 20;

    private final String provider;
    private final HttpUrl url;
    private final TextChunk chunk;
    private final Call call;
    private final Duration timeout;
    private final AudioReader reader;

    /**
     * @param provider names the provider in failures ("OpenAI TTS")
     * @param timeout  the read time-out, for the time-out failure
     */
    public HttpChunkSynthesis(String provider, HttpUrl url, TextChunk chunk, Call call, Duration timeout, AudioReader reader) {
        this.provider = provider;
        this.url = url;
        this.chunk = chunk;
        this.call = call;
        this.timeout = timeout;
        this.reader = reader;
    }

    @Override
    public void run(AudioSink sink) throws IOException {
        try (Response response = call.execute()) {
            ResponseBody body = response.body();
            if (!response.isSuccessful() || body == null) {
                throw refusal(response, "HTTP " + response.code());
            }
            reader.read(this, response, sink);
        } catch (SocketTimeoutException e) {
            throw failure("timed out after " + timeout, e);
        } catch (ChunkFailure e) {
            throw e;
        } catch (IOException e) {
            throw failure("connection failed: " + e, e);
        }
    }

    @Override
    public void abort() {
        call.cancel();
    }

    /** Delivers raw 16-bit mono PCM at {@code rate}, {@code blockBytes} at a time as it arrives. */
    public void streamPcm(BufferedSource source, AudioSink sink, boolean bigEndian, int rate, int blockBytes) throws IOException {
        PcmStreamDecoder decoder = new PcmStreamDecoder(bigEndian);
        byte[] block = new byte[blockBytes];
        for (int read = source.read(block); read != -1; read = source.read(block)) {
            short[] samples = decoder.decode(block, read);
            if (samples.length > 0) {
                sink.audio(samples, rate);
            }
        }
        if (decoder.hasRemainder()) {
            throw failure("sent an odd number of PCM bytes (truncated sample)", null);
        }
    }

    /**
     * Delivers a WAV stream's audio, {@code blockBytes} of it at a time as it arrives; a stream
     * that is not 16-bit PCM WAV, or ends early, fails naming what was wrong.
     */
    public void streamWav(BufferedSource source, AudioSink sink, int blockBytes) throws IOException {
        WavStreamDecoder decoder = new WavStreamDecoder(MAX_SKIPPED_WAV_BYTES);
        byte[] block = new byte[blockBytes];
        for (int read = source.read(block); read != -1 && decoder.failure().isEmpty(); read = source.read(block)) {
            short[] samples = decoder.feed(block, 0, read);
            if (samples.length > 0) {
                sink.audio(samples, decoder.sampleRate());
            }
        }
        Optional<String> wrong = decoder.end();
        if (wrong.isPresent()) {
            throw failure("sent a WAV that " + wrong.get(), null);
        }
    }

    /** A failure naming the provider, URL and chunk, which {@link #run} passes on unwrapped. */
    public IOException failure(String what, Throwable cause) {
        return new ChunkFailure(provider + " " + url + " (chunk " + chunk.index() + ") " + what, cause);
    }

    /** A failure quoting the start of the answer, which was {@code what} instead of audio. */
    public IOException refusal(Response response, String what) throws IOException {
        return failure("answered " + what + ": " + excerpt(response.peekBody(512).string()), null);
    }

    private static String excerpt(String s) {
        String oneLine = s.strip().replaceAll("\\s+", " ");
        return oneLine.length() <= 200 ? oneLine : oneLine.substring(0, 200) + "...";
    }

    /** A failure already described with the URL and chunk, not to be wrapped again. */
    private static final class ChunkFailure extends IOException {
        ChunkFailure(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
