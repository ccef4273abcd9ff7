package io.callrobot.bench;

import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/** Everything one benchmark run measures, from both ends. */
final class BenchResults {
    // at the simulated switch
    final Distribution voiceToVoiceAtSwitch = new Distribution();
    final Distribution bargeInStopAtSwitch = new Distribution();
    final Distribution frameJitter = new Distribution();
    final AtomicLong gapsAtSwitch = new AtomicLong();
    final AtomicInteger callsFailed = new AtomicInteger();
    /** Per kind of sound that is not a turn, played over the robot's answer. */
    final Map<String, FalsePauses> falsePauses = new ConcurrentSkipListMap<>();
    // in the robot's call log
    final Distribution robotOverhead = new Distribution();
    final Distribution ttsFirstAudio = new Distribution();
    final Distribution voiceToVoice = new Distribution();
    final Distribution bargeInStop = new Distribution();
    final AtomicLong underruns = new AtomicLong();
    final AtomicInteger records = new AtomicInteger();
    // in this JVM: the simulated switch, the callers and the fakes
    /** The bench JVM's CPU over the steady part, in cores; NaN where the platform does not tell. */
    volatile double loadGeneratorCores = Double.NaN;

    /** What one kind of non-turn sound did to the robot's answer. */
    static final class FalsePauses {
        final AtomicInteger played = new AtomicInteger();
        final AtomicInteger paused = new AtomicInteger();
        /** The answer lost more than {@code BenchCall}'s tolerance of frames: cut, or resumed late at its end. */
        final AtomicInteger cut = new AtomicInteger();
        /** How long the robot was silent, for each pause it resumed from. */
        final Distribution pauses = new Distribution();
        final AtomicLong framesLost = new AtomicLong();
    }
}
