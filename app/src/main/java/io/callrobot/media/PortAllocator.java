package io.callrobot.media;

import java.io.IOException;
import java.util.ArrayDeque;

/**
 * Hands out port pairs (even port ours, next odd port FreeSWITCH's) from the configured range.
 * Freed pairs go to the back of the line, so a just-closed socket's port is the last reused.
 */
final class PortAllocator {

    private final ArrayDeque<Integer> free = new ArrayDeque<>();
    private final int first;
    private final int last;
    private final int pairs;
    private int inUse;

    PortAllocator(MediaConfig config) {
        this.first = config.firstPairPort();
        this.pairs = config.pairCount();
        this.last = first + 2 * (pairs - 1);
        for (int i = 0; i < pairs; i++) {
            free.addLast(first + 2 * i);
        }
    }

    synchronized int take() throws IOException {
        Integer port = free.pollFirst();
        if (port == null) {
            throw new IOException("all " + pairs + " UDP port pairs of " + first + ".." + (last + 1) + " are in use");
        }
        inUse++;
        return port;
    }

    synchronized void release(int port) {
        inUse--;
        free.addLast(port);
    }

    synchronized int inUse() {
        return inUse;
    }

    int pairs() {
        return pairs;
    }
}
