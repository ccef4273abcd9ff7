package io.callrobot.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** The port of FreeSWITCH's tokenizers, on cases worked out by hand from switch_utils.c and switch_event.c. */
class SwitchStringsTest {

    @Test
    void blankDelimiterSplitsAtRunsOfSpacesOutsideQuotes() {
        assertThat(SwitchStrings.separate("a b   c", ' ', 10)).containsExactly("a", "b", "c");
        assertThat(SwitchStrings.separate("{x='a b'}sofia/x &socket('h:1 async full')", ' ', 10))
                .containsExactly("{x=a b}sofia/x", "&socket(h:1 async full)");
        // an escaped space is no separator, and cleanup keeps the backslash (a space is no escape there)
        assertThat(SwitchStrings.separate("a\\ b c", ' ', 10)).containsExactly("a\\ b", "c");
        // at most max parts: the last takes the rest
        assertThat(SwitchStrings.separate("a b c d", ' ', 2)).containsExactly("a", "b c d");
    }

    @Test
    void charDelimiterHonoursEscapesAndPairedQuotesOnly() {
        assertThat(SwitchStrings.separate("a\\,b,c", ',', 10)).containsExactly("a,b", "c");
        assertThat(SwitchStrings.separate("x='a,b',y=c", ',', 10)).containsExactly("x=a,b", "y=c");
        // a quote without a partner is an ordinary character
        assertThat(SwitchStrings.separate("it's,ok", ',', 10)).containsExactly("it's", "ok");
        assertThat(SwitchStrings.separate("^^;a;b,c", ',', 10)).containsExactly("a", "b,c");
        assertThat(SwitchStrings.separate("a=b=c", '=', 2)).containsExactly("a", "b=c");
    }

    @Test
    void cleanupUnescapesOnceAndTrimsUnquotedSpaces() {
        assertThat(SwitchStrings.cleanup("  x  ", '\0')).isEqualTo("x");
        assertThat(SwitchStrings.cleanup("\\sx\\s", '\0')).isEqualTo(" x ");
        assertThat(SwitchStrings.cleanup("' x '", '\0')).isEqualTo(" x ");
        assertThat(SwitchStrings.cleanup("a\\\\b\\'c\\nd", '\0')).isEqualTo("a\\b'c\nd");
        assertThat(SwitchStrings.cleanup("a\\,b", '\0')).isEqualTo("a\\,b");
        assertThat(SwitchStrings.cleanup("a\\,b", ',')).isEqualTo("a,b");
    }

    @Test
    void bracketsFindTheirPartnerByDepthAndSplitNameFromValueOnce() {
        assertThat(SwitchStrings.findEndParen("{a{b}c}d", 0, '{', '}')).isEqualTo(6);
        assertThat(SwitchStrings.findEndParen("{a\\}b", 0, '{', '}')).isEqualTo(3);
        assertThat(SwitchStrings.findEndParen("{ab", 0, '{', '}')).isEqualTo(-1);
        SwitchStrings.Brackets block = SwitchStrings.brackets("{a=1,b=x=y,empty=,A=2}sofia/x", '{', '}', ',');
        assertThat(block.variables()).containsExactly(Map.entry("b", "x=y"), Map.entry("A", "2"));
        assertThat(block.rest()).isEqualTo("sofia/x");
    }
}
