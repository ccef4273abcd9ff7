package io.callrobot.call;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.callrobot.dialog.FlowLibrary;
import io.callrobot.dialog.ScriptedReply;
import io.callrobot.text.ChunkerConfig;
import io.callrobot.text.TextChunker;
import io.callrobot.tts.TextChunk;
import io.callrobot.tts.TtsEngine;
import io.callrobot.tts.TtsListener;
import io.callrobot.tts.TtsRequest;
import io.callrobot.tts.TtsStream;
import io.callrobot.tts.cache.CachingTtsEngine;
import io.callrobot.tts.cache.PromptCacheConfig;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class PromptWarmerTest {

    private static final Supplier<TextChunker> CHUNKERS = () -> new TextChunker(ChunkerConfig.defaults());
    private static final List<ScriptedReply> REPLIES = FlowLibrary.builtIn().scriptedReplies();
    /**
     * Values real calls might set for the variables the shipped flows need. Variables with a default are
     * left out: the warmer renders them with it, so only calls that do not set them hit those chunks.
     */
    private static final List<Map<String, String>> CALLS = List.of(
            Map.of("customer_name", "张三", "amount", "1,280.50", "due_date", "3月15日",
                    "tracking_number", "CE123456", "delivery_date", "Friday, May 9"),
            Map.of("customer_name", "欧阳明月", "amount", "56", "due_date", "2026年12月31日",
                    "tracking_number", "X1", "delivery_date", "tomorrow"),
            Map.of());

    private static ScriptedReply reply(String segment) {
        return REPLIES.stream().filter(r -> r.segments().contains(segment)).findFirst().orElseThrow();
    }

    @Test
    void fixedPromptIsWarmedAsTheOneChunkACallSends() {
        assertThat(PromptWarmer.fixedChunks(reply("您好，本次通话可能会被录音。"), CHUNKERS))
                .containsExactly("您好，", "本次通话可能会被录音。");
    }

    @Test
    void templatedPromptHasItsFixedSentencesWarmedAndNothingThatHoldsAVariable() {
        ScriptedReply remind = reply("${customer_name}您好，这里是${product:-信用卡}中心。提醒您本期应还金额${amount}元，到期日是${due_date}。请问您打算什么时候还款呢？今天还款请按1。");

        assertThat(PromptWarmer.fixedChunks(remind, CHUNKERS)).containsExactly("请问您打算什么时候还款呢？", "今天还款请按1。");
        assertThat(PromptWarmer.fixedChunks(reply("请问您是${customer_name}本人吗？"), CHUNKERS)).isEmpty();
    }

    @Test
    void everyFixedChunkIsExactlyAChunkARealCallSends() {
        int fixed = 0;
        for (ScriptedReply reply : REPLIES) {
            List<String> chunks = PromptWarmer.fixedChunks(reply, CHUNKERS);
            fixed += chunks.size();
            for (Map<String, String> values : CALLS) {
                Map<String, String> call = new java.util.HashMap<>(values);
                call.keySet().retainAll(reply.variables());
                assertThat(PromptWarmer.chunks(reply.texts(call), CHUNKERS.get()))
                        .as("%s with %s", reply.segments(), call).containsAll(chunks);
            }
            assertThat(chunks).noneMatch(chunk -> chunk.contains("${"));
        }
        assertThat(fixed).isGreaterThan(20);
    }

    @Test
    void openingsComeFirstAndEachChunkIsWarmedOnceWithTheCallsRequest() {
        List<PromptWarmer.Job> jobs = PromptWarmer.jobs(REPLIES, CHUNKERS);

        assertThat(jobs.subList(0, 3)).extracting(job -> job.chunks().getFirst()).containsExactly(
                "您好，", "Hello there,", "本次通话可能会被录音。");
        PromptWarmer.Job disclaimer = jobs.stream().filter(j -> j.chunks().contains("本次通话可能会被录音。"))
                .findFirst().orElseThrow();
        assertThat(disclaimer.request()).isEqualTo(RobotTurn.ttsRequest(disclaimer.request().callId(),
                FlowLibrary.builtIn().info("payment-reminder-zh"), reply("您好，本次通话可能会被录音。").options()));
        assertThat(disclaimer.request().speed()).isEqualTo(1.0);
        List<String> warmed = jobs.stream().flatMap(j -> j.chunks().stream().map(chunk -> List.of(
                j.request().language(), String.valueOf(j.request().voice()), String.valueOf(j.request().emotion()),
                Double.toString(j.request().speed()), chunk)).map(String::valueOf)).toList();
        assertThat(warmed).doesNotHaveDuplicates()
                .as("said by two flows and several nodes with one voice: warmed once")
                .containsOnlyOnce("[zh-CN, null, null, 1.0, 正在为您转接人工客服，]");
    }

    @Test
    void failedWarmingIsLoggedAndCounted() throws Exception {
        TtsEngine down = (request, listener) -> new TtsStream() {
            @Override
            public void send(TextChunk chunk) {
            }

            @Override
            public void finish() {
                listener.onFailure(new IllegalStateException("TTS provider unreachable"));
            }

            @Override
            public void cancel() {
            }
        };
        CachingTtsEngine cache = new CachingTtsEngine(down, "down", PromptCacheConfig.defaults());
        ListAppender<ILoggingEvent> logged = new ListAppender<>();
        logged.start();
        Logger log = (Logger) LoggerFactory.getLogger(CachingTtsEngine.class);
        log.addAppender(logged);
        try (PromptWarmer warmer = new PromptWarmer(REPLIES, CHUNKERS, cache, 2, Duration.ofSeconds(30))) {
            int total = warmer.pending();

            CachingTtsEngine.Warmed warmed = warmer.start().get(60, TimeUnit.SECONDS);

            assertThat(warmed.failed()).isEqualTo(total).isPositive();
            assertThat(warmed.synthesised()).isZero();
            assertThat(warmer.pending()).isZero();
            assertThat(logged.list).anySatisfy(e -> assertThat(e.getFormattedMessage()).contains("TTS provider unreachable"));
        } finally {
            log.detachAppender(logged);
        }
    }
}
