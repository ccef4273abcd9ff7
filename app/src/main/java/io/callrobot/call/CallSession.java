package io.callrobot.call;

import io.callrobot.amd.AmdVerdict;
import io.callrobot.asr.AsrListener;
import io.callrobot.asr.AsrRequest;
import io.callrobot.asr.AsrStream;
import io.callrobot.concurrent.SerialExecutor;
import io.callrobot.config.CallConfig;
import io.callrobot.dialog.AmdPolicy;
import io.callrobot.dialog.BargeIn;
import io.callrobot.dialog.DialogEngine;
import io.callrobot.dialog.DialogInput;
import io.callrobot.dialog.DialogScope;
import io.callrobot.dialog.NextStep;
import io.callrobot.dialog.Reply;
import io.callrobot.dialog.ReplyOptions;
import io.callrobot.esl.EslConnection;
import io.callrobot.esl.EslEvent;
import io.callrobot.esl.EslEventListener;
import io.callrobot.media.CallMedia;
import io.callrobot.media.Heard;
import io.callrobot.media.MediaCodec;
import io.callrobot.media.MediaStats;
import io.callrobot.media.PlayoutListener;
import io.callrobot.ops.AmdRecord;
import io.callrobot.ops.CallRecord;
import io.callrobot.ops.LatencyMark;
import io.callrobot.ops.LiveCall;
import io.callrobot.ops.TurnLatency;
import io.callrobot.ops.TurnRecord;
import io.callrobot.ops.live.LiveEvent;
import io.callrobot.recording.CallRecording;
import io.callrobot.recording.Recorder;
import io.callrobot.time.CallClock;
import io.callrobot.time.OwnerTimers;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One call from connect to call record. All of its state, and that of its {@link RobotTurn}s,
 * dialog and {@link CallerTurns}, is touched only on the call's {@link io.callrobot.concurrent.SerialExecutor}: the ESL,
 * media, ASR, LLM, TTS and pacer threads and the timers only post events to it. Two fast paths
 * cross threads, each through one small class with one lock: the {@link BargeInDetector}, which
 * pauses or cuts playout by turn id straight from the thread that heard the caller so playback
 * stops within one frame, and the {@link io.callrobot.media.PlayoutQueue} the pacer reads.
 * See docs/THREADS.md.
 */
final class CallSession implements EslEventListener, RobotTurn.Owner, CallerAudio.Edges, PlayoutListener,
        BargeInDetector.Owner {

    private static final Logger log = LoggerFactory.getLogger(CallSession.class);
    /**
     * Read rates the whole path is proven for (media framing, VAD, resampling to and from the
     * providers): PCMU/PCMA at 8 kHz and G.722 / L16 at 16 kHz.
     */
    private static final Set<Integer> SUPPORTED_RATES = Set.of(8000, 16000);

    private final CallServices services;
    private final CallConfig config;
    private final CallChannel channel;
    private final CallInfo info;
    private final CallTranscript transcript;
    private final SerialExecutor serial;
    private final CallClock clock;
    private final OwnerTimers timers;
    private final Runnable onEnded;
    private final long connectedNanos;

    private CallMedia media;
    private CallRecording recording;
    private CallerAudio callerAudio;
    private BargeInDetector bargeIns;
    private DialogEngine dialog;
    private AsrStream asr;
    private RobotTurn speaking;
    private Reply reply;
    private NextStep pendingNext;
    private int turnCounter;
    private final CallerTurns callerTurns;
    private NextStep.Listen lastListen = new NextStep.Listen(6000);
    private CallClock.Timer noInputTimer;
    private CallClock.Timer mediaWatch;
    /** Written on the call's thread, read by ops. */
    private volatile CallState state = CallState.CONNECTING;
    /** What ops see of the conversation, published by the call's thread. */
    private volatile Progress progress = new Progress(0, null, null, false, false, "", List.of());
    /** The flow the call runs, as ops see it: the one asked for until the dialog has started. */
    private volatile String flowName;
    private String result;
    private boolean ended;
    /** Answering-machine detection's policy on this call; null when detection does not run. */
    private AmdPolicy amdPolicy;
    private AnswerDetection amd;
    /** The opening waits for the verdict, or a message waits for the greeting's end: caller turns are not answered. */
    private boolean openingHeld;
    private boolean awaitingBeep;
    private CallClock.Timer beepSilence;
    private CallClock.Timer beepDeadline;

    CallSession(CallServices services, EslConnection esl, CallInfo info, Runnable onEnded) {
        this.services = services;
        this.config = services.config().call();
        this.channel = new CallChannel(esl);
        this.info = info;
        this.onEnded = onEnded;
        this.serial = new SerialExecutor(services.callExecutor(), info.uuid());
        this.clock = services.clock();
        this.timers = new OwnerTimers(clock, serial);
        this.connectedNanos = clock.nanoTime();
        this.transcript = new CallTranscript(info, services.config().callLog().maskNumbers(), clock);
        this.flowName = info.flow() != null ? info.flow() : services.config().dialog().defaultFlow();
        this.callerTurns = new CallerTurns(timers, config.asrFinalWait().toMillis(),
                config.turnEnd() == CallConfig.TurnEnd.BOTH, new CallerTurns.Listener() {
                    @Override
                    public void turnEnded(String text, long eouNanos, long finalNanos) {
                        if (ended) {
                            return;
                        }
                        if (openingHeld) {
                            // a greeting ("喂？") or an announcement: kept, not answered
                            bargeIns.utteranceTaken();
                            callerInput("speech", text);
                        } else {
                            callerTurn(text, eouNanos, finalNanos);
                        }
                    }

                    @Override
                    public void nothingSaid() {
                        if (ended || openingHeld) {
                            return;
                        }
                        if (speaking == null) {
                            act(lastListen); // keep listening
                        } else {
                            bargeIns.nothingSaid();
                        }
                    }
                });
    }

    String uuid() {
        return info.uuid();
    }

    /** What ops see of the call now; safe from any thread. */
    LiveCall live() {
        Progress now = progress;
        return new LiveCall(info.uuid(), info.direction(), flowName, info.campaignId(), info.caller(), info.callee(),
                state.label(), transcript.connectedAt(), (clock.nanoTime() - connectedNanos) / 1_000_000, now.turns(),
                now.lastCaller(), now.lastRobot(), now.callerSpeaking(), now.robotSpeaking(), now.partial(),
                now.transcript());
    }

    /** The conversation as published for ops: the transcript's latest turns, who speaks, the partial text. */
    private record Progress(int turns, String lastCaller, String lastRobot, boolean callerSpeaking,
            boolean robotSpeaking, String partial, List<TurnRecord> transcript) {
    }

    /** Publishes the transcript's latest turns. */
    private void publish() {
        Progress p = progress;
        progress = new Progress(transcript.turnCount(), transcript.lastText("caller"), transcript.lastText("robot"),
                p.callerSpeaking(), p.robotSpeaking(), p.partial(), transcript.lastTurns(LiveCall.TRANSCRIPT_TURNS));
    }

    private void speaking(String who, boolean on) {
        Progress p = progress;
        boolean caller = "caller".equals(who);
        if ((caller ? p.callerSpeaking() : p.robotSpeaking()) == on) {
            return;
        }
        progress = new Progress(p.turns(), p.lastCaller(), p.lastRobot(), caller ? on : p.callerSpeaking(),
                caller ? p.robotSpeaking() : on, p.partial(), p.transcript());
        services.live().accept(new LiveEvent.Speaking(info.uuid(), who, on));
    }

    private void partial(String text) {
        Progress p = progress;
        progress = new Progress(p.turns(), p.lastCaller(), p.lastRobot(), p.callerSpeaking(), p.robotSpeaking(),
                text, p.transcript());
        services.live().accept(new LiveEvent.CallerText(info.uuid(), transcript.turnCount() + 1, "speech", text, true));
    }

    private void callerInput(String input, String text) {
        transcript.caller(input, text);
        Progress p = progress;
        progress = new Progress(p.turns(), p.lastCaller(), p.lastRobot(), p.callerSpeaking(), p.robotSpeaking(), "",
                p.transcript());
        publish();
        services.live().accept(new LiveEvent.CallerText(info.uuid(), transcript.turnCount(), input, text, false));
    }

    private void state(CallState next) {
        state = next;
        services.live().accept(new LiveEvent.StateChanged(info.uuid(), next.label()));
    }

    /**
     * Ops asks to hang up; completes with false when the call is already ending. The result says
     * ops ended it.
     */
    CompletableFuture<Boolean> hangupByOps() {
        CompletableFuture<Boolean> accepted = new CompletableFuture<>();
        serial.execute(() -> {
            boolean ending = ending();
            if (!ending) {
                log.info("hung up by ops");
                hangup("ops_hangup", "NORMAL_CLEARING");
            }
            accepted.complete(!ending);
        });
        return accepted;
    }

    /** Ops asks to transfer the caller to {@code destination}; completes with false when the call is already ending. */
    CompletableFuture<Boolean> transferByOps(String destination) {
        CompletableFuture<Boolean> accepted = new CompletableFuture<>();
        serial.execute(() -> {
            boolean ending = ending();
            if (!ending) {
                log.info("transferred by ops to {}", destination);
                cancelTimer(noInputTimer);
                transfer(destination, "ops_transfer");
            }
            accepted.complete(!ending);
        });
        return accepted;
    }

    private boolean ending() {
        return ended || state == CallState.HANGING_UP || state == CallState.TRANSFERRING;
    }

    void start() {
        serial.execute(this::setUp);
    }

    // ---- set-up --------------------------------------------------------------------------------

    private void setUp() {
        services.live().accept(new LiveEvent.Started(info.uuid(), transcript.connectedAt().toEpochMilli(),
                info.direction(), flowName, info.campaignId(), info.caller(), info.callee()));
        if (!SUPPORTED_RATES.contains(info.sampleRate())) {
            log.error("channel read rate '{}' is not a supported rate in Hz (only {}); hanging up", info.rateText(),
                    SUPPORTED_RATES);
            transcript.error("media: unsupported read rate '" + info.rateText() + "'");
            services.metrics().error("media");
            hangup("error_media", "NORMAL_TEMPORARY_FAILURE");
            return;
        }
        try {
            dialog = services.dialogs().create(info.uuid(), info.flow(), info.variables(),
                    new DialogScope(serial, clock));
        } catch (RuntimeException e) {
            log.error("no dialog for flow {}: {}", info.flow(), e.getMessage());
            transcript.error("setup: " + e.getMessage());
            services.metrics().error("dialog");
            hangup("error_setup", "NORMAL_TEMPORARY_FAILURE");
            return;
        }
        transcript.flow(dialog.flow().name(), dialog.variablesUsed());
        flowName = dialog.flow().name();
        AmdPolicy policy = dialog.flow().amd();
        if (services.config().amd().enabled() && "outbound".equalsIgnoreCase(info.direction())
                && policy.appliesTo(info.campaignId() != null)) {
            amdPolicy = policy;
        }
        try {
            channel.prepare(config.lingerSeconds(), !info.answered() && "inbound".equalsIgnoreCase(info.direction()));
            transcript.answered();
            startMedia();
        } catch (RuntimeException e) {
            log.error("call set-up failed: {}", e.getMessage());
            transcript.error("setup: " + e.getMessage());
            services.metrics().error("esl");
            hangup("error_setup", "NORMAL_TEMPORARY_FAILURE");
            return;
        }
        if (services.asr() != null) {
            asr = services.asr().open(new AsrRequest(info.uuid(), info.sampleRate(), dialog.flow().language(),
                    services.config().asr().hotwords()),
                    new Transcripts());
            callerAudio.asr(asr);
            bargeIns.recognizer(true);
        }
        if (amd != null && amdPolicy.waitBeforeSpeaking()) {
            openingHeld = true;
            state(CallState.LISTENING);
        } else {
            state(CallState.TALKING);
            respond(new DialogInput.Start());
        }
    }

    private void startMedia() {
        var vad = services.config().vad();
        callerAudio = new CallerAudio(services.vads().apply(info.sampleRate()), info.sampleRate(),
                TimeUnit.MILLISECONDS.toNanos(vad.minSpeechMillis()),
                TimeUnit.MILLISECONDS.toNanos(vad.minSilenceMillis()), this, clock);
        if (amdPolicy != null) {
            var settings = services.config().amd();
            amd = new AnswerDetection(settings.detector(), services.amdPhrases(), info.sampleRate(), timers,
                    this::amdDecided);
            callerAudio.detectTones(clock.nanoTime() + TimeUnit.MILLISECONDS.toNanos(settings.windowMillis()),
                    tone -> serial.execute(() -> amd.tone(tone)));
        }
        try {
            media = services.media().open(info.uuid(), info.sampleRate(), MediaCodec.L16, callerAudio);
        } catch (java.io.IOException e) {
            throw new IllegalStateException("no media port: " + e.getMessage(), e);
        }
        media.playout().setListener(this);
        recording = startRecording();
        if (recording != null) {
            media.tap(recording);
        }
        var playout = media.playout();
        var bargeIn = config.bargeIn();
        bargeIns = new BargeInDetector(new BargeInDetector.Playback() {
            @Override
            public void pause() {
                playout.pause();
            }

            @Override
            public void resume() {
                playout.resume();
            }

            @Override
            public Heard interrupt(int turnId) {
                return playout.interrupt(turnId);
            }
        }, timers, serial, bargeIn.asFallback(), bargeIn.resumeAfter().toNanos(),
                bargeIn.shortSound().toNanos(), bargeIn.shortSoundResume().toNanos(), this);
        String fsHost = config.freeswitchHost().isBlank() ? channel.peerHost() : config.freeswitchHost();
        String ourHost = config.advertiseHost().isBlank()
                ? services.config().media().bindHost() : config.advertiseHost();
        channel.unicast(fsHost, media.freeswitchPort(), ourHost, media.robotPort());
        media.startSending(new InetSocketAddress(fsHost, media.freeswitchPort()));
        // sendmsg answers +OK before unicast runs, so a failed bind on FreeSWITCH's side shows only
        // as silence: watch for the first caller frame.
        mediaWatch = timers.schedule(this::checkMedia, config.mediaTimeout().toMillis(), TimeUnit.MILLISECONDS);
    }

    private CallRecording startRecording() {
        Recorder recorder = services.recorder();
        if (recorder == null || !info.recorded(dialog.flow().record(), recorder.enabledByDefault())) {
            return null;
        }
        long sinceConnect = (clock.nanoTime() - connectedNanos) / 1_000_000;
        // frames are timed in the media threads' time base (MediaTap), not the call's clock
        return recorder.start(info.uuid(), transcript.connectedAt(), info.sampleRate(),
                services.config().media().frameMillis(), System.nanoTime(), sinceConnect);
    }

    private void checkMedia() {
        if (!ended && media.stats().packetsIn() == 0) {
            log.error("no audio from FreeSWITCH within {} ms of unicast (port {} taken on FreeSWITCH's host?)",
                    config.mediaTimeout().toMillis(), media.freeswitchPort());
            transcript.error("media: no caller audio within " + config.mediaTimeout().toMillis() + " ms");
            services.metrics().error("media");
            hangup("error_media", "NORMAL_TEMPORARY_FAILURE");
        }
    }


    // ---- robot turns -------------------------------------------------------------------------

    private void respond(DialogInput input) {
        respond(input, new TurnLatency());
    }

    private void respond(DialogInput input, TurnLatency latency) {
        if (ending()) {
            return;
        }
        cancelTimer(noInputTimer);
        pendingNext = null;
        RobotTurn turn = new RobotTurn(++turnCounter, info.uuid(), dialog.flow(), services.tts(), media.playout(),
                latency, services.chunkers().get(), serial, timers, this);
        speaking = turn;
        media.playout().startTurn(turn.id());
        bargeIns.turnStarted(turn.id());
        reply = dialog.respond(input, turn);
    }

    @Override
    public void bargeIn(RobotTurn turn, BargeIn bargeIn) {
        bargeIns.policy(turn.id(), bargeIn);
    }

    @Override
    public void replyText(RobotTurn turn, String soFar) {
        services.live().accept(new LiveEvent.RobotText(info.uuid(), turn.id(), soFar, false, false));
    }

    @Override
    public void replyEnded(RobotTurn turn, NextStep next) {
        if (turn == speaking) {
            pendingNext = next;
        }
    }

    @Override
    public void ttsFailed(RobotTurn turn, Throwable error) {
        log.error("TTS failed on turn {}: {}", turn.id(), error.toString());
        transcript.error("tts: " + error.getMessage());
        services.metrics().error("tts");
        if (turn == speaking && !turn.latency().has(LatencyMark.TTS_FIRST_AUDIO)) {
            // Nothing of the reply can be spoken: a robot that cannot talk ends the call cleanly.
            turn.cancel();
            speaking = null;
            hangup("error_tts", "NORMAL_TEMPORARY_FAILURE");
        }
    }

    /** The dialog speaks its fallback or what was received; the record keeps why. */
    @Override
    public void replyDegraded(RobotTurn turn, String why) {
        transcript.error("llm: " + why);
        services.metrics().error("llm");
    }

    @Override
    public void replyDtmf(RobotTurn turn, String digits) {
        if (ended || turn != speaking) {
            return;
        }
        log.info("sending DTMF {} as the dialog asked", digits);
        channel.sendDtmf(digits).whenComplete((r, e) -> serial.execute(() -> {
            if (e != null || !r.ok()) {
                log.warn("send_dtmf {} failed: {}", digits, e != null ? e.toString() : r.text());
                transcript.error("send_dtmf " + digits + " failed");
            }
        }));
    }

    /** On the pacer thread: hand over and return. */
    @Override
    public void onFirstFrame(int turnId, long nanoTime) {
        serial.execute(() -> firstFrame(turnId, nanoTime));
    }

    private void firstFrame(int turnId, long nanoTime) {
        RobotTurn turn = speaking;
        if (turn != null && turn.id() == turnId) {
            turn.latency().mark(LatencyMark.FIRST_FRAME_OUT, nanoTime);
            bargeIns.audible(turnId);
            speaking("robot", true);
        }
    }

    @Override
    public void onTurnPlayed(int turnId, String heardText) {
        serial.execute(() -> turnPlayed(turnId, heardText));
    }

    private void turnPlayed(int turnId, String heardText) {
        RobotTurn turn = speaking;
        if (ended || turn == null || turn.id() != turnId) {
            return;
        }
        speaking = null;
        bargeIns.turnEnded(turnId);
        dialog.heard(heardText, false);
        robotSaid(turn, heardText, false, -1);
        NextStep next = pendingNext;
        pendingNext = null;
        if (next == null) {
            // The dialog ended the reply before playout drained; replyEnded is still queued.
            next = lastListen;
        }
        act(next);
    }

    private void act(NextStep next) {
        switch (next) {
            // Listen(0): the dialog has more to say with other options (a disclaimer, then the greeting).
            case NextStep.Listen listen when listen.noInputMillis() == 0 -> respond(new DialogInput.NoInput());
            case NextStep.Listen listen -> {
                state(CallState.LISTENING);
                lastListen = listen;
                if (!callerTurns.speaking()) {
                    noInputTimer = timers.schedule(this::noInput, listen.noInputMillis(), TimeUnit.MILLISECONDS);
                }
            }
            case NextStep.Hangup hangup -> hangup(hangup.resultTag(), hangup.cause());
            case NextStep.Transfer transfer -> transfer(transfer.destination(), transfer.resultTag());
        }
    }

    private void robotSaid(RobotTurn turn, String heard, boolean interrupted, long bargeInStopNanos) {
        transcript.robot(heard, turn.text(), interrupted, turn.latency(), bargeInStopNanos);
        publish();
        services.live().accept(new LiveEvent.RobotText(info.uuid(), turn.id(), heard, true, interrupted));
        speaking("robot", false);
        services.metrics().turn(turn.latency());
    }

    private void noInput() {
        if (!ended && speaking == null && !callerTurns.speaking()) {
            callerInput("no_input", "");
            respond(new DialogInput.NoInput());
        }
    }

    // ---- caller input ------------------------------------------------------------------------

    /** On the media thread: the barge-in fast path, then hand over. */
    @Override
    public void speechStarted(long firstVoicedNanos) {
        bargeIns.speechStarted(firstVoicedNanos);
        serial.execute(() -> {
            callerTurns.speechStarted();
            cancelTimer(noInputTimer);
            if (amd != null) {
                amd.speechStarted(firstVoicedNanos);
                cancelTimer(beepSilence);
            }
            if (!ended) {
                speaking("caller", true);
            }
        });
    }

    /** On the media thread: only barge-in needs to know, the caller's turn ends at the speech edge. */
    @Override
    public void voicePaused(long lastVoicedNanos) {
        bargeIns.voicePaused(lastVoicedNanos);
    }

    @Override
    public void voiceResumed(long nowNanos) {
        bargeIns.voiceResumed(nowNanos);
    }

    @Override
    public void speechEnded(long lastVoicedNanos) {
        bargeIns.speechEnded();
        serial.execute(() -> {
            callerTurns.speechEnded(lastVoicedNanos);
            if (amd != null) {
                amd.speechEnded(lastVoicedNanos);
                awaitSilence();
            }
            if (!ended) {
                speaking("caller", false);
            }
        });
    }

    @Override
    public void resumed(int turnId, long pausedNanos) {
        log.info("caller sound over turn {} held it {} ms and came to nothing: playing on", turnId,
                pausedNanos / 1_000_000);
        callerInput("noise", "");
        services.metrics().bargeIn("resumed");
    }

    @Override
    public void interrupted(int turnId, Heard heard, long stopNanos) {
        RobotTurn turn = speaking;
        if (ended || turn == null || turn.id() != turnId) {
            return;
        }
        log.info("barge-in on turn {} after \"{}\"", turn.id(), heard.text());
        turn.cancel();
        if (reply != null) {
            reply.cancel();
        }
        speaking = null;
        pendingNext = null;
        dialog.heard(heard.text(), true);
        services.live().accept(new LiveEvent.BargeIn(info.uuid(), turn.id(), heard.text()));
        robotSaid(turn, heard.text(), true, stopNanos);
        services.metrics().bargeIn("interrupted");
        if (stopNanos >= 0) {
            services.metrics().bargeInStop(stopNanos);
        }
        state(CallState.LISTENING);
    }

    private void callerTurn(String text, long eouNanos, long finalNanos) {
        bargeIns.utteranceTaken();
        if (speaking == null) {
            answer(text, eouNanos, finalNanos);
        } else if (bargeIns.callerSaid(text) == BargeInDetector.Verdict.IGNORE) {
            log.info("robot talks on over \"{}\"", text);
            callerInput("backchannel", text);
            services.metrics().bargeIn("ignored");
        } else {
            bargeIns.interruptNow(); // the cut is queued on this executor before the answer
            serial.execute(() -> answer(text, eouNanos, finalNanos));
        }
    }

    private void answer(String text, long eouNanos, long finalNanos) {
        if (ended) {
            return;
        }
        callerInput("speech", text);
        TurnLatency latency = new TurnLatency();
        latency.mark(LatencyMark.EOU, eouNanos);
        latency.mark(LatencyMark.ASR_FINAL, finalNanos);
        respond(new DialogInput.Speech(text), latency);
    }

    private void dtmf(String digit, long now) {
        if (openingHeld) {
            log.info("DTMF {} before the opening: not an answer", digit);
        } else if (speaking == null) {
            answerKey(digit, now);
        } else if (bargeIns.keyPressed() == BargeInDetector.Verdict.IGNORE) {
            log.info("ignored DTMF {} during an uninterruptible prompt", digit);
        } else {
            bargeIns.interruptNow();
            serial.execute(() -> answerKey(digit, now));
        }
    }

    private void answerKey(String digit, long pressedNanos) {
        if (ended) {
            return;
        }
        callerInput("dtmf", digit);
        TurnLatency latency = new TurnLatency();
        latency.mark(LatencyMark.EOU, pressedNanos);
        latency.mark(LatencyMark.ASR_FINAL, pressedNanos);
        respond(new DialogInput.Dtmf(digit), latency);
    }

    /** ASR results, on the provider's thread. */
    private final class Transcripts extends AsrListener {

        @Override
        public void onPartial(String text) {
            bargeIns.words(text);
            serial.execute(() -> {
                if (amd != null) {
                    amd.transcript(text, false);
                }
                callerTurns.partial(text);
                if (!ended) {
                    partial(text);
                }
            });
        }

        @Override
        public void onFinal(String text) {
            long now = clock.nanoTime();
            bargeIns.words(text);
            serial.execute(() -> {
                if (amd != null) {
                    amd.transcript(text, true);
                }
                callerTurns.finalText(text, now);
            });
        }

        @Override
        public void onFailure(Throwable error) {
            serial.execute(() -> {
                log.error("ASR failed, continuing with keypad input only: {}", error.toString());
                transcript.error("asr: " + error.getMessage());
                services.metrics().error("asr");
                callerAudio.asr(null);
                bargeIns.recognizer(false);
                asr = null;
            });
        }
    }

    // ---- answering-machine detection ---------------------------------------------------------

    private void amdDecided(AmdVerdict verdict) {
        if (ending()) {
            return;
        }
        AmdPolicy.Action action = amdPolicy.action(verdict.result());
        String evidence = AnswerDetection.describe(verdict.evidence());
        log.info("answered by {} after {} ms ({}): {}", verdict.result().wireName(), verdict.atMillis(), evidence,
                action.id());
        transcript.amd(new AmdRecord(verdict.result().wireName(), verdict.atMillis(), evidence, action.id()));
        services.live().accept(new LiveEvent.Amd(info.uuid(), verdict.result().wireName(), evidence, action.id(),
                verdict.atMillis()));
        switch (action) {
            case CONTINUE -> {
                if (openingHeld) {
                    openingHeld = false;
                    state(CallState.TALKING);
                    respond(new DialogInput.Start());
                }
            }
            case HANGUP -> hangup(verdict.result().wireName(), "NORMAL_CLEARING");
            case LEAVE_MESSAGE -> {
                openingHeld = true;
                stopSpeaking();
                awaitingBeep = true;
                beepDeadline = timers.schedule(this::leaveMessage, AnswerDetection.MAX_BEEP_WAIT_MILLIS,
                        TimeUnit.MILLISECONDS);
                awaitSilence();
            }
        }
    }

    /** While a message waits for the greeting to end: silence this long after it is the beep's cue. */
    private void awaitSilence() {
        if (awaitingBeep && !callerTurns.speaking()) {
            cancelTimer(beepSilence);
            beepSilence = timers.schedule(this::leaveMessage, services.config().amd().greetingSilenceMillis(),
                    TimeUnit.MILLISECONDS);
        }
    }

    /** Cuts the robot's turn under way, if any, keeping what was heard of it. */
    private void stopSpeaking() {
        cancelTimer(noInputTimer);
        RobotTurn turn = speaking;
        if (turn == null) {
            return;
        }
        turn.cancel();
        if (reply != null) {
            reply.cancel();
        }
        speaking = null;
        pendingNext = null;
        Heard heard = media.playout().interrupt(turn.id());
        String text = heard == null ? "" : heard.text();
        dialog.heard(text, true);
        robotSaid(turn, text, true, -1);
    }

    private void leaveMessage() {
        if (!awaitingBeep || ending()) {
            return;
        }
        awaitingBeep = false;
        cancelTimer(beepSilence);
        cancelTimer(beepDeadline);
        RobotTurn turn = new RobotTurn(++turnCounter, info.uuid(), dialog.flow(), services.tts(), media.playout(),
                new TurnLatency(), services.chunkers().get(), serial, timers, this);
        speaking = turn;
        reply = null;
        media.playout().startTurn(turn.id());
        bargeIns.turnStarted(turn.id());
        state(CallState.TALKING);
        turn.begin(new ReplyOptions(BargeIn.DISABLED, null, null, null));
        turn.text(amdPolicy.voicemail(dialog.variablesUsed()));
        turn.end(new NextStep.Hangup(AmdPolicy.MESSAGE_LEFT, "NORMAL_CLEARING"));
    }

    // ---- ESL events and the end of the call --------------------------------------------------

    @Override
    public void onEvent(EslEvent event) {
        String name = event.name();
        if (name == null) {
            return;
        }
        switch (name) {
            // DTMF events carry DTMF-Digit; switch_channel.c switch_channel_dequeue_dtmf / switch_core_session.c.
            case "DTMF" -> {
                String digit = event.header("DTMF-Digit");
                if (digit != null && !digit.isEmpty()) {
                    long now = clock.nanoTime();
                    serial.execute(() -> dtmf(digit, now));
                }
            }
            case "CHANNEL_HANGUP", "CHANNEL_HANGUP_COMPLETE" -> {
                String cause = event.header("Hangup-Cause");
                serial.execute(() -> end(cause == null ? "NORMAL_CLEARING" : cause, "caller_hangup"));
            }
            default -> log.debug("event {}", name);
        }
    }

    @Override
    public void onDisconnect(String reason) {
        serial.execute(() -> {
            if (!ended && result == null) {
                log.warn("FreeSWITCH disconnected before the call ended: {}", reason);
                transcript.error("esl: " + reason);
                services.metrics().error("esl");
            }
            end("DISCONNECTED", "disconnected");
        });
    }

    private void hangup(String resultTag, String cause) {
        if (ended) {
            return;
        }
        result = resultTag;
        state(CallState.HANGING_UP);
        channel.hangup(cause).whenComplete((r, e) -> serial.execute(() -> end(cause, resultTag)));
    }

    private void transfer(String destination, String resultTag) {
        result = resultTag;
        state(CallState.TRANSFERRING);
        transcript.transferredTo(destination);
        channel.transfer(destination).whenComplete((r, e) -> serial.execute(() -> {
            if (e != null || !r.ok()) {
                log.error("transfer to {} failed: {}", destination, e != null ? e.toString() : r.text());
                transcript.error("transfer to " + destination + " failed");
                hangup("error_transfer", "NORMAL_TEMPORARY_FAILURE");
            } else {
                // The channel has left the park (and unicast with it): the robot's part is over. The
                // socket stays open, since closing it could hang up the caller's leg.
                end(null, resultTag, false);
            }
        }));
    }

    private void end(String hangupCause, String defaultResult) {
        end(hangupCause, defaultResult, true);
    }

    /** Ends the call once; everything the call holds is released here. */
    private void end(String hangupCause, String defaultResult, boolean closeSocket) {
        if (ended) {
            return;
        }
        ended = true;
        state = CallState.ENDED;
        cancelTimer(noInputTimer);
        if (amd != null) {
            amd.close();
        }
        cancelTimer(beepSilence);
        cancelTimer(beepDeadline);
        callerTurns.close();
        cancelTimer(mediaWatch);
        if (bargeIns != null) {
            bargeIns.close();
        }
        RobotTurn turn = speaking;
        if (turn != null) {
            turn.cancel();
            Heard heard = media != null ? media.playout().interrupt(turn.id()) : null;
            if (heard != null && dialog != null) {
                robotSaid(turn, heard.text(), true, -1);
            }
        }
        if (reply != null) {
            reply.cancel();
        }
        if (asr != null) {
            asr.cancel();
        }
        MediaStats mediaStats = media == null ? null : media.stats();
        if (media != null) {
            media.close();
            services.metrics().callMedia(mediaStats);
        }
        if (closeSocket) {
            channel.close();
        }
        onEnded.run();
        String tag = result != null ? result : defaultResult;
        services.live().accept(new LiveEvent.Ended(info.uuid(), hangupCause, tag));
        services.metrics().callEnded(tag);
        if (dialog != null) {
            transcript.outcome(dialog.variablesSet(), dialog.fields());
        }
        CallRecord record = transcript.record(hangupCause, tag, mediaStats);
        if (recording == null) {
            services.callLog().write(record);
        } else {
            // the record waits for the file to be complete (at most a recorder cycle), to carry its size
            recording.finish().whenComplete((file, e) -> services.callLog().write(record.withRecording(file)));
        }
    }

    private static void cancelTimer(CallClock.Timer timer) {
        if (timer != null) {
            timer.cancel();
        }
    }
}
