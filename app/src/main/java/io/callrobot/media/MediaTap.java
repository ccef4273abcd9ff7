package io.callrobot.media;

/**
 * Told of every frame of a call as it passes: the caller's on the receive thread, the robot's on
 * the pacer thread. Implementations copy what they need into memory they own and return at once:
 * no allocation, no blocking, no I/O (docs/THREADS.md).
 */
public interface MediaTap {

    /** {@code count} caller samples in {@code samples}, received at {@code nanoTime} ({@link System#nanoTime()}). */
    void callerAudio(short[] samples, int count, long nanoTime);

    /** {@code count} robot samples in {@code samples}, sent at {@code nanoTime} ({@link System#nanoTime()}). */
    void robotAudio(short[] samples, int count, long nanoTime);
}
