package io.callrobot.media;

/**
 * Counters of one call's media, a snapshot.
 *
 * @param packetsIn         datagrams received from FreeSWITCH
 * @param bytesIn           their bytes
 * @param malformedIn       empty, odd-length (L16) or oversized datagrams; their sound part was still decoded
 * @param comfortNoiseIn    comfort-noise datagrams (all 0xFF), delivered as silence
 * @param foreignIn         datagrams from another address than FreeSWITCH's, dropped
 * @param framesOut         frames sent to FreeSWITCH
 * @param sendFailures      frames the socket refused (buffer full or error)
 * @param underruns         frame times within a started, unfinished turn that had no full frame queued
 * @param droppedSamples    robot samples dropped because the playout bound was reached
 * @param staleSamples      robot samples dropped because their turn was stale
 * @param lastPacketInNanos {@link System#nanoTime} of the last datagram from FreeSWITCH, 0 if none yet
 */
public record MediaStats(
        long packetsIn,
        long bytesIn,
        long malformedIn,
        long comfortNoiseIn,
        long foreignIn,
        long framesOut,
        long sendFailures,
        long underruns,
        long droppedSamples,
        long staleSamples,
        long lastPacketInNanos) {
}
