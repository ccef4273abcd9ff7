package io.callrobot.dialog;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * What running one tool call came to. A {@link Result} is sent back to the model as a {@code tool}
 * message and the model is asked again; a {@link Pending} result is awaited first; an {@link Effect}
 * ends the LLM turn and is carried out once what was said has played.
 */
sealed interface ToolOutcome {

    /**
     * An HTTP tool's request under way: {@code content} completes (off the call's thread, never
     * exceptionally) with the tool message's content; cancelling it cancels the request.
     *
     * @param fillerText  said if the answer is still awaited after {@code fillerDelay}, or null for none
     */
    record Pending(CompletableFuture<String> content, String fillerText, Duration fillerDelay) implements ToolOutcome {
    }

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
