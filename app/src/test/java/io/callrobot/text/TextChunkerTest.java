package io.callrobot.text;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class TextChunkerTest {

    private static final long TOKEN_GAP = Duration.ofMillis(30).toNanos();

    /** Streams tokens 30 ms apart like an LLM, then finishes; returns every chunk in order. */
    private static List<String> chunk(ChunkerConfig config, String... tokens) {
        TextChunker chunker = new TextChunker(config);
        List<String> chunks = new ArrayList<>();
        long now = 0;
        for (String token : tokens) {
            now += TOKEN_GAP;
            chunks.addAll(chunker.poll(now));
            chunks.addAll(chunker.offer(token, now));
        }
        chunks.addAll(chunker.finish());
        return chunks;
    }

    private static List<String> chunk(String... tokens) {
        return chunk(ChunkerConfig.defaults(), tokens);
    }

    @Test
    void chineseAnswerWithAmountsDatesAndTimes() {
        List<String> chunks = chunk("您好", "，", "这里", "是", "招商", "银行", "信用卡", "中心", "。",
                "您", "本月", "的", "账单", "金额", "是", "1", ",", "200", ".", "50", "元", "，",
                "最后", "还款", "日", "是", "2026", "-", "03", "-", "05", "，", "请您", "在", "12", ":", "30",
                "之前", "还款", "。", "如需", "帮助", "，", "请", "拨打", "955", "55", "。");

        // a short first clause, then the next; the long middle sentence exceeds maxUnits (20 hanzi)
        // and is cut at its last fitting clause mark
        assertThat(chunks).containsExactly(
                "您好，",
                "这里是招商银行信用卡中心。",
                "您本月的账单金额是1,200.50元，",
                "最后还款日是2026-03-05，请您在12:30之前还款。",
                "如需帮助，请拨打95555。");
    }

    @Test
    void firstChunkIsTheFirstClauseWithAWord() {
        TextChunker chunker = new TextChunker(ChunkerConfig.defaults());

        assertThat(chunker.offer("好的", 1)).isEmpty();
        assertThat(chunker.offer("，", 2)).as("a short clause is said while the rest is written").containsExactly("好的，");
        assertThat(chunker.offer("我帮您查", 3)).isEmpty();
        assertThat(chunker.offer("一下", 4)).isEmpty();
        assertThat(chunker.offer("，", 5)).as("after a short first chunk, the next clause").containsExactly("我帮您查一下，");
        assertThat(chunker.offer("请稍等", 6)).isEmpty();
        assertThat(chunker.offer("，", 7)).as("then chunks wait for a sentence end").isEmpty();
        assertThat(chunker.offer("马上", 8)).isEmpty();
        assertThat(chunker.offer("就好", 9)).isEmpty();
        assertThat(chunker.offer("，", 10)).isEmpty();
        assertThat(chunker.offer("谢谢。", 11)).isEmpty();
        assertThat(chunker.finish()).containsExactly("请稍等，马上就好，谢谢。");
    }

    @Test
    void fillersAndBareMarksNeverGoOutAlone() {
        TextChunker chunker = new TextChunker(ChunkerConfig.defaults());

        assertThat(chunker.offer("，", 1)).isEmpty();
        assertThat(chunker.offer("嗯", 2)).isEmpty();
        assertThat(chunker.offer("，", 3)).as("a filler says nothing").isEmpty();
        assertThat(chunker.offer("好", 4)).isEmpty();
        assertThat(chunker.offer("，", 5)).containsExactly("，嗯，好，");

        TextChunker english = new TextChunker(ChunkerConfig.defaults());
        assertThat(english.offer("Um", 1)).isEmpty();
        assertThat(english.offer(",", 2)).isEmpty();
        assertThat(english.offer(" OK", 3)).as("\"Um,\" alone is not a chunk").isEmpty();
        assertThat(english.offer(",", 4)).isEmpty();
        assertThat(english.offer(" let", 5)).as("the comma breaks before a space").containsExactly("Um, OK,");
    }

    @Test
    void shortFirstClausesInEnglish() {
        assertThat(chunk("OK", ",", " let", " me", " check", " that", " for", " you", ".", " Your", " order",
                " ships", " to", "morrow", ".", " It", " usually", " takes", " 2", "-", "3", " days", "."))
                .containsExactly("OK,", "let me check that for you.",
                        "Your order ships tomorrow. It usually takes 2-3 days.");
    }

    @Test
    void streamingTextGetsEveryClauseAtOnce() {
        TextChunker chunker = new TextChunker(ChunkerConfig.defaults(), true);

        assertThat(chunker.offer("好", 1)).isEmpty();
        assertThat(chunker.offer("，", 2)).containsExactly("好，");
        assertThat(chunker.offer("您的", 3)).isEmpty();
        assertThat(chunker.offer("利率是3", 4)).isEmpty();
        assertThat(chunker.offer(".", 5)).as("could be 3.5").isEmpty();
        assertThat(chunker.offer("5%", 6)).isEmpty();
        assertThat(chunker.offer("，", 7)).containsExactly("您的利率是3.5%，");
        assertThat(chunker.offer("到期日是2026", 8)).isEmpty();
        assertThat(chunker.offer("年12", 9)).isEmpty();
        assertThat(chunker.offer("月3日。", 10)).containsExactly("到期日是2026年12月3日。");
        assertThat(chunker.offer("还有", 11)).as("no sentence minimum after the lead").isEmpty();
        assertThat(chunker.offer("，", 12)).containsExactly("还有，");
        assertThat(chunker.offer("嗯", 13)).isEmpty();
        assertThat(chunker.offer("，", 14)).as("fillers wait here too").isEmpty();
        assertThat(chunker.offer("Sure", 15)).isEmpty();
        assertThat(chunker.offer(",", 16)).isEmpty();
        assertThat(chunker.offer(" 1", 17)).containsExactly("嗯，Sure,");
        assertThat(chunker.offer(",", 18)).isEmpty();
        assertThat(chunker.offer("200", 19)).as("1,200 stays whole").isEmpty();
        assertThat(chunker.finish()).containsExactly("1,200");
    }

    @Test
    void englishAnswerWithDecimalsUrlAndEmail() {
        List<String> chunks = chunk("Sure", ",", " your", " balance", " is", " $", "3", ".", "50", ".",
                " You", " can", " pay", " at", " https", "://", "pay", ".example", ".com", "/bill", "?id", "=", "42",
                " or", " email", " help", "@example", ".com", ".", " Thanks", "!");

        assertThat(chunks).containsExactly(
                "Sure,",
                "your balance is $3.50.",
                "You can pay at https://pay.example.com/bill?id=42 or email help@example.com.",
                "Thanks!");
    }

    @Test
    void asciiMarkWaitsForTheNextTokenToDecide() {
        TextChunker chunker = new TextChunker(ChunkerConfig.defaults());

        assertThat(chunker.offer("The rate is 3", 1)).isEmpty();
        assertThat(chunker.offer(".", 2)).as("could be 3.5").isEmpty();
        assertThat(chunker.offer("5", 3)).isEmpty();
        assertThat(chunker.offer(" percent, ", 4)).containsExactly("The rate is 3.5 percent,");
    }

    @Test
    void abbreviationsDoNotEndSentences() {
        assertThat(chunk("Dr", ".", " Wang", " will", " call", " you", " today", ".", " Bring",
                " your", " ID", ", e", ".g", ".", " a", " passport", ".", " See", " you", " then", "."))
                .containsExactly("Dr. Wang will call you today.", "Bring your ID,", "e.g. a passport. See you then.");
        assertThat(chunk("Our", " branches", " are", " open", " from", " 9", " a", ".m", ".", " to", " 5", " p", ".m",
                ".", " on", " week", "days", "."))
                .containsExactly("Our branches are open from 9 a.m. to 5 p.m. on weekdays.");
    }

    @Test
    void ssmlTagsStayWhole() {
        assertThat(chunk("Welcome", " to", " the", " <", "sub", " alias", "=\"", "U", ".", " S", ".\">", "US",
                "</", "sub", ">", " office", ",", " how", " can", " I", " help", "?"))
                .containsExactly("Welcome to the <sub alias=\"U. S.\">US</sub> office,", "how can I help?");
    }

    @Test
    void overlongChineseIsHardCutOutsideTagsAndNumbers() {
        ChunkerConfig config = new ChunkerConfig(12, 30, 30, Duration.ofMillis(500));

        List<String> chunks = chunk(config, "我们", "的", "产品", "<break", " time", "=\"300ms\"/>", "非常", "适合",
                "您的", "需求", "订单", "号", "是", "123", "456", "789", "012", "3", "欢迎", "咨询");

        assertThat(chunks).containsExactly(
                "我们的产品<break time=\"300ms\"/>非常适合您",
                "的需求订单号是",
                "1234567890123欢迎咨询");
    }

    @Test
    void overlongTextSplitsAtTheLastClauseMarkElseASpace() {
        ChunkerConfig config = new ChunkerConfig(12, 30, 45, Duration.ofMillis(500));

        assertThat(chunk(config, "根据", "您的", "账单", "，", "本月", "应还", "款项", "包括", "消费", "和", "利息", "等等"))
                .containsExactly("根据您的账单，", "本月应还款项包括消费和利息等等");
        assertThat(chunk(config, "I", " will", " read", " the", " whole", " list", " of", " your", " recent",
                " purchases", " slowly", " now"))
                .containsExactly("I will read the whole list of your recent purchases", "slowly now");
    }

    @Test
    void mixedChineseAndEnglish() {
        assertThat(chunk("您", "可以", "登录", "www", ".cmb", "china", ".com", "查询", "，", "或者", "拨打",
                "热线", "955", "55", "。", "iPhone", "用户", "请", "下载", "App", "。"))
                .containsExactly("您可以登录www.cmbchina.com查询，", "或者拨打热线95555。iPhone用户请下载App。");
        assertThat(chunk("你好", ",", "我是", "小招", "客服", ",", "请问", "有什么", "可以", "帮您", "?"))
                .as("half-width marks between hanzi still break")
                .containsExactly("你好,", "我是小招客服,", "请问有什么可以帮您?");
    }

    @Test
    void idleTimeOutFlushesWhatIsSafeToSay() {
        TextChunker chunker = new TextChunker(ChunkerConfig.defaults());
        long t0 = 1_000_000_000L;
        long idle = Duration.ofMillis(500).toNanos();

        assertThat(chunker.offer("价格", t0)).isEmpty();
        assertThat(chunker.offer("是3", t0 + TOKEN_GAP)).isEmpty();
        assertThat(chunker.deadlineNanos()).isEqualTo(t0 + TOKEN_GAP + idle);
        assertThat(chunker.poll(t0 + TOKEN_GAP + idle - 1)).isEmpty();
        assertThat(chunker.poll(t0 + TOKEN_GAP + idle)).as("3 may become 3.5").containsExactly("价格是");
        assertThat(chunker.deadlineNanos()).as("the rest waits for a token").isEqualTo(Long.MAX_VALUE);
        assertThat(chunker.poll(t0 + 10 * idle)).isEmpty();
        assertThat(chunker.offer(".5", t0 + 10 * idle)).isEmpty();
        assertThat(chunker.offer("元。", t0 + 10 * idle + 1)).containsExactly("3.5元。");
        assertThat(chunker.finish()).isEmpty();
    }

    @Test
    void idleTimeOutKeepsAPartialEnglishWord() {
        TextChunker chunker = new TextChunker(ChunkerConfig.defaults());
        long idle = Duration.ofMillis(500).toNanos();

        chunker.offer("Let", 0);
        chunker.offer(" me", 1);
        chunker.offer(" check", 2);
        chunker.offer(" the", 3);
        chunker.offer(" bal", 4);

        assertThat(chunker.poll(4 + idle)).containsExactly("Let me check the");
        assertThat(chunker.offer("ance", 5 + idle)).isEmpty();
        assertThat(chunker.finish()).containsExactly("balance");
    }

    @Test
    void strayClosersAndEmptyChunksAreDropped() {
        assertThat(chunk("他说", "：", "“", "您好", "。", "”", "然后", "挂了", "电话", "。", "”"))
                .containsExactly("他说：", "“您好。", "然后挂了电话。”");
        assertThat(chunk(" ", "\n")).isEmpty();
    }

    @Test
    void finishResetsForTheNextReply() {
        TextChunker chunker = new TextChunker(ChunkerConfig.defaults());
        chunker.offer("这是第一个回答。", 1);
        chunker.finish();

        assertThat(chunker.offer("好的，请您稍等，", 2)).as("again a first chunk").containsExactly("好的，", "请您稍等，");
    }
}
