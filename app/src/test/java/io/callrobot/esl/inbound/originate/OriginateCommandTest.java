package io.callrobot.esl.inbound.originate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/**
 * How values are written into the originate's {@code {}} block. Each row is tied to the
 * FreeSWITCH source that makes it so; the simulator's port of that source reads every row back
 * (tools: OriginateRoundTripTest). In the table a backslash is written as {@code /} and a
 * single quote as {@code `}, so that the rows stay readable.
 */
class OriginateCommandTest {

    private static final String UUID = "0f8e4c1a-2b3d-4e5f-8a9b-0c1d2e3f4a5b";
    private static final DialStringTemplate GATEWAY = DialStringTemplate.parse("sofia/gateway/${gateway}/${phone}");

    @ParameterizedTest(name = "[{index}] {0} -> {1}: {2}")
    @CsvSource(delimiter = '#', quoteCharacter = '\'', textBlock = """
            张三         # 张三               # UTF-8 bytes above 0x7F are nothing to any tokenizer (switch_utils.c, separate_string_*)
            1280.50      # 1280.50            # plain text passes untouched
            12月5日       # 12月5日             # plain text passes untouched
            a,b          # a/,b               # switch_event_create_brackets splits the block at commas and cleanup_separated_string turns /, back; the argument split keeps /, as it is
            a b          # `a b`              # originate_function splits its argument at spaces outside single quotes, and cleanup_separated_string drops the quotes
            a, b         # `a/, b`            # quoted for the space, comma escaped for the block
            O`Brien      # O///////`Brien     # a quote is escaped at each of the three splits: /` for the value, ///` for the block, ///////` for the argument
            a/b          # a///////b          # a backslash is doubled for the value and for the block, and each of those doubled for the argument (where a backslash before a backslash is an escape)
            a/,b         # a/////////,b       # a backslash then a comma: both escaped for the block, the comma not again for the argument
            a=b          # a=b                # switch_separate_string with = and at most 2 parts splits at the first = only
            x=1, y=2     # `x=1/, y=2`        # both rules at once
            "q"          # "q"                # a double quote is an escape only after a backslash
            50%          # 50%                # a percent sign means nothing before the event socket URL-encodes the variable
            a|b          # a|b                # a bar separates legs only in the dial string, which is split after the block is removed
            $5           # $5                 # a dollar not followed by a brace is no variable reference (switch_string_var_check_const)
            '  padded '  # ////s////spadded////s # cleanup_separated_string skips leading spaces and cuts trailing ones, and /s is its escape for a space
            /n           # ////////n          # a literal backslash-n must not become a newline (unescape_char)
            """)
    void valuesAreWrittenSoFreeSwitchReadsThemBack(String value, String written, String why) {
        assertThat(OriginateCommand.escapeValue(readable(value))).as(why).isEqualTo(readable(written));
    }

    @Test
    void theWholeCommandHasTheControlVariablesThenTheContactsThenTheSocket() {
        Map<String, String> variables = new LinkedHashMap<>();
        variables.put("gateway", "carrier");
        variables.put("customer_name", "张三");
        variables.put("amount", "1,280.50");
        OriginateRequest request = new OriginateRequest(UUID, "13800138000", GATEWAY, "02150001000",
                Duration.ofSeconds(30), "payment-reminder-zh", "c1", "k1", variables);

        assertThat(OriginateCommand.build(request, "127.0.0.1:8040")).isEqualTo("originate {origination_uuid=" + UUID
                + ",origination_caller_id_number=02150001000,originate_timeout=30,ignore_early_media=true,"
                + "robot_flow=payment-reminder-zh,callrobot_campaign_id=c1,callrobot_contact_id=k1,gateway=carrier,"
                + "customer_name=张三,amount=1\\,280.50}sofia/gateway/carrier/13800138000 &socket('127.0.0.1:8040 async full')");
    }

    @Test
    void optionalPartsAndEmptyValuesAreLeftOutAndTheTimeoutRoundsUp() {
        OriginateRequest request = new OriginateRequest(UUID, "+8613800138000", DialStringTemplate.parse("loopback/${phone}/default"),
                null, Duration.ofMillis(1500), null, "c1", "k1", Map.of("note", ""));

        assertThat(OriginateCommand.build(request, "10.0.0.5:8040")).isEqualTo("originate {origination_uuid=" + UUID
                + ",originate_timeout=2,ignore_early_media=true,callrobot_campaign_id=c1,callrobot_contact_id=k1}"
                + "loopback/+8613800138000/default &socket('10.0.0.5:8040 async full')");
    }

    @Test
    void theCampaignsRecordingChoiceGoesAsCallrobotRecord() {
        OriginateRequest request = new OriginateRequest(UUID, "+8613800138000", DialStringTemplate.parse("loopback/${phone}/default"),
                null, Duration.ofSeconds(30), null, "c1", "k1", Map.of(), false);

        assertThat(OriginateCommand.build(request, "10.0.0.5:8040")).isEqualTo("originate {origination_uuid=" + UUID
                + ",originate_timeout=30,ignore_early_media=true,callrobot_campaign_id=c1,callrobot_contact_id=k1,"
                + "callrobot_record=false}loopback/+8613800138000/default &socket('10.0.0.5:8040 async full')");
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiter = '|', textBlock = """
            a}b      | would end FreeSWITCH's {} variable block
            a{b      | would end FreeSWITCH's {} variable block
            ${x}     | would end FreeSWITCH's {} variable block
            a:_:b    | enterprise originate separator
            """)
    void valuesFreeSwitchCannotCarryAreRefusedNamingTheVariable(String value, String message) {
        assertThatThrownBy(() -> request(Map.of("customer_name", value)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("variables.customer_name").hasMessageContaining(message);
    }

    @Test
    void controlCharactersAreRefused() {
        assertThatThrownBy(() -> request(Map.of("address", "line one\nline two")))
                .hasMessageContaining("variables.address").hasMessageContaining("control character \\u000a");
        assertThatThrownBy(() -> request(Map.of("address", "a\tb"))).hasMessageContaining("\\u0009");
    }

    @ParameterizedTest
    @CsvSource({"customer name", "name-1", "origination_caller_id_number", "api_hangup_hook", "execute_on_answer",
            "EXECUTE_ON_ANSWER", "robot_flow", "callrobot_contact_id", "sip_h_X-Test", "session_in_hangup_hook",
            "uuid", "ignore_early_media"})
    void variableNamesThatAreNotPlainOrAreReservedAreRefused(String name) {
        assertThatThrownBy(() -> request(Map.of(name, "x")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(name);
    }

    @Test
    void namesThatDifferOnlyInCaseAreOneVariableToFreeSwitch() {
        Map<String, String> variables = new LinkedHashMap<>();
        variables.put("name", "a");
        variables.put("Name", "b");
        assertThatThrownBy(() -> request(variables)).hasMessageContaining("variables.Name: given twice");
    }

    @Test
    void theRequestChecksItsOtherFields() {
        assertThatThrownBy(() -> new OriginateRequest("not-a-uuid", "138", GATEWAY, null, Duration.ofSeconds(30), null,
                "c", "k", Map.of("gateway", "g"))).hasMessageStartingWith("uuid:");
        assertThatThrownBy(() -> new OriginateRequest(UUID, "138", GATEWAY, "abc", Duration.ofSeconds(30), null,
                "c", "k", Map.of("gateway", "g"))).hasMessageStartingWith("callerIdNumber:");
        assertThatThrownBy(() -> new OriginateRequest(UUID, "138", GATEWAY, null, Duration.ofMillis(500), null,
                "c", "k", Map.of("gateway", "g"))).hasMessageStartingWith("ringTimeout:");
        assertThatThrownBy(() -> new OriginateRequest(UUID, "138 0", GATEWAY, null, Duration.ofSeconds(30), null,
                "c", "k", Map.of("gateway", "g"))).hasMessageStartingWith("phone:");
        assertThatThrownBy(() -> new OriginateRequest(UUID, "138", GATEWAY, null, Duration.ofSeconds(30), null,
                "c", "k", Map.of())).hasMessageContaining("no value for ${gateway}");
        assertThatThrownBy(() -> new OriginateRequest(UUID, "138", GATEWAY, null, Duration.ofSeconds(30), "a}b",
                "c", "k", Map.of("gateway", "g"))).hasMessageStartingWith("flow:");
    }

    @Test
    void aSocketAddressWithSpacesOrQuotesIsRefused() {
        OriginateRequest request = request(Map.of());
        assertThatThrownBy(() -> OriginateCommand.build(request, "robot host:8040")).hasMessageContaining("host:port");
        assertThatThrownBy(() -> OriginateCommand.build(request, "robot'):8040")).hasMessageContaining("host:port");
    }

    private static OriginateRequest request(Map<String, String> contact) {
        Map<String, String> variables = new LinkedHashMap<>(contact);
        variables.put("gateway", "carrier");
        return new OriginateRequest(UUID, "13800138000", GATEWAY, null, Duration.ofSeconds(30), null, "c1", "k1", variables);
    }

    /** The table's spelling: / for a backslash, ` for a single quote. */
    private static String readable(String text) {
        return text.replace('/', '\\').replace('`', '\'');
    }
}
