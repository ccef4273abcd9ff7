package io.callrobot.recording;

import java.io.IOException;

/**
 * Where a recording's interleaved stereo goes; used by the recorder thread only. A sink's file is
 * playable after every {@link #checkpoint()}, so a crash loses at most the audio since the last one.
 */
interface AudioSink {

    /** Appends {@code frames} stereo sample pairs from {@code stereo}. */
    void write(short[] stereo, int frames) throws IOException;

    /** Makes everything written so far playable from the file (header, pages), without closing it. */
    void checkpoint() throws IOException;

    /** Completes and closes the file and returns its size in bytes. */
    long close() throws IOException;

    /** Closes the file as it is, after a failure; never throws. */
    void abandon();
}
