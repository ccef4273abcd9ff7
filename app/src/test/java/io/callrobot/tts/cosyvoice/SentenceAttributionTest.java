package io.callrobot.tts.cosyvoice;

import static org.assertj.core.api.Assertions.assertThat;

import io.callrobot.tts.TextChunk;
import org.junit.jupiter.api.Test;

class SentenceAttributionTest {

    private static final TextChunk A = new TextChunk(0, "您好，张先生。");
    private static final TextChunk B = new TextChunk(1, "您的账单");
    private static final TextChunk C = new TextChunk(2, "已到期。请尽快还款。");

    @Test
    void sentencesAlignedWithChunksEndTheirChunks() {
        SentenceAttribution attribution = new SentenceAttribution();
        attribution.add(A);
        attribution.add(C);

        assertThat(attribution.sentenceBegins("您好，张先生。")).isEmpty();
        assertThat(attribution.current()).isEqualTo(A);
        assertThat(attribution.sentenceEnds()).containsExactly(A);
        assertThat(attribution.sentenceBegins("已到期。")).isEmpty();
        assertThat(attribution.current()).isEqualTo(C);
        assertThat(attribution.sentenceEnds()).isEmpty();
        assertThat(attribution.sentenceBegins("请尽快还款。")).isEmpty();
        assertThat(attribution.sentenceEnds()).containsExactly(C);
        assertThat(attribution.current()).isNull();
    }

    @Test
    void aSentenceSpanningChunksBelongsToItsFirstChunk() {
        SentenceAttribution attribution = new SentenceAttribution();
        attribution.add(A);
        attribution.add(B);
        attribution.add(C);
        attribution.sentenceBegins("您好，张先生。");
        attribution.sentenceEnds();

        assertThat(attribution.sentenceBegins("您的账单已到期。")).isEmpty();
        assertThat(attribution.current()).isEqualTo(B);
        assertThat(attribution.sentenceEnds()).containsExactly(B);
        assertThat(attribution.current()).isEqualTo(C);
        assertThat(attribution.finishAll()).containsExactly(C);
    }

    @Test
    void aSentenceStartingInALaterChunkEndsTheEarlierOnes() {
        SentenceAttribution attribution = new SentenceAttribution();
        attribution.add(new TextChunk(0, "Hello there. "));
        attribution.add(new TextChunk(1, "How are you?"));

        attribution.sentenceBegins("Hello there.");
        assertThat(attribution.sentenceEnds()).as("trailing blank does not keep the chunk open")
                .containsExactly(new TextChunk(0, "Hello there. "));
        assertThat(attribution.sentenceBegins("How are you?")).isEmpty();
        assertThat(attribution.current().index()).isEqualTo(1);
    }

    @Test
    void rewrittenTextFallsBackToThePositionWithoutEndingChunksEarly() {
        SentenceAttribution attribution = new SentenceAttribution();
        attribution.add(new TextChunk(0, "余额1,200元。"));
        attribution.add(new TextChunk(1, "谢谢。"));

        assertThat(attribution.sentenceBegins("余额一千二百元。")).isEmpty();
        assertThat(attribution.current().index()).isZero();
        assertThat(attribution.sentenceEnds()).as("unknown end: wait for a later sentence").isEmpty();
        assertThat(attribution.sentenceBegins("谢谢。")).extracting(TextChunk::index).containsExactly(0);
        assertThat(attribution.current().index()).isEqualTo(1);
    }

    @Test
    void aLaterRepeatOfTheSameTextIsNotMistakenForTheCurrentSentence() {
        SentenceAttribution attribution = new SentenceAttribution();
        attribution.add(new TextChunk(0, "请稍等。"));
        attribution.add(new TextChunk(1, "好的。"));
        attribution.add(new TextChunk(2, "请稍等。"));

        attribution.sentenceBegins("请稍等。");
        attribution.sentenceEnds();
        attribution.sentenceBegins("好的。");
        attribution.sentenceEnds();
        assertThat(attribution.sentenceBegins("请稍等。")).isEmpty();
        assertThat(attribution.current().index()).isEqualTo(2);
    }
}
