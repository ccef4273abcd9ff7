package io.callrobot.tts.espeak;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.callrobot.tts.RecordingTtsListener;
import io.callrobot.tts.TextChunk;
import io.callrobot.tts.TtsRequest;
import io.callrobot.tts.TtsStream;
import java.io.File;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class EspeakTtsEngineTest {

    private static final TtsRequest ZH = new TtsRequest("call-1", "zh-CN", null, null, 1.0);
    private static final TtsRequest EN = new TtsRequest("call-1", "en-US", null, null, 1.0);

    @BeforeAll
    static void requireEspeak() {
        boolean installed = java.util.Arrays.stream(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))
                .anyMatch(dir -> new File(dir, "espeak-ng").canExecute());
        assumeTrue(installed, "espeak-ng is not installed");
    }

    private static EspeakTtsEngine engine() {
        return new EspeakTtsEngine(EspeakConfig.defaults());
    }

    private static double rms(short[] pcm) {
        double sum = 0;
        for (short s : pcm) {
            sum += (double) s * s;
        }
        return Math.sqrt(sum / Math.max(1, pcm.length));
    }

    @Test
    void speaksChineseAndEnglishAtEspeaksRate() throws Exception {
        RecordingTtsListener zh = new RecordingTtsListener();
        TtsStream zhStream = engine().open(ZH, zh);
        zhStream.send(new TextChunk(0, "您好，这里是招商银行。"));
        zhStream.finish();
        RecordingTtsListener en = new RecordingTtsListener();
        TtsStream enStream = engine().open(EN, en);
        enStream.send(new TextChunk(0, "Your balance is 3.50 dollars."));
        enStream.finish();

        for (RecordingTtsListener listener : List.of(zh, en)) {
            assertThat(listener.awaitEnd()).isNull();
            assertThat(listener.order()).containsExactly("audio:0", "done:0", "complete");
            assertThat(listener.rates.get(0)).isEqualTo(22050);
            short[] pcm = listener.audio.get(0);
            double seconds = pcm.length / 22050.0;
            assertThat(seconds).as("ten syllables or six words").isBetween(1.0, 6.0);
            assertThat(rms(pcm)).as("not silence").isGreaterThan(300);
        }
    }

    @Test
    void keepsChunkOrderWhileLaterChunksFinishFirst() throws Exception {
        RecordingTtsListener listener = new RecordingTtsListener();
        TtsStream stream = new EspeakTtsEngine(new EspeakConfig("espeak-ng", "cmn", "en-us", 175, 3)).open(ZH, listener);

        stream.send(new TextChunk(0, "根据您的账单，本月应还款一千二百元，最后还款日是三月五日，请您按时还款，谢谢您的配合。"));
        stream.send(new TextChunk(1, "好的。"));
        stream.send(new TextChunk(2, "再见。"));
        stream.finish();

        assertThat(listener.awaitEnd()).isNull();
        assertThat(listener.order()).containsExactly("audio:0", "done:0", "audio:1", "done:1", "audio:2", "done:2", "complete");
        assertThat(listener.audio.get(0).length).isGreaterThan(listener.audio.get(1).length * 3);
    }

    @Test
    void cancelStopsDeliveryAndKillsProcesses() throws Exception {
        RecordingTtsListener listener = new RecordingTtsListener();
        TtsStream stream = engine().open(EN, listener);
        CountDownLatch firstDone = new CountDownLatch(1);
        listener.onDone = chunk -> firstDone.countDown();
        String longText = "This sentence is long enough to keep the synthesiser busy for a while. ".repeat(40);

        stream.send(new TextChunk(0, "Hello."));
        stream.send(new TextChunk(1, longText));
        stream.send(new TextChunk(2, longText));
        assertThat(firstDone.await(60, TimeUnit.SECONDS)).isTrue();
        stream.cancel();
        stream.cancel();
        List<String> atCancel = List.copyOf(listener.events);

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(espeakChildren()).isEmpty());
        stream.finish();
        assertThat(listener.events).isEqualTo(atCancel).doesNotContain("done:1", "complete", "failure");
        assertThat(listener.terminal).isNotDone();
    }

    private static List<ProcessHandle> espeakChildren() {
        return ProcessHandle.current().children()
                .filter(p -> p.info().command().map(c -> c.contains("espeak")).orElse(false))
                .toList();
    }

    @Test
    void missingProgramFailsNamingTheCommand() throws Exception {
        RecordingTtsListener listener = new RecordingTtsListener();
        TtsStream stream = new EspeakTtsEngine(new EspeakConfig("espeak-ng-not-installed", "cmn", "en-us", 175, 2))
                .open(ZH, listener);

        stream.send(new TextChunk(0, "您好。"));
        stream.finish();

        assertThat(listener.awaitEnd()).hasMessageContaining("espeak-ng-not-installed -v cmn");
        assertThat(listener.events).containsExactly("failure");
    }

    @Test
    void unknownVoiceFailsWithEspeaksMessage() throws Exception {
        RecordingTtsListener listener = new RecordingTtsListener();
        TtsStream stream = engine().open(new TtsRequest("call-1", "en", "zzvoice", null, 1.0), listener);

        stream.send(new TextChunk(0, "Hello."));
        stream.finish();

        assertThat(listener.awaitEnd()).hasMessageContaining("exited with status 1").hasMessageContaining("voice");
    }

    @Test
    void commandPassesTextOnStdinAndMapsVoiceAndSpeed() {
        EspeakTtsEngine engine = engine();

        assertThat(engine.command(ZH, "-x 你好")).containsExactly("espeak-ng", "-v", "cmn", "-s", "149", "--stdout", "--stdin");
        assertThat(engine.command(new TtsRequest("c", null, null, null, 1.2), "Hello"))
                .containsExactly("espeak-ng", "-v", "en-us", "-s", "210", "--stdout", "--stdin");
        assertThat(engine.command(new TtsRequest("c", null, null, null, 0), "<speak>你好</speak>"))
                .containsExactly("espeak-ng", "-v", "cmn", "-s", "149", "-m", "--stdout", "--stdin");
    }
}
