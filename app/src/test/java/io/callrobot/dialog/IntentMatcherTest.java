package io.callrobot.dialog;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class IntentMatcherTest {

    private static final Flow FLOW = TestFlows.parse("""
            name: m
            language: zh-CN
            start: ask
            nodes:
              ask:
                say: 请问？
                intents:
                  - {name: neg, keywords: [不是], goto: done}
                  - {name: pos, keywords: [我是, 对], dtmf: "1", goto: done}
                  - {name: agent, keywords: [Agent, "talk to someone"], dtmf: "0", goto: done}
                  - {name: when, regex: "\\\\b(mon|fri)day\\\\b", goto: done}
              done:
                say: 好
                hangup: {result: ok}
            """);
    private final IntentMatcher matcher = new IntentMatcher(FLOW);
    private final Flow.Node ask = FLOW.nodes().get("ask");

    private String match(String text) {
        Flow.Intent intent = matcher.matchSpeech(ask, text);
        return intent == null ? null : intent.name();
    }

    @Test
    void punctuationAndSpacesAreIgnored() {
        assertThat(match("我 是。")).isEqualTo("pos");
        assertThat(match("对，对，对！")).isEqualTo("pos");
    }

    @Test
    void firstIntentInOrderWins() {
        assertThat(match("不是，你打错了")).isEqualTo("neg");
    }

    @Test
    void latinKeywordsIgnoreCaseAndMatchWholeWords() {
        assertThat(match("AGENT please")).isEqualTo("agent");
        assertThat(match("我要找agent")).isEqualTo("agent");
        assertThat(match("Can I talk   to someone?")).isEqualTo("agent");
        assertThat(match("the agents are busy")).isNull();
    }

    @Test
    void fullWidthLatinIsNormalised() {
        assertThat(match("ＡＧＥＮＴ")).isEqualTo("agent");
    }

    @Test
    void regexIsSearchedCaseInsensitively() {
        assertThat(match("Maybe on Friday?")).isEqualTo("when");
        assertThat(match("fridays")).isNull();
    }

    @Test
    void dtmfMatchesExactDigits() {
        assertThat(IntentMatcher.matchDtmf(ask, "1").name()).isEqualTo("pos");
        assertThat(IntentMatcher.matchDtmf(ask, "0").name()).isEqualTo("agent");
        assertThat(IntentMatcher.matchDtmf(ask, "9")).isNull();
        assertThat(IntentMatcher.matchDtmf(ask, "10")).isNull();
    }

    @Test
    void noKeywordMeansNoMatch() {
        assertThat(match("今天天气不错")).isNull();
    }
}
