package io.callrobot.sim;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.DatagramChannel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * FreeSWITCH's side of {@code unicast}: one UDP socket bound to {@code local-ip:local-port}
 * sending the caller's frames to {@code remote-ip:remote-port} and taking every datagram it
 * receives as one frame for the call, with no jitter buffer (switch_ivr.c,
 * switch_ivr_activate_unicast, unicast_thread_run and the CF_UNICAST branch of switch_ivr_park).
 * The simulator's one {@link MediaReceiver} receives for it; its one {@link AudioPacer} sends.
 */
final class UnicastMedia implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(UnicastMedia.class);

    private final String uuid;
    private final DatagramChannel channel;
    private final InetSocketAddress remote;
    private final boolean nativeMode;
    private final boolean comfortNoise;
    private final CallerAudioSource source;
    private final RobotAudio received;
    private final MediaReceiver receiver;
    /** A pause: L16 zeros, or PCMU silence (0xFF, G.711's zero) in native mode. */
    private final ByteBuffer silence;
    /** Comfort noise is bytes-per-frame of 0xFF at L16 size even in native mode (switch_ivr_park, SFF_CNG). */
    private final ByteBuffer comfort;

    private volatile long lastVoicedSentNanos;
    private volatile long utteranceStartNanos;
    // Pacing thread only.
    private boolean inUtterance;

    UnicastMedia(String uuid, InetSocketAddress local, InetSocketAddress remote, boolean nativeMode, boolean comfortNoise,
                 CallerAudioSource source, int samplesPerFrame, RobotAudio received, MediaReceiver receiver)
            throws IOException {
        this.uuid = uuid;
        this.remote = remote;
        this.nativeMode = nativeMode;
        this.comfortNoise = comfortNoise;
        this.source = source;
        this.received = received;
        this.receiver = receiver;
        this.silence = filled(nativeMode ? samplesPerFrame : 2 * samplesPerFrame, nativeMode ? (byte) 0xFF : 0);
        this.comfort = filled(2 * samplesPerFrame, (byte) 0xFF);
        this.channel = DatagramChannel.open();
        try {
            channel.bind(local);
            receiver.register(channel, received);
        } catch (IOException e) {
            channel.close();
            throw e;
        }
    }

    private static ByteBuffer filled(int size, byte value) {
        ByteBuffer buffer = ByteBuffer.allocateDirect(size);
        while (buffer.hasRemaining()) {
            buffer.put(value);
        }
        return buffer;
    }

    /** Called by the pacing thread only; allocates nothing. */
    void sendFrame(long nowNanos) {
        ByteBuffer frame = source.next(nativeMode);
        boolean utterance = frame != null;
        if (!utterance) {
            frame = comfortNoise ? comfort : silence;
            frame.clear();
        }
        try {
            channel.send(frame, remote);
        } catch (ClosedChannelException e) {
            return;
        } catch (IOException e) {
            LOG.debug("unicast send failed for {}: {}", uuid, e.getMessage());
        }
        if (utterance && source.lastVoiced()) {
            if (!inUtterance) {
                inUtterance = true;
                utteranceStartNanos = nowNanos;
            }
            lastVoicedSentNanos = nowNanos;
        } else if (!utterance) {
            inUtterance = false;
        }
    }

    RobotAudio received() {
        return received;
    }

    long lastVoicedSentNanos() {
        return lastVoicedSentNanos;
    }

    long utteranceStartNanos() {
        return utteranceStartNanos;
    }

    /** One datagram of arbitrary bytes to the robot, from this channel's socket. */
    void sendRaw(byte[] bytes) throws IOException {
        channel.send(ByteBuffer.wrap(bytes), remote);
    }

    boolean nativeMode() {
        return nativeMode;
    }

    int localPort() throws IOException {
        return ((InetSocketAddress) channel.getLocalAddress()).getPort();
    }

    @Override
    public void close() {
        try {
            receiver.close(channel);
        } catch (IOException e) {
            LOG.debug("closing unicast socket of {}: {}", uuid, e.getMessage());
        }
    }
}
