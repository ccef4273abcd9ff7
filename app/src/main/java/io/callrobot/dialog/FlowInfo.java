package io.callrobot.dialog;

/**
 * What the call needs to know about a flow before it starts: {@code language} (zh-CN or en-US)
 * picks the ASR and TTS language, {@code voice} the flow's TTS voice (null: provider default),
 * {@code usesLlm} whether any node is answered by the LLM, {@code record} whether its calls are
 * recorded (null: as {@code recording.enabled} says).
 */
public record FlowInfo(String name, String language, String voice, boolean usesLlm, Boolean record) {
}
