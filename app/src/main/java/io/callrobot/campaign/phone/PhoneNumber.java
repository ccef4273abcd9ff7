package io.callrobot.campaign.phone;

/**
 * A dialable phone number in its canonical form, the one the dial string's {@code ${phone}} gets,
 * the do-not-call list and the daily caps compare, and results show:
 * <ul>
 *   <li>{@link Kind#MOBILE}: a Chinese mobile as its 11 digits, {@code 13800138000};</li>
 *   <li>{@link Kind#LANDLINE}: a Chinese landline as trunk prefix 0, area code and local number,
 *       digits only: {@code 01012345678}, {@code 075512345678} (what a Chinese carrier dials
 *       domestically);</li>
 *   <li>{@link Kind#INTERNATIONAL}: any other country as E.164 with its plus,
 *       {@code +14155550123}.</li>
 * </ul>
 * {@link #parse} accepts what people and spreadsheets write: spaces, dashes, dots and brackets,
 * full-width digits, the +86 / 0086 / 86 prefixes of Chinese numbers (also +86 followed by the
 * trunk 0 that should not be there) and 00 for other countries.
 */
public final class PhoneNumber {

    /** Which of the three canonical forms a number has. */
    public enum Kind {
        /** 11 digits, 1 then 3-9 then 9 digits. */
        MOBILE,
        /** 0, a 2-digit area code (10, 20-29) and 8 digits, or a 3-digit one (3xx-9xx) and 7 or 8. */
        LANDLINE,
        /** + country code and number, 7 to 15 digits in all (E.164 allows 15). */
        INTERNATIONAL
    }

    private final String canonical;
    private final Kind kind;

    private PhoneNumber(String canonical, Kind kind) {
        this.canonical = canonical;
        this.kind = kind;
    }

    /**
     * The canonical number written in {@code text}.
     *
     * @throws InvalidPhoneNumberException saying why {@code text} is not a dialable number
     */
    public static PhoneNumber parse(String text) {
        if (text == null || text.isBlank()) {
            throw new InvalidPhoneNumberException("no number");
        }
        StringBuilder digits = new StringBuilder(20);
        boolean plus = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c >= '0' && c <= '9') {
                digits.append(c);
            } else if (c >= '\uFF10' && c <= '\uFF19') { // full-width digits from Chinese input methods
                digits.append((char) ('0' + (c - '\uFF10')));
            } else if (c == '+' || c == '\uFF0B') {
                if (plus || !digits.isEmpty()) {
                    throw invalid(text, "'+' may only start the number");
                }
                plus = true;
            } else if (!isSeparator(c)) {
                throw invalid(text, unexpected(text, c));
            }
        }
        if (digits.isEmpty()) {
            throw invalid(text, "no digits");
        }
        String d = digits.toString();
        if (plus) {
            return d.startsWith("86") ? chinese(text, d.substring(2), true) : international(text, d);
        }
        if (d.startsWith("00")) {
            return d.startsWith("0086") ? chinese(text, d.substring(4), true) : international(text, d.substring(2));
        }
        if (d.length() == 13 && d.startsWith("86") && isMobile(d, 2)) {
            return new PhoneNumber(d.substring(2), Kind.MOBILE); // 86 without its plus, as some exports write it
        }
        return chinese(text, d, false);
    }

    /** The canonical form (see the class description). */
    public String canonical() {
        return canonical;
    }

    public Kind kind() {
        return kind;
    }

    /**
     * @param d               the digits after any country prefix
     * @param international   {@code d} followed +86 / 0086, so it has no trunk 0 (but may have one)
     */
    private static PhoneNumber chinese(String text, String d, boolean international) {
        boolean beijingWithoutTrunk = international && d.startsWith("10") && d.length() == 10;
        if (d.startsWith("1") && !beijingWithoutTrunk) {
            if (d.length() != 11) {
                throw invalid(text, "a Chinese mobile number has 11 digits, this has " + d.length());
            }
            if (isMobile(d, 0)) {
                return new PhoneNumber(d, Kind.MOBILE);
            }
            throw invalid(text, "not a Chinese mobile number: after the 1 comes 3-9");
        }
        String national;
        if (international) {
            national = d.startsWith("0") ? d.substring(1) : d;
        } else if (d.startsWith("0")) {
            national = d.substring(1);
        } else if ((d.startsWith("400") || d.startsWith("800")) && d.length() == 10) {
            throw invalid(text, "400/800 service numbers take no outbound calls");
        } else if (d.length() == 7 || d.length() == 8) {
            throw invalid(text, "landline without area code: write it with one, e.g. 010-" + d);
        } else {
            throw invalid(text, "not a Chinese mobile or landline number (a foreign number needs + and its country code)");
        }
        return landline(text, national);
    }

    /** @param n the national number without trunk 0: area code then local number */
    private static PhoneNumber landline(String text, String n) {
        if (n.isEmpty()) {
            throw invalid(text, "no number after the prefix");
        }
        int areaLength;
        int[] localLengths;
        char first = n.charAt(0);
        if (n.startsWith("10") || first == '2') {
            areaLength = 2; // Beijing 010 and the 02x cities have 8-digit local numbers
            localLengths = new int[] {8};
        } else if (first >= '3' && first <= '9') {
            areaLength = 3;
            localLengths = new int[] {7, 8};
        } else {
            throw invalid(text, "no Chinese area code starts 0" + first + (first == '1' ? " except 010" : ""));
        }
        int local = n.length() - areaLength;
        String area = "0" + n.substring(0, Math.min(areaLength, n.length()));
        boolean lengthOk = false;
        for (int l : localLengths) {
            lengthOk |= local == l;
        }
        if (!lengthOk) {
            throw invalid(text, "area code " + area + " takes " + (localLengths.length == 1 ? "8" : "7 or 8")
                    + "-digit local numbers, this has " + Math.max(local, 0));
        }
        if (n.charAt(areaLength) == '0') {
            throw invalid(text, "a local number cannot start with 0");
        }
        return new PhoneNumber("0" + n, Kind.LANDLINE);
    }

    private static PhoneNumber international(String text, String d) {
        if (d.isEmpty() || d.charAt(0) == '0') {
            throw invalid(text, "a country code cannot start with 0");
        }
        if (d.length() < 7 || d.length() > 15) {
            throw invalid(text, "an international number has 7 to 15 digits with its country code, this has "
                    + d.length());
        }
        return new PhoneNumber("+" + d, Kind.INTERNATIONAL);
    }

    private static boolean isMobile(String d, int from) {
        return d.length() - from == 11 && d.charAt(from) == '1'
                && d.charAt(from + 1) >= '3' && d.charAt(from + 1) <= '9';
    }

    private static boolean isSeparator(char c) {
        return switch (c) {
            case ' ', '\t', '-', '.', '(', ')', '\u00A0', '\u3000', '\uFF0D', '\uFF08', '\uFF09', '\u2010', '\u2013' -> true;
            default -> false;
        };
    }

    private static String unexpected(String text, char c) {
        if (text.strip().matches("[0-9]+(\\.[0-9]+)?[eE][+]?[0-9]+")) {
            return "Excel wrote it in scientific notation, which lost digits: format the column as text";
        }
        return "unexpected character '" + c + "'";
    }

    private static InvalidPhoneNumberException invalid(String text, String why) {
        String shown = text.length() > 40 ? text.substring(0, 40) + "…" : text;
        return new InvalidPhoneNumberException("bad number \"" + shown.strip() + "\": " + why);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PhoneNumber p && p.canonical.equals(canonical);
    }

    @Override
    public int hashCode() {
        return canonical.hashCode();
    }

    @Override
    public String toString() {
        return canonical;
    }
}
