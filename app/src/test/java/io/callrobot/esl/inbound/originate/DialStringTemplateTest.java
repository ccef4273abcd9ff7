package io.callrobot.esl.inbound.originate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DialStringTemplateTest {

    @Test
    void expandsThePhoneAndVariables() {
        DialStringTemplate template = DialStringTemplate.parse("sofia/gateway/${gateway}/${phone}");
        assertThat(template.variables()).containsExactly("gateway", "phone");
        assertThat(template.expand("13800138000", Map.of("gateway", "carrier-1"))).isEqualTo("sofia/gateway/carrier-1/13800138000");
        assertThat(DialStringTemplate.parse("loopback/${phone}/default").expand("+8613800138000", Map.of()))
                .isEqualTo("loopback/+8613800138000/default");
        assertThat(DialStringTemplate.parse("sofia/external/${phone}@${host}").expand("1001", Map.of("host", "10.0.0.9:5060")))
                .isEqualTo("sofia/external/1001@10.0.0.9:5060");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '#', quoteCharacter = '"', textBlock = """
            sofia/gateway/gw/${phone} &echo     # ' ' is not allowed
            sofia/gateway/gw/${phone}&echo      # '&' is not allowed
            sofia/gateway/a,b/${phone}          # ',' is not allowed
            sofia/gateway/a|b/${phone}          # '|' is not allowed
            sofia/gateway/gw/${phone}'          # ''' is not allowed
            {a=b}sofia/gateway/gw/${phone}      # '{' is not allowed
            sofia/gateway/gw:_:x/${phone}       # enterprise
            sofia/gateway/${gw/${phone}         # is not a variable
            sofia/gateway/gw/${phone            # is not closed
            ${phone}                            # must start with an endpoint
            13800138000                         # must start with an endpoint
            """)
    void templatesThatWouldInjectOrCannotParseAreRefused(String template, String message) {
        assertThatThrownBy(() -> DialStringTemplate.parse(template))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("dialString").hasMessageContaining(message);
    }

    @Test
    void unknownVariablesAreRefusedWhenTheKnownOnesAreGiven() {
        assertThatThrownBy(() -> DialStringTemplate.parse("sofia/gateway/${gw}/${phone}", Set.of("gateway")))
                .hasMessageContaining("unknown variable ${gw} (known: phone, gateway)");
        assertThat(DialStringTemplate.parse("sofia/gateway/${gateway}/${phone}", Set.of("gateway")).text())
                .isEqualTo("sofia/gateway/${gateway}/${phone}");
    }

    @Test
    void valuesThatWouldChangeTheRouteAreRefused() {
        DialStringTemplate template = DialStringTemplate.parse("sofia/gateway/${gateway}/${phone}");
        assertThatThrownBy(() -> template.expand("138", Map.of("gateway", "a/b"))).hasMessageContaining("variables.gateway");
        assertThatThrownBy(() -> template.expand("138", Map.of("gateway", "gw;fs_path=x"))).hasMessageContaining("variables.gateway");
        assertThatThrownBy(() -> template.expand("138 0", Map.of("gateway", "gw"))).hasMessageStartingWith("phone:");
        assertThatThrownBy(() -> template.expand("138", Map.of())).hasMessageContaining("no value for ${gateway}");
        assertThatThrownBy(() -> DialStringTemplate.parse("sofia/gateway/gw:${x}/${phone}").expand("1", Map.of("x", "_:y")))
                .hasMessageContaining(":_:");
    }
}
