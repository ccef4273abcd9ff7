package io.callrobot.dialog;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;

/**
 * One call's conversation logic: a scripted flow, a streaming LLM, or both. Not thread-safe:
 * every method is called on the call's thread ({@link DialogScope}), and so is its sink.
 */
public interface DialogEngine {

    /** The flow this dialog runs (its language picks the ASR and TTS language). */
    FlowInfo flow();

    /** This call's values of the variables the flow's templates refer to, for the call log. */
    Map<String, String> variablesUsed();

    /** Variables the dialog set during the call (the model's {@code set_variable}), for the call record. */
    default Map<String, String> variablesSet() {
        return Map.of();
    }

    /** Fields the dialog recorded during the call (the model's {@code record_fields}), for the call record. */
    default Map<String, JsonNode> fields() {
        return Map.of();
    }

    /** The flow node the dialog is in now (for the chat tester), or null before the first reply. */
    String node();

    /** Produces the robot's reply to {@code input} into {@code sink}, possibly asynchronously. */
    Reply respond(DialogInput input, ReplySink sink);

    /**
     * Records what the caller actually heard of the last reply: all of it, or the part played
     * before a barge-in ({@code interrupted}). History for the LLM keeps only this text.
     */
    void heard(String text, boolean interrupted);
}
