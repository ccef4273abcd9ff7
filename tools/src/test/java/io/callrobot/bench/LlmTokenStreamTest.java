package io.callrobot.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class LlmTokenStreamTest {

    private static final long MEAN_GAP = 40_000_000L;

    @Test
    void tokensRebuildEachAnswerWithOneToThreeHanziAndGapsAroundTheMean() {
        LlmTokenStream streams = new LlmTokenStream(8);
        for (String answer : LlmTokenStream.ANSWERS) {
            List<LlmTokenStream.Token> tokens = streams.stream(answer, MEAN_GAP);

            assertThat(tokens.stream().map(LlmTokenStream.Token::text).reduce("", String::concat)).isEqualTo(answer);
            assertThat(tokens).allSatisfy(t -> assertThat(t.text().codePoints()
                    .filter(c -> Character.UnicodeScript.of(c) == Character.UnicodeScript.HAN).count()).isBetween(0L, 3L));
            assertThat(tokens.getFirst().gapNanos()).isZero();
            assertThat(tokens.subList(1, tokens.size())).allSatisfy(t ->
                    assertThat(t.gapNanos()).isBetween(MEAN_GAP / 2, MEAN_GAP * 3 / 2));
        }
    }

    @Test
    void hanziComeInPiecesOfOneToThreeAndEnglishWordByWord() {
        List<String> chinese = new LlmTokenStream(1).pieces(LlmTokenStream.ANSWERS.getFirst());
        assertThat(chinese.stream().mapToLong(t -> t.codePoints()
                .filter(c -> Character.UnicodeScript.of(c) == Character.UnicodeScript.HAN).count()).distinct())
                .as("uneven pieces, as a tokenizer cuts").contains(1L, 2L, 3L);

        List<String> english = new LlmTokenStream(1).pieces("Sure, your payment plan");
        assertThat(english).as("a comma alone or glued to its word").isIn(
                List.of("Sure,", " your", " payment", " plan"), List.of("Sure", ",", " your", " payment", " plan"));
    }

    @Test
    void theSameSeedReplaysTheSameStreams() {
        String answer = LlmTokenStream.ANSWERS.get(1);

        assertThat(new LlmTokenStream(5).stream(answer, MEAN_GAP)).isEqualTo(new LlmTokenStream(5).stream(answer, MEAN_GAP));
        assertThat(new LlmTokenStream(5).stream(answer, MEAN_GAP)).isNotEqualTo(new LlmTokenStream(6).stream(answer, MEAN_GAP));
    }
}
