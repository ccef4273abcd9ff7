package io.callrobot.sim;

/**
 * What every call's unicast media shares: the one sending thread, the one receiving thread,
 * caller audio rendered once, and what to keep of the robot's audio.
 */
record SharedMedia(AudioPacer pacer, MediaReceiver receiver, WireAudio wire, ReceiveSettings settings)
        implements AutoCloseable {

    static SharedMedia start(ReceiveSettings settings) {
        return new SharedMedia(new AudioPacer(), new MediaReceiver(), new WireAudio(), settings);
    }

    @Override
    public void close() {
        pacer.close();
        receiver.close();
    }
}
