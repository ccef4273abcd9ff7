package io.callrobot.media;

import java.io.IOException;

/** A media server whose pacer the test ticks, for call tests outside this package. */
public final class ManualMedia {

    private ManualMedia() {
    }

    /** Started, with no pacer thread: frames go out only when {@link #frameTime} is called. */
    public static MediaServer server(MediaConfig config) throws IOException {
        MediaServer server = new MediaServer(config, false);
        server.start();
        return server;
    }

    /** One frame time of the pacer at {@code nowNanos}: every call with a frame due sends it. */
    public static void frameTime(MediaServer server, long nowNanos) {
        for (int i = 0; i < server.pacer().slotsPerFrame(); i++) {
            server.pacer().tick(nowNanos);
        }
    }
}
