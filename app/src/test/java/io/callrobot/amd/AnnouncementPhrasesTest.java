package io.callrobot.amd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class AnnouncementPhrasesTest {

    private final AnnouncementPhrases phrases = AnnouncementPhrases.defaults();

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "您拨打的电话已关机。|unreachable",
            "您拨打的电话已关机 , Sorry the number you dialed is switched off|unreachable",
            "您 拨 打 的 电 话 以 关 机|unreachable",
            "您拨打的用户暂时无法接通，请稍后再拨|unreachable",
            "对不起，您拨打的用户正在通话中|unreachable",
            "您拨打的号码已停机|unreachable",
            "您拨打的电话不再服务区|unreachable",
            "您拨打的号码是空号，请查证后再拨|invalid_number",
            "The number you have dialed is not in service.|invalid_number",
            "THE NUMBER YOU HAVE DIALLED IS NOT IN SERVICE|invalid_number",
            "The subscriber you dialed can't be reached|unreachable",
            "您好，机主现在无法接听，请在提示音后留言|machine",
            "请在提示音后留眼|machine",
            "Please leave a message after the tone|machine",
            "您好，我是机主的智能助理，请问您有什么事|call_secretary",
            "您好，我是他的秘书，请问有什么事情|call_secretary",
            "Hi, I'm an AI assistant screening calls for Anna|call_secretary",
            "我是机主的智能助手|call_secretary",
    })
    void findsAnnouncementsInAsrVariants(String heard, String result) {
        assertThat(phrases.match(heard)).get().extracting(PhraseMatch::result).isEqualTo(AmdResult.fromWireName(result));
    }

    @Test
    void fullWidthLettersAndPunctuationAreFolded() {
        assertThat(phrases.match("ＰＬＥＡＳＥ ＬＥＡＶＥ　Ａ ＭＥＳＳＡＧＥ，ＡＦＴＥＲ ＴＨＥ ＢＥＥＰ！")).get()
                .extracting(PhraseMatch::result).isEqualTo(AmdResult.MACHINE);
    }

    @Test
    void oneMisheardCharacterMatchesOnlyLongPhrases() {
        PhraseMatch m = phrases.match("您好我是机主的智能助手").orElseThrow();
        assertThat(m.exact()).isFalse();
        assertThat(m.phrase()).isEqualTo("我是机主的智能助理");
        assertThat(AnnouncementPhrases.containsWithOneDifference("abcxef", "abcdef")).isTrue();
        assertThat(AnnouncementPhrases.containsWithOneDifference("abxxef", "abcdef")).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"喂，你好，哪位", "喂？你好", "哪位？", "你好，请讲", "我是张三", "hello?", "yes, speaking",
            "Hello, this is John", "嗯，我现在有点忙，你说吧", ""})
    void realAnswersMatchNothing(String heard) {
        assertThat(phrases.match(heard)).isEmpty();
    }

    @Test
    void opsListsExtendTheBuiltInOnes() throws Exception {
        AnnouncementPhrases extra = AnnouncementPhrases.parse(yaml("""
                substitutions: {小蜜: 小秘}
                phrases:
                  zh-CN:
                    call_secretary: [我是小秘书]
                """), "extra.yaml");
        AnnouncementPhrases both = phrases.plus(extra);
        assertThat(both.size()).isEqualTo(phrases.size() + 1);
        assertThat(both.match("你好，我是小蜜书").get().result()).isEqualTo(AmdResult.CALL_SECRETARY);
        assertThat(both.match("已关机").get().result()).isEqualTo(AmdResult.UNREACHABLE);
    }

    @Test
    void badFilesAreRejectedNamingTheEntry() {
        assertThatThrownBy(() -> AnnouncementPhrases.parse(yaml("phrases: {en: {robot: [hi]}}"), "x.yaml"))
                .hasMessageContaining("x.yaml").hasMessageContaining("phrases.en.robot").hasMessageContaining("robot");
        assertThatThrownBy(() -> AnnouncementPhrases.parse(yaml("phrases: {en: {human: [hi]}}"), "x.yaml"))
                .hasMessageContaining("phrases.en.human");
        assertThatThrownBy(() -> AnnouncementPhrases.parse(yaml("phrases: {en: {machine: beep}}"), "x.yaml"))
                .hasMessageContaining("must be a list");
        assertThatThrownBy(() -> AnnouncementPhrases.parse(yaml("phrases: {en: {machine: ['?!']}}"), "x.yaml"))
                .hasMessageContaining("no letters or digits");
        assertThatThrownBy(() -> AnnouncementPhrases.parse(yaml("- a"), "x.yaml")).hasMessageContaining("x.yaml");
    }

    private static InputStream yaml(String text) {
        return new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
    }
}
