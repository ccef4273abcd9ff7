package io.callrobot.tts.nls;

import java.time.Duration;
import java.util.Objects;
import java.util.Set;

/**
 * Synthesis settings for NLS streaming text-to-speech ({@code FlowingSpeechSynthesizer}); the
 * gateway, Appkey and token are in {@link io.callrobot.nls.NlsConfig}.
 *
 * @param url         this provider's gateway websocket when it is not {@code nls.url}, e.g. Beijing's
 *                    {@code wss://nls-gateway-cn-beijing.aliyuncs.com/ws/v1}; blank = {@code nls.url}
 * @param voice       {@code voice} used when the request names none
 * @param sampleRate  {@code sample_rate} of the PCM the service returns
 * @param volume      {@code volume}, 0-100
 * @param pitchRate   {@code pitch_rate}, -500..500
 * @param standbyIdle how long a pre-opened connection waits for a reply before it is closed;
 *                    zero disables the standby connection
 */
public record NlsTtsConfig(String url, String voice, int sampleRate, int volume, int pitchRate, Duration standbyIdle) {

    // alibabacloud-nls-python-sdk nls/stream_input_tts.py: __allow_sample_rate
    private static final Set<Integer> RATES = Set.of(8000, 11025, 16000, 22050, 24000, 32000, 44100, 48000);

    public NlsTtsConfig {
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(voice, "voice");
        Objects.requireNonNull(standbyIdle, "standbyIdle");
        if (!RATES.contains(sampleRate)) {
            throw new IllegalArgumentException("NLS sampleRate must be one of " + RATES + ": " + sampleRate);
        }
        // help.aliyun.com isi streaming-text-tts-wss, StartSynthesis: volume 0-100, pitch_rate -500..500
        if (volume < 0 || volume > 100 || pitchRate < -500 || pitchRate > 500) {
            throw new IllegalArgumentException("NLS volume must be 0-100 and pitchRate -500..500: " + volume + ", " + pitchRate);
        }
        if (standbyIdle.isNegative()) {
            throw new IllegalArgumentException("NLS standbyIdle must not be negative: " + standbyIdle);
        }
    }

    /** The nls.url gateway, voice {@code longxiaochun}, 16 kHz, volume 50, pitch 0 (the service defaults), standby kept 8 s. */
    public static NlsTtsConfig defaults() {
        // help.aliyun.com isi streaming-text-tts-wss: default voice longxiaochun, sample_rate 16000, volume 50, pitch_rate 0
        return new NlsTtsConfig("", "longxiaochun", 16000, 50, 0, Duration.ofSeconds(8));
    }
}
