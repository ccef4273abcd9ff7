package io.callrobot.esl.inbound.originate;

import java.util.concurrent.CompletableFuture;

/**
 * Places calls through FreeSWITCH for a dialer, and answers the questions a dialer asks to pace
 * itself and to reconcile its attempts after a reconnect. Futures complete on one delivery thread,
 * in order with the {@link OriginatorListener}'s calls, never on an I/O thread.
 */
public interface Originator {

    /**
     * Rings {@code request.phone()}. Completes when FreeSWITCH's originate ends: answered (the call
     * now runs on the robot's outbound socket with {@code request.uuid()}), or not answered with the
     * classified {@link AttemptOutcome} and FreeSWITCH's cause. Fails with
     * {@link OriginateInDoubtException} when the outcome cannot be known (socket down or lost, no
     * result in time): then ask {@link #exists} about the uuid.
     *
     * @throws IllegalArgumentException if an attempt with this uuid is already in flight
     */
    CompletableFuture<OriginateResult> originate(OriginateRequest request);

    /** Whether a channel with this uuid is up on FreeSWITCH ({@code api uuid_exists}). */
    CompletableFuture<Boolean> exists(String uuid);

    /**
     * Hangs up a channel, ringing or answered ({@code api uuid_kill UUID CAUSE}); false if there was
     * no such channel. A ringing attempt then ends with this cause.
     */
    CompletableFuture<Boolean> hangup(String uuid, String cause);

    /** FreeSWITCH's sessions-per-second limit ({@code api fsctl sps}); a dialer must start fewer calls per second. */
    CompletableFuture<Integer> sessionsPerSecond();

    /** Whether the event socket is connected, so that originates can be sent. */
    boolean isConnected();
}
