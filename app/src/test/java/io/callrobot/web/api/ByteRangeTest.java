package io.callrobot.web.api;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ByteRangeTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "bytes=0-499      | 0   | 499",
            "bytes=500-999    | 500 | 999",
            "bytes=500-5000   | 500 | 999",   // last-pos past the end: up to the end
            "bytes=900-       | 900 | 999",
            "bytes=-100       | 900 | 999",
            "bytes=-5000      | 0   | 999",   // a suffix longer than the file: all of it
            "BYTES = 7-7      | 7   | 7",
            "bytes=999-999    | 999 | 999"})
    void oneRangeIsAPart(String header, long first, long last) {
        assertThat(ByteRange.parse(header, 1000)).isEqualTo(new ByteRange.Part(first, last));
    }

    @ParameterizedTest
    @ValueSource(strings = {"bytes=1000-", "bytes=1000-1001", "bytes=5000-6000", "bytes=-0"})
    void nothingInTheFileIsUnsatisfiable(String header) {
        assertThat(ByteRange.parse(header, 1000)).isInstanceOf(ByteRange.Unsatisfiable.class);
    }

    @Test
    void anEmptyFileSatisfiesNoRange() {
        assertThat(ByteRange.parse("bytes=0-", 0)).isInstanceOf(ByteRange.Unsatisfiable.class);
        assertThat(ByteRange.parse("bytes=-1", 0)).isInstanceOf(ByteRange.Unsatisfiable.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "bytes", "bytes=", "bytes=-", "bytes=a-b", "bytes=5-4", "bytes=0-1,5-6",
            "items=0-5", "bytes=1-2-3", "bytes=+1-2", "bytes=99999999999999999999-", "bytes= -x"})
    void anythingElseIsIgnoredAndTheWholeFileSent(String header) {
        assertThat(ByteRange.parse(header, 1000)).isInstanceOf(ByteRange.Whole.class);
    }

    @Test
    void noHeaderIsTheWholeFile() {
        assertThat(ByteRange.parse(null, 1000)).isInstanceOf(ByteRange.Whole.class);
    }
}
