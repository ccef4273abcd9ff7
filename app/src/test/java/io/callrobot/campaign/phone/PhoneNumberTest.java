package io.callrobot.campaign.phone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

class PhoneNumberTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', textBlock = """
            13800138000           | 13800138000   | MOBILE
            138 0013 8000         | 13800138000   | MOBILE
            138-0013-8000         | 13800138000   | MOBILE
            ' 19912345678 '       | 19912345678   | MOBILE
            +86 138 0013 8000     | 13800138000   | MOBILE
            +8613800138000        | 13800138000   | MOBILE
            0086 13800138000      | 13800138000   | MOBILE
            8613800138000         | 13800138000   | MOBILE
            (+86) 138-0013-8000   | 13800138000   | MOBILE
            １３８００１３８０００   | 13800138000   | MOBILE
            ＋86 13800138000       | 13800138000   | MOBILE
            010-12345678          | 01012345678   | LANDLINE
            (010) 1234 5678       | 01012345678   | LANDLINE
            0755 1234 5678        | 075512345678  | LANDLINE
            0755-2345678          | 07552345678   | LANDLINE
            021-62345678          | 02162345678   | LANDLINE
            0571.8765.4321        | 057187654321  | LANDLINE
            +86 10 1234 5678      | 01012345678   | LANDLINE
            +86 010 1234 5678     | 01012345678   | LANDLINE
            +86 21 6234 5678      | 02162345678   | LANDLINE
            0086 755 12345678     | 075512345678  | LANDLINE
            +1 415 555 0123       | +14155550123  | INTERNATIONAL
            +1 (415) 555-0123     | +14155550123  | INTERNATIONAL
            001 415 555 0123      | +14155550123  | INTERNATIONAL
            +44 20 7946 0958      | +442079460958 | INTERNATIONAL
            +852 2123 4567        | +85221234567  | INTERNATIONAL
            """)
    void normalises(String text, String canonical, PhoneNumber.Kind kind) {
        PhoneNumber phone = PhoneNumber.parse(text);
        assertThat(phone.canonical()).isEqualTo(canonical);
        assertThat(phone.kind()).isEqualTo(kind);
        assertThat(PhoneNumber.parse(canonical)).isEqualTo(phone); // the canonical form parses to itself
    }

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource(delimiter = '|', textBlock = """
            ---                  | no digits
            1380013800           | a Chinese mobile number has 11 digits, this has 10
            138001380001         | a Chinese mobile number has 11 digits, this has 12
            12345678901          | not a Chinese mobile number: after the 1 comes 3-9
            +86 138 0013 800     | a Chinese mobile number has 11 digits, this has 10
            021-1234567          | area code 021 takes 8-digit local numbers, this has 7
            010-123456789        | area code 010 takes 8-digit local numbers, this has 9
            0755-123456          | area code 0755 takes 7 or 8-digit local numbers, this has 6
            010-01234567         | a local number cannot start with 0
            0123 4567890         | no Chinese area code starts 01 except 010
            12345678             | a Chinese mobile number has 11 digits, this has 8
            62345678             | landline without area code: write it with one, e.g. 010-62345678
            400-800-1234         | 400/800 service numbers take no outbound calls
            95588                | not a Chinese mobile or landline number
            +0 123 4567          | a country code cannot start with 0
            +1 234               | an international number has 7 to 15 digits with its country code, this has 4
            +1234567890123456    | an international number has 7 to 15 digits with its country code, this has 16
            138 0013 8000 转 123  | unexpected character '转'
            138001380O0          | unexpected character 'O'
            13800138000/13900139000 | unexpected character '/'
            1.38001E+10          | Excel wrote it in scientific notation, which lost digits: format the column as text
            138+00138000         | '+' may only start the number
            """)
    void rejectsWithAReason(String text, String reason) {
        assertThatThrownBy(() -> PhoneNumber.parse(text))
                .isInstanceOf(InvalidPhoneNumberException.class)
                .hasMessageStartingWith("bad number \"" + text.strip() + "\": ")
                .hasMessageContaining(reason);
    }

    @ParameterizedTest
    @NullSource
    @ValueSource(strings = {"", "  ", "\u3000"})
    void blankIsNoNumber(String text) {
        assertThatThrownBy(() -> PhoneNumber.parse(text)).isInstanceOf(InvalidPhoneNumberException.class)
                .hasMessage("no number");
    }

    @ParameterizedTest
    @CsvSource({"13800138000,+8613800138000", "01012345678,+86 10 12345678", "+14155550123,001-415-555-0123"})
    void equalNumbersAreEqualWhateverTheirSpelling(String a, String b) {
        assertThat(PhoneNumber.parse(a)).isEqualTo(PhoneNumber.parse(b)).hasSameHashCodeAs(PhoneNumber.parse(b));
        assertThat(PhoneNumber.parse(b)).hasToString(a);
    }
}
