package io.callrobot.sim;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.DatagramChannel;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * FreeSWITCH's side of {@code unicast}: one UDP socket bound to {@code local-ip:local-port}
 * sending the caller's frames to {@code remote-ip:remote-port} and taking every datagram it
 * receives as one frame for the call, with no jitter buffer (switch_ivr.c,
 * switch_ivr_activate_unicast, unicast_thread_run and the CF_UNICAST branch of switch_ivr_park).
 */
final class UnicastMedia implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(UnicastMedia.class);
    /** unicast_thread_run receives into the write frame's buffer (switch_unicast_conninfo_t write_frame_data). */
    private static final int RECEIVE_BUFFER = 8192;

    private final String uuid;
    private final DatagramChannel channel;
    private final InetSocketAddress remote;
    private final boolean nativeMode;
    private final boolean comfortNoise;
    private final CallerAudioSource source;
    private final short[] pcm;
    private final ByteBuffer out;
    private final ConcurrentLinkedQueue<RobotFrame> received = new ConcurrentLinkedQueue<>();
    /** Written by the receiver thread only; the queue's size() would walk the whole queue. */
    private volatile int receivedCount;
    private final Thread receiver;

    private volatile long lastVoicedSentNanos;
    private volatile long utteranceStartNanos;
    private volatile long firstRobotFrameNanos;
    private volatile long lastRobotFrameNanos;
    private boolean inUtterance;

    UnicastMedia(String uuid, InetSocketAddress local, InetSocketAddress remote, boolean nativeMode, boolean comfortNoise,
                 CallerAudioSource source, int samplesPerFrame) throws IOException {
        this.uuid = uuid;
        this.remote = remote;
        this.nativeMode = nativeMode;
        this.comfortNoise = comfortNoise;
        this.source = source;
        this.pcm = new short[samplesPerFrame];
        // Comfort noise is bytes-per-frame of 0xFF at L16 size even in native mode (switch_ivr_park, SFF_CNG).
        this.out = ByteBuffer.allocateDirect(samplesPerFrame * 2).order(ByteOrder.LITTLE_ENDIAN);
        this.channel = DatagramChannel.open();
        try {
            channel.bind(local);
        } catch (IOException e) {
            channel.close();
            throw e;
        }
        this.receiver = Thread.ofVirtual().name("sim-unicast-rx-" + uuid).start(this::receive);
    }

    /** Called by the pacing thread only; allocates nothing. */
    void sendFrame(long nowNanos) {
        boolean utterance = source.fill(pcm);
        out.clear();
        if (!utterance && comfortNoise) {
            for (int i = 0; i < pcm.length * 2; i++) {
                out.put((byte) 0xFF);
            }
        } else if (nativeMode) {
            for (short s : pcm) {
                out.put(MuLaw.encode(s));
            }
        } else {
            for (short s : pcm) {
                out.putShort(s);
            }
        }
        out.flip();
        try {
            channel.send(out, remote);
        } catch (ClosedChannelException e) {
            return;
        } catch (IOException e) {
            LOG.debug("unicast send failed for {}: {}", uuid, e.getMessage());
        }
        if (utterance && CallerAudioSource.voiced(pcm)) {
            if (!inUtterance) {
                inUtterance = true;
                utteranceStartNanos = nowNanos;
            }
            lastVoicedSentNanos = nowNanos;
        } else if (!utterance) {
            inUtterance = false;
        }
    }

    private void receive() {
        ByteBuffer buffer = ByteBuffer.allocateDirect(RECEIVE_BUFFER);
        while (channel.isOpen()) {
            buffer.clear();
            SocketAddress from;
            try {
                from = channel.receive(buffer);
            } catch (IOException e) {
                break;
            }
            long arrival = System.nanoTime();
            if (from == null) {
                continue;
            }
            buffer.flip();
            byte[] payload = new byte[buffer.remaining()];
            buffer.get(payload);
            received.add(new RobotFrame(payload, arrival));
            receivedCount++;
            if (firstRobotFrameNanos == 0) {
                firstRobotFrameNanos = arrival;
            }
            lastRobotFrameNanos = arrival;
        }
    }

    List<RobotFrame> robotFrames() {
        return List.copyOf(received);
    }

    int robotFrameCount() {
        return receivedCount;
    }

    long firstRobotFrameNanos() {
        return firstRobotFrameNanos;
    }

    long lastRobotFrameNanos() {
        return lastRobotFrameNanos;
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
            channel.close();
        } catch (IOException e) {
            LOG.debug("closing unicast socket of {}: {}", uuid, e.getMessage());
        }
        receiver.interrupt();
    }
}
