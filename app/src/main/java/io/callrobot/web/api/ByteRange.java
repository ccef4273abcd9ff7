package io.callrobot.web.api;

/**
 * What a {@code Range} header asks of a representation of known length (RFC 9110 section 14): one
 * range of bytes, the whole representation, or nothing it has.
 */
sealed interface ByteRange {

    /** Send everything, 200: no header, a unit other than bytes, several ranges or a header that does not parse. */
    record Whole() implements ByteRange {
    }

    /** Send bytes {@code first..last} (inclusive), 206 with {@code Content-Range: bytes first-last/length}. */
    record Part(long first, long last) implements ByteRange {
        long length() {
            return last - first + 1;
        }
    }

    /** Nothing in range, 416 with {@code Content-Range: bytes *}{@code /length} (RFC 9110 section 15.5.17). */
    record Unsatisfiable() implements ByteRange {
    }

    /** Reads {@code header} (may be null) against a representation of {@code length} bytes. */
    static ByteRange parse(String header, long length) {
        if (header == null) {
            return new Whole();
        }
        String value = header.strip();
        // RFC 9110 section 14.1.2: ranges-specifier = range-unit "=" range-set; the unit is case-insensitive
        int equals = value.indexOf('=');
        if (equals < 0 || !value.substring(0, equals).strip().equalsIgnoreCase("bytes")) {
            return new Whole(); // section 14.2: a server MAY ignore a Range it does not understand
        }
        String set = value.substring(equals + 1).strip();
        if (set.contains(",")) {
            return new Whole(); // several ranges: section 14.2 lets the server answer with the whole
        }
        int dash = set.indexOf('-');
        if (dash < 0) {
            return new Whole();
        }
        String from = set.substring(0, dash).strip();
        String to = set.substring(dash + 1).strip();
        if (from.isEmpty()) {
            // suffix-range = "-" suffix-length: the last n bytes, all of them if n is longer
            Long n = digits(to);
            if (n == null) {
                return new Whole();
            }
            if (n == 0 || length == 0) {
                return new Unsatisfiable();
            }
            return new Part(Math.max(0, length - n), length - 1);
        }
        Long first = digits(from);
        Long last = to.isEmpty() ? Long.valueOf(Long.MAX_VALUE) : digits(to);
        if (first == null || last == null || last < first) {
            return new Whole(); // section 14.1.1: a last-pos below first-pos makes the range invalid
        }
        if (first >= length) {
            return new Unsatisfiable();
        }
        return new Part(first, Math.min(last, length - 1));
    }

    /** A non-empty run of ASCII digits that fits a long, else null. */
    private static Long digits(String text) {
        if (text.isEmpty() || text.length() > 18 || !text.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return null;
        }
        return Long.parseLong(text);
    }
}
