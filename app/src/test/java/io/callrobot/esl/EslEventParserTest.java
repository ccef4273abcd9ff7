package io.callrobot.esl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EslEventParserTest {

    @Test
    void plainEventHeadersAreUrlDecoded() {
        EslEvent event = EslEventParser.plain("Event-Name: CHANNEL_ANSWER\nUnique-ID: abc\n"
                + "variable_customer_name: %E5%BC%A0%E4%B8%89\nCaller-Caller-ID-Name: a+b%20c\n\n");
        assertThat(event.name()).isEqualTo("CHANNEL_ANSWER");
        assertThat(event.uniqueId()).isEqualTo("abc");
        assertThat(event.variable("customer_name")).isEqualTo("张三");
        assertThat(event.header("Caller-Caller-ID-Name")).isEqualTo("a+b c");
        assertThat(event.body()).isEmpty();
    }

    @Test
    void plainEventWithInnerBody() {
        EslEvent event = EslEventParser.plain("Event-Name: BACKGROUND_JOB\nContent-Length: 11\n\n+OK 已完成\n");
        assertThat(event.headers()).doesNotContainKey("Content-Length");
        assertThat(event.body()).isEqualTo("+OK 已完成\n");
    }

    @Test
    void plainEventRejectsLinesWithoutColon() {
        assertThatThrownBy(() -> EslEventParser.plain("Event-Name: X\nnonsense\n\n"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void jsonEventKeepsValuesAndBody() {
        EslEvent event = EslEventParser.json("{\"Event-Name\":\"DTMF\",\"DTMF-Digit\":\"5\","
                + "\"variable_customer_name\":\"张三\",\"list\":[\"a\",\"b\"],\"_body\":\"text\"}");
        assertThat(event.name()).isEqualTo("DTMF");
        assertThat(event.header("DTMF-Digit")).isEqualTo("5");
        assertThat(event.variable("customer_name")).isEqualTo("张三");
        assertThat(event.header("list")).isEqualTo("ARRAY::a|:b");
        assertThat(event.body()).isEqualTo("text");
    }

    @Test
    void invalidJsonIsAnError() {
        assertThatThrownBy(() -> EslEventParser.json("[1,2")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> EslEventParser.json("[1,2]")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void channelDataDecodesEveryHeader() {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", "command/reply");
        headers.put("Reply-Text", "%2BOK%0A");
        headers.put("Unique-ID", "u1");
        headers.put("variable_customer_name", "%E5%BC%A0%E4%B8%89");
        EslEvent data = EslEventParser.channelData(EslFrame.of(headers, ""));
        assertThat(data.header("Reply-Text")).isEqualTo("+OK\n");
        assertThat(data.variable("customer_name")).isEqualTo("张三");
        assertThat(data.name()).isNull();
    }

    @Test
    void urlDecodeLeavesMalformedEscapesAlone() {
        assertThat(EslEventParser.urlDecode("100%")).isEqualTo("100%");
        assertThat(EslEventParser.urlDecode("%zz%4")).isEqualTo("%zz%4");
        assertThat(EslEventParser.urlDecode("%41+%42")).isEqualTo("A+B");
    }
}
