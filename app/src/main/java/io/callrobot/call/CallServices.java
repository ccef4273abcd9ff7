package io.callrobot.call;

import io.callrobot.amd.AnnouncementPhrases;
import io.callrobot.asr.AsrEngine;
import io.callrobot.vad.Vad;
import io.callrobot.config.CallRobotConfig;
import io.callrobot.dialog.DialogFactory;
import io.callrobot.media.MediaServer;
import io.callrobot.ops.CallLog;
import io.callrobot.ops.CallMetrics;
import io.callrobot.ops.live.LiveEvent;
import io.callrobot.recording.Recorder;
import io.callrobot.text.TextChunker;
import io.callrobot.time.CallClock;
import io.callrobot.tts.TtsEngine;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import java.util.function.IntFunction;
import java.util.function.Supplier;

/**
 * What every call shares: configuration, providers, media, ops sinks and executors.
 *
 * @param asr      null when no ASR is configured (DTMF still works)
 * @param vads     makes a fresh VAD for a call's sample rate
 * @param chunkers     makes a fresh chunker for each reply
 * @param clock        the only source of time and delayed tasks for call logic
 * @param callExecutor runs the calls' serial executors (virtual threads)
 * @param live         takes the calls' live events; must not block (a {@link io.callrobot.ops.live.LiveEvents})
 * @param recorder     records the calls that should be; null records none
 * @param amdPhrases   the phrases answering-machine detection listens for
 */
public record CallServices(CallRobotConfig config, MediaServer media, DialogFactory dialogs, AsrEngine asr,
        TtsEngine tts, IntFunction<Vad> vads, Supplier<TextChunker> chunkers, CallMetrics metrics,
        CallLog callLog, CallClock clock, Executor callExecutor, Consumer<LiveEvent> live, Recorder recorder,
        AnnouncementPhrases amdPhrases) {
}
