package io.callrobot.call;

import static org.assertj.core.api.Assertions.assertThat;

import io.callrobot.config.BargeInConfig;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class BackchannelsTest {

    private final Backchannels defaults = new Backchannels(BargeInConfig.defaults().backchannels());

    @ParameterizedTest(name = "\"{0}\" is only backchannel: {1}")
    @CsvSource(delimiter = '|', value = {
            "嗯|true",
            "嗯嗯嗯|true",
            "好的，好的。|true",
            "对对对|true",
            "嗯，是的|true",
            "喂？|true",
            "OK, yeah.|true",
            "Okay|true",
            "uh-huh|true",
            "''|true",
            "嗯我要人工|false",
            "好的我知道了但是|false",
            "不是|false",
            "对不起|false",
            "yesterday|false",
            "okay wait|false",
            "转人工|false",
    })
    void tellsListeningNoisesFromWords(String text, boolean only) {
        assertThat(defaults.only(text)).isEqualTo(only);
    }

    @ParameterizedTest(name = "custom list: \"{0}\" only backchannel: {1}")
    @CsvSource(delimiter = '|', value = {"收到|true", "嗯|false", "收到收到|true", "收到了|false"})
    void aFlowsOwnListReplacesTheDefaults(String text, boolean only) {
        assertThat(new Backchannels(java.util.List.of("收到")).only(text)).isEqualTo(only);
    }
}
