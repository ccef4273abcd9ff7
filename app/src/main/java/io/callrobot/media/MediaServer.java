package io.callrobot.media;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.nio.channels.DatagramChannel;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The UDP media side shared by all calls: allocates port pairs, runs one receive thread and one
 * pacer thread, shares resampler filter tables, and opens a {@link CallMedia} per call.
 *
 * <p>Why plain {@code java.nio} rather than netty: the pacer must send one datagram per call
 * per 20 ms without allocating. A write to a netty channel from outside its event loop enqueues
 * a task and a {@code DatagramPacket} per frame, and making the event loop the clock would tie
 * pacing precision to the loop's other work and its scheduler. A non-blocking
 * {@link DatagramChannel#send} straight from the pacer thread with a reused direct buffer
 * allocates nothing; receiving is one selector thread that decodes into reused buffers.
 */
public final class MediaServer implements AutoCloseable {

    private final MediaConfig config;
    private final PortAllocator ports;
    private final Pacer pacer;
    private final ResamplerFactory resamplers = new ResamplerFactory();
    private final boolean pacerThread;
    private final Set<CallMedia> open = ConcurrentHashMap.newKeySet();
    private volatile UdpReceiver receiver;
    private volatile boolean running;

    public MediaServer(MediaConfig config) {
        this(config, true);
    }

    /** With {@code pacerThread} false nobody ticks the pacer but the caller of {@link #pacer()} (tests). */
    MediaServer(MediaConfig config, boolean pacerThread) {
        this.config = config;
        this.ports = new PortAllocator(config);
        this.pacer = new Pacer(config.frameMillis());
        this.pacerThread = pacerThread;
    }

    public MediaConfig config() {
        return config;
    }

    /** Starts the receive and pacer threads. */
    public synchronized void start() throws IOException {
        if (running) {
            return;
        }
        receiver = new UdpReceiver();
        receiver.start();
        if (pacerThread) {
            pacer.start();
        }
        running = true;
    }

    /**
     * Opens the media of one call: binds our port of a free pair on {@link MediaConfig#bindHost()}.
     * Pairs whose port cannot be bound are skipped.
     *
     * @param sampleRate the channel's read rate (8000 for PCMU and PCMA)
     * @param codec      {@link MediaCodec#L16} unless unicast is activated with {@code flags: native}
     * @param listener   receives the caller's audio on the receive thread
     * @throws IOException if no port pair is free and bindable
     */
    public CallMedia open(String callId, int sampleRate, MediaCodec codec, InboundAudioListener listener)
            throws IOException {
        if (!running) {
            throw new IllegalStateException("media server is not running");
        }
        if (codec == null || listener == null) {
            throw new IllegalArgumentException("codec and listener are required");
        }
        if (codec != MediaCodec.L16 && sampleRate != 8000) {
            throw new IllegalArgumentException(codec + " is an 8000 Hz codec, not " + sampleRate);
        }
        int frameBytes = config.frameSamples(sampleRate) * codec.bytesPerSample();
        if (sampleRate <= 0 || frameBytes <= 0 || frameBytes > InboundDecoder.MAX_DATAGRAM) {
            throw new IllegalArgumentException("unsupported sample rate " + sampleRate);
        }
        IOException bindFailure = null;
        for (int attempt = 0; attempt < ports.pairs(); attempt++) {
            int port = ports.take();
            // FreeSWITCH's unicast socket is IPv4 only (switch_socket_create(..., AF_INET, SOCK_DGRAM, ...)).
            DatagramChannel channel = DatagramChannel.open(StandardProtocolFamily.INET);
            try {
                channel.bind(new InetSocketAddress(config.bindHost(), port));
                channel.configureBlocking(false);
            } catch (IOException e) {
                channel.close();
                ports.release(port);
                bindFailure = e;
                continue;
            }
            return register(callId, sampleRate, codec, listener, channel, port);
        }
        throw new IOException("no bindable UDP port pair in " + config.portMin() + ".." + config.portMax(),
                bindFailure);
    }

    /** Port pairs currently held by open calls. */
    public int portsInUse() {
        return ports.inUse();
    }

    public PacerStats pacerStats() {
        return pacer.stats();
    }

    /** Closes every open call and stops the threads. */
    @Override
    public synchronized void close() {
        running = false;
        for (CallMedia call : List.copyOf(open)) {
            call.close();
        }
        pacer.stop();
        if (receiver != null) {
            receiver.stop();
            receiver = null;
        }
    }

    Pacer pacer() {
        return pacer;
    }

    private CallMedia register(String callId, int sampleRate, MediaCodec codec, InboundAudioListener listener,
            DatagramChannel channel, int port) throws IOException {
        CallMedia call = new CallMedia(callId, sampleRate, codec, config, channel, port, listener, resamplers,
                this::closed);
        open.add(call);
        try {
            receiver.register(channel, call);
        } catch (IOException | RuntimeException e) {
            call.close();
            throw e;
        }
        pacer.register(call.ticker());
        return call;
    }

    private void closed(CallMedia call) {
        pacer.unregister(call.ticker());
        open.remove(call);
        UdpReceiver current = receiver;
        if (current != null) {
            current.awaitDeregistered();
        }
        ports.release(call.robotPort());
    }
}
