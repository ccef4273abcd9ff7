package io.callrobot.text;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TextNormalizerTest {

    private final TextNormalizer normalizer = new TextNormalizer(NormalizerConfig.defaults());

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', textBlock = """
            ¥1,234.50                 | 一千二百三十四元五角
            1234.50元                 | 一千二百三十四元五角
            1,280.5元                 | 一千二百八十元五角
            0.05元                    | 五分
            100元                     | 一百元
            10元                      | 十元
            1.05元                    | 一元零五分
            2元                       | 两元
            0.2元                     | 两角
            0元                       | 零元
            -5元                      | 负五元
            亏损-¥12.3                | 亏损负十二元三角
            ¥20,000                   | 两万元
            ￥1,000,000.00            | 一百万元
            ¥ 88元。                  | 八十八元。
            1.255元                   | 一点二五五元
            1.5万元                   | 一点五万元
            95555元                   | 九万五千五百五十五元
            """)
    void amounts(String text, String spoken) {
        assertThat(normalizer.normalize(text)).isEqualTo(spoken);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', textBlock = """
            1000000                   | 一百万
            20,000                    | 两万
            2000                      | 两千
            200                       | 二百
            0                         | 零
            105                       | 一百零五
            110                       | 一百一十
            100010                    | 十万零一十
            10500                     | 一万零五百
            22000                     | 两万二千
            100000000                 | 一亿
            100001000                 | 一亿零一千
            1,000,000,000,000         | 一万亿
            3.5                       | 三点五
            0.05                      | 零点零五
            共有12人                  | 共有十二人
            温度-3度                  | 温度负三度
            2个人                     | 两个人
            2万                       | 两万
            0101                      | 零一零一
            选项1,2,3                 | 选项一,二,三
            """)
    void numbers(String text, String spoken) {
        assertThat(normalizer.normalize(text)).isEqualTo(spoken);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', textBlock = """
            2026年3月5日              | 二零二六年三月五日
            2026-03-05                | 二零二六年三月五日
            2026/3/5                  | 二零二六年三月五日
            2026.3.5                  | 二零二六年三月五日
            2026年03月05日            | 二零二六年三月五日
            账单月份2026-03           | 账单月份二零二六年三月
            2026.3元                  | 两千零二十六元三角
            12月5日                   | 十二月五日
            2月2号                    | 二月二号
            2026年                    | 二零二六年
            2年内                     | 两年内
            3号线                     | 三号线
            还款日是2026-03-05，请按时还款。 | 还款日是二零二六年三月五日，请按时还款。
            """)
    void dates(String text, String spoken) {
        assertThat(normalizer.normalize(text)).isEqualTo(spoken);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', textBlock = """
            12:30                     | 十二点三十分
            9:05                      | 九点零五分
            14:00                     | 十四点
            2:30                      | 两点三十分
            08:10:05                  | 八点十分零五秒
            0:00                      | 零点
            12：30                    | 十二点三十分
            请在下午2点前回电         | 请在下午两点前回电
            12月31日23:59截止         | 十二月三十一日二十三点五十九分截止
            营业时间9:00-17:30        | 营业时间九点到十七点三十分
            比分3:2                   | 比分三:二
            """)
    void clockTimes(String text, String spoken) {
        assertThat(normalizer.normalize(text)).isEqualTo(spoken);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', textBlock = """
            50%                       | 百分之五十
            3.5%                      | 百分之三点五
            100%                      | 百分之一百
            年利率为-0.5%。           | 年利率为负百分之零点五。
            3-5%                      | 百分之三到百分之五
            “50％”的概率              | “百分之五十”的概率
            """)
    void percentages(String text, String spoken) {
        assertThat(normalizer.normalize(text)).isEqualTo(spoken);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', textBlock = """
            13800138000               | 幺三八零零幺三八零零零
            138-0013-8000             | 幺三八 零零幺三 八零零零
            010-12345678              | 零幺零 幺二三四五六七八
            0755-1234567              | 零七五五 幺二三四五六七
            (010)12345678             | 零幺零 幺二三四五六七八
            +8613800138000            | 加八六幺三八零零幺三八零零零
            400-800-1234              | 四零零 八零零 幺二三四
            请拨打95555。             | 请拨打九五五五五。
            客服电话：95555           | 客服电话：九五五五五
            拨打10086                 | 拨打幺零零八六
            请拨打110报警             | 请拨打幺幺零报警
            尾号1234的储蓄卡          | 尾号幺二三四的储蓄卡
            验证码是0368              | 验证码是零三六八
            编号0101                  | 编号零幺零幺
            身份证号码是11010519491231002X | 身份证号码是幺幺零幺零五幺九四九幺二三幺零零二X
            卡号6222 0212 3456 7890   | 卡号六二二二 零二幺二 三四五六 七八九零
            6222021234567890123       | 六二二二零二幺二三四五六七八九零幺二三
            手机13912345678，座机010-87654321 | 手机幺三九幺二三四五六七八，座机零幺零 八七六五四三二幺
            """)
    void numbersReadDigitByDigit(String text, String spoken) {
        assertThat(normalizer.normalize(text)).isEqualTo(spoken);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', textBlock = """
            13800138000               | 一三八零零一三八零零零
            尾号1234                  | 尾号一二三四
            2001年                    | 二零零一年
            """)
    void withoutYaoOneIsYi(String text, String spoken) {
        assertThat(new TextNormalizer(false).normalize(text)).isEqualTo(spoken);
    }

    @Test
    void yearsAndClockTimesNeverUseYao() {
        assertThat(normalizer.normalize("2011年10:01")).isEqualTo("二零一一年十点零一分");
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', textBlock = """
            第3期                     | 第三期
            第12名                    | 第十二名
            第2名                     | 第二名
            第2000位                  | 第二千位
            第1,000名                 | 第一千名
            """)
    void ordinals(String text, String spoken) {
        assertThat(normalizer.normalize(text)).isEqualTo(spoken);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', textBlock = """
            10kg                      | 十公斤
            2kg                       | 两公斤
            5km                       | 五公里
            500ml                     | 五百毫升
            时速60km/h                | 时速六十公里每小时
            气温-2℃                   | 气温负两摄氏度
            10GB流量                  | 十GB流量
            3.5 GB                    | 三点五GB
            """)
    void units(String text, String spoken) {
        assertThat(normalizer.normalize(text)).isEqualTo(spoken);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '\0', textBlock = """
            下载APP领取VIP会员
            5G网络覆盖全城
            iPhone15很好
            COVID-19疫情
            版本1.2.3已发布
            服务器192.168.1.1
            访问https://example.com/a1?b=2查询
            访问www.example.com/2026
            发送到service123@example.com
            <speak><break time="500ms"/></speak>
            您好，请问有什么可以帮您？
            Your balance is 1,234.50 dollars.
            Call 95555 at 12:30 on 2026-03-05
            """)
    void leavesUnchanged(String text) {
        assertThat(normalizer.normalize(text)).isEqualTo(text);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '\0', textBlock = """
            您本月账单1,200.50元，最低还款120元，还款日3月5日。 | 您本月账单一千二百元五角，最低还款一百二十元，还款日三月五日。
            会议从9:00开始，共3-5人参加。     | 会议从九点开始，共三到五人参加。
            第1季度增长了12.5%，达到2万台。   | 第一季度增长了百分之十二点五，达到两万台。
            （3个）                           | （三个）
            <say-as interpret-as="digits">共3期</say-as> | <say-as interpret-as="digits">共三期</say-as>
            APP内充值100元送VIP               | APP内充值一百元送VIP
            详见www.example.com，热线95555    | 详见www.example.com，热线九五五五五
            """)
    void sentences(String text, String spoken) {
        assertThat(normalizer.normalize(text)).isEqualTo(spoken);
    }

    @Test
    void disabledLeavesEverythingAlone() {
        TextNormalizer off = new TextNormalizer(new NormalizerConfig(false, true));

        assertThat(off.normalize("¥1,234.50，2026-03-05")).isEqualTo("¥1,234.50，2026-03-05");
    }

    @Test
    void oneInstanceServesManyThreads() throws Exception {
        String text = "您本月账单1,200.50元，还款日2026-03-05 12:30，客服95555，尾号1234。";
        String expected = normalizer.normalize(text);
        try (ExecutorService pool = Executors.newFixedThreadPool(4)) {
            List<Future<String>> results = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                results.add(pool.submit(() -> normalizer.normalize(text)));
            }
            for (Future<String> result : results) {
                assertThat(result.get(60, TimeUnit.SECONDS)).isEqualTo(expected);
            }
        }
        assertThat(expected).isEqualTo("您本月账单一千二百元五角，还款日二零二六年三月五日 十二点三十分，客服九五五五五，尾号幺二三四。");
    }

    @Test
    void nullAndEmptyPassThrough() {
        assertThat(normalizer.normalize(null)).isNull();
        assertThat(normalizer.normalize("")).isEmpty();
    }
}
