package io.callrobot.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.callrobot.esl.inbound.originate.DialStringTemplate;
import io.callrobot.esl.inbound.originate.OriginateCommand;
import io.callrobot.esl.inbound.originate.OriginateRequest;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The robot's originate builder against the simulator's port of FreeSWITCH's parsing: whatever a
 * contact's variables hold, the switch must set exactly those values.
 */
class OriginateRoundTripTest {

    private static final String UUID = "0f8e4c1a-2b3d-4e5f-8a9b-0c1d2e3f4a5b";
    private static final DialStringTemplate TEMPLATE = DialStringTemplate.parse("sofia/gateway/${gateway}/${phone}");
    /** Everything that is special to some FreeSWITCH tokenizer, and some that is not. */
    private static final String ALPHABET = "aZ0 ,'\"\\=^$:_|&[]<>()%+;/#@!?*n s t r 张三，。";

    @Test
    void awkwardValuesArriveAsTheyWere() throws Exception {
        List<String> values = List.of("张三", "a,b", "a b", "a, b", "O'Brien", "'quoted'", "a\\b", "a\\,b", "\\", "a\\",
                "'", "''", "\\'", "x=1, y=2", "\"q\"", "50%", "a|b", "$5", "  padded ", " ", "\\n", "\\s", "^^:a",
                "<a>", "[b]", "a&b", "(c)", "'a b' c'", "end\\ ", "\\ lead");
        for (String value : values) {
            assertThat(roundTrip(Map.of("gateway", "carrier", "customer_name", value)))
                    .as("value [%s]", value).containsEntry("customer_name", value);
        }
    }

    @Test
    void randomValuesArriveAsTheyWere() throws Exception {
        Random random = new Random(20261203);
        for (int i = 0; i < 3000; i++) {
            StringBuilder value = new StringBuilder();
            int length = 1 + random.nextInt(12);
            for (int j = 0; j < length; j++) {
                value.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
            }
            Map<String, String> variables = new LinkedHashMap<>();
            variables.put("gateway", "carrier");
            variables.put("a", value.toString());
            variables.put("b", value.reverse().toString());
            if (variables.get("a").contains(":_:") || variables.get("b").contains(":_:")) {
                continue; // refused, see below
            }
            Map<String, String> parsed = roundTrip(variables);
            assertThat(parsed).as("values [%s] [%s]", variables.get("a"), variables.get("b"))
                    .containsEntry("a", variables.get("a")).containsEntry("b", variables.get("b"));
        }
    }

    @Test
    void theControlVariablesDialStringAndSocketArriveToo() throws Exception {
        OriginateRequest request = new OriginateRequest(UUID, "13800138000", TEMPLATE, "02150001000",
                Duration.ofSeconds(25), "payment-reminder-zh", "campaign 7", "contact,9", Map.of("gateway", "carrier"));
        OriginateParser.Parsed parsed = OriginateParser.parse(argument(OriginateCommand.build(request, "127.0.0.1:8040")));

        assertThat(parsed.variables()).containsExactly(
                Map.entry("origination_uuid", UUID),
                Map.entry("origination_caller_id_number", "02150001000"),
                Map.entry("originate_timeout", "25"),
                Map.entry("ignore_early_media", "true"),
                Map.entry("robot_flow", "payment-reminder-zh"),
                Map.entry("callrobot_campaign_id", "campaign 7"),
                Map.entry("callrobot_contact_id", "contact,9"),
                Map.entry("gateway", "carrier"));
        assertThat(parsed.dialString()).isEqualTo("sofia/gateway/carrier/13800138000");
        assertThat(parsed.application()).isEqualTo("socket");
        assertThat(parsed.applicationArg()).isEqualTo("127.0.0.1:8040 async full");
        assertThat(parsed.timeoutSeconds()).isEqualTo(25);
    }

    @Test
    void theEnterpriseSeparatorNeverReachesTheSwitch() {
        assertThatThrownBy(() -> roundTrip(Map.of("gateway", "carrier", "x", "a:_:b"))).hasMessageContaining(":_:");
    }

    private static Map<String, String> roundTrip(Map<String, String> variables) throws OriginateParser.Refused {
        OriginateRequest request = new OriginateRequest(UUID, "13800138000", TEMPLATE, null, Duration.ofSeconds(30),
                null, "c1", "k1", variables);
        OriginateParser.Parsed parsed = OriginateParser.parse(argument(OriginateCommand.build(request, "127.0.0.1:8040")));
        assertThat(parsed.dialString()).isEqualTo("sofia/gateway/carrier/13800138000");
        assertThat(parsed.applicationArg()).isEqualTo("127.0.0.1:8040 async full");
        return parsed.variables();
    }

    /** What bgapi hands the originate api: the command line after "originate ". */
    private static String argument(String command) {
        assertThat(command).startsWith("originate ");
        return command.substring("originate ".length());
    }
}
