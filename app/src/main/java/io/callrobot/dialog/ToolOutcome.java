package io.callrobot.dialog;

/**
 * What running one tool call came to. A {@link Result} is sent back to the model as a {@code tool}
 * message and the model is asked again; an {@link Effect} ends the LLM turn and is carried out
 * once what was said has played.
 */
sealed interface ToolOutcome {

    /** The tool message's content for the model (JSON text): an answer or an error it can correct. */
    record Result(String content) implements ToolOutcome {
    }

    /** Send DTMF on the call, then answer the model with {@code content}. */
    record Dtmf(String digits, String content) implements ToolOutcome {
    }

    /** Ends the turn: words to say last (may be null), then what the call does. */
    sealed interface Effect extends ToolOutcome {

        String say();
    }

    /** {@code end_call}: hang up with the result tag. */
    record EndCall(String result, String say) implements Effect {
    }

    /** {@code transfer}: hand the caller to {@code to}, tagging the call {@code result}. */
    record Transfer(String to, String result, String say) implements Effect {
    }

    /** {@code goto}: continue the scripted flow at {@code node}. */
    record Goto(String node) implements Effect {

        @Override
        public String say() {
            return null;
        }
    }
}
