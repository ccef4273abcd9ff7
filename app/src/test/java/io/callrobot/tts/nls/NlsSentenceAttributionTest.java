package io.callrobot.tts.nls;

import static org.assertj.core.api.Assertions.assertThat;

import io.callrobot.tts.TextChunk;
import org.junit.jupiter.api.Test;

class NlsSentenceAttributionTest {

    private final NlsSentenceAttribution chunks = new NlsSentenceAttribution();

    @Test
    void countsSentenceEndingRunsButNotDecimalPoints() {
        assertThat(NlsSentenceAttribution.expectedSentences("您好，张三先生。")).isEqualTo(1);
        assertThat(NlsSentenceAttribution.expectedSentences("第一句。第二句！第三句？")).isEqualTo(3);
        assertThat(NlsSentenceAttribution.expectedSentences("真的吗？！")).isEqualTo(1);
        assertThat(NlsSentenceAttribution.expectedSentences("Total 3.5 dollars. Thanks...")).isEqualTo(2);
        assertThat(NlsSentenceAttribution.expectedSentences("请稍等，")).isEqualTo(1);
        assertThat(NlsSentenceAttribution.expectedSentences("，。 ")).isZero();
    }

    @Test
    void aChunkEndsWithItsLastSentenceOnceAnotherChunkFollows() {
        TextChunk a = new TextChunk(0, "第一句。第二句。");
        TextChunk b = new TextChunk(1, "第三句。");
        chunks.add(a);
        assertThat(chunks.sentenceEnded()).isEmpty();
        assertThat(chunks.head()).isEqualTo(a);
        assertThat(chunks.sentenceEnded()).as("the last chunk waits for a successor").isEmpty();
        chunks.add(b);
        assertThat(chunks.settle()).containsExactly(a);
        assertThat(chunks.head()).isEqualTo(b);
        assertThat(chunks.sentenceEnded()).isEmpty();
        assertThat(chunks.finishAll()).containsExactly(b);
        assertThat(chunks.head()).isNull();
    }

    @Test
    void moreSentencesThanExpectedNeverLeaveAudioWithoutAChunk() {
        TextChunk a = new TextChunk(0, "您好，先生");
        chunks.add(a);
        chunks.sentenceEnded();
        chunks.sentenceEnded();
        assertThat(chunks.head()).isEqualTo(a);
        TextChunk b = new TextChunk(1, "再见。");
        chunks.add(b);
        assertThat(chunks.settle()).containsExactly(a);
        assertThat(chunks.head()).isEqualTo(b);
        chunks.add(new TextChunk(2, "谢谢。"));
        assertThat(chunks.settle()).as("surplus ends are not carried to the next chunk").isEmpty();
        assertThat(chunks.head()).isEqualTo(b);
    }

    @Test
    void chunksWithNothingToSpeakFinishAsSoonAsTheyAreNotLast() {
        TextChunk a = new TextChunk(0, "你好。");
        TextChunk blank = new TextChunk(1, "，");
        TextChunk c = new TextChunk(2, "再见。");
        chunks.add(a);
        chunks.add(blank);
        chunks.add(c);
        assertThat(chunks.sentenceEnded()).containsExactly(a, blank);
        assertThat(chunks.head()).isEqualTo(c);
    }
}
