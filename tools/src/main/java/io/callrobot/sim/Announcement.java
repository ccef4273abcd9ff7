package io.callrobot.sim;

import io.callrobot.media.PcmAudio;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * A recording the callee's side plays from answer, as a carrier's announcement (您拨打的电话已关机)
 * or a voicemail greeting does: optionally behind a special information tone, then either the line
 * is cleared (carriers hang up after their message) or it stays silent until the robot hangs up.
 *
 * @param audio   what is played from answer, tones included
 * @param hangsUp whether the callee hangs up (NORMAL_CLEARING) once it has all been played
 */
public record Announcement(PcmAudio audio, boolean hangsUp) {

    /** Level of the tones, about that of carriers' recorded speech. */
    private static final double TONE_DBFS = -20;

    public Announcement {
        Objects.requireNonNull(audio, "audio");
        if (audio.samples().length == 0) {
            throw new IllegalArgumentException("an announcement needs some audio");
        }
    }

    /** {@code speech} played from answer, then the callee hangs up. */
    public static Announcement of(PcmAudio speech) {
        return new Announcement(speech, true);
    }

    /**
     * A 16-bit PCM WAV file played from answer, then the callee hangs up.
     *
     * @throws IllegalArgumentException if the file is not such a WAV
     */
    public static Announcement fromWav(Path wav) throws IOException {
        return of(PcmAudio.fromWav(Files.readAllBytes(wav)));
    }

    /** The same, preceded by the SIT tones of {@code code} (see {@link SitTones}). */
    public Announcement afterSit(String code) {
        short[] tones = SitTones.render(code, audio.sampleRate(), TONE_DBFS);
        short[] speech = audio.samples();
        short[] all = new short[tones.length + speech.length];
        System.arraycopy(tones, 0, all, 0, tones.length);
        System.arraycopy(speech, 0, all, tones.length, speech.length);
        return new Announcement(new PcmAudio(audio.sampleRate(), all), hangsUp);
    }

    /**
     * The message played {@code count} times with {@code pause} of silence between, as carriers
     * repeat theirs (often once in Chinese, once in English, then again) before clearing the line.
     */
    public Announcement times(int count, Duration pause) {
        if (count < 1 || pause.isNegative()) {
            throw new IllegalArgumentException("need at least one play and no negative pause: " + count + ", " + pause);
        }
        short[] once = audio.samples();
        int gap = (int) (audio.sampleRate() * pause.toMillis() / 1000);
        short[] all = new short[count * once.length + (count - 1) * gap];
        for (int i = 0; i < count; i++) {
            System.arraycopy(once, 0, all, i * (once.length + gap), once.length);
        }
        return new Announcement(new PcmAudio(audio.sampleRate(), all), hangsUp);
    }

    /**
     * A voicemail greeting's end: {@code gap} of silence, the record tone, and the line left open and
     * silent for the message, as a voicemail system records it. The tone is 1 kHz for 500 ms, a
     * typical record beep.
     */
    public Announcement thenBeep(Duration gap) {
        int rate = audio.sampleRate();
        short[] greeting = audio.samples();
        int silence = (int) (rate * gap.toMillis() / 1000);
        int beep = rate / 2;
        short[] all = new short[greeting.length + silence + beep];
        System.arraycopy(greeting, 0, all, 0, greeting.length);
        double amplitude = 32767 * Math.pow(10, TONE_DBFS / 20);
        for (int i = 0; i < beep; i++) {
            all[greeting.length + silence + i] = (short) Math.round(amplitude * Math.sin(2 * Math.PI * 1000 * i / rate));
        }
        return new Announcement(new PcmAudio(rate, all), false);
    }

    /** The same, but the line stays open and silent after it. */
    public Announcement thenSilence() {
        return new Announcement(audio, false);
    }
}
