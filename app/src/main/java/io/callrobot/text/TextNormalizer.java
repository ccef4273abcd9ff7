package io.callrobot.text;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.regex.MatchResult;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Rewrites numbers and symbols in Chinese text into the words a Mandarin speaker says, so a TTS
 * engine cannot misread them: {@code ¥1,234.50} 一千二百三十四元五角, {@code 2026-03-05}
 * 二零二六年三月五日, {@code 9:05} 九点零五分, {@code 50%} 百分之五十, {@code 13800138000}
 * 幺三八零零幺三八零零零, {@code 第3期} 第三期, {@code 10kg} 十公斤.
 *
 * <p>Rules where a choice had to be made:
 * <ul>
 *   <li>A bare 2 counting something is 两: 两个, 两元, 两角, 两点 (2 o'clock), 两公斤, 两万; inside a
 *       larger number only a leading 2 of 千, 万 or 亿 is 两 (两千, 两万五千), 200 stays 二百;
 *       ordinals, dates and decimals keep 二 (第二名, 二月, 二点五).</li>
 *   <li>Four digits before 年 are a year, read digit by digit (二零二六年); 2年 is 两年.</li>
 *   <li>Clock times drop zero minutes without 整: 14:00 十四点; 9:05 九点零五分; a dash between two
 *       times is 到, as between two small numbers (3-5天 三到五天).</li>
 *   <li>Read digit by digit: mobiles 1[3-9]xxxxxxxxx, landlines 0xx(x)-xxxxxxx(x), 400/800
 *       numbers, 95xxx/96xxx and well-known service numbers, ID numbers (17 digits and X), runs of
 *       12 or more digits, 4-digit groups (card numbers) and any number after 电话, 尾号, 卡号,
 *       验证码 and similar words. Separators become a space. Other numbers with a leading zero
 *       (007) are also read digit by digit, without 幺.</li>
 *   <li>Units: kg 公斤, km 公里, km/h 公里每小时, cm 厘米, mm 毫米, ml 毫升, ℃ 摄氏度; GB, MB, TB and
 *       KB keep their letters (十GB); a bare m (metres or minutes?) is not guessed.</li>
 *   <li>Left as written: SSML tags, URLs, e-mail addresses, Latin words and codes mixing letters
 *       and digits (APP, VIP, 5G, iPhone15), dotted numbers such as versions and IP addresses, and
 *       any text with a Latin word but no Chinese character (an English sentence).</li>
 * </ul>
 * Instances are immutable and thread-safe.
 */
public final class TextNormalizer {

    /** A minus sign only where it cannot be a hyphen or a range: not after a digit, letter or dot. */
    private static final String SIGN = "((?<![\\dA-Za-z.])[-−－])?";
    /** A number, with thousands separators only in groups of three, and an optional fraction. */
    private static final String NUMBER = "(\\d{1,3}(?:,\\d{3})+(?!\\d)|\\d+)(?:\\.(\\d+))?";
    private static final String PHONE_WORDS = "电话|手机|号码|拨打|致电|热线|尾号|卡号|账号|帐号|编号|单号|工号|验证码|密码|身份证|邮编";
    private static final Map<String, String> UNITS = Map.of(
            "km/h", "公里每小时", "kg", "公斤", "km", "公里", "ml", "毫升", "cm", "厘米", "mm", "毫米",
            "℃", "摄氏度", "°c", "摄氏度");

    private static final Pattern TAG = Pattern.compile("<[^<>]*>");
    private static final Pattern URL = Pattern.compile(
            "(?i)(?:https?://|www\\.)[A-Za-z0-9\\-._~:/?#\\[\\]@!$&'()*+,;=%]+");
    private static final Pattern EMAIL = Pattern.compile(
            "[A-Za-z0-9._%+\\-]+@[A-Za-z0-9\\-]+(?:\\.[A-Za-z0-9\\-]+)+");
    private static final Pattern DATE = Pattern.compile(
            "(?<!\\d)(\\d{4})([-/.])(0?[1-9]|1[0-2])\\2(0?[1-9]|[12]\\d|3[01])(?![\\d.])");
    /** Year and month only with - or /: 2026.3 is a decimal. */
    private static final Pattern YEAR_MONTH = Pattern.compile("(?<!\\d)((?:19|20)\\d\\d)[-/](0?[1-9]|1[0-2])(?![\\d\\-/.])");
    private static final Pattern DOTTED = Pattern.compile("(?<![\\d.])\\d+(?:\\.\\d+){2,}");
    private static final Pattern AFTER_PHONE_WORD = Pattern.compile(
            "(" + PHONE_WORDS + ")((?:号码|号)?[\\s:：]*(?:是|为)?[\\s:：]*)(\\d+(?:[\\s-]\\d+)*(?:[Xx](?![A-Za-z]))?)(?!\\d)");
    private static final Pattern MOBILE = Pattern.compile("(?<![\\d+])(?:\\+86[\\s-]?)?1[3-9]\\d(?:[\\s-]?\\d{4}){2}(?!\\d)");
    private static final Pattern LANDLINE = Pattern.compile(
            "(?<!\\d)(?:(?:\\(0\\d{2,3}\\)\\s?|0\\d{2,3}-)\\d{7,8}|[48]00-?\\d{3}-?\\d{4})(?!\\d)");
    private static final Pattern DIGIT_GROUPS = Pattern.compile("(?<!\\d)\\d{4}(?:[ -]\\d{4}){2,}(?:[ -]\\d{1,4})?(?!\\d)");
    private static final Pattern LONG_DIGITS = Pattern.compile("(?<!\\d)(?:\\d{17}[Xx](?![A-Za-z])|\\d{12,}(?!\\d))");
    private static final Pattern TIME = Pattern.compile(
            "(?<![\\d:：])([01]?\\d|2[0-4])[:：]([0-5]\\d)(?:[:：]([0-5]\\d))?(?![\\d:：])");
    /** The dash between two clock times, as in 9:00-17:00, is 到. */
    private static final Pattern TIME_TO = Pattern.compile("(?<=\\d[:：]\\d\\d)\\s?[-~～]\\s?(?=\\d{1,2}[:：]\\d\\d)");
    private static final Pattern YEAR = Pattern.compile("(?<![\\d.])\\d{4}(?=年)");
    private static final Pattern MONTH = Pattern.compile("(?<![\\d.])(?:0?[1-9]|1[0-2])(?=月)");
    private static final Pattern DAY = Pattern.compile("(?<![\\d.])(?:0?[1-9]|[12]\\d|3[01])(?=[日号])");
    private static final Pattern ORDINAL = Pattern.compile("第\\s?(\\d{1,3}(?:,\\d{3})+(?!\\d)|\\d+)");
    private static final Pattern PERCENT = Pattern.compile(SIGN + NUMBER + "\\s?[%％]");
    private static final Pattern YUAN_SIGN = Pattern.compile(SIGN + "[¥￥]\\s?" + NUMBER + "元?");
    private static final Pattern YUAN = Pattern.compile(SIGN + NUMBER + "\\s?元");
    private static final Pattern UNIT = Pattern.compile(
            "(?i)" + SIGN + NUMBER + "\\s?(km/h|kg|km|ml|cm|mm|℃|°c|[gmtk]b)(?![A-Za-z])");
    private static final Pattern SERVICE = Pattern.compile("(?<!\\d)(?:9[56]\\d{3}|10086|10010|12306|12315)(?!\\d|\\.\\d)");
    private static final Pattern RANGE = Pattern.compile(
            "(?<![\\d.])(\\d{1,3}(?:\\.\\d+)?)\\s?[~～-]\\s?(\\d{1,3})(?:\\.(\\d+))?([%％])?(?![\\d.:：A-Za-z])");
    private static final Pattern TWO = Pattern.compile(
            "(?<![\\d.])2(?=[个位次天件张条份种项笔周岁年倍台辆只本块万千亿]|小时|分钟|点(?!\\d))");
    private static final Pattern DIGITS_THEN_LETTERS = Pattern.compile("(?<![\\d.])\\d+[A-Za-z][A-Za-z0-9]*");
    private static final Pattern LATIN_WORD = Pattern.compile("[A-Za-z][A-Za-z0-9]*(?:[.\\-_'][A-Za-z0-9]+)*");
    private static final Pattern PLAIN_NUMBER = Pattern.compile(SIGN + NUMBER);

    /** One kind of text and how to say it; earlier rules win when two match at the same place. */
    private record Rule(Pattern pattern, Function<MatchResult, String> say) {
    }

    private final boolean enabled;
    private final List<Rule> rules;

    /** A normalizer with the given switches; with {@code enabled} false it returns every text unchanged. */
    public TextNormalizer(NormalizerConfig config) {
        Objects.requireNonNull(config, "config");
        this.enabled = config.enabled();
        boolean yao = config.yaoForOne();
        Function<MatchResult, String> keep = MatchResult::group;
        Function<MatchResult, String> code = m -> ChineseNumerals.digitByDigit(m.group(), yao);
        // the leftmost match wins; at the same place, the first rule of this list
        this.rules = List.of(
                new Rule(TAG, keep),
                new Rule(URL, keep),
                new Rule(EMAIL, keep),
                new Rule(DATE, m -> ChineseNumerals.digitByDigit(m.group(1), false) + '年'
                        + ChineseNumerals.cardinal(m.group(3), false) + '月'
                        + ChineseNumerals.cardinal(m.group(4), false) + '日'),
                new Rule(YEAR_MONTH, m -> ChineseNumerals.digitByDigit(m.group(1), false) + '年'
                        + ChineseNumerals.cardinal(m.group(2), false) + '月'),
                new Rule(DOTTED, keep),
                new Rule(AFTER_PHONE_WORD, m -> m.group(1) + m.group(2) + ChineseNumerals.digitByDigit(m.group(3), yao)),
                new Rule(MOBILE, code),
                new Rule(LANDLINE, code),
                new Rule(DIGIT_GROUPS, code),
                new Rule(LONG_DIGITS, code),
                new Rule(TIME, TextNormalizer::clockTime),
                new Rule(TIME_TO, m -> "到"),
                new Rule(YEAR, m -> ChineseNumerals.digitByDigit(m.group(), false)),
                new Rule(MONTH, m -> ChineseNumerals.cardinal(m.group(), false)),
                new Rule(DAY, m -> ChineseNumerals.cardinal(m.group(), false)),
                new Rule(ORDINAL, m -> '第' + ChineseNumerals.cardinal(m.group(1).replace(",", ""), false)),
                new Rule(PERCENT, m -> sign(m) + "百分之" + ChineseNumerals.decimal(integer(m), m.group(3))),
                new Rule(YUAN_SIGN, m -> sign(m) + ChineseNumerals.yuan(integer(m), m.group(3))),
                new Rule(YUAN, m -> sign(m) + ChineseNumerals.yuan(integer(m), m.group(3))),
                new Rule(UNIT, TextNormalizer::measure),
                new Rule(SERVICE, code),
                new Rule(RANGE, TextNormalizer::range),
                new Rule(TWO, m -> "两"),
                new Rule(DIGITS_THEN_LETTERS, keep),
                new Rule(LATIN_WORD, keep),
                new Rule(PLAIN_NUMBER, TextNormalizer::plainNumber));
    }

    /** A normalizer with the {@link NormalizerConfig#defaults() defaults} except for {@code yaoForOne}. */
    public TextNormalizer(boolean yaoForOne) {
        this(new NormalizerConfig(true, yaoForOne));
    }

    /** Returns {@code text} with numbers and symbols spelled out; null stays null. */
    public String normalize(String text) {
        if (!enabled || text == null || text.isEmpty() || isForeign(text)) {
            return text;
        }
        Matcher[] matchers = new Matcher[rules.size()];
        int[] starts = new int[rules.size()];
        for (int i = 0; i < matchers.length; i++) {
            matchers[i] = rules.get(i).pattern().matcher(text);
            starts[i] = matchers[i].find() ? matchers[i].start() : Integer.MAX_VALUE;
        }
        StringBuilder out = new StringBuilder(text.length() + 16);
        int position = 0;
        while (true) {
            int best = -1;
            for (int i = 0; i < matchers.length; i++) {
                if (starts[i] < position) { // an earlier match overlapped text already rewritten: look again
                    starts[i] = matchers[i].find(position) ? matchers[i].start() : Integer.MAX_VALUE;
                }
                if (starts[i] != Integer.MAX_VALUE && (best < 0 || starts[i] < starts[best])) {
                    best = i;
                }
            }
            if (best < 0) {
                break;
            }
            Matcher match = matchers[best];
            out.append(text, position, match.start()).append(rules.get(best).say().apply(match));
            position = match.end();
        }
        return out.append(text, position, text.length()).toString();
    }

    /**
     * A Latin word and no Chinese character: another language, whose numbers are not ours to say.
     * Letters right after a number (10kg, 3.5 GB) are a unit, not a word.
     */
    private static boolean isForeign(String text) {
        boolean word = false;
        for (int i = 0; i < text.length(); ) {
            int c = text.codePointAt(i);
            if (Character.UnicodeScript.of(c) == Character.UnicodeScript.HAN) {
                return false;
            }
            word |= isLatin(c) && (i == 0 || startsWord(text, i));
            i += Character.charCount(c);
        }
        return word;
    }

    private static boolean startsWord(String text, int i) {
        char before = text.charAt(i - 1);
        if (before == ' ' && i > 1) {
            before = text.charAt(i - 2);
        }
        return !isLatin(before) && !Character.isDigit(before);
    }

    private static boolean isLatin(int c) {
        return c < 128 && Character.isLetter(c);
    }

    private static String sign(MatchResult m) {
        return m.group(1) == null ? "" : "负";
    }

    private static String integer(MatchResult m) {
        return m.group(2).replace(",", "");
    }

    private static String clockTime(MatchResult m) {
        StringBuilder out = new StringBuilder(ChineseNumerals.count(m.group(1))).append('点');
        boolean seconds = m.group(3) != null && !"00".equals(m.group(3));
        if (!"00".equals(m.group(2)) || seconds) {
            out.append(m.group(2).charAt(0) == '0' ? "零" : "").append(ChineseNumerals.cardinal(m.group(2), false)).append('分');
        }
        if (seconds) {
            out.append(m.group(3).charAt(0) == '0' ? "零" : "").append(ChineseNumerals.cardinal(m.group(3), false)).append('秒');
        }
        return out.toString();
    }

    private static String measure(MatchResult m) {
        String unit = m.group(4);
        String spoken = UNITS.getOrDefault(unit.toLowerCase(Locale.ROOT), unit.toUpperCase(Locale.ROOT));
        String amount = m.group(3) == null ? ChineseNumerals.count(integer(m)) : ChineseNumerals.decimal(integer(m), m.group(3));
        return sign(m) + amount + spoken;
    }

    private static String range(MatchResult m) {
        String[] from = m.group(1).split("\\.", 2);
        String low = ChineseNumerals.decimal(from[0], from.length > 1 ? from[1] : null);
        String high = ChineseNumerals.decimal(m.group(2), m.group(3));
        return m.group(4) == null ? low + '到' + high : "百分之" + low + "到百分之" + high;
    }

    private static String plainNumber(MatchResult m) {
        String integer = integer(m);
        if (m.group(3) == null && integer.length() > 1 && integer.charAt(0) == '0') {
            return sign(m) + ChineseNumerals.digitByDigit(integer, false); // a code such as 007
        }
        return sign(m) + (m.group(3) == null ? ChineseNumerals.cardinal(integer, true) : ChineseNumerals.decimal(integer, m.group(3)));
    }
}
