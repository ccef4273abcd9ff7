package io.callrobot.config;

import io.callrobot.amd.AnnouncementPhrases;
import io.callrobot.campaign.dialer.DialerConfig;
import io.callrobot.esl.EslConfig;
import io.callrobot.llm.LlmConfig;
import io.callrobot.media.MediaConfig;
import io.callrobot.nls.NlsConfig;
import io.callrobot.recording.RecordingConfig;
import io.callrobot.store.StoreConfig;
import io.callrobot.web.auth.PasswordHash;
import io.callrobot.web.auth.Role;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** The whole configuration; see {@code callrobot.example.yaml} for every key with its meaning. */
public record CallRobotConfig(EslConfig esl, HttpConfig http, CallConfig call, MediaConfig media,
        DialogConfig dialog, LlmConfig llm, TtsConfig tts, AsrConfig asr, VadSettings vad, CallLogConfig callLog,
        NlsConfig nls, StoreConfig store, ApiConfig api, DialerConfig dialer, AuthConfig auth,
        RecordingConfig recording, AmdSettings amd) {

    /** The embedded defaults: everything on loopback, espeak-ng speaking, keypad input. */
    public static CallRobotConfig defaults() {
        return new CallRobotConfig(EslConfig.defaults(), HttpConfig.defaults(), CallConfig.defaults(),
                MediaConfig.defaults(), DialogConfig.defaults(), LlmConfig.defaults(), TtsConfig.defaults(),
                AsrConfig.defaults(), VadSettings.defaults(), CallLogConfig.defaults(),
                NlsConfig.defaults(), StoreConfig.defaults(), ApiConfig.defaults(),
                DialerConfig.defaults(), AuthConfig.defaults(), RecordingConfig.defaults(),
                AmdSettings.defaults());
    }

    /**
     * Cross-field checks the records cannot make alone; each problem names its key. Which providers
     * exist and what each needs is checked by the provider registries.
     */
    List<String> validate() {
        List<String> problems = new ArrayList<>();
        if (http.port() < 0 || http.port() > 65535) {
            problems.add("http.port: " + http.port() + " is not a TCP port");
        }
        if (esl.port() != 0 && esl.port() == http.port() && esl.host().equals(http.host())) {
            problems.add("http.port: " + http.port() + " is also esl.port");
        }
        if (call.maxCalls() < 1) {
            problems.add("call.maxCalls: must be at least 1");
        }
        int pairs = (media.portMax() - media.portMin() + 1) / 2;
        if (pairs < call.maxCalls()) {
            problems.add("media.portMin/portMax: " + pairs + " port pairs cannot carry call.maxCalls="
                    + call.maxCalls() + " calls");
        }
        if (call.turnEnd() == null) {
            problems.add("call.turnEnd: must be one of " + Arrays.stream(CallConfig.TurnEnd.values())
                    .map(CallConfig.TurnEnd::id).toList());
        }
        if (call.bargeIn().minSpeechMillis() < 0) {
            problems.add("call.bargeIn.minSpeechMillis: must not be negative");
        }
        if (call.bargeIn().shortSound().isNegative() || call.bargeIn().shortSoundResume().isNegative()) {
            problems.add("call.bargeIn.shortSound, shortSoundResume: must not be negative");
        }
        if (call.lingerSeconds() < 1) {
            problems.add("call.lingerSeconds: must be at least 1 (a bare linger keeps channels alive forever)");
        }
        problems.addAll(authProblems());
        problems.addAll(amdProblems());
        return problems;
    }

    private List<String> amdProblems() {
        List<String> problems = new ArrayList<>();
        try {
            amd.detector();
        } catch (IllegalArgumentException e) {
            problems.add("amd: " + e.getMessage());
        }
        if (!amd.phrasesFile().isBlank()) {
            try {
                AnnouncementPhrases.load(Path.of(amd.phrasesFile()));
            } catch (IOException e) {
                problems.add("amd.phrasesFile: cannot read " + amd.phrasesFile() + ": " + e.getMessage());
            } catch (IllegalArgumentException e) {
                problems.add("amd.phrasesFile: " + e.getMessage());
            }
        }
        return problems;
    }

    private List<String> authProblems() {
        List<String> problems = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (int i = 0; i < auth.users().size(); i++) {
            AuthConfig.User user = auth.users().get(i);
            String key = "auth.users[" + i + "]";
            if (user.name() == null || !user.name().matches("[\\p{L}\\p{N}._@-]{1,64}")) {
                problems.add(key + ".name: 1 to 64 letters, digits or . _ @ -, not " + user.name());
            } else if (!names.add(user.name())) {
                problems.add(key + ".name: " + user.name() + " is configured twice");
            }
            try {
                Role.parse(user.role());
            } catch (IllegalArgumentException e) {
                problems.add(key + ".role: " + e.getMessage());
            }
            try {
                PasswordHash.parse(user.passwordHash());
            } catch (IllegalArgumentException e) {
                problems.add(key + ".passwordHash: " + e.getMessage());
            }
        }
        return problems;
    }
}
