package io.callrobot.tts.cache;

import io.callrobot.tts.ListenerGate;
import io.callrobot.tts.TextChunk;
import io.callrobot.tts.TtsEngine;
import io.callrobot.tts.TtsListener;
import io.callrobot.tts.TtsRequest;
import io.callrobot.tts.TtsStream;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A reply through the prompt cache. Each chunk is looked up when sent: hits are kept, a chunk being
 * warmed right now waits for the warming instead of being synthesised twice, misses go to the provider
 * stream (opened on the first miss). One delivery thread walks the chunks in order, playing a hit at
 * once and a miss as the provider's events for it arrive, so a hit after a miss waits for it. Provider
 * callbacks only queue events, so the provider's locks and ours are never nested.
 *
 * <p>Sending does no I/O: it may run on the call's timer thread (a reply's idle flush) or a provider's
 * reader. A chunk the disk cache holds is known from its index and read by the delivery thread.
 */
final class CachingTtsStream implements TtsStream {

    private static final Logger log = LoggerFactory.getLogger(CachingTtsStream.class);

    /**
     * A chunk in speaking order: {@code cached} is its audio on a hit in memory; {@code onDisk} says
     * the disk cache holds it; {@code warming} is its audio to come when it is being warmed; none of
     * these on a miss.
     */
    private record Slot(TextChunk chunk, String key, CachedPcm cached, boolean onDisk,
            CompletableFuture<CachedPcm> warming) {
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
    /** Guards the state below; listener calls are made outside it (see {@link ListenerGate}). */
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final ListenerGate gate;
    private final Deque<Slot> slots = new ArrayDeque<>();
    private TtsStream providerStream;
    /** Synthesises a chunk alone whose cached audio could not be had; see {@link #deliverFound}. */
    private TtsStream aloneStream;
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

    /** Looks the chunk up in memory and in the disk cache's index; a miss goes to the provider. */
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
            CachedPcm cached = cache.inMemory(key);
            boolean onDisk = cached == null && cache.onDisk(key);
            CompletableFuture<CachedPcm> warming = cached == null && !onDisk ? cache.warming(key) : null;
            slots.add(new Slot(chunk, key, cached, onDisk, warming));
            changed.signalAll();
            if (cached != null || onDisk || warming != null) {
                return;
            }
            if (providerStream == null) {
                providerStream = provider.open(request, new ProviderEvents(events));
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
                boolean delivered = slot.cached() != null ? deliverHit(slot.chunk(), slot.cached())
                        : slot.onDisk() ? deliverFound(slot, cache.load(slot.key()))
                        : slot.warming() != null ? deliverFound(slot, warmed(slot)) : deliverMiss(slot, events);
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
    private boolean deliverHit(TextChunk chunk, CachedPcm audio) {
        cache.count(true);
        return gate.call(() -> listener.onChunkSource(chunk, true))
                && gate.call(() -> listener.onAudio(chunk, audio.pcm().clone(), audio.sampleRate()))
                && gate.call(() -> listener.onChunkDone(chunk));
    }

    /** The audio of a chunk that was being warmed when it was sent, once the warming ends; null if it failed. */
    private static CachedPcm warmed(Slot slot) throws InterruptedException {
        try {
            return slot.warming().get();
        } catch (ExecutionException e) {
            return null; // warming completes normally, with null on failure; a miss either way
        }
    }

    /**
     * Plays a chunk whose audio was looked for after it was sent (read from disk, or awaited from its
     * warming). If none was found, the chunk is synthesised on a stream of its own: the reply's provider
     * stream may already have been sent later chunks, and a provider speaks in the order it is sent.
     */
    private boolean deliverFound(Slot slot, CachedPcm audio) throws InterruptedException {
        if (audio != null) {
            return deliverHit(slot.chunk(), audio);
        }
        LinkedBlockingQueue<Event> own = new LinkedBlockingQueue<>();
        TtsStream alone = provider.open(request, new ProviderEvents(own));
        lock.lock();
        try {
            if (gate.ended()) {
                alone.cancel();
                return false;
            }
            aloneStream = alone;
        } finally {
            lock.unlock();
        }
        alone.send(slot.chunk());
        alone.finish();
        if (!deliverMiss(slot, own)) {
            return false;
        }
        Event end = own.take();
        forget(own);
        switch (end) {
            case Complete complete -> {
                return true;
            }
            case Failed failed -> gate.fail(listener, failed.error());
            default -> gate.fail(listener, new IllegalStateException("provider sent more than the chunk it was sent"));
        }
        return false;
    }

    /** Plays a miss as the provider delivers it, then stores its audio; false if the stream ended. */
    private boolean deliverMiss(Slot slot, LinkedBlockingQueue<Event> events) throws InterruptedException {
        cache.count(false);
        if (!gate.call(() -> listener.onChunkSource(slot.chunk(), false))) {
            return false;
        }
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
                    // approximately attributed audio is not this chunk's speech alone: play it, keep nothing
                    if (oneRate && rate > 0 && cache.exactChunks()) {
                        cache.store(slot.key(), CachedPcm.join(kept, rate));
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

    /** The provider stream ended by itself: it needs no cancel. */
    private void forgetProvider() {
        forget(events);
    }

    /** The provider stream feeding {@code queue} (the reply's, or one chunk's alone) ended by itself. */
    private void forget(LinkedBlockingQueue<Event> queue) {
        lock.lock();
        try {
            if (queue == events) {
                providerStream = null;
            } else {
                aloneStream = null;
            }
        } finally {
            lock.unlock();
        }
    }

    /** The stream has ended (under the lock): forget the chunks; the provider streams are cancelled after unlocking. */
    private Runnable dropAll() {
        slots.clear();
        changed.signalAll();
        TtsStream target = providerStream;
        TtsStream alone = aloneStream;
        return () -> {
            if (target != null) {
                target.cancel();
            }
            if (alone != null) {
                alone.cancel();
            }
        };
    }

    /** Queues the provider's callbacks for the delivery thread. */
    private static final class ProviderEvents extends TtsListener {

        private final LinkedBlockingQueue<Event> events;

        ProviderEvents(LinkedBlockingQueue<Event> events) {
            this.events = events;
        }

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
