package io.callrobot.call;

import io.callrobot.esl.EslCallHandler;
import io.callrobot.esl.EslConnection;
import io.callrobot.esl.EslEvent;
import io.callrobot.esl.EslEventListener;
import io.callrobot.ops.CallRecord;
import io.callrobot.ops.LiveCall;
import io.callrobot.ops.LiveCalls;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Admits the calls FreeSWITCH hands over: starts a {@link CallSession} for each, or hangs up
 * with the configured cause when {@code call.maxCalls} are already in progress.
 */
public final class CallManager implements EslCallHandler, LiveCalls {

    private static final Logger log = LoggerFactory.getLogger(CallManager.class);

    private final CallServices services;
    private final Sessions sessions;
    private final ConcurrentMap<String, CallSession> calls = new ConcurrentHashMap<>();
    private final int maxCalls;
    /** One permit per call in progress, taken before its session exists so admission is one atomic step. */
    private final Semaphore slots;

    public CallManager(CallServices services) {
        this(services, (connection, info, onEnded) -> new CallSession(services, connection, info, onEnded));
    }

    /** With {@code sessions} making each admitted call's session (a seam for tests). */
    CallManager(CallServices services, Sessions sessions) {
        this.services = services;
        this.sessions = sessions;
        this.maxCalls = services.config().call().maxCalls();
        this.slots = new Semaphore(maxCalls);
    }

    /** Makes the session of an admitted call; {@code onEnded} runs when the call is over. */
    interface Sessions {
        CallSession open(EslConnection connection, CallInfo info, Runnable onEnded);
    }

    @Override
    public EslEventListener onCall(EslConnection connection) {
        CallInfo info = CallInfo.from(connection.channelData());
        if (info.uuid() == null) {
            log.error("channel data from {} has no Unique-ID; closing", connection.remoteAddress());
            connection.close();
            return Ignored.INSTANCE;
        }
        if (!slots.tryAcquire()) {
            return refuse(connection, info);
        }
        Runnable releaseSlot = once(slots::release);
        CallSession session;
        try {
            session = sessions.open(connection, info, () -> {
                calls.remove(info.uuid());
                releaseSlot.run();
            });
        } catch (RuntimeException e) {
            releaseSlot.run();
            throw e;
        }
        if (calls.putIfAbsent(info.uuid(), session) != null) {
            releaseSlot.run();
            log.error("call {} is already connected; refusing a second socket for it", info.uuid());
            connection.close();
            return Ignored.INSTANCE;
        }
        log.info("call {} {} from {} to {}", info.uuid(), info.direction(),
                CallInfo.mask(info.caller()), CallInfo.mask(info.callee()));
        session.start();
        return session;
    }

    /** Runs {@code action} the first time only, however often and from whichever threads it is called. */
    private static Runnable once(Runnable action) {
        AtomicBoolean done = new AtomicBoolean();
        return () -> {
            if (done.compareAndSet(false, true)) {
                action.run();
            }
        };
    }

    private EslEventListener refuse(EslConnection connection, CallInfo info) {
        String cause = services.config().call().overloadCause();
        log.warn("call {} refused: {} calls in progress (call.maxCalls); hanging up with {}", info.uuid(), maxCalls, cause);
        connection.hangup(cause).whenComplete((r, e) -> connection.close());
        Instant now = Instant.now();
        services.callLog().write(new CallRecord(info.uuid(), info.direction(),
                CallInfo.mask(info.caller()), CallInfo.mask(info.callee()), info.flow(), Map.of(), now, null, now,
                cause, "rejected_busy", null, List.of(), List.of("refused: " + maxCalls + " calls in progress"), null, null,
                info.campaignId(), info.contactId(), null));
        services.metrics().callEnded("rejected_busy");
        return Ignored.INSTANCE;
    }

    /** What became of an ops request to act on a call. */
    public enum OpsOutcome {
        /** The call was told to act; its record will say so. */
        ACCEPTED,
        /** No call in progress has that uuid. */
        NO_SUCH_CALL,
        /** The call is already hanging up, transferring or over. */
        ALREADY_ENDING
    }

    /** Hangs up a call in progress for ops (result {@code ops_hangup}); completes once the call has decided. */
    public CompletableFuture<OpsOutcome> hangup(String uuid) {
        CallSession session = calls.get(uuid);
        return session == null ? CompletableFuture.completedFuture(OpsOutcome.NO_SUCH_CALL)
                : session.hangupByOps().thenApply(CallManager::outcome);
    }

    /**
     * Transfers a call in progress to {@code destination} (a dialplan target the caller must have
     * checked) for ops (result {@code ops_transfer}); completes once the call has decided.
     */
    public CompletableFuture<OpsOutcome> transfer(String uuid, String destination) {
        CallSession session = calls.get(uuid);
        return session == null ? CompletableFuture.completedFuture(OpsOutcome.NO_SUCH_CALL)
                : session.transferByOps(destination).thenApply(CallManager::outcome);
    }

    private static OpsOutcome outcome(boolean accepted) {
        return accepted ? OpsOutcome.ACCEPTED : OpsOutcome.ALREADY_ENDING;
    }

    public int activeCalls() {
        return calls.size();
    }

    @Override
    public List<LiveCall> liveCalls() {
        return calls.values().stream().map(CallSession::live).toList();
    }

    @Override
    public Optional<LiveCall> liveCall(String uuid) {
        return Optional.ofNullable(calls.get(uuid)).map(CallSession::live);
    }

    /** Listener for connections that are being refused: their events are of no interest. */
    private enum Ignored implements EslEventListener {
        INSTANCE;

        @Override
        public void onEvent(EslEvent event) {
        }

        @Override
        public void onDisconnect(String reason) {
        }
    }
}
