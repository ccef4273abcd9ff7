package io.callrobot.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Customer-service answers as a streaming LLM writes them, for replaying into the chunker and the
 * fake LLM: Chinese in tokens of 1-3 hanzi (Qwen's and DeepSeek's tokenizers hold most common
 * two-character words as one token), a clause mark as a token of its own or glued to the one
 * before, digits 1-3 per token; English a word with its leading space per token, long words in
 * two pieces. Tokens come {@code 0.5-1.5} times the mean spacing apart (20-60 ms for 40 ms, the
 * spread observed from hosted Qwen and DeepSeek streams). Seeded, so every run replays the same
 * streams.
 */
public final class LlmTokenStream {

    /** Typical answers: payment plans, delivery times, bank hours, balances, addresses. */
    public static final List<String> ANSWERS = List.of(
            "好的，我们的分期还款有三种方案：三期、六期和十二期，每期手续费率分别是0.6%、0.65%和0.7%。",
            "您好，您本期账单应还款1,280.50元，最后还款日是2026年12月15日，请您按时还款。",
            "嗯，我帮您查一下。您的快递已经到达上海转运中心，预计明天下午三点前送达。",
            "是的，我们的营业时间是周一至周五上午九点到下午五点，周六上午九点到十二点，周日休息。",
            "可以的，您可以通过手机银行、网上银行或者拨打95555办理，手续费全免。",
            "抱歉让您久等了。您的退款已经原路退回，一般三到五个工作日到账，请您注意查收。",
            "明白了，我已经为您登记了改约申请，新的送货时间是本周六上午，届时快递员会提前电话联系您。",
            "您好，根据您的情况，建议您先办理账单分期，这样每月只需还款三百二十元左右，压力会小很多。",
            "Sure, your payment plan can be split into three, six or twelve monthly installments, with a fee of 0.6% per month.",
            "OK, let me check that for you. Your parcel left our Shanghai hub this morning and should arrive by 3 p.m. tomorrow.",
            "Our branches are open from 9 a.m. to 5 p.m., Monday to Friday, and from 9 a.m. to noon on Saturdays.",
            "Yes, your current balance is $1,280.50, and the minimum payment of $35 is due on December 15.");

    private final Random random;

    public LlmTokenStream(long seed) {
        this.random = new Random(seed);
    }

    /** One token and the time since the one before (for the first token: 0). */
    public record Token(String text, long gapNanos) {
    }

    /** {@code answer} cut into tokens, each with its gap after the previous, around {@code meanGapNanos}. */
    public List<Token> stream(String answer, long meanGapNanos) {
        List<Token> out = new ArrayList<>();
        for (String piece : pieces(answer)) {
            long gap = out.isEmpty() ? 0 : meanGapNanos / 2 + (long) (random.nextDouble() * meanGapNanos);
            out.add(new Token(piece, gap));
        }
        return out;
    }

    /** The text pieces of one answer (what {@link #stream} times). */
    public List<String> pieces(String answer) {
        List<String> out = new ArrayList<>();
        int[] cps = answer.codePoints().toArray();
        int i = 0;
        while (i < cps.length) {
            int start = i;
            int c = cps[i];
            if (isHan(c)) {
                int want = 1 + random.nextInt(3);
                while (i < cps.length && i - start < want && isHan(cps[i])) {
                    i++;
                }
            } else if (Character.isDigit(c)) {
                int want = 1 + random.nextInt(3);
                while (i < cps.length && i - start < want && Character.isDigit(cps[i])) {
                    i++;
                }
            } else if (Character.isLetter(c) || c == ' ' && i + 1 < cps.length && Character.isLetter(cps[i + 1])) {
                i = c == ' ' ? i + 1 : i;
                int wordStart = i;
                while (i < cps.length && Character.isLetter(cps[i])) {
                    i++;
                }
                if (i - wordStart > 6 && random.nextBoolean()) {
                    i = wordStart + 3 + random.nextInt(i - wordStart - 5); // a part-word
                }
            } else {
                i++; // a mark, a space or a symbol
                if (!out.isEmpty() && random.nextBoolean() && !Character.isWhitespace(c)) {
                    out.add(out.removeLast() + new String(cps, start, 1)); // glued to the token before
                    continue;
                }
            }
            out.add(new String(cps, start, i - start));
        }
        return out;
    }

    private static boolean isHan(int c) {
        return Character.UnicodeScript.of(c) == Character.UnicodeScript.HAN;
    }
}
