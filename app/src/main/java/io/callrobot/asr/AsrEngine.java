package io.callrobot.asr;

/** A speech recognition provider: one streaming session per call. */
public interface AsrEngine {

    /** Opens a recognition stream; results and the single terminal callback go to {@code listener}. */
    AsrStream open(AsrRequest request, AsrListener listener);
}
