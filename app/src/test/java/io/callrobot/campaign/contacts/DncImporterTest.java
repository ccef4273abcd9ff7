package io.callrobot.campaign.contacts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.Test;

class DncImporterTest {

    private final List<DncEntry> entries = new ArrayList<>();

    private ImportReport read(byte[] bytes) {
        return new DncImporter(ImportOptions.defaults()).importDoNotCall(new ByteArrayInputStream(bytes), entries::addAll);
    }

    @Test
    void readsPhoneAndReasonIgnoringOtherColumns() {
        ImportReport report = read("""
                name,电话,备注,added
                张三,+86 138 0013 8000,投诉,2026-11-02
                李四,010-12345678,,2026-11-03
                王五,12345,x,y
                赵六,138-0013-8000,again,z
                """.getBytes(Charset.forName("GBK")));
        assertThat(report.encoding()).isEqualTo("GB18030");
        assertThat(report.variables()).isEmpty();
        assertThat(entries).extracting(e -> e.phone().canonical(), DncEntry::reason, DncEntry::line)
                .containsExactly(
                        Tuple.tuple("13800138000", "投诉", 2L),
                        Tuple.tuple("01012345678", "", 3L));
        assertThat(report.rejected()).extracting(RejectedRow::line).containsExactly(4L);
        assertThat(report.duplicates()).isEqualTo(1);
    }

    @Test
    void aPhoneColumnAloneIsEnough() {
        ImportReport report = read("mobile\n13800138000\n13900139000\n".getBytes(StandardCharsets.UTF_8));
        assertThat(report.accepted()).isEqualTo(2);
        assertThat(entries).allSatisfy(e -> assertThat(e.reason()).isEmpty());
    }

    @Test
    void noPhoneColumnIsAnError() {
        assertThatThrownBy(() -> read("number,reason\n13800138000,x\n".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(ImportException.class).hasMessageContaining("no phone column");
    }
}
