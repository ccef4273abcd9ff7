package io.callrobot.bench;

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
    // in the robot's call log
    final Distribution robotOverhead = new Distribution();
    final Distribution ttsFirstAudio = new Distribution();
    final Distribution voiceToVoice = new Distribution();
    final Distribution bargeInStop = new Distribution();
    final AtomicLong underruns = new AtomicLong();
    final AtomicInteger records = new AtomicInteger();
}
