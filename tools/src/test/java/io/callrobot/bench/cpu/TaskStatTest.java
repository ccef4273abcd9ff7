package io.callrobot.bench.cpu;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class TaskStatTest {

    @Test
    void readsUserKernelAndStartTimeOfALineAsLinuxWritesIt() {
        // a JVM's /proc/<pid>/stat, as read on the reference machine
        TaskStat stat = TaskStat.parse("6440 (java) S 6436 6436 5884 0 -1 4194304 18466 0 4 0 162 25 0 0 20 0 22 0"
                + " 4799009 9099948032 26752 18446744073709551615 94777991004160 94777991005165 140725799476016 0 0 0"
                + " 0 0 16800975 0 0 0 17 1 0 0 0 0 0 94777991015744 94777991016464 94778734448640 140725799479882"
                + " 140725799479894 140725799479894 140725799481293 0\n");

        assertThat(stat).isEqualTo(new TaskStat(6440, "java", 4799009, 162, 25));
    }

    @Test
    void aNameWithSpacesAndParenthesesEndsAtTheLastParenthesis() {
        TaskStat stat = TaskStat.parse(StatLines.line(12, "a) (b c) 1 2", 300, 41, 7));

        assertThat(stat).isEqualTo(new TaskStat(12, "a) (b c) 1 2", 300, 41, 7));
        assertThat(TaskStat.parse(StatLines.line(13, "", 1, 2, 3)).comm()).isEmpty();
        assertThat(TaskStat.parse(StatLines.line(14, "x)", 1, 2, 3)).comm()).isEqualTo("x)");
    }

    @Test
    void aLineThatIsNotAStatLineSaysWhatIsWrong() {
        assertThatThrownBy(() -> TaskStat.parse("12 java S 1 2 3"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no (name)");
        assertThatThrownBy(() -> TaskStat.parse("12 (java) S 1 2 3 4 5 6 7 8 9 10 11"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least 22 fields, this one 14");
        assertThatThrownBy(() -> TaskStat.parse(StatLines.line(12, "java", 1, 2, 3).replace(" 2 3 7777", " x 3 7777")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("utime is not a number: 'x'");
        assertThatThrownBy(() -> TaskStat.parse(StatLines.line(12, "java", 1, 2, 3).replaceFirst("^12", "")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("id is not a number: ''");
    }
}
