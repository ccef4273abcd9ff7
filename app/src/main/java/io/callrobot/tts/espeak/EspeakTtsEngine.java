package io.callrobot.tts.espeak;

import io.callrobot.tts.ChunkSynthesis;
import io.callrobot.tts.OrderedTtsStream;
import io.callrobot.tts.TtsEngine;
import io.callrobot.tts.TtsListener;
import io.callrobot.tts.TtsRequest;
import io.callrobot.tts.TtsStream;
import io.callrobot.tts.WavStreamDecoder;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * Speaks with a local {@code espeak-ng} process per chunk: the embedded default, so a fresh
 * install talks without any cloud account. Audio comes at espeak's own rate (22050 Hz), streamed
 * from its {@code --stdout} WAV as espeak writes it.
 */
public final class EspeakTtsEngine implements TtsEngine {

    /** Mandarin syllables at English word rates sound rushed. */
    private static final double MANDARIN_RATE = 0.85;
    /** Bytes read at a time: 40 ms at espeak's 22050 Hz mono, so audio reaches the call as espeak writes it. */
    private static final int BLOCK = 1764;
    private static final long MAX_SKIPPED_WAV_BYTES = 1 << 16;

    private final EspeakConfig config;

    public EspeakTtsEngine(EspeakConfig config) {
        this.config = Objects.requireNonNull(config, "config");
    }

    @Override
    public TtsStream open(TtsRequest request, TtsListener listener) {
        return OrderedTtsStream.open("espeak-" + request.callId(), listener, config.maxConcurrent(),
                chunk -> new EspeakProcess(command(request, chunk.text()), chunk.text()));
    }

    /**
     * {@code espeak-ng -v VOICE -s WPM --stdout --stdin} (espeak-ng(1)): WAV on stdout, text on
     * stdin so that no text is ever read as an option or passed through a shell; {@code -m}
     * makes espeak interpret SSML when the text contains tags.
     */
    List<String> command(TtsRequest request, String text) {
        String voice = request.voice() != null ? request.voice() : chinese(request.language(), text) ? config.voiceZh() : config.voiceEn();
        double speed = request.speed() > 0 ? request.speed() : 1.0;
        double rate = config.wordsPerMinute() * speed * (voice.equals(config.voiceZh()) ? MANDARIN_RATE : 1.0);
        int wpm = (int) Math.round(Math.max(80, Math.min(450, rate)));
        List<String> command = new ArrayList<>(List.of(config.command(), "-v", voice, "-s", Integer.toString(wpm)));
        if (text.indexOf('<') >= 0 && text.indexOf('>') > text.indexOf('<')) {
            command.add("-m");
        }
        command.addAll(List.of("--stdout", "--stdin"));
        return command;
    }

    /** The request's language if given, else whether the text holds Han characters. */
    private static boolean chinese(String language, String text) {
        if (language != null && !language.isBlank()) {
            String lang = language.toLowerCase(Locale.ROOT);
            return lang.startsWith("zh") || lang.startsWith("cmn");
        }
        return text.codePoints().anyMatch(cp -> Character.UnicodeScript.of(cp) == Character.UnicodeScript.HAN);
    }

    /** One espeak-ng run for one chunk. */
    private static final class EspeakProcess implements ChunkSynthesis {
        private final List<String> command;
        private final String text;
        private volatile boolean aborted;
        private volatile Process process;

        EspeakProcess(List<String> command, String text) {
            this.command = command;
            this.text = text;
        }

        @Override
        public void run(AudioSink sink) throws IOException, InterruptedException {
            String shown = String.join(" ", command);
            Process started;
            try {
                started = new ProcessBuilder(command).start();
            } catch (IOException e) {
                throw new IOException("cannot run `" + shown + "`: " + e.getMessage(), e);
            }
            process = started;
            if (aborted) {
                started.destroyForcibly();
                throw new IOException("`" + shown + "` aborted");
            }
            try (OutputStream stdin = started.getOutputStream()) {
                stdin.write(text.getBytes(StandardCharsets.UTF_8));
            } catch (IOException e) {
                // espeak exited before reading its input: its exit status and stderr tell why
            }
            WavStreamDecoder decoder = new WavStreamDecoder(MAX_SKIPPED_WAV_BYTES);
            byte[] block = new byte[BLOCK];
            try (InputStream stdout = started.getInputStream()) {
                for (int read = stdout.read(block); read != -1 && decoder.failure().isEmpty(); read = stdout.read(block)) {
                    short[] samples = decoder.feed(block, 0, read);
                    if (samples.length > 0) {
                        sink.audio(samples, decoder.sampleRate());
                    }
                }
            }
            String stderr;
            try (InputStream err = started.getErrorStream()) {
                stderr = new String(err.readAllBytes(), StandardCharsets.UTF_8).strip();
            }
            int status = started.waitFor();
            if (aborted) {
                throw new IOException("`" + shown + "` aborted");
            }
            if (status != 0) {
                throw new IOException("`" + shown + "` exited with status " + status + (stderr.isEmpty() ? "" : ": " + stderr));
            }
            Optional<String> wrong = decoder.end();
            if (wrong.isPresent()) {
                throw new IOException("`" + shown + "` wrote a WAV that " + wrong.get());
            }
        }

        @Override
        public void abort() {
            aborted = true;
            Process running = process;
            if (running != null) {
                running.destroyForcibly();
            }
        }
    }
}
