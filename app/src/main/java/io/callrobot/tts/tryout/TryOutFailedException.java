package io.callrobot.tts.tryout;

/** A try-out the provider did not complete: it failed, produced no audio, or took too long. */
public final class TryOutFailedException extends Exception {

    private final String provider;
    private final boolean timedOut;

    TryOutFailedException(String provider, boolean timedOut, String message, Throwable cause) {
        super(message, cause);
        this.provider = provider;
        this.timedOut = timedOut;
    }

    /** The provider at fault. */
    public String provider() {
        return provider;
    }

    /** Whether it took longer than the try-out's time-out (rather than failing). */
    public boolean timedOut() {
        return timedOut;
    }
}
