package io.callrobot.ops.live;

/**
 * Something that happened in a call in progress, as the live console shows it. Every event names its
 * call; {@link #type()} is the event's name on the wire. Phone numbers are whole here: whoever
 * shows an event masks them for its reader.
 */
public sealed interface LiveEvent {

    String uuid();

    /** The event's name in a stream ({@code started}, {@code state}, ...). */
    String type();

    /**
     * The call was connected.
     *
     * @param startedAtMillis epoch milliseconds
     * @param campaignId      the campaign that placed it, else null
     */
    record Started(String uuid, long startedAtMillis, String direction, String flow, Long campaignId,
            String caller, String callee) implements LiveEvent {
        @Override
        public String type() {
            return "started";
        }
    }

    /** The call moved to {@code state} ({@code talking}, {@code listening}, {@code hanging_up}, ...). */
    record StateChanged(String uuid, String state) implements LiveEvent {
        @Override
        public String type() {
            return "state";
        }
    }

    /**
     * Who is speaking changed: {@code who} is {@code caller} (the VAD's speech edges, as the call sees
     * them) or {@code robot} (its reply's first frame out, until played or cut).
     */
    record Speaking(String uuid, String who, boolean on) implements LiveEvent {
        @Override
        public String type() {
            return "speaking";
        }
    }

    /**
     * What the caller said: a partial transcript that will change, or a final one that is the turn
     * {@code turn} of the call's transcript.
     *
     * @param input as in the call record's turns: {@code speech}, {@code dtmf}, {@code no_input},
     *              {@code noise}, {@code backchannel}
     */
    record CallerText(String uuid, int turn, String input, String text, boolean partial) implements LiveEvent {
        @Override
        public String type() {
            return "caller";
        }
    }

    /**
     * The robot's reply {@code turn}: while it is produced, the text so far ({@code done} false);
     * once over, what the caller heard ({@code done} true), cut short when {@code interrupted}.
     */
    record RobotText(String uuid, int turn, String text, boolean done, boolean interrupted) implements LiveEvent {
        @Override
        public String type() {
            return "robot";
        }
    }

    /** The caller interrupted the robot's reply {@code turn} after hearing {@code heard}. */
    record BargeIn(String uuid, int turn, String heard) implements LiveEvent {
        @Override
        public String type() {
            return "barge_in";
        }
    }

    /**
     * Answering-machine detection reached its verdict on an outbound call, as the call record's
     * {@code amd} has it.
     *
     * @param result   {@code human}, {@code machine}, {@code unreachable}, {@code invalid_number},
     *                 {@code call_secretary} or {@code unknown}
     * @param evidence what decided it, in words
     * @param action   what the flow does about it: {@code continue}, {@code hangup} or {@code leave_message}
     * @param atMillis milliseconds after the answer
     */
    record Amd(String uuid, String result, String evidence, String action, long atMillis) implements LiveEvent {
        @Override
        public String type() {
            return "amd";
        }
    }

    /** The call is over: FreeSWITCH's hangup cause (null when transferred) and the call's result tag. */
    record Ended(String uuid, String hangupCause, String result) implements LiveEvent {
        @Override
        public String type() {
            return "ended";
        }
    }
}
