package io.callrobot.call;

import com.fasterxml.jackson.databind.JsonNode;
import io.callrobot.media.MediaStats;
import io.callrobot.ops.AmdRecord;
import io.callrobot.ops.CallRecord;
import io.callrobot.ops.LatencyMark;
import io.callrobot.ops.TtsChunks;
import io.callrobot.ops.TurnLatency;
import io.callrobot.ops.TurnRecord;
import io.callrobot.time.CallClock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Collects what the call log keeps while the call runs; used from the call's executor only. */
final class CallTranscript {

    private final CallInfo info;
    private final boolean maskNumbers;
    private final Instant connectedAt = Instant.now();
    private final CallClock clock;
    private final long connectedNanos;
    private final List<TurnRecord> turns = new ArrayList<>();
    private final List<String> errors = new ArrayList<>();
    private Instant answeredAt;
    private String transferredTo;
    private AmdRecord amd;
    private String flow;
    private Map<String, String> variables = Map.of();
    private Map<String, JsonNode> fields = Map.of();
    private volatile int turnCount;
    private volatile String lastCaller = "";
    private volatile String lastRobot = "";

    CallTranscript(CallInfo info, boolean maskNumbers, CallClock clock) {
        this.clock = clock;
        this.connectedNanos = clock.nanoTime();
        this.info = info;
        this.maskNumbers = maskNumbers;
        this.flow = info.flow();
        errors.addAll(info.malformedIds());
    }

    Instant connectedAt() {
        return connectedAt;
    }

    void flow(String name, Map<String, String> used) {
        this.flow = name;
        this.variables = Map.copyOf(used);
    }

    /** What the dialog set and recorded during the call: variables join the record's, fields are its own. */
    void outcome(Map<String, String> variablesSet, Map<String, JsonNode> fields) {
        if (!variablesSet.isEmpty()) {
            Map<String, String> all = new java.util.LinkedHashMap<>(variables);
            all.putAll(variablesSet);
            variables = Map.copyOf(all);
        }
        this.fields = fields;
    }

    void answered() {
        answeredAt = Instant.now();
    }

    void caller(String input, String text) {
        add(new TurnRecord(turns.size() + 1, "caller", input, text, null, false, sinceConnect(), null, null, null));
        lastCaller = text;
    }

    /**
     * @param planned          for an interrupted turn, the reply's whole text so far; ignored otherwise
     * @param bargeInStopNanos for an interrupted turn measured by the VAD, else negative
     */
    void robot(String heard, String planned, boolean interrupted, TurnLatency latency, long bargeInStopNanos) {
        Map<String, Double> marks = latency.toMillis();
        if (bargeInStopNanos >= 0) {
            marks.put(LatencyMark.BARGE_IN_STOP, Math.round(bargeInStopNanos / 10_000.0) / 100.0);
        }
        add(new TurnRecord(turns.size() + 1, "robot", null, heard, interrupted ? planned : null, interrupted,
                sinceConnect(), marks, latency.ttsChunks(), latency.llmUsage()));
        lastRobot = heard;
    }

    void transferredTo(String destination) {
        transferredTo = destination;
    }

    void error(String message) {
        errors.add(message);
    }

    int turnCount() {
        return turnCount;
    }

    /** The latest {@code n} turns, oldest first, as a list of their own. */
    List<TurnRecord> lastTurns(int n) {
        return List.copyOf(turns.subList(Math.max(0, turns.size() - n), turns.size()));
    }

    String lastText(String speaker) {
        return "caller".equals(speaker) ? lastCaller : lastRobot;
    }

    void amd(AmdRecord verdict) {
        amd = verdict;
    }

    CallRecord record(String hangupCause, String result, MediaStats media) {
        String caller = maskNumbers ? CallInfo.mask(info.caller()) : info.caller();
        String callee = maskNumbers ? CallInfo.mask(info.callee()) : info.callee();
        return new CallRecord(info.uuid(), info.direction(), caller, callee, flow, variables, connectedAt,
                answeredAt, Instant.now(), hangupCause, result, transferredTo, List.copyOf(turns), List.copyOf(errors),
                media, TtsChunks.total(turns), info.campaignId(), info.contactId(), null, amd, fields);
    }

    private void add(TurnRecord record) {
        turns.add(record);
        turnCount = turns.size();
    }

    private long sinceConnect() {
        return (clock.nanoTime() - connectedNanos) / 1_000_000;
    }
}
