package io.callrobot.media;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SpokenTextTest {

    @Test
    void cutsChineseBetweenCharacters() {
        assertThat(SpokenText.prefix("今天天气很好", 0.5)).isEqualTo("今天天");
        assertThat(SpokenText.prefix("今天天气很好", 0.0)).isEmpty();
        assertThat(SpokenText.prefix("今天天气很好", 1.0)).isEqualTo("今天天气很好");
    }

    @Test
    void neverCutsAnEnglishWord() {
        assertThat(SpokenText.prefix("The price is 1,200 dollars", 0.6)).isEqualTo("The price is");
        assertThat(SpokenText.prefix("Wonderful", 0.9)).isEmpty();
        assertThat(SpokenText.prefix("One two", 4 / 7.0)).isEqualTo("One");
    }

    @Test
    void mixedTextCutsChineseFreelyButKeepsLatinWordsWhole() {
        assertThat(SpokenText.prefix("请打开WiFi设置", 0.4)).isEqualTo("请打开");
    }

    @Test
    void joinsSegmentsWithASpaceOnlyBetweenSpacedWords() {
        StringBuilder text = new StringBuilder("Hello.");
        SpokenText.append(text, "How are you?");
        assertThat(text).hasToString("Hello. How are you?");
        StringBuilder chinese = new StringBuilder("你好，");
        SpokenText.append(chinese, "再见。");
        assertThat(chinese).hasToString("你好，再见。");
    }
}
