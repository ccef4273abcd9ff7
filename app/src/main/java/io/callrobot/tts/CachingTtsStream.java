package io.callrobot.tts;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A reply through the prompt cache. Each chunk is looked up when sent: hits are kept, misses go to the
 * provider stream (opened on the first miss). One delivery thread walks the chunks in order, playing a
 * hit at once and a miss as the provider's events for it arrive, so a hit after a miss waits for it.
 * Provider callbacks only queue events, so the provider's locks and ours are never nested.
 */
final class CachingTtsStream implements TtsStream {

    private static final Logger log = LoggerFactory.getLogger(CachingTtsStream.class);

    /** A chunk in speaking order: {@code cached} is its audio on a hit, null on a miss. */
    private record Slot(TextChunk chunk, String key, CachedPcm cached) {
    }

    /** What the provider stream reported, in its order. */
    private sealed interface Event {
    }

    private record Audio(short[] pcm, int sampleRate) implements Event {
    }

    private record Done() implements Event {
    }

    private record Complete() implements Event {
    }

    private record Failed(Throwable error) implements Event {
    }

    private final CachingTtsEngine cache;
    private final TtsEngine provider;
    private final TtsRequest request;
    private final TtsListener listener;
    private final LinkedBlockingQueue<Event> events = new LinkedBlockingQueue<>();
    /** Guards the state below and every listener call, so nothing is heard after cancel() returns. */
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final ListenerGate gate;
    private final Deque<Slot> slots = new ArrayDeque<>();
    private TtsStream providerStream;
    private boolean finishing;

    private CachingTtsStream(CachingTtsEngine cache, TtsEngine provider, TtsRequest request, TtsListener listener) {
        this.cache = cache;
        this.provider = provider;
        this.request = request;
        this.listener = listener;
        this.gate = new ListenerGate(request.callId(), lock, this::dropAll);
    }

    static CachingTtsStream open(CachingTtsEngine cache, TtsEngine provider, TtsRequest request, TtsListener listener) {
        CachingTtsStream stream = new CachingTtsStream(cache, provider, request, listener);
        stream.gate.deliverer(Thread.ofVirtual().name("tts-cache-" + request.callId()).start(stream::deliver));
        return stream;
    }

    /** Looks the chunk up (memory, then a small disk read if configured); a miss goes to the provider. */
    @Override
    public void send(TextChunk chunk) {
        String key = cache.key(request, chunk.text());
        TtsStream target;
        lock.lock();
        try {
            if (gate.ended()) {
                return;
            }
            if (finishing) {
                log.warn("{}: chunk {} sent after finish() is ignored", request.callId(), chunk.index());
                return;
            }
            CachedPcm cached = cache.lookup(key);
            slots.add(new Slot(chunk, key, cached));
            changed.signalAll();
            if (cached != null) {
                return;
            }
            if (providerStream == null) {
                providerStream = provider.open(request, new ProviderEvents());
            }
            target = providerStream;
        } finally {
            lock.unlock();
        }
        target.send(chunk);
    }

    @Override
    public void finish() {
        TtsStream target;
        lock.lock();
        try {
            finishing = true;
            changed.signalAll();
            target = providerStream;
        } finally {
            lock.unlock();
        }
        if (target != null) {
            target.finish();
        }
    }

    @Override
    public void cancel() {
        gate.terminate(() -> { });
    }

    private void deliver() {
        try {
            for (Slot slot = nextSlot(); slot != null; slot = nextSlot()) {
                boolean delivered = slot.cached() == null ? deliverMiss(slot) : deliverHit(slot);
                if (!delivered) {
                    return;
                }
            }
            if (!providerOpened()) {
                gate.terminate(listener::onComplete);
                return;
            }
            switch (events.take()) {
                case Complete complete -> {
                    forgetProvider();
                    gate.terminate(listener::onComplete);
                }
                case Failed failed -> {
                    forgetProvider();
                    gate.fail(listener, failed.error());
                }
                case Audio audio ->
                        gate.fail(listener, new IllegalStateException("provider sent audio after its last chunk"));
                case Done done ->
                        gate.fail(listener, new IllegalStateException("provider finished a chunk it was not sent"));
            }
        } catch (InterruptedException e) {
            // cancelled while waiting
        }
    }

    /** The next chunk to play, waiting for one; null once finished and all played, or ended. */
    private Slot nextSlot() throws InterruptedException {
        lock.lock();
        try {
            while (!gate.ended() && slots.isEmpty() && !finishing) {
                changed.await();
            }
            return gate.ended() ? null : slots.poll();
        } finally {
            lock.unlock();
        }
    }

    private boolean providerOpened() {
        lock.lock();
        try {
            return providerStream != null;
        } finally {
            lock.unlock();
        }
    }

    /** Plays a hit; the listener gets its own copy because it owns the arrays it is given. */
    private boolean deliverHit(Slot slot) {
        CachedPcm audio = slot.cached();
        return gate.call(() -> listener.onAudio(slot.chunk(), audio.pcm().clone(), audio.sampleRate()))
                && gate.call(() -> listener.onChunkDone(slot.chunk()));
    }

    /** Plays a miss as the provider delivers it, then stores its audio; false if the stream ended. */
    private boolean deliverMiss(Slot slot) throws InterruptedException {
        List<short[]> kept = new ArrayList<>();
        int rate = 0;
        boolean oneRate = true;
        while (true) {
            switch (events.take()) {
                case Audio audio -> {
                    kept.add(audio.pcm().clone());
                    oneRate &= rate == 0 || rate == audio.sampleRate();
                    rate = audio.sampleRate();
                    if (!gate.call(() -> listener.onAudio(slot.chunk(), audio.pcm(), audio.sampleRate()))) {
                        return false;
                    }
                }
                case Done done -> {
                    // stored before onChunkDone: a cancel from that callback must not interrupt the disk write
                    if (oneRate && rate > 0) {
                        cache.store(slot.key(), new CachedPcm(concat(kept), rate));
                    }
                    return gate.call(() -> listener.onChunkDone(slot.chunk()));
                }
                case Failed failed -> {
                    forgetProvider();
                    gate.fail(listener, failed.error());
                    return false;
                }
                case Complete complete -> {
                    gate.fail(listener,
                            new IllegalStateException("provider completed before chunk " + slot.chunk().index()));
                    return false;
                }
            }
        }
    }

    private static short[] concat(List<short[]> parts) {
        if (parts.size() == 1) {
            return parts.getFirst();
        }
        short[] all = new short[parts.stream().mapToInt(part -> part.length).sum()];
        int at = 0;
        for (short[] part : parts) {
            System.arraycopy(part, 0, all, at, part.length);
            at += part.length;
        }
        return all;
    }

    /** The provider stream ended by itself: it needs no cancel. */
    private void forgetProvider() {
        lock.lock();
        try {
            providerStream = null;
        } finally {
            lock.unlock();
        }
    }

    /** The stream has ended (under the lock): forget the chunks; the provider stream is cancelled after unlocking. */
    private Runnable dropAll() {
        slots.clear();
        changed.signalAll();
        TtsStream target = providerStream;
        return target == null ? () -> { } : target::cancel;
    }

    /** Queues the provider's callbacks for the delivery thread. */
    private final class ProviderEvents extends TtsListener {

        @Override
        public void onAudio(TextChunk chunk, short[] pcm, int sampleRate) {
            events.add(new Audio(pcm, sampleRate));
        }

        @Override
        public void onChunkDone(TextChunk chunk) {
            events.add(new Done());
        }

        @Override
        public void onComplete() {
            events.add(new Complete());
        }

        @Override
        public void onFailure(Throwable error) {
            events.add(new Failed(error));
        }
    }
}
