package io.callrobot.summary;

import io.callrobot.llm.ChatMessage;
import io.callrobot.llm.LlmRequest;
import io.callrobot.ops.CallRecord;
import io.callrobot.ops.TurnRecord;
import java.util.List;

/**
 * The one request that summarises a call: the flow's prompt as the system message, and as the user
 * message what was said (the robot's words as the caller heard them, the caller's final
 * transcripts and keys), the call's variables and the fields the dialog recorded. No tools.
 */
final class SummaryInput {

    private SummaryInput() {
    }

    /** Whether anything was said in the call: a call without words gets no summary. */
    static boolean hasWords(CallRecord record) {
        return record.turns().stream().anyMatch(t -> line(t) != null);
    }

    static LlmRequest request(CallRecord record, SummaryPrompt prompt) {
        // OpenAI API reference, "JSON mode": the messages must ask for JSON, or the request is refused
        String system = prompt.json() ? prompt.prompt().strip() + "\n\nAnswer with one JSON object." : prompt.prompt();
        return new LlmRequest(record.uuid(), List.of(ChatMessage.system(system), ChatMessage.user(text(record))))
                .withAnswer(prompt.maxTokens(), prompt.json());
    }

    /** The user message: the transcript, then the variables and the recorded fields when there are any. */
    static String text(CallRecord record) {
        StringBuilder text = new StringBuilder("Call transcript (robot: what the caller heard; caller: what the caller said):\n");
        for (TurnRecord turn : record.turns()) {
            String line = line(turn);
            if (line != null) {
                text.append(turn.speaker()).append(": ").append(line).append('\n');
            }
        }
        if (!record.variables().isEmpty()) {
            text.append("\nVariables:\n");
            record.variables().forEach((name, value) -> text.append(name).append(": ").append(value).append('\n'));
        }
        if (!record.fields().isEmpty()) {
            text.append("\nRecorded fields:\n");
            record.fields().forEach((name, value) -> text.append(name).append(": ").append(value).append('\n'));
        }
        return text.toString();
    }

    /** A turn's words on one line, or null when it had none (no input, noise). */
    private static String line(TurnRecord turn) {
        if (turn.text() == null || turn.text().isBlank()) {
            return null;
        }
        String words = turn.text().strip().replace('\n', ' ');
        if ("dtmf".equals(turn.input())) {
            return "[keys " + words + "]";
        }
        return turn.interrupted() ? words + " [interrupted]" : words;
    }
}
