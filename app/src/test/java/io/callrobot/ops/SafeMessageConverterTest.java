package io.callrobot.ops;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.LoggingEvent;
import ch.qos.logback.core.Layout;
import ch.qos.logback.core.OutputStreamAppender;
import ch.qos.logback.core.encoder.LayoutWrappingEncoder;
import ch.qos.logback.core.joran.spi.JoranException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SafeMessageConverterTest {

    private final LoggerContext context = new LoggerContext();
    private final Logger logger = context.getLogger("io.callrobot.call.CallManager");

    @AfterEach
    void stop() {
        context.stop();
    }

    private LoggingEvent event(String pattern, Object... arguments) {
        return new LoggingEvent(Logger.class.getName(), logger, Level.INFO, pattern, null, arguments);
    }

    private String convert(ILoggingEvent event, String... options) {
        SafeMessageConverter converter = new SafeMessageConverter();
        converter.setContext(context);
        converter.setOptionList(List.of(options));
        converter.start();
        return converter.convert(event);
    }

    @Test
    void argumentsHaveTheirControlCharactersEscaped() {
        String forged = "13800138000\n12:00:00.000 INFO  [main] CallManager call=- all calls authorised";
        assertThat(convert(event("call {} from {} said {}", "u-1", forged, "\u001b[2J\r\tok")))
                .isEqualTo("call u-1 from 13800138000\\n12:00:00.000 INFO  [main] CallManager call=- all calls"
                        + " authorised said \\u001b[2J\\r\\tok");
    }

    @Test
    void c1ControlsLineSeparatorsAndBidiOverridesAreEscapedToo() {
        assertThat(convert(event("{}", "a\u0085b\u009bc\u2028d\u2029e\u202ef\u0000g\u007fh")))
                .isEqualTo("a\\u0085b\\u009bc\\u2028d\\u2029e\\u202ef\\u0000g\\u007fh");
    }

    @Test
    void printableTextIsLeftAlone() {
        assertThat(convert(event("caller said {} ({})", "您好，我想查一下账单 ¥1,280.50 😀", 42)))
                .isEqualTo("caller said 您好，我想查一下账单 ¥1,280.50 😀 (42)");
    }

    @Test
    void theMessagePatternIsOursAndKeptAsWritten() {
        assertThat(convert(event("line one\nline two {}", "x\ny"))).isEqualTo("line one\nline two x\\ny");
        assertThat(convert(event("{\"json\":\"as is\"}"))).isEqualTo("{\"json\":\"as is\"}");
    }

    @Test
    void longArgumentsAreCutAndSayHowMuchWasLeftOut() {
        String text = "a".repeat(300);
        assertThat(convert(event("text {}", text))).isEqualTo("text " + "a".repeat(256) + "…(+44 chars)");
        assertThat(convert(event("text {}", "abcdefghijkl"), "10")).isEqualTo("text abcdefghij…(+2 chars)");
    }

    @Test
    void aCutNeverSplitsASurrogatePair() {
        assertThat(convert(event("{}", "abc😀def"), "4")).isEqualTo("abc…(+5 chars)");
    }

    @Test
    void argumentsAreFormattedAsSlf4jWouldBeforeEscaping() {
        Object failing = new Object() {
            @Override
            public String toString() {
                throw new IllegalStateException("boom");
            }
        };
        assertThat(convert(event("{} {} {} {}", new int[] {1, 2}, null, failing, "unused"), "256"))
                .isEqualTo("[1, 2] null [FAILED toString()] unused");
        assertThat(convert(event("only {}", "one", "extra"))).isEqualTo("only one");
    }

    @Test
    void aTrailingThrowableIsNotAnArgument() {
        LoggingEvent event = event("cannot parse {}", "x\ny", new IllegalArgumentException("bad\nthing"));
        assertThat(convert(event)).isEqualTo("cannot parse x\\ny");
        assertThat(event.getThrowableProxy().getMessage()).isEqualTo("bad\nthing");
    }

    @Test
    void theMdcCallIdIsEscapedToo() {
        LoggingEvent event = event("hello");
        event.setMDCPropertyMap(Map.of("call", "u-1\nforged"));
        SafeMdcConverter converter = new SafeMdcConverter();
        converter.setContext(context);
        converter.setOptionList(List.of("call:--"));
        converter.start();
        assertThat(converter.convert(event)).isEqualTo("u-1\\nforged");
    }

    /** The shipped configurations, end to end: a forged newline in a logged value stays on one line. */
    @ParameterizedTest
    @ValueSource(strings = {"logback.xml", "logback-test.xml"})
    void aForgedNewlineStaysOnOneLineWithTheShippedConfiguration(String resource) throws JoranException {
        LoggerContext configured = new LoggerContext();
        try {
            JoranConfigurator configurator = new JoranConfigurator();
            configurator.setContext(configured);
            configurator.doConfigure(getClass().getClassLoader().getResource(resource));
            OutputStreamAppender<ILoggingEvent> appender = (OutputStreamAppender<ILoggingEvent>)
                    configured.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).getAppender("STDOUT");
            Layout<ILoggingEvent> layout = ((LayoutWrappingEncoder<ILoggingEvent>) appender.getEncoder()).getLayout();
            LoggingEvent event = new LoggingEvent(Logger.class.getName(), configured.getLogger("io.callrobot.call"),
                    Level.WARN, "call {} from {}", null,
                    new Object[] {"u-1", "1380013\n00:00:00.000 ERROR [main] Forged call=- \u001b[31mpwned"});
            event.setMDCPropertyMap(Map.of("call", "u-1\r\nforged"));
            String line = layout.doLayout(event);
            assertThat(line).endsWith(System.lineSeparator());
            assertThat(line.substring(0, line.length() - System.lineSeparator().length()))
                    .doesNotContain("\n", "\r", "\u001b")
                    .contains("call=u-1\\r\\nforged call u-1 from 1380013\\n00:00:00.000 ERROR [main] Forged"
                            + " call=- \\u001b[31mpwned");
        } finally {
            configured.stop();
        }
    }
}
