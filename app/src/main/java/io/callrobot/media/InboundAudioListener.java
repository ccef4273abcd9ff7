package io.callrobot.media;

/**
 * Receives the caller's audio of one call, one datagram at a time, decoded to signed 16-bit
 * samples at the call's rate. Called on the shared media receive thread: it must be quick and
 * must not block. The array is reused for the next datagram: copy what you keep.
 */
@FunctionalInterface
public interface InboundAudioListener {

    /** {@code samples[0..length)} is the audio; comfort-noise datagrams arrive as a frame of silence. */
    void onAudio(short[] samples, int length);
}
