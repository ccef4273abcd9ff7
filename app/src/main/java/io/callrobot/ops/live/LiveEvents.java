package io.callrobot.ops.live;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The hub calls publish their {@link LiveEvent}s to. Publishing never blocks: the event goes into a
 * bounded queue that one {@code ops-live} thread drains, handing each event to every subscriber's
 * own bounded queue in the order published. A subscriber whose queue is full is dropped (it
 * reconnects and starts again from a snapshot), and so is every subscriber when the hub's own queue
 * overflows, since they then missed events: a slow reader never slows a call.
 */
public final class LiveEvents implements Consumer<LiveEvent>, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(LiveEvents.class);

    private final BlockingQueue<LiveEvent> inbox;
    private final int subscriberCapacity;
    private final List<Subscription> subscribers = new CopyOnWriteArrayList<>();
    private final AtomicBoolean overflowed = new AtomicBoolean();
    private final AtomicLong lost = new AtomicLong();
    private final Thread thread;
    private volatile boolean closed;

    /**
     * @param capacity           events waiting to be fanned out before publishers' events are lost
     * @param subscriberCapacity events waiting for one subscriber before it is dropped
     */
    public LiveEvents(int capacity, int subscriberCapacity) {
        if (capacity < 1 || subscriberCapacity < 1) {
            throw new IllegalArgumentException("capacities must be positive: " + capacity + ", " + subscriberCapacity);
        }
        this.inbox = new ArrayBlockingQueue<>(capacity);
        this.subscriberCapacity = subscriberCapacity;
        this.thread = Thread.ofPlatform().name("ops-live").daemon().start(this::run);
    }

    /** Publishes {@code event}; returns at once, from any thread. */
    public void publish(LiveEvent event) {
        if (!inbox.offer(event)) {
            lost.incrementAndGet();
            overflowed.set(true);
        }
    }

    @Override
    public void accept(LiveEvent event) {
        publish(event);
    }

    /** A new subscriber: it gets every event published from now on, until dropped or closed. */
    public Subscription subscribe() {
        Subscription subscription = new Subscription(this, subscriberCapacity);
        if (closed) {
            subscription.drop();
        } else {
            subscribers.add(subscription);
        }
        return subscription;
    }

    /** Events lost because the hub's queue was full (their subscribers were dropped). */
    public long lost() {
        return lost.get();
    }

    /** Subscribers now listening. */
    public int subscribers() {
        return subscribers.size();
    }

    private void run() {
        List<LiveEvent> batch = new ArrayList<>();
        while (!closed) {
            try {
                batch.add(inbox.take());
            } catch (InterruptedException e) {
                break;
            }
            inbox.drainTo(batch);
            if (overflowed.getAndSet(false)) {
                log.warn("live events came faster than they could be fanned out; {} subscribers start again",
                        subscribers.size());
                subscribers.forEach(this::drop);
            }
            for (LiveEvent event : batch) {
                for (Subscription s : subscribers) {
                    if (!s.offer(event)) {
                        drop(s);
                    }
                }
            }
            batch.clear();
        }
    }

    private void drop(Subscription subscription) {
        subscribers.remove(subscription);
        subscription.drop();
    }

    void unsubscribe(Subscription subscription) {
        subscribers.remove(subscription);
    }

    @Override
    public void close() {
        closed = true;
        thread.interrupt();
        subscribers.forEach(this::drop);
    }

    /** One reader's events. Its methods may be called from one thread at a time. */
    public static final class Subscription implements AutoCloseable {

        /** Put in the queue when the subscriber is dropped, so a waiting reader wakes at once. */
        private static final Object DROPPED = new Object();

        private final LiveEvents hub;
        private final BlockingQueue<Object> queue;
        private final int capacity;
        private volatile boolean dropped;

        Subscription(LiveEvents hub, int capacity) {
            this.hub = hub;
            this.capacity = capacity;
            this.queue = new ArrayBlockingQueue<>(capacity + 1); // room for DROPPED
        }

        /** On the hub's thread, the only one that adds events: false when the queue is full. */
        boolean offer(LiveEvent event) {
            return queue.size() < capacity && queue.offer(event);
        }

        void drop() {
            dropped = true;
            queue.clear();
            queue.offer(DROPPED);
        }

        /**
         * The next event, waiting up to {@code timeout}; null when none came in time.
         *
         * @throws DroppedException when the subscriber fell behind and was dropped
         */
        public LiveEvent next(Duration timeout) throws InterruptedException, DroppedException {
            if (dropped) {
                throw new DroppedException();
            }
            Object next = queue.poll(timeout.toNanos(), TimeUnit.NANOSECONDS);
            if (next == DROPPED) {
                throw new DroppedException();
            }
            return (LiveEvent) next;
        }

        public boolean dropped() {
            return dropped;
        }

        @Override
        public void close() {
            hub.unsubscribe(this);
        }
    }

    /** The subscriber missed events: it must start again from a snapshot. */
    public static final class DroppedException extends Exception {
        DroppedException() {
            super("fell behind the calls' events and was dropped", null, false, false);
        }
    }
}
