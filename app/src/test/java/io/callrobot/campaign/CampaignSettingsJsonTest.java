package io.callrobot.campaign;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CampaignSettingsJsonTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> FLOWS = Set.of("payment-reminder-zh", "assistant-zh");
    private static final String MINIMAL = """
            {"name": "十二月还款提醒", "flow": "payment-reminder-zh", "dialString": "sofia/gateway/carrier/${phone}"}
            """;

    private static List<String> problems(String json) {
        try {
            CampaignSettingsJson.read(json, FLOWS);
        } catch (InvalidSettingsException e) {
            return e.problems();
        }
        throw new AssertionError("accepted: " + json);
    }

    /** {@code MINIMAL} with {@code fields} (JSON members) added or replaced. */
    private static String with(String fields) {
        try {
            ObjectNode body = (ObjectNode) JSON.readTree(MINIMAL);
            body.setAll((ObjectNode) JSON.readTree("{" + fields + "}"));
            return body.toString();
        } catch (JsonProcessingException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void aMinimalBodyGetsEveryDefault() {
        CampaignSettings s = CampaignSettingsJson.read(MINIMAL, FLOWS);
        assertThat(s).isEqualTo(CampaignSettings.withDefaults("十二月还款提醒", "payment-reminder-zh",
                "sofia/gateway/carrier/${phone}"));
        assertThat(s.window().timezone()).isEqualTo(ZoneId.of("Asia/Shanghai"));
        assertThat(s.window().days()).containsExactlyInAnyOrder(DayOfWeek.MONDAY, DayOfWeek.TUESDAY,
                DayOfWeek.WEDNESDAY, DayOfWeek.THURSDAY, DayOfWeek.FRIDAY);
        assertThat(s.window().hours()).extracting(HourRange::toString).containsExactly("09:00-12:00", "14:00-20:00");
        assertThat(s.retry().busy()).isEqualTo(RetryRule.after(10));
        assertThat(s.retry().noAnswer()).isEqualTo(RetryRule.after(60));
        assertThat(s.retry().maxAttempts()).isEqualTo(3);
        assertThat(s.retry().forOutcome(AttemptOutcome.INVALID_NUMBER)).isNull();
        assertThat(s.dailyCap()).isZero();
        assertThat(s.webhook()).isNull();
    }

    @Test
    void readsEveryField() {
        CampaignSettings s = CampaignSettingsJson.read("""
                {
                  "name": "renewals",
                  "flow": "assistant-zh",
                  "dialString": "sofia/gateway/${gateway}/${phone}",
                  "callerIds": ["02161234567", "+8675512345678"],
                  "variables": {"gateway": "carrier", "company": "星河保险", "year": 2026},
                  "window": {"timezone": "America/New_York", "days": ["mon-wed", "Friday"],
                             "hours": ["9:00-12:30", "13:30-24:00"], "skipDates": ["2026-12-25"],
                             "extraDates": ["2026-12-26"]},
                  "pacing": {"maxConcurrent": 40, "callsPerSecond": 0.5},
                  "retry": {"busy": {"afterMinutes": 5, "maxAttempts": 2}, "noAnswer": null,
                            "results": {"callback": {"afterMinutes": 1440}, "refused": null},
                            "maxAttempts": 4, "throttledAfterSeconds": 10},
                  "dailyCapPerNumber": 2,
                  "dailyCap": 5000,
                  "webhook": {"url": "https://crm.example.com/hooks/calls", "secret": "0123456789abcdef0123"}
                }
                """, FLOWS);
        assertThat(s.callerIds()).containsExactly("02161234567", "+8675512345678");
        assertThat(s.variables()).isEqualTo(Map.of("gateway", "carrier", "company", "星河保险", "year", "2026"));
        assertThat(s.window()).isEqualTo(new WindowSettings(ZoneId.of("America/New_York"),
                EnumSet.of(DayOfWeek.MONDAY, DayOfWeek.TUESDAY, DayOfWeek.WEDNESDAY, DayOfWeek.FRIDAY),
                List.of(new HourRange(9 * 60, 12 * 60 + 30), new HourRange(13 * 60 + 30, 24 * 60)),
                List.of(LocalDate.of(2026, 12, 25)), List.of(LocalDate.of(2026, 12, 26))));
        assertThat(s.pacing()).isEqualTo(new PacingSettings(40, 0.5));
        assertThat(s.retry().busy()).isEqualTo(new RetryRule(5, 2));
        assertThat(s.retry().noAnswer()).isNull(); // written null: never retried
        assertThat(s.retry().unreachable()).isEqualTo(RetrySettings.defaults().unreachable());
        assertThat(s.retry().results()).isEqualTo(Map.of("callback", RetryRule.after(1440)));
        assertThat(s.retry().maxAttempts()).isEqualTo(4);
        assertThat(s.retry().throttledAfterSeconds()).isEqualTo(10);
        assertThat(s.dailyCapPerNumber()).isEqualTo(2);
        assertThat(s.dailyCap()).isEqualTo(5000);
        assertThat(s.webhook()).isEqualTo(new WebhookSettings(URI.create("https://crm.example.com/hooks/calls"),
                "0123456789abcdef0123"));
        assertThat(s.webhook().toString()).doesNotContain("0123456789abcdef");

        // written out and read back: the same campaign
        assertThat(CampaignSettingsJson.read(CampaignSettingsJson.write(s), FLOWS)).isEqualTo(s);
        assertThat(CampaignSettingsJson.write(s).get("retry").get("noAnswer").isNull()).isTrue();
        assertThat(CampaignSettingsJson.write(s).get("window").get("days").toString())
                .isEqualTo("[\"mon\",\"tue\",\"wed\",\"fri\"]");
    }

    @Test
    void defaultsSurviveTheRoundTrip() {
        CampaignSettings s = CampaignSettingsJson.read(MINIMAL, FLOWS);
        assertThat(CampaignSettingsJson.read(CampaignSettingsJson.write(s).toString(), FLOWS)).isEqualTo(s);
    }

    @Test
    void theRecordingChoiceIsReadWrittenAndStored() {
        assertThat(CampaignSettingsJson.read(MINIMAL, FLOWS).record()).isNull();
        CampaignSettings off = CampaignSettingsJson.read(with("\"record\": false"), FLOWS);
        assertThat(off.record()).isFalse();
        assertThat(CampaignSettingsJson.read(CampaignSettingsJson.write(off).toString(), FLOWS)).isEqualTo(off);
        assertThat(CampaignRecords.toNew(off).recordCalls()).isFalse();
        assertThat(problems(with("\"record\": \"yes\""))).containsExactly("record: expected true or false, got \"yes\"");
    }

    @Test
    void everyProblemIsReportedAtOnce() {
        assertThat(problems("""
                {"name": "", "flow": "nope", "dialString": "sofia/gateway/carrier/13800138000",
                 "window": {"timezone": "Asia/Shangai", "hours": ["09:00-12:00", "14:00-13:00"], "days": ["fry"]},
                 "pacing": {"maxConcurent": 5, "callsPerSecond": 0},
                 "retry": {"busy": {"afterMinutes": "10"}, "maxAttempts": 3, "failed": {"afterMinutes": 5, "maxAttempts": 9}},
                 "colour": "blue"}
                """)).containsExactlyInAnyOrder(
                "colour: unknown field (known here: name, flow, dialString, callerIds, variables, window, pacing, "
                        + "retry, dailyCapPerNumber, dailyCap, webhook, record)",
                "name: must not be blank",
                "flow: no flow named \"nope\" (known: assistant-zh, payment-reminder-zh)",
                "dialString: must contain ${phone}, where the contact's number goes",
                "window.timezone: unknown time zone \"Asia/Shangai\" (e.g. Asia/Shanghai)",
                "window.days[0]: \"fry\" is not a day (mon, tue, wed, thu, fri, sat, sun, or a range such as mon-fri)",
                "window.hours[1]: \"14:00-13:00\" ends before it starts (a range cannot cross midnight: write "
                        + "14:00-24:00 and 00:00-13:00)",
                "pacing.maxConcurent: unknown field (known here: maxConcurrent, callsPerSecond)",
                "pacing.callsPerSecond: must be between 0.01 and 1000, got 0",
                "retry.busy.afterMinutes: expected a whole number, got \"10\"",
                "retry.failed.maxAttempts: 9 is more than retry.maxAttempts (3)");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            "flow": "pay ment"                                 | flow: "pay ment" is not a flow name (letters, digits, _ . -)
            "dialString": "sofia/gateway/x/${phone} extra"     | dialString: must not contain spaces (originate's arguments are split at them)
            "dialString": "{a=b}sofia/gateway/x/${phone}"      | dialString: must not start with {...}: the dialer writes that block; put call variables in variables
            "dialString": "sofia/${1gw}/${phone}"              | dialString: "${1gw}" is not a placeholder like ${phone}
            "dialString": "sofia/${gw-1}/${phone}"             | dialString: "${gw-1}" is not a placeholder like ${phone}
            "dialString": "loopback/${phone}/${"               | dialString: has a ${ that is never closed
            "dialString": 5                                    | dialString: expected text, got 5
            "callerIds": "021"                                 | callerIds: expected a list, got "021"
            "callerIds": ["02161234567", "abc"]                | callerIds[1]: "abc" is not a caller ID number (3 to 20 digits, may start with +)
            "callerIds": ["02161234567", "02161234567"]        | callerIds[1]: "02161234567" is listed twice
            "variables": ["a"]                                 | variables: expected an object of names and values, got ["a"]
            "variables": {"Customer Name": "x"}                | variables.Customer Name: a variable name is a-z, 0-9 and _, starting with a letter
            "variables": {"a": {"b": 1}}                       | variables.a: expected text, got {"b":1}
            "window": []                                       | window: expected an object, got []
            "window": {"hours": ["9-12"]}                      | window.hours[0]: "9-12" is not a range like "09:00-12:00"
            "window": {"hours": ["09:00-25:00"]}               | window.hours[0]: "09:00-25:00" has 25:00, which is no time of day
            "window": {"hours": ["12:00-12:00"]}               | window.hours[0]: "12:00-12:00" is empty: it ends where it starts
            "window": {"hours": ["24:00-24:00"]}               | window.hours[0]: "24:00-24:00" starts at 24:00, the end of the day
            "window": {"hours": ["20:00-02:00"]}               | window.hours[0]: "20:00-02:00" ends before it starts (a range cannot cross midnight: write 20:00-24:00 and 00:00-02:00)
            "window": {"hours": ["09:00-12:00", "11:00-13:00"]} | window.hours[1]: "11:00-13:00" overlaps "09:00-12:00"
            "window": {"hours": []}                            | window.hours: no range of hours to call in
            "window": {"hours": [900]}                         | window.hours[0]: expected text like "09:00-12:00", got 900
            "window": {"days": []}                             | window.days: no day to call on
            "window": {"days": ["mon-funday"]}                 | window.days[0]: "mon-funday" is not a day (mon, tue, wed, thu, fri, sat, sun, or a range such as mon-fri)
            "window": {"skipDates": ["2026-02-30"]}            | window.skipDates[0]: "2026-02-30" is not a date like "2026-10-01"
            "window": {"extraDates": ["2026-10-10"], "skipDates": ["2026-10-10"]} | window.extraDates[0]: 2026-10-10 is also in skipDates
            "window": {"timezone": ""}                         | window.timezone: must not be blank
            "pacing": {"maxConcurrent": 0}                     | pacing.maxConcurrent: must be between 1 and 10000, got 0
            "pacing": {"maxConcurrent": 2.5}                   | pacing.maxConcurrent: expected a whole number, got 2.5
            "pacing": {"callsPerSecond": "fast"}               | pacing.callsPerSecond: expected a number, got "fast"
            "pacing": {"callsPerSecond": 5000}                 | pacing.callsPerSecond: must be between 0.01 and 1000, got 5000
            "retry": {"busy": 10}                              | retry.busy: expected an object, got 10
            "retry": {"busy": {}}                              | retry.busy.afterMinutes: is required
            "retry": {"busy": {"afterMinutes": 0}}             | retry.busy.afterMinutes: must be between 1 and 10080, got 0
            "retry": {"busy": {"afterMinutes": 5, "max": 2}}   | retry.busy.max: unknown field (known here: afterMinutes, maxAttempts)
            "retry": {"busy": {"afterMinutes": 5, "maxAttempts": 5}} | retry.busy.maxAttempts: 5 is more than retry.maxAttempts (3)
            "retry": {"results": {"call back": {"afterMinutes": 5}}} | retry.results.call back: not a result tag (letters, digits, _ . -)
            "retry": {"results": {"callback": {"afterMinutes": 5, "after": 5}}} | retry.results.callback.after: unknown field (known here: afterMinutes, maxAttempts)
            "retry": {"results": []}                           | retry.results: expected an object of result tags and rules, got []
            "retry": {"maxAttempts": 0}                        | retry.maxAttempts: must be between 1 and 20, got 0
            "retry": {"throttledAfterSeconds": 0}              | retry.throttledAfterSeconds: must be between 1 and 3600, got 0
            "retry": {"unreachible": {"afterMinutes": 5}}      | retry.unreachible: unknown field (known here: busy, noAnswer, unreachable, rejected, failed, results, maxAttempts, throttledAfterSeconds)
            "dailyCapPerNumber": 0                             | dailyCapPerNumber: must be between 1 and 1000, got 0
            "dailyCap": 0                                      | dailyCap: must be between 1 and 100000000, got 0
            "dailyCap": -1                                     | dailyCap: must be between 1 and 100000000, got -1
            "webhook": {"url": "ftp://x.example.com/", "secret": "0123456789abcdef"} | webhook.url: "ftp://x.example.com/" is not an absolute http or https URL
            "webhook": {"url": "https://x.example.com/ a", "secret": "0123456789abcdef"} | webhook.url: "https://x.example.com/ a" is not a URL: Illegal character in path
            "webhook": {"url": "https://x.example.com/", "secret": "short"} | webhook.secret: shorter than 16 characters: an HMAC key that short can be guessed
            "webhook": {"url": "https://x.example.com/"}       | webhook.secret: is required
            "webhook": "https://x.example.com/"                | webhook: expected an object, got "https://x.example.com/"
            """)
    void eachProblemNamesItsField(String fields, String problem) {
        assertThat(problems(with(fields))).containsExactly(problem);
    }

    @Test
    void nameFlowAndDialStringAreRequired() {
        assertThat(problems("{}")).containsExactly("name: is required", "flow: is required", "dialString: is required");
        assertThat(problems(with("\"name\": null"))).containsExactly("name: is required");
    }

    @Test
    void bodiesThatAreNotAnObjectAreRefused() {
        assertThat(problems("{\"name\": ")).singleElement().asString().startsWith("body: not valid JSON: ");
        assertThat(problems("[1, 2]")).containsExactly("body: expected a JSON object, got [1,2]");
        assertThat(problems("")).containsExactly("body: empty, expected a JSON object");
        assertThat(problems("{\"name\": \"a\", \"name\": \"b\", \"flow\": \"assistant-zh\", \"dialString\": \"x/${phone}\"}"))
                .singleElement().asString().contains("Duplicate field 'name'");
    }

    @Test
    void flowsAreNotCheckedWithoutAList() {
        assertThat(CampaignSettingsJson.read(MINIMAL.replace("payment-reminder-zh", "custom"), null).flow())
                .isEqualTo("custom");
    }
}
