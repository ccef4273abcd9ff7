package io.callrobot.media;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.DatagramChannel;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The UDP media of one call: caller audio arriving on {@link #robotPort()} goes to the inbound
 * listener; robot speech from {@link #playout()} leaves for FreeSWITCH one frame per frame time,
 * on the call's own phase of the shared pacer.
 *
 * <p>FreeSWITCH binds {@code local-ip:local-port} and both sends from and receives on that one
 * socket ({@code switch_ivr_activate_unicast}: {@code switch_socket_bind}, no connect; the park
 * loop {@code switch_socket_sendto}s each read frame to {@code remote-ip:remote-port}). Its
 * receive side ({@code unicast_thread_run}) is a plain {@code switch_socket_recv} that checks no
 * source address and writes every datagram as one frame of {@code len / 2} samples, with no
 * jitter buffer: so we send exactly one frame per frame time, and stop by not sending.
 */
public final class CallMedia implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(CallMedia.class);

    private final String callId;
    private final int sampleRate;
    private final MediaCodec codec;
    private final int frameSamples;
    private final int robotPort;
    private final DatagramChannel channel;
    private final InboundAudioListener inbound;
    private final InboundDecoder decoder;
    private final PlayoutQueue playout;
    private final Consumer<CallMedia> onClose;
    private final Pacer.Paced ticker = this::tick;
    private final ByteBuffer receiveBuffer;
    private final ByteBuffer sendBuffer;
    private final short[] sendFrame;
    private final AtomicBoolean closed = new AtomicBoolean();

    private volatile InetSocketAddress freeswitch;
    private volatile MediaTap tap;
    private volatile long foreignIn;
    private volatile long framesOut;
    private volatile long sendFailures;
    private volatile long lastPacketInNanos;
    private boolean sendErrorLogged;
    private boolean listenerErrorLogged;

    CallMedia(String callId, int sampleRate, MediaCodec codec, MediaConfig config, DatagramChannel channel,
            int robotPort, InboundAudioListener inbound, ResamplerFactory resamplers, Consumer<CallMedia> onClose) {
        this.callId = callId;
        this.sampleRate = sampleRate;
        this.codec = codec;
        this.frameSamples = config.frameSamples(sampleRate);
        this.robotPort = robotPort;
        this.channel = channel;
        this.inbound = inbound;
        this.onClose = onClose;
        this.decoder = new InboundDecoder(codec, frameSamples);
        this.playout = new PlayoutQueue(sampleRate, config.maxPlayoutSeconds(), config.playoutLeadMillis(), resamplers);
        // L16 travels in FreeSWITCH's host byte order, little-endian on x86 and arm64.
        this.receiveBuffer = ByteBuffer.allocateDirect(InboundDecoder.MAX_DATAGRAM + 1).order(ByteOrder.LITTLE_ENDIAN);
        this.sendBuffer = ByteBuffer.allocateDirect(frameSamples * codec.bytesPerSample()).order(ByteOrder.LITTLE_ENDIAN);
        this.sendFrame = new short[frameSamples];
    }

    public String callId() {
        return callId;
    }

    public int sampleRate() {
        return sampleRate;
    }

    public MediaCodec codec() {
        return codec;
    }

    /** Samples per frame at this call's rate. */
    public int frameSamples() {
        return frameSamples;
    }

    /** Our port: give it to FreeSWITCH as {@code remote-port}. */
    public int robotPort() {
        return robotPort;
    }

    /** The port FreeSWITCH should bind: give it as {@code local-port}. */
    public int freeswitchPort() {
        return robotPort + 1;
    }

    /**
     * Starts sending robot frames to {@code freeswitch} ({@code local-ip:local-port}); until then
     * nothing is sent. From now on datagrams from any other address are dropped and counted.
     */
    public void startSending(InetSocketAddress freeswitch) {
        if (freeswitch == null || freeswitch.isUnresolved()) {
            throw new IllegalArgumentException("FreeSWITCH address must be resolved: " + freeswitch);
        }
        this.freeswitch = freeswitch;
    }

    /** From now on every caller frame received and robot frame sent is shown to {@code tap} as well. */
    public void tap(MediaTap tap) {
        this.tap = tap;
    }

    public PlayoutQueue playout() {
        return playout;
    }

    public MediaStats stats() {
        return new MediaStats(decoder.packets, decoder.bytes, decoder.malformed, decoder.comfortNoise, foreignIn,
                framesOut, sendFailures, playout.underruns(), playout.droppedSamples(), playout.staleSamples(),
                lastPacketInNanos);
    }

    /** Stops sending and receiving, closes the socket and frees the port pair. Idempotent. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        try {
            channel.close();
        } catch (IOException e) {
            log.warn("call {}: closing media socket failed", callId, e);
        }
        onClose.accept(this);
    }

    /** The pacer's handle on this call, one instance for registering and unregistering. */
    Pacer.Paced ticker() {
        return ticker;
    }

    /** Receive thread: drains every datagram waiting on the socket. */
    void receive() {
        try {
            SocketAddress source;
            while ((source = channel.receive(receiveBuffer.clear())) != null) {
                InetSocketAddress expected = freeswitch;
                if (expected != null && !expected.equals(source)) {
                    foreignIn++;
                    continue;
                }
                long now = System.nanoTime();
                lastPacketInNanos = now;
                int count = decoder.decode(receiveBuffer, receiveBuffer.position());
                if (count > 0) {
                    deliver(count, now);
                }
            }
        } catch (IOException e) {
            if (!closed.get()) {
                log.warn("call {}: media receive failed", callId, e);
            }
        }
    }

    /** Pacer thread: sends the next frame if one is ready; see {@link Pacer.Paced#tick}. Allocates nothing. */
    boolean tick(long nowNanos, boolean due) {
        InetSocketAddress target = freeswitch;
        if (target == null || closed.get() || (!due && playout.idle())) {
            return false;
        }
        boolean sent = playout.take(sendFrame, frameSamples, due) > 0;
        if (sent) {
            sendBuffer.clear();
            codec.encode(sendFrame, frameSamples, sendBuffer);
            sendBuffer.flip();
            try {
                if (channel.send(sendBuffer, target) > 0) {
                    framesOut++;
                    MediaTap current = tap;
                    if (current != null) {
                        current.robotAudio(sendFrame, frameSamples, nowNanos);
                    }
                } else {
                    sendFailures++;
                }
            } catch (IOException e) {
                sendFailures++;
                if (!sendErrorLogged && !closed.get()) {
                    sendErrorLogged = true;
                    log.warn("call {}: media send failed", callId, e);
                }
            }
        }
        playout.firePending(nowNanos);
        return sent;
    }

    private void deliver(int count, long receivedNanos) {
        try {
            MediaTap current = tap;
            if (current != null) {
                current.callerAudio(decoder.samples(), count, receivedNanos);
            }
            inbound.onAudio(decoder.samples(), count);
        } catch (RuntimeException e) {
            if (!listenerErrorLogged) {
                listenerErrorLogged = true;
                log.warn("call {}: inbound audio listener failed (logged once per call)", callId, e);
            }
        }
    }
}
