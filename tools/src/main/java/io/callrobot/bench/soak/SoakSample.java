package io.callrobot.bench.soak;

import java.time.Duration;

/**
 * One look at the robot during a soak.
 *
 * @param at              time since the calls were all placed
 * @param callsUp         the robot's own count of calls in progress
 * @param heapBytes       live objects after a full collection
 * @param platformThreads the JVM's live platform threads
 * @param fds             open file descriptors
 * @param sockets         of which sockets
 */
public record SoakSample(Duration at, int callsUp, long heapBytes, int platformThreads, int fds, int sockets) {
}
