package io.callrobot.campaign.contacts;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class XlsxTableTest {

    @ParameterizedTest(name = "{0} / {1} -> {2}")
    @CsvSource(delimiter = '|', nullValues = "null", textBlock = """
            14  | null                       | true
            22  | null                       | true
            31  | null                       | true
            57  | null                       | true
            1   | null                       | false
            49  | null                       | false
            176 | 'yyyy"年"m"月"d"日"'        | true
            177 | m/d                        | true
            178 | '0.00"元"'                 | false
            179 | '[$-804]0.00'              | false
            180 | '"day "0'                  | false
            181 | h:mm:ss                    | false
            null| null                       | false
            """)
    void datesAreToldFromNumbersByTheirFormat(Integer id, String format, boolean date) {
        assertThat(XlsxTable.isDateFormat(id, format)).isEqualTo(date);
    }
}
