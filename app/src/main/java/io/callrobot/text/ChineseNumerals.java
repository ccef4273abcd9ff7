package io.callrobot.text;

/** Spells ASCII digit strings the way Mandarin speakers read them aloud. */
final class ChineseNumerals {

    private static final String DIGITS = "零一二三四五六七八九";
    private static final String[] PLACES = {"", "十", "百", "千"};
    /** Units of the 4-digit groups, least significant first; 万亿 is 10^12. */
    private static final String[] GROUPS = {"", "万", "亿", "万亿"};
    private static final int MAX_CARDINAL_DIGITS = 4 * GROUPS.length;

    private ChineseNumerals() {
    }

    /**
     * Reads a whole number as a quantity: 10 十, 105 一百零五, 100010 十万零一十. With {@code liang},
     * a leading 2 counting 千, 万 or 亿 is 两 (2000 两千, 20000 两万, 2亿 两亿) while 2, 20 and 200
     * keep 二. Leading zeros are ignored; numbers beyond 万亿 are read digit by digit.
     */
    static String cardinal(String digits, boolean liang) {
        String d = stripLeadingZeros(digits);
        if (d.isEmpty()) {
            return "零";
        }
        if (d.length() > MAX_CARDINAL_DIGITS) {
            return digitByDigit(d, false);
        }
        StringBuilder out = new StringBuilder();
        boolean zeroPending = false;
        for (int group = (d.length() - 1) / 4; group >= 0; group--) {
            int end = d.length() - group * 4;
            int value = Integer.parseInt(d.substring(Math.max(0, end - 4), end));
            if (value == 0) {
                zeroPending = !out.isEmpty();
                continue;
            }
            boolean first = out.isEmpty();
            if (!first && (zeroPending || value < 1000)) {
                out.append('零');
            }
            appendGroup(out, value, first, liang && first, group > 0);
            out.append(GROUPS[group]);
            zeroPending = false;
        }
        return out.toString();
    }

    private static void appendGroup(StringBuilder out, int value, boolean first, boolean liang, boolean hasUnit) {
        boolean started = false;
        boolean zero = false;
        for (int place = 3, scale = 1000; place >= 0; place--, scale /= 10) {
            int digit = value / scale % 10;
            if (digit == 0) {
                zero = started;
                continue;
            }
            if (zero) {
                out.append('零');
                zero = false;
            }
            boolean leading = first && !started;
            if (leading && digit == 1 && place == 1) {
                out.append('十'); // 十五, not 一十五, at the start of a number only
            } else if (leading && liang && digit == 2 && (place == 3 || place == 0 && hasUnit)) {
                out.append('两').append(PLACES[place]);
            } else {
                out.append(DIGITS.charAt(digit)).append(PLACES[place]);
            }
            started = true;
        }
    }

    /** A bare count of something: 2 is 两 (两个, 两元), anything else {@link #cardinal}. */
    static String count(String digits) {
        return "2".equals(stripLeadingZeros(digits)) ? "两" : cardinal(digits, true);
    }

    /** Integer part as a quantity, then 点 and each fraction digit: 3.5 三点五, 0.05 零点零五. */
    static String decimal(String integer, String fraction) {
        String whole = cardinal(integer, false);
        return fraction == null || fraction.isEmpty() ? whole : whole + '点' + digitByDigit(fraction, false);
    }

    /**
     * Reads money in 元, 角 and 分: 1234.5 一千二百三十四元五角, 1.05 一元零五分, 0.05 五分, 2 两元.
     * More than two non-zero fraction digits are not money amounts people say; they are read
     * as a decimal followed by 元.
     */
    static String yuan(String integer, String fraction) {
        String cents = fraction == null ? "" : fraction.replaceAll("0+$", "");
        if (cents.length() > 2) {
            return decimal(integer, fraction) + '元';
        }
        int jiao = cents.isEmpty() ? 0 : cents.charAt(0) - '0';
        int fen = cents.length() < 2 ? 0 : cents.charAt(1) - '0';
        boolean hasYuan = !stripLeadingZeros(integer).isEmpty();
        StringBuilder out = new StringBuilder();
        if (hasYuan || jiao + fen == 0) {
            out.append(count(integer)).append('元');
        }
        if (jiao > 0) {
            out.append(jiao == 2 ? '两' : DIGITS.charAt(jiao)).append('角');
        }
        if (fen > 0) {
            if (hasYuan && jiao == 0) {
                out.append('零');
            }
            out.append(fen == 2 ? '两' : DIGITS.charAt(fen)).append('分');
        }
        return out.toString();
    }

    /**
     * Reads each digit (幺 for 1 with {@code yao}) and + as 加; runs of spaces, hyphens and brackets
     * between digit groups become one space; anything else (the X of an ID number) is kept.
     */
    static String digitByDigit(CharSequence text, boolean yao) {
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c >= '0' && c <= '9') {
                out.append(yao && c == '1' ? '幺' : DIGITS.charAt(c - '0'));
            } else if (c == '+') {
                out.append('加');
            } else if (c == '-' || c == '(' || c == ')' || Character.isWhitespace(c)) {
                if (!out.isEmpty() && out.charAt(out.length() - 1) != ' ') {
                    out.append(' ');
                }
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    private static String stripLeadingZeros(String digits) {
        int i = 0;
        while (i < digits.length() && digits.charAt(i) == '0') {
            i++;
        }
        return digits.substring(i);
    }
}
