package io.callrobot.sim;

import java.time.Duration;
import java.util.Objects;

/**
 * What the simulated network does with a dialled number: answer, end the attempt with a cause
 * (after ringing a while or at once), ring until the originate gives up, or never get a session
 * from the switch at all. An answering callee may play an {@link Announcement} (a carrier's message,
 * a voicemail greeting) from answer instead of waiting for the robot.
 *
 * @param kind  what happens
 * @param after how long the phone rings first; ringing that reaches the originate's
 *              {@code originate_timeout} ends with NO_ANSWER instead
 * @param cause the hangup cause for {@link Kind#HANGUP}, e.g. {@code USER_BUSY}
 * @param announcement what an answering callee plays from answer; null for a callee the test's call
 *                     handler speaks for
 */
public record Callee(Kind kind, Duration after, String cause, Announcement announcement) {

    /** How the attempt goes. */
    public enum Kind {
        /** Answered after {@code after}; the call goes to the robot's socket. */
        ANSWER,
        /** Ends with {@code cause} after {@code after}, as a carrier's final response would. */
        HANGUP,
        /** Rings until {@code originate_timeout}, then NO_ANSWER. */
        RING,
        /**
         * The switch cannot create the session (as over its sessions-per-second limit): the endpoint
         * answers DESTINATION_OUT_OF_ORDER and no channel, hence no channel event, ever exists.
         */
        NO_SESSION
    }

    public Callee {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(after, "after");
        if (after.isNegative()) {
            throw new IllegalArgumentException("negative ringing time: " + after);
        }
        if (kind == Kind.HANGUP && (cause == null || !cause.matches("[A-Z][A-Z_]*"))) {
            throw new IllegalArgumentException("a hangup needs a FreeSWITCH cause name such as USER_BUSY: " + cause);
        }
        if (announcement != null && kind != Kind.ANSWER) {
            throw new IllegalArgumentException("only an answered call can play an announcement, not " + kind);
        }
    }

    private Callee(Kind kind, Duration after, String cause) {
        this(kind, after, cause, null);
    }

    /** Answers at once. */
    public static Callee answer() {
        return new Callee(Kind.ANSWER, Duration.ZERO, null);
    }

    /** Rings for {@code ringing}, then answers. */
    public static Callee answerAfter(Duration ringing) {
        return new Callee(Kind.ANSWER, ringing, null);
    }

    /** Answers at once and plays {@code announcement}, as a carrier's switch does for a phone switched off. */
    public static Callee announcing(Announcement announcement) {
        return new Callee(Kind.ANSWER, Duration.ZERO, null, Objects.requireNonNull(announcement, "announcement"));
    }

    /** Ends at once with {@code cause}, e.g. UNALLOCATED_NUMBER (空号). */
    public static Callee hangup(String cause) {
        return new Callee(Kind.HANGUP, Duration.ZERO, cause);
    }

    /** Rings for {@code ringing}, then ends with {@code cause}, e.g. USER_BUSY or NO_USER_RESPONSE. */
    public static Callee hangupAfter(Duration ringing, String cause) {
        return new Callee(Kind.HANGUP, ringing, cause);
    }

    /** USER_BUSY at once (SIP 486). */
    public static Callee busy() {
        return hangup("USER_BUSY");
    }

    /** Rings until the originate's timeout: NO_ANSWER. */
    public static Callee noAnswer() {
        return new Callee(Kind.RING, Duration.ZERO, null);
    }

    /** No session: DESTINATION_OUT_OF_ORDER without any channel, like a switch over its limits. */
    public static Callee noSession() {
        return new Callee(Kind.NO_SESSION, Duration.ZERO, null);
    }
}
