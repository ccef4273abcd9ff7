package io.callrobot.dialog;

/** What the caller did that the dialog must answer. */
public sealed interface DialogInput {

    /** The call has been answered and media is up: say the greeting. */
    record Start() implements DialogInput {
    }

    /** A finished caller utterance. */
    record Speech(String text) implements DialogInput {
    }

    /** One or more keypad digits. */
    record Dtmf(String digits) implements DialogInput {
    }

    /** The caller said nothing within the listen time-out. */
    record NoInput() implements DialogInput {
    }
}
