package io.callrobot.ops.live;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LiveEventsTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    private static LiveEvent state(int n) {
        return new LiveEvent.StateChanged("call-" + n, "talking");
    }

    private static List<LiveEvent> read(LiveEvents.Subscription subscription, int count) throws Exception {
        List<LiveEvent> got = new ArrayList<>();
        while (got.size() < count) {
            LiveEvent event = subscription.next(WAIT);
            assertThat(event).as("event %d of %d", got.size() + 1, count).isNotNull();
            got.add(event);
        }
        return got;
    }

    @Test
    void everySubscriberGetsEveryEventInTheOrderPublished() throws Exception {
        try (LiveEvents hub = new LiveEvents(1024, 1024)) {
            LiveEvents.Subscription first = hub.subscribe();
            LiveEvents.Subscription second = hub.subscribe();
            List<LiveEvent> published = new ArrayList<>();
            for (int i = 0; i < 500; i++) {
                published.add(state(i));
                hub.publish(published.get(i));
            }
            assertThat(read(first, 500)).containsExactlyElementsOf(published);
            assertThat(read(second, 500)).containsExactlyElementsOf(published);
            assertThat(first.next(Duration.ofMillis(50))).as("nothing more").isNull();
        }
    }

    @Test
    void aSubscriberThatFallsBehindIsDroppedAndTheOthersGoOn() throws Exception {
        try (LiveEvents hub = new LiveEvents(1024, 4)) {
            LiveEvents.Subscription stalled = hub.subscribe();
            LiveEvents.Subscription reading = hub.subscribe();
            List<LiveEvent> got = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                hub.publish(state(i));
                got.add(reading.next(WAIT)); // keeps up, one at a time
            }
            assertThat(got).extracting(LiveEvent::uuid).endsWith("call-19").hasSize(20);
            assertThat(stalled.dropped()).isTrue();
            assertThatThrownBy(() -> stalled.next(WAIT)).isInstanceOf(LiveEvents.DroppedException.class);
            assertThat(hub.subscribers()).isEqualTo(1);
        }
    }

    @Test
    void publishingNeverWaitsForSubscribersAndAnOverflowDropsThemAll() throws Exception {
        try (LiveEvents hub = new LiveEvents(8, 8)) {
            LiveEvents.Subscription neverReads = hub.subscribe();
            for (int i = 0; i < 100_000; i++) {
                hub.publish(state(i)); // a full queue loses the event, it never blocks the publisher
            }
            await().atMost(WAIT).until(neverReads::dropped);
            assertThatThrownBy(() -> neverReads.next(WAIT)).isInstanceOf(LiveEvents.DroppedException.class);
            LiveEvents.Subscription fresh = hub.subscribe();
            hub.publish(state(-1));
            assertThat(fresh.next(WAIT)).isEqualTo(state(-1));
        }
    }

    @Test
    void aClosedSubscriptionGetsNothingMore() throws Exception {
        try (LiveEvents hub = new LiveEvents(16, 16)) {
            LiveEvents.Subscription subscription = hub.subscribe();
            subscription.close();
            assertThat(hub.subscribers()).isZero();
            hub.publish(state(1));
            assertThat(subscription.next(Duration.ofMillis(100))).isNull();
        }
    }
}
