package io.callrobot.dialog;

import io.callrobot.amd.AmdResult;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;

/**
 * What a flow does with answering-machine detection (its top-level {@code amd:} section): whether it
 * runs, whether the opening waits for the verdict, and the action per verdict. A person
 * ({@code human}) and an undecided window ({@code unknown}) always go on with the flow.
 *
 * @param enabled            true or false; null runs detection on campaign calls only
 * @param waitBeforeSpeaking the opening waits for the verdict (a person's "喂？" then a pause gets it)
 * @param actions            per verdict; a verdict not named hangs up
 * @param voicemail          the message {@link Action#LEAVE_MESSAGE} plays, a template; null if none
 */
public record AmdPolicy(Boolean enabled, boolean waitBeforeSpeaking, Map<AmdResult, Action> actions,
        String voicemail) {

    /** Runs on campaign calls, waits for the verdict, hangs up on every machine and announcement. */
    public static final AmdPolicy DEFAULT = new AmdPolicy(null, true, Map.of(), null);

    public AmdPolicy {
        actions = actions.isEmpty() ? Map.of() : Map.copyOf(new EnumMap<>(actions));
    }

    /** What to do on a verdict. */
    public enum Action {
        /** Hang up; the call's result tag is the verdict's name ({@code machine}, {@code unreachable}, ...). */
        HANGUP,
        /** Go on with the flow as if a person answered. */
        CONTINUE,
        /** Wait for the greeting to end (the beep), play the voicemail message, hang up with {@code machine_message_left}. */
        LEAVE_MESSAGE;

        /** As flows spell it: {@code leave_message}. */
        public String id() {
            return name().toLowerCase(Locale.ROOT);
        }

        static Action parse(String id) {
            for (Action a : values()) {
                if (a.id().equals(id)) {
                    return a;
                }
            }
            throw new IllegalArgumentException("must be one of " + Arrays.stream(values()).map(Action::id).toList()
                    + ", was " + id);
        }
    }

    /** The result tag of a call that left its voicemail message. */
    public static final String MESSAGE_LEFT = "machine_message_left";

    /** Whether detection runs on a call, given whether a campaign placed it. */
    public boolean appliesTo(boolean campaignCall) {
        return enabled == null ? campaignCall : enabled;
    }

    /** The action for {@code result}. */
    public Action action(AmdResult result) {
        return switch (result) {
            case HUMAN, UNKNOWN -> Action.CONTINUE;
            default -> actions.getOrDefault(result, Action.HANGUP);
        };
    }

    /** The voicemail message with the call's variables filled in. */
    public String voicemail(Map<String, String> variables) {
        return voicemail == null ? null : Templates.render(voicemail, variables);
    }
}
