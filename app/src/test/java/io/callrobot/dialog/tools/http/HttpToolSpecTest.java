package io.callrobot.dialog.tools.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.callrobot.dialog.FlowException;
import io.callrobot.llm.ToolDefinition;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HttpToolSpecTest {

    private static final Map<String, String> ENV = Map.of("CRM_TOKEN", "s3cr3t-token");

    static List<HttpToolSpec> parse(String yaml, Map<String, String> env) throws Exception {
        JsonNode flow = new YAMLMapper().readTree(yaml);
        return HttpToolSpec.parseAll("reminder.yaml", flow.get("httpTools"), env);
    }

    static List<String> problems(String yaml, Map<String, String> env) {
        try {
            parse(yaml, env);
        } catch (FlowException e) {
            return e.problems();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
        throw new AssertionError("no problems found in " + yaml);
    }

    static final String LOOKUP = """
            httpTools:
              - name: lookup_order
                description: 查询订单状态
                parameters:
                  type: object
                  properties:
                    order_id: {type: string, description: 订单号}
                  required: [order_id]
                method: GET
                url: https://crm.example.com/api/orders/{order_id}?phone=${caller}
                headers:
                  Authorization: Bearer ${env:CRM_TOKEN}
                filler: 我帮您查一下
                fillerDelayMillis: 1200
            """;

    @Test
    void parsesAToolWithDefaultsAndGivesTheModelItsDefinition() throws Exception {
        HttpToolSpec spec = parse(LOOKUP, ENV).getFirst();

        assertThat(spec.name()).isEqualTo("lookup_order");
        assertThat(spec.method()).isEqualTo("GET");
        assertThat(spec.timeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(spec.maxResponseBytes()).isEqualTo(64 * 1024);
        assertThat(spec.fillerText()).isEqualTo("我帮您查一下");
        assertThat(spec.fillerDelay()).isEqualTo(Duration.ofMillis(1200));
        assertThat(spec.headerNames()).containsExactly("Authorization");
        ToolDefinition definition = spec.toolDefinition();
        assertThat(definition.name()).isEqualTo("lookup_order");
        assertThat(definition.description()).isEqualTo("查询订单状态");
        assertThat(definition.parameters().at("/properties/order_id/type").asText()).isEqualTo("string");
    }

    @Test
    void toStringNeverShowsASecret() throws Exception {
        HttpToolSpec spec = parse(LOOKUP, ENV).getFirst();

        assertThat(spec.toString()).contains("lookup_order", "Authorization").doesNotContain("s3cr3t-token");
    }

    @Test
    void fillerIsDueOnlyOnceItsDelayHasPassed() throws Exception {
        HttpToolSpec spec = parse(LOOKUP, ENV).getFirst();

        assertThat(spec.fillerDue(Duration.ofMillis(1199))).isFalse();
        assertThat(spec.fillerDue(Duration.ofMillis(1200))).isTrue();
        HttpToolSpec silent = parse(LOOKUP.replace("    filler: 我帮您查一下\n    fillerDelayMillis: 1200\n", ""), ENV)
                .getFirst();
        assertThat(silent.fillerText()).isNull();
        assertThat(silent.fillerDue(Duration.ofSeconds(10))).isFalse();
    }

    @Test
    void aMissingSecretIsALoadErrorNamingTheToolAndTheVariable() {
        assertThat(problems(LOOKUP, Map.of())).containsExactly(
                "reminder.yaml: httpTools[0] 'lookup_order': headers.Authorization: environment variable CRM_TOKEN is not set");
    }

    @Test
    void everyProblemIsReportedNamingFlowToolAndField() {
        String yaml = """
                httpTools:
                  - name: pay
                    description: 登记还款
                    parameters:
                      type: object
                      properties:
                        amount: {type: number}
                        when: {type: strng}
                    method: FETCH
                    url: https://pay.example.com/${env:PAY_KEY}/{amunt}
                    timeoutMillis: 0
                    maxResponseBytes: 99999999
                    retries: 3
                  - name: pay
                    description: again
                    parameters: {type: object}
                    method: GET
                    url: https://pay.example.com/x
                    body: {a: 1}
                    fillerDelayMillis: 500
                  - description: no name
                    parameters: {type: string}
                    url: ftp://files.example.com/a
                """;

        assertThat(problems(yaml, ENV)).containsExactlyInAnyOrder(
                "reminder.yaml: httpTools[0] 'pay': unknown field 'retries' (allowed: [body, description, filler, "
                        + "fillerDelayMillis, headers, maxResponseBytes, method, name, parameters, timeoutMillis, url])",
                "reminder.yaml: httpTools[0] 'pay': parameters: when: type must be one of "
                        + "[array, boolean, integer, null, number, object, string], was \"strng\"",
                "reminder.yaml: httpTools[0] 'pay': method: 'FETCH' is not one of [GET, POST, PUT, PATCH, DELETE]",
                "reminder.yaml: httpTools[0] 'pay': url: secrets (${env:PAY_KEY}) may only be used in headers",
                "reminder.yaml: httpTools[0] 'pay': url: {amunt} is not an argument of the tool "
                        + "(parameters.properties: [amount, when])",
                "reminder.yaml: httpTools[0] 'pay': timeoutMillis: must be a whole number from 1 to 60000, got 0",
                "reminder.yaml: httpTools[0] 'pay': maxResponseBytes: must be a whole number from 1 to 1048576, got 99999999",
                "reminder.yaml: httpTools[1] 'pay': body: a GET request has no body (POST, PUT and PATCH do)",
                "reminder.yaml: httpTools[1] 'pay': fillerDelayMillis: set without a filler to say",
                "reminder.yaml: httpTools[1] 'pay': name: another tool of the flow is called pay",
                "reminder.yaml: httpTools[2]: name: missing",
                "reminder.yaml: httpTools[2]: parameters: must be a JSON Schema with type: object",
                "reminder.yaml: httpTools[2]: url: 'ftp://files.example.com/a' is not an http or https URL");
    }

    @Test
    void aToolNameTheModelCannotCallIsRefused() {
        String yaml = LOOKUP.replace("name: lookup_order", "name: 查订单");

        assertThat(problems(yaml, ENV)).singleElement().asString()
                .startsWith("reminder.yaml: httpTools[0] '查订单': name: tool name must be 1-64 letters");
    }

    @Test
    void aBodyTemplateMayOnlyUseDeclaredArguments() {
        String yaml = """
                httpTools:
                  - name: promise
                    description: 记录承诺还款
                    parameters:
                      type: object
                      properties:
                        date: {type: string}
                    method: POST
                    url: https://crm.example.com/promises
                    body:
                      customer: ${customer_id}
                      promised: {date}
                      amount: "{amount}"
                """;

        assertThat(problems(yaml, ENV)).containsExactly(
                "reminder.yaml: httpTools[0] 'promise': body.amount: {amount} is not an argument of the tool "
                        + "(parameters.properties: [date])");
    }

    @Test
    void noHttpToolsIsAnEmptyList() throws Exception {
        assertThat(parse("name: plain\n", ENV)).isEmpty();
    }
}
