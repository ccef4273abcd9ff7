package io.callrobot.dialog;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class TemplatesTest {

    @Test
    void fillsChineseVariables() {
        String out = Templates.render("${customer_name}您好，本期应还${amount}元，到期日${due_date}。",
                Map.of("customer_name", "张三", "amount", "1,280.50", "due_date", "3月15日"));
        assertThat(out).isEqualTo("张三您好，本期应还1,280.50元，到期日3月15日。");
    }

    @Test
    void defaultIsUsedWhenMissingOrEmpty() {
        String template = "您的${product:-信用卡}账单";
        assertThat(Templates.render(template, Map.of())).isEqualTo("您的信用卡账单");
        assertThat(Templates.render(template, Map.of("product", ""))).isEqualTo("您的信用卡账单");
        assertThat(Templates.render(template, Map.of("product", "白金卡"))).isEqualTo("您的白金卡账单");
    }

    @Test
    void missingVariableWithoutDefaultRendersEmpty() {
        assertThat(Templates.render("Hello ${customer_name}!", Map.of())).isEqualTo("Hello !");
    }

    @Test
    void valuesAreNotReinterpreted() {
        assertThat(Templates.render("${a}", Map.of("a", "$1 ${b} \\n"))).isEqualTo("$1 ${b} \\n");
    }

    @Test
    void requiredListsOnlyVariablesWithoutDefault() {
        assertThat(Templates.required("${a}${b:-x}${c}${a}")).containsExactly("a", "c");
    }

    @Test
    void malformedPlaceholdersAreFound() {
        assertThat(Templates.malformed("ok ${a} bad ${} and ${x y} and ${open")).containsExactly("${}", "${x y}", "${open");
        assertThat(Templates.malformed("${name:-默认值} ${robot_flow}")).isEmpty();
    }
}
