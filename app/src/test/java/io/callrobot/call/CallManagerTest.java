package io.callrobot.call;

import io.callrobot.amd.AnnouncementPhrases;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.callrobot.config.CallRobotConfig;
import io.callrobot.config.ConfigLoader;
import io.callrobot.dialog.DialogFactory;
import io.callrobot.esl.EslConnection;
import io.callrobot.esl.EslEvent;
import io.callrobot.esl.EslEventListener;
import io.callrobot.esl.EslReply;
import io.callrobot.ops.CallLog;
import io.callrobot.ops.CallMetrics;
import io.callrobot.ops.CallRecord;
import io.callrobot.provider.ProviderRegistries;
import io.callrobot.time.SystemCallClock;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class CallManagerTest {

    private static final int MAX_CALLS = 4;

    /** The calls' tasks wait here until the test runs them, so admitted calls stay in progress meanwhile. */
    private final Queue<Runnable> callTasks = new ConcurrentLinkedQueue<>();
    private final Queue<CallRecord> records = new ConcurrentLinkedQueue<>();
    private final SystemCallClock clock = new SystemCallClock("test-call-timers");
    private final CallServices services = services();
    private final CallManager manager = new CallManager(services);

    @AfterEach
    void stop() {
        clock.close();
    }

    /** Real call sessions whose flow does not exist: once set up they hang up with error_setup and end. */
    private CallServices services() {
        CallRobotConfig config = new ConfigLoader(ProviderRegistries.standard()).load(null, Map.of(
                "CALLROBOT_CALL_MAX_CALLS", Integer.toString(MAX_CALLS)));
        DialogFactory noFlows = (callId, flow, variables, scope) -> {
            throw new IllegalArgumentException("no flow " + flow);
        };
        return new CallServices(config, null, noFlows, null, null, null, null,
                new CallMetrics(() -> 0), new CallLog(null, records::add), clock, callTasks::add, event -> { }, null,
                AnnouncementPhrases.defaults());
    }

    @Test
    void concurrentConnectsNeverAdmitMoreThanMaxCalls() throws Exception {
        int callers = 32;
        int rounds = 5;
        AtomicReference<CountDownLatch> decided = new AtomicReference<>();
        // Every caller is held where a session is made until all have been either let in this far or
        // refused: a check-then-act admission lets them all in, since none is registered yet.
        CallManager hammered = new CallManager(services, (connection, info, onEnded) -> {
            decided.get().countDown();
            await(decided.get());
            return new CallSession(services, connection, info, onEnded);
        });
        ExecutorService threads = Executors.newFixedThreadPool(callers);
        try {
            for (int round = 0; round < rounds; round++) {
                CountDownLatch go = new CountDownLatch(1);
                decided.set(new CountDownLatch(callers));
                List<Future<EslEventListener>> answers = new ArrayList<>();
                for (int i = 0; i < callers; i++) {
                    FakeConnection connection = new FakeConnection("call-" + round + "-" + i, decided.get()::countDown);
                    answers.add(threads.submit(() -> {
                        go.await();
                        return hammered.onCall(connection);
                    }));
                }
                go.countDown();
                List<CallSession> admitted = new ArrayList<>();
                for (Future<EslEventListener> answer : answers) {
                    if (answer.get() instanceof CallSession session) {
                        admitted.add(session);
                    }
                }
                assertThat(admitted).as("round %d", round).hasSize(MAX_CALLS);
                assertThat(hammered.activeCalls()).isEqualTo(MAX_CALLS);

                runCallTasks();
                admitted.forEach(session -> session.onDisconnect("socket closed"));
                runCallTasks();
                assertThat(hammered.activeCalls()).as("round %d", round).isZero();
            }
        } finally {
            threads.shutdownNow();
        }
        assertThat(records).filteredOn(r -> r.result().equals("rejected_busy")).hasSize(rounds * (callers - MAX_CALLS));
        assertThat(records).filteredOn(r -> r.result().equals("error_setup")).hasSize(rounds * MAX_CALLS);
    }

    @Test
    void aSessionThatCannotBeMadeGivesItsSlotBack() {
        AtomicInteger failures = new AtomicInteger(1);
        CallManager failing = new CallManager(services, (connection, info, onEnded) -> {
            if (failures.getAndDecrement() > 0) {
                throw new IllegalStateException("no session today");
            }
            return new CallSession(services, connection, info, onEnded);
        });
        assertThatThrownBy(() -> failing.onCall(new FakeConnection("call-0"))).hasMessage("no session today");
        for (int i = 1; i <= MAX_CALLS; i++) {
            assertThat(failing.onCall(new FakeConnection("call-" + i))).isInstanceOf(CallSession.class);
        }
        assertThat(failing.onCall(new FakeConnection("call-over"))).isNotInstanceOf(CallSession.class);
    }

    @Test
    void aSecondSocketForTheSameCallGivesItsSlotBack() {
        FakeConnection first = new FakeConnection("call-1");
        assertThat(manager.onCall(first)).isInstanceOf(CallSession.class);
        FakeConnection duplicate = new FakeConnection("call-1");
        assertThat(manager.onCall(duplicate)).isNotInstanceOf(CallSession.class);
        assertThat(duplicate.closed).isTrue();
        assertThat(duplicate.hangups).isEmpty();

        for (int i = 2; i <= MAX_CALLS; i++) {
            assertThat(manager.onCall(new FakeConnection("call-" + i))).isInstanceOf(CallSession.class);
        }
        FakeConnection over = new FakeConnection("call-over");
        assertThat(manager.onCall(over)).isNotInstanceOf(CallSession.class);
        assertThat(over.hangups).containsExactly(CallRobotConfig.defaults().call().overloadCause());
        assertThat(manager.activeCalls()).isEqualTo(MAX_CALLS);
    }

    @Test
    void anEndedCallFreesItsSlotForTheNext() {
        for (int i = 0; i < MAX_CALLS; i++) {
            assertThat(manager.onCall(new FakeConnection("call-" + i))).isInstanceOf(CallSession.class);
        }
        assertThat(manager.onCall(new FakeConnection("call-refused"))).isNotInstanceOf(CallSession.class);
        runCallTasks();
        assertThat(manager.activeCalls()).isZero();
        for (int i = 0; i < MAX_CALLS; i++) {
            assertThat(manager.onCall(new FakeConnection("call-again-" + i))).isInstanceOf(CallSession.class);
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            assertThat(latch.await(10, TimeUnit.SECONDS)).as("every caller let in or refused").isTrue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private void runCallTasks() {
        for (Runnable task = callTasks.poll(); task != null; task = callTasks.poll()) {
            task.run();
        }
    }

    /** A call leg that answers every command at once with +OK. */
    private static final class FakeConnection implements EslConnection {

        private final EslEvent channelData;
        private final Runnable onHangup;
        final Queue<String> hangups = new ConcurrentLinkedQueue<>();
        volatile boolean closed;

        FakeConnection(String uuid) {
            this(uuid, () -> { });
        }

        FakeConnection(String uuid, Runnable onHangup) {
            this.channelData = new EslEvent(Map.of("Unique-ID", uuid, "Call-Direction", "outbound",
                    "variable_read_rate", "8000"), "");
            this.onHangup = onHangup;
        }

        @Override
        public EslEvent channelData() {
            return channelData;
        }

        @Override
        public InetSocketAddress remoteAddress() {
            return new InetSocketAddress("127.0.0.1", 5060);
        }

        @Override
        public CompletableFuture<EslReply> command(String command) {
            return ok();
        }

        @Override
        public CompletableFuture<EslReply> sendmsg(Map<String, String> headers) {
            return ok();
        }

        @Override
        public CompletableFuture<EslReply> execute(String application, String argument) {
            return ok();
        }

        @Override
        public CompletableFuture<EslReply> hangup(String cause) {
            hangups.add(cause);
            onHangup.run();
            return ok();
        }

        @Override
        public CompletableFuture<EslReply> api(String command) {
            return ok();
        }

        @Override
        public void close() {
            closed = true;
        }

        private static CompletableFuture<EslReply> ok() {
            return CompletableFuture.completedFuture(new EslReply("+OK"));
        }
    }
}
