package io.callrobot.call;

import io.callrobot.esl.EslCallHandler;
import io.callrobot.esl.EslConnection;
import io.callrobot.esl.EslEvent;
import io.callrobot.esl.EslEventListener;
import io.callrobot.ops.CallRecord;
import io.callrobot.ops.LiveCall;
import io.callrobot.ops.LiveCalls;
import io.callrobot.ops.TurnLatency;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Admits the calls FreeSWITCH hands over: starts a {@link CallSession} for each, or hangs up
 * with the configured cause when {@code call.maxCalls} are already in progress.
 */
public final class CallManager implements EslCallHandler, LiveCalls {

    private static final Logger log = LoggerFactory.getLogger(CallManager.class);

    private final CallServices services;
    private final ConcurrentMap<String, CallSession> calls = new ConcurrentHashMap<>();

    public CallManager(CallServices services) {
        this.services = services;
    }

    @Override
    public EslEventListener onCall(EslConnection connection) {
        CallInfo info = CallInfo.from(connection.channelData());
        if (info.uuid() == null) {
            log.error("channel data from {} has no Unique-ID; closing", connection.remoteAddress());
            connection.close();
            return Ignored.INSTANCE;
        }
        int max = services.config().call().maxCalls();
        if (calls.size() >= max) {
            return refuse(connection, info, max);
        }
        CallSession session = new CallSession(services, connection, info, () -> calls.remove(info.uuid()));
        if (calls.putIfAbsent(info.uuid(), session) != null) {
            log.error("call {} is already connected; refusing a second socket for it", info.uuid());
            connection.close();
            return Ignored.INSTANCE;
        }
        log.info("call {} {} from {} to {}", info.uuid(), info.direction(),
                CallInfo.mask(info.caller()), CallInfo.mask(info.callee()));
        session.start();
        return session;
    }

    private EslEventListener refuse(EslConnection connection, CallInfo info, int max) {
        String cause = services.config().call().overloadCause();
        log.warn("call {} refused: {} calls in progress (call.maxCalls); hanging up with {}", info.uuid(), max, cause);
        connection.hangup(cause).whenComplete((r, e) -> connection.close());
        Instant now = Instant.now();
        services.callLog().write(new CallRecord(info.uuid(), info.direction(),
                CallInfo.mask(info.caller()), CallInfo.mask(info.callee()), info.flow(), Map.of(), now, null, now,
                cause, "rejected_busy", null, List.of(), List.of("refused: " + max + " calls in progress"), null, null));
        services.metrics().callEnded("rejected_busy");
        return Ignored.INSTANCE;
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

    /** The latency marks of the reply a call is producing right now, or null. */
    TurnLatency currentLatency(String callId) {
        CallSession session = calls.get(callId);
        return session == null ? null : session.currentLatency();
    }

    /** Records a failed LLM request on its call, if the call is still in progress. */
    void llmFailed(String callId, Throwable error) {
        CallSession session = calls.get(callId);
        if (session != null) {
            session.llmFailed(error);
        }
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
