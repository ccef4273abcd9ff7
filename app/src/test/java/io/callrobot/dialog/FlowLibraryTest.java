package io.callrobot.dialog;

import io.callrobot.summary.SummaryPrompt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FlowLibraryTest {

    private static final String SCRIPTED = """
            name: %s
            language: en-US
            start: hello
            nodes:
              hello:
                say: "%s"
                hangup: {result: done}
            """;

    @Test
    void everyShippedFlowLoadsAndValidates() {
        FlowLibrary library = FlowLibrary.builtIn();
        assertThat(library.names()).containsExactly("assistant-zh", "delivery-notice-en", "payment-reminder-llm-zh", "payment-reminder-zh");
        assertThat(library.info("payment-reminder-zh")).isEqualTo(new FlowInfo("payment-reminder-zh", "zh-CN", null, false, null));
        assertThat(library.info("delivery-notice-en").language()).isEqualTo("en-US");
        assertThat(library.info("assistant-zh").usesLlm()).isTrue();
    }

    @Test
    void unknownFlowNamesTheAvailableOnes() {
        CallThread thread = new CallThread();
        try {
            FlowDialogFactory factory = new FlowDialogFactory(FlowLibrary.builtIn(), "assistant-zh", new FakeLlm());
            assertThatThrownBy(() -> factory.create("c", "nope", Map.of(), thread.scope()))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("unknown call flow 'nope'; available: assistant-zh, delivery-notice-en, payment-reminder-llm-zh, payment-reminder-zh");
            assertThatThrownBy(() -> new FlowDialogFactory(FlowLibrary.builtIn(), "missing", new FakeLlm()))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'missing'");
        } finally {
            thread.close();
        }
    }

    @Test
    void withoutAnLlmFlowsWithLlmNodesAreRejected() {
        assertThatThrownBy(() -> new FlowDialogFactory(FlowLibrary.builtIn(), "payment-reminder-zh", null))
                .isInstanceOf(FlowException.class)
                .satisfies(e -> assertThat(((FlowException) e).problems()).containsExactly(
                        "flow 'assistant-zh': node 'chat' llm: needs an LLM but none is configured",
                        "flow 'delivery-notice-en': node 'confirmed' llm: needs an LLM but none is configured",
                        "flow 'payment-reminder-llm-zh': node 'reminder' llm: needs an LLM but none is configured"));
    }

    @Test
    void scriptedFlowsRunWithoutAnLlm() throws Exception {
        Flow flow = TestFlows.parse(SCRIPTED.formatted("plain", "Hi."));
        FlowDialogFactory factory = new FlowDialogFactory(new FlowLibrary(Map.of("plain", flow)), "plain", null);
        try (CallThread thread = new CallThread()) {
            RecordingSink.Spoken hi = new Conversation(factory.create("c", null, null, thread.scope()), thread).start();
            assertThat(hi.text()).isEqualTo("Hi.");
            assertThat(hi.next()).isEqualTo(new NextStep.Hangup("done", "NORMAL_CLEARING"));
        }
    }

    @Test
    void directoryFlowsAreAddedAndReplaceBuiltIns(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("extra.yaml"), SCRIPTED.formatted("extra", "Extra."));
        Files.writeString(dir.resolve("mine.yaml"), SCRIPTED.formatted("assistant-zh", "Replaced."));
        Files.writeString(dir.resolve("notes.txt"), "not a flow");
        FlowLibrary library = FlowLibrary.load(dir, Map.of());
        assertThat(library.names()).containsExactly("assistant-zh", "delivery-notice-en", "extra", "payment-reminder-llm-zh", "payment-reminder-zh");
        assertThat(library.info("assistant-zh").usesLlm()).isFalse();
    }

    @Test
    void aFlowSaysWhetherItsCallsAreRecorded(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("quiet.yaml"), "record: false\n" + SCRIPTED.formatted("quiet", "Q."));
        Files.writeString(dir.resolve("loud.yaml"), "record: true\n" + SCRIPTED.formatted("loud", "L."));
        FlowLibrary library = FlowLibrary.load(dir, Map.of());
        assertThat(library.info("quiet").record()).isFalse();
        assertThat(library.info("loud").record()).isTrue();
        assertThat(library.info("assistant-zh").record()).isNull();
    }

    @Test
    void aFlowSaysWhatSummaryItAsksFor(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("brief.yaml"), "summary: {prompt: 总结, json: true}\n"
                + SCRIPTED.formatted("brief", "B."));
        FlowLibrary library = FlowLibrary.load(dir, Map.of());
        assertThat(library.summary("brief")).contains(new SummaryPrompt("总结", null, true));
        assertThat(library.summary("payment-reminder-llm-zh")).contains(
                new SummaryPrompt("用一句话总结通话，并给出客户意向：高/中/低", 200, false));
        assertThat(library.summary("assistant-zh")).isEmpty();
        assertThat(library.summary("no-such-flow")).isEmpty();
        assertThat(library.summary(null)).isEmpty();
    }

    @Test
    void everyBrokenFileIsReportedTogether(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("a.yaml"), SCRIPTED.formatted("a", "A.").replace("hello:\n", "hello:\n    sya: typo\n"));
        Files.writeString(dir.resolve("b.yaml"), SCRIPTED.formatted("b", "B.").replace("start: hello", "start: nowhere"));
        Files.writeString(dir.resolve("c.yaml"), SCRIPTED.formatted("twin", "One."));
        Files.writeString(dir.resolve("d.yaml"), SCRIPTED.formatted("twin", "Two."));
        assertThatThrownBy(() -> FlowLibrary.load(dir, Map.of()))
                .isInstanceOf(FlowException.class)
                .satisfies(e -> assertThat(((FlowException) e).problems()).containsExactly(
                        dir.resolve("a.yaml") + ": node 'hello': unknown field 'sya' (allowed: "
                                + "[bargeIn, emotion, hangup, intents, llm, next, noInput, noMatch, say, speed, transfer, voice])",
                        dir.resolve("b.yaml") + ": start: unknown node 'nowhere'",
                        dir.resolve("d.yaml") + ": name: flow 'twin' is defined twice"));
    }

    @Test
    void missingDirectoryIsAnError(@TempDir Path dir) {
        assertThatThrownBy(() -> FlowLibrary.load(dir.resolve("absent"), Map.of()))
                .isInstanceOf(FlowException.class)
                .hasMessageContaining("cannot list flow directory (dialog.flowsDir)");
    }
}
