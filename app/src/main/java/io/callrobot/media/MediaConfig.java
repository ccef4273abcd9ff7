package io.callrobot.media;

/**
 * Media settings shared by all calls.
 *
 * <p>UDP ports are handed out in pairs: the even port {@code p} is ours (FreeSWITCH's
 * {@code remote-port}), {@code p + 1} is the port FreeSWITCH binds (its {@code local-port}).
 * The whole range must therefore be free on this host and, for the odd ports, on the
 * FreeSWITCH host too (a failed bind there only shows as a CRIT line in FreeSWITCH's log).
 *
 * @param bindHost          address our UDP sockets bind to
 * @param portMin           first port of the range (rounded up to even)
 * @param portMax           last port of the range; the last pair must fit inside it
 * @param frameMillis       packet time of one frame sent or expected
 * @param maxPlayoutSeconds bound of queued robot audio per call; audio beyond it is dropped and counted
 * @param playoutLeadMillis audio a reply must have queued before its first frame (and again after an
 *                          underrun) while its chunk is still arriving: the slack a TTS server
 *                          streaming at real time has before a late block is heard as a gap
 */
public record MediaConfig(String bindHost, int portMin, int portMax, int frameMillis, int maxPlayoutSeconds,
        int playoutLeadMillis) {

    /** Slack for TTS streamed at real time: two 40 ms blocks minus a frame (docs/BENCHMARKS.md). */
    static final int DEFAULT_PLAYOUT_LEAD_MILLIS = 60;

    public MediaConfig {
        if (bindHost == null || bindHost.isBlank()) {
            throw new IllegalArgumentException("bindHost is required");
        }
        if (portMin < 1024 || portMax > 65535 || ((portMin + 1) & ~1) + 1 > portMax) {
            throw new IllegalArgumentException(
                    "port range " + portMin + ".." + portMax + " must hold at least one pair within 1024..65535");
        }
        if (frameMillis < 10 || frameMillis > 60 || frameMillis % 10 != 0) {
            throw new IllegalArgumentException("frameMillis must be 10, 20, ..., 60: " + frameMillis);
        }
        if (maxPlayoutSeconds < 1) {
            throw new IllegalArgumentException("maxPlayoutSeconds must be positive: " + maxPlayoutSeconds);
        }
        if (playoutLeadMillis < 0 || playoutLeadMillis > 1000) {
            throw new IllegalArgumentException("playoutLeadMillis must be 0..1000: " + playoutLeadMillis);
        }
    }

    /** With the default playout lead. */
    public MediaConfig(String bindHost, int portMin, int portMax, int frameMillis, int maxPlayoutSeconds) {
        this(bindHost, portMin, portMax, frameMillis, maxPlayoutSeconds, DEFAULT_PLAYOUT_LEAD_MILLIS);
    }

    /**
     * Loopback, ports 14000..14999 (below FreeSWITCH's default RTP range 16384-32768), 20 ms frames,
     * at most 120 s of queued speech per call, 60 ms playout lead for streamed chunks.
     */
    public static MediaConfig defaults() {
        return new MediaConfig("127.0.0.1", 14000, 14999, 20, 120);
    }

    /** Number of port pairs in the range. */
    int pairCount() {
        int first = firstPairPort();
        return first + 1 > portMax ? 0 : (portMax - first - 1) / 2 + 1;
    }

    int firstPairPort() {
        return (portMin + 1) & ~1;
    }

    /** Samples in one frame at {@code sampleRate}. */
    int frameSamples(int sampleRate) {
        return sampleRate * frameMillis / 1000;
    }
}
