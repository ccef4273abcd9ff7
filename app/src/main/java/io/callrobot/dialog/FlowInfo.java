package io.callrobot.dialog;

/**
 * What the call needs to know about a flow before it starts: {@code language} (zh-CN or en-US)
 * picks the ASR and TTS language, {@code voice} the flow's TTS voice (null: provider default),
 * {@code usesLlm} whether any node is answered by the LLM, {@code record} whether its calls are
 * recorded (null: as {@code recording.enabled} says), {@code amd} what answering-machine detection
 * does on its calls.
 */
public record FlowInfo(String name, String language, String voice, boolean usesLlm, Boolean record, AmdPolicy amd) {

    public FlowInfo {
        amd = amd == null ? AmdPolicy.DEFAULT : amd;
    }

    /** A flow with the default detection policy. */
    public FlowInfo(String name, String language, String voice, boolean usesLlm, Boolean record) {
        this(name, language, voice, usesLlm, record, AmdPolicy.DEFAULT);
    }
}
