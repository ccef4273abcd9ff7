package io.callrobot.campaign.contacts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.dhatim.fastexcel.Workbook;
import org.dhatim.fastexcel.Worksheet;
import org.junit.jupiter.api.Test;

class ContactImporterTest {

    private static final Charset GBK = Charset.forName("GBK");

    private final List<List<ContactRow>> batches = new ArrayList<>();

    private ImportReport importBytes(byte[] bytes, ImportOptions options) {
        return new ContactImporter(options).importContacts(new ByteArrayInputStream(bytes), batches::add);
    }

    private ImportReport importCsv(String csv) {
        return importBytes(csv.getBytes(StandardCharsets.UTF_8), ImportOptions.defaults());
    }

    private List<ContactRow> rows() {
        return batches.stream().flatMap(List::stream).toList();
    }

    private Map<String, ContactRow> byPhone() {
        return rows().stream().collect(Collectors.toMap(r -> r.phone().canonical(), r -> r));
    }

    @Test
    void readsPhoneAndVariablesFromTheHeader() {
        ImportReport report = importCsv("""
                手机号,Customer Name,amount(元),Due-Date
                138 0013 8000,张三,1280.50,12月5日
                +86 139-0013-9000,李四,,12月6日
                """);
        assertThat(report.accepted()).isEqualTo(2);
        assertThat(report.variables()).containsExactly("customer_name", "amount", "due_date");
        assertThat(report.encoding()).isEqualTo("UTF-8");
        assertThat(rows()).extracting(ContactRow::line).containsExactly(2L, 3L);
        assertThat(rows().get(0).phone().canonical()).isEqualTo("13800138000");
        assertThat(rows().get(0).variables())
                .isEqualTo(Map.of("customer_name", "张三", "amount", "1280.50", "due_date", "12月5日"));
        // a blank value is left out, so a template's ${amount:-...} default applies
        assertThat(rows().get(1).variables()).isEqualTo(Map.of("customer_name", "李四", "due_date", "12月6日"));
    }

    @Test
    void phoneColumnAliasesIgnoreCaseSpacesAndUnderscores() {
        for (String name : List.of("phone", "PHONE", " Phone Number ", "phone_number", "Mobile", "电话", "手机号码", "Tel")) {
            batches.clear();
            ImportReport report = importCsv(name + ",name\n13800138000,a\n");
            assertThat(report.accepted()).as(name).isEqualTo(1);
            assertThat(report.variables()).as(name).containsExactly("name");
        }
    }

    @Test
    void gbkBytesAreDetectedAndDecoded() {
        byte[] gbk = "手机号,客户 name,note\n13800138000,张三,已逾期\n13900139000,李四,\n".getBytes(GBK);
        ImportReport report = importBytes(gbk, ImportOptions.defaults());
        assertThat(report.encoding()).isEqualTo("GB18030");
        assertThat(report.rejectedTotal()).isZero();
        assertThat(byPhone().get("13800138000").variables()).containsEntry("name", "张三").containsEntry("note", "已逾期");
    }

    @Test
    void gbkIsDetectedWhereTheFirstChineseTextComesLate() {
        // 100 KB of ASCII-only rows before the first GBK byte: the decision waits for it
        StringBuilder csv = new StringBuilder("phone,name\n");
        int ascii = 0;
        while (csv.length() < 100_000) {
            csv.append(13_000_000_000L + ascii++).append(",Zhang\n");
        }
        csv.append("13900139000,王五\n");
        ImportReport report = importBytes(csv.toString().getBytes(GBK), ImportOptions.defaults());
        assertThat(report.encoding()).isEqualTo("GB18030");
        assertThat(report.accepted()).isEqualTo(ascii + 1);
        assertThat(byPhone().get("13900139000").variables()).containsEntry("name", "王五");
    }

    @Test
    void utf8ByteOrderMarkIsNotPartOfTheHeader() {
        byte[] body = "phone,name\n13800138000,张三\n".getBytes(StandardCharsets.UTF_8);
        byte[] withBom = new byte[body.length + 3];
        withBom[0] = (byte) 0xEF;
        withBom[1] = (byte) 0xBB;
        withBom[2] = (byte) 0xBF;
        System.arraycopy(body, 0, withBom, 3, body.length);
        ImportReport report = importBytes(withBom, ImportOptions.defaults());
        assertThat(report.accepted()).isEqualTo(1);
        assertThat(report.encoding()).isEqualTo("UTF-8");
        assertThat(rows().get(0).variables()).containsEntry("name", "张三");
    }

    @Test
    void aGivenCharsetIsUsedAsIs() {
        byte[] gbk = "phone,name\n13800138000,张三\n".getBytes(GBK);
        ImportReport asGbk = importBytes(gbk, ImportOptions.defaults().withCharset(GBK));
        assertThat(asGbk.encoding()).isEqualTo("GBK");
        assertThat(rows().get(0).variables()).containsEntry("name", "张三");

        batches.clear();
        ImportReport asUtf8 = importBytes(gbk, ImportOptions.defaults().withCharset(StandardCharsets.UTF_8));
        assertThat(asUtf8.accepted()).isZero();
        assertThat(asUtf8.rejected()).containsExactly(new RejectedRow(2,
                "invalid encoding in column name: bytes that are not UTF-8 text (is the file in another encoding?)"));
    }

    @Test
    void invalidBytesLaterInTheFileRejectTheirRowOnly() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes("phone,name\n".getBytes(StandardCharsets.UTF_8));
        int good = 0;
        while (out.size() < 70_000) { // more UTF-8 text than the 64 KiB the charset is decided on
            out.writeBytes((13_000_000_000L + good++ + ",张三\n").getBytes(StandardCharsets.UTF_8));
        }
        out.writeBytes("13900139000,".getBytes(StandardCharsets.UTF_8));
        out.writeBytes("李四".getBytes(GBK)); // a GBK value in a UTF-8 file
        out.writeBytes("\n13700137000,王五\n".getBytes(StandardCharsets.UTF_8));
        ImportReport report = importBytes(out.toByteArray(), ImportOptions.defaults());
        assertThat(report.encoding()).isEqualTo("UTF-8");
        assertThat(report.accepted()).isEqualTo(good + 1);
        assertThat(report.rejected()).extracting(RejectedRow::line).containsExactly(good + 2L);
        assertThat(report.rejected().get(0).reason()).startsWith("invalid encoding in column name");
    }

    @Test
    void quotedCommasAndLineBreaksKeepLineNumbersPhysical() {
        ImportReport report = importCsv("phone,name,address\r\n"
                + "13800138000,\"Zhang, San\",\"Room 1,\r\nBuilding 2\r\nNanshan\"\r\n" // lines 2-4
                + "\r\n"                                                              // line 5: empty
                + "bad,\"x\",\"y\"\r\n"                                                // line 6
                + "13900139000,\"say \"\"hi\"\"\",z\r\n"                               // line 7
                + "\"12\n3\",a,b\r\n"                                                  // lines 8-9
                + "139,a,b");                                                          // line 10, no line end
        assertThat(report.accepted()).isEqualTo(2);
        assertThat(rows()).extracting(ContactRow::line).containsExactly(2L, 7L);
        assertThat(rows().get(0).variables())
                .containsEntry("name", "Zhang, San")
                .containsEntry("address", "Room 1,\r\nBuilding 2\r\nNanshan");
        assertThat(rows().get(1).variables()).containsEntry("name", "say \"hi\"");
        assertThat(report.rejected()).extracting(RejectedRow::line).containsExactly(6L, 8L, 10L);
    }

    @Test
    void eachRejectedRowHasItsLineAndReason() {
        ImportReport report = new ContactImporter(new ImportOptions(null, 500, 100, 12, 100, 65536, 1 << 20))
                .importContacts(new ByteArrayInputStream("""
                        phone,name,amount
                        13800138000,a,1
                        1380013800,b,2
                        ,c,3
                        13900139000,d
                        13700137000,e,4,extra
                        13600136000,a very long name,5
                        021-1234567,f,6
                        13500135000,g,7,,
                        """.getBytes(StandardCharsets.UTF_8)), batches::add);
        assertThat(report.rejected()).containsExactly(
                new RejectedRow(3, "bad number \"1380013800\": a Chinese mobile number has 11 digits, this has 10"),
                new RejectedRow(4, "missing phone"),
                new RejectedRow(5, "wrong column count: 2 values, the header has 3"),
                new RejectedRow(6, "wrong column count: 4 values, the header has 3"),
                new RejectedRow(7, "column name: value longer than 12 characters"),
                new RejectedRow(8, "bad number \"021-1234567\": area code 021 takes 8-digit local numbers, this has 7"));
        assertThat(report.rejectedTotal()).isEqualTo(6);
        // empty cells at the end of a row (trailing commas, Excel's padding) are not extra columns
        assertThat(rows()).extracting(r -> r.phone().canonical()).containsExactly("13800138000", "13500135000");
    }

    @Test
    void duplicatesKeepTheFirstRowAndAreCounted() {
        ImportReport report = importCsv("""
                phone,name
                13800138000,first
                +86 138 0013 8000,second
                139 0013 9000,other
                0086-13800138000,third
                """);
        assertThat(report.accepted()).isEqualTo(2);
        assertThat(report.duplicates()).isEqualTo(2);
        assertThat(report.rejectedTotal()).isZero();
        assertThat(byPhone().get("13800138000").variables()).containsEntry("name", "first");
    }

    @Test
    void emptyLinesAndBlankRowsAreSkippedUncounted() {
        ImportReport report = importCsv("\n\nphone,name\n\n13800138000,a\n,,\n   ,  \n\n13900139000,b\n\n");
        assertThat(report.accepted()).isEqualTo(2);
        assertThat(report.rejectedTotal()).isZero();
        assertThat(rows()).extracting(ContactRow::line).containsExactly(5L, 9L);
    }

    @Test
    void rejectedListIsCappedButAllAreCounted() {
        StringBuilder csv = new StringBuilder("phone\n");
        for (int i = 0; i < 250; i++) {
            csv.append("12345\n");
        }
        ImportReport report = importCsv(csv.toString());
        assertThat(report.rejectedTotal()).isEqualTo(250);
        assertThat(report.rejected()).hasSize(100);
        assertThat(report.rejected().get(99).line()).isEqualTo(101);
    }

    @Test
    void headerProblemsStopTheImportWithAClearError() {
        assertThatThrownBy(() -> importCsv("name,amount\n张三,1\n")).isInstanceOf(ImportException.class)
                .hasMessage("header: no phone column: the header row names it phone (or 手机号, 电话, mobile, "
                        + "phone_number); it has name, amount");
        assertThatThrownBy(() -> importCsv("phone,客户姓名,2nd\n")).isInstanceOf(ImportException.class)
                .hasMessageContaining("column 2 \"客户姓名\": a variable name needs Latin letters, digits or _")
                .hasMessageContaining("column 3 \"2nd\": a variable name starts with a letter");
        assertThatThrownBy(() -> importCsv("phone,Amount,amount\n")).isInstanceOf(ImportException.class)
                .hasMessage("header: columns 2 and 3 both name the variable amount");
        assertThatThrownBy(() -> importCsv("phone,mobile\n")).isInstanceOf(ImportException.class)
                .hasMessage("header: columns 1 (\"phone\") and 2 (\"mobile\") both name the phone number: keep one");
        assertThatThrownBy(() -> importCsv("phone,,name\n")).isInstanceOf(ImportException.class)
                .hasMessage("header: column 2 has no name");
        assertThatThrownBy(() -> importCsv("\n\n")).isInstanceOf(ImportException.class)
                .hasMessageStartingWith("the file is empty");
        assertThat(batches).isEmpty();
    }

    @Test
    void aHeaderInTheWrongEncodingSaysSo() {
        assertThatThrownBy(() -> importBytes("手机号,姓名\n13800138000,张三\n".getBytes(GBK),
                ImportOptions.defaults().withCharset(StandardCharsets.UTF_8)))
                .isInstanceOf(ImportException.class)
                .hasMessageContaining("no phone column")
                .hasMessageContaining("is the file in another one?");
    }

    @Test
    void trailingUnnamedHeaderColumnsArePadding() {
        ImportReport report = importCsv("phone,name,,\n13800138000,a,,\n13900139000,b,oops,\n");
        assertThat(report.accepted()).isEqualTo(1);
        assertThat(report.rejected()).containsExactly(new RejectedRow(3, "wrong column count: 4 values, the header has 2"));
    }

    @Test
    void aQuoteThatNeverClosesStopsTheImportAtItsLine() {
        StringBuilder csv = new StringBuilder("phone,name\n13800138000,a\n13900139000,\"unclosed\n");
        while (csv.length() < 200_000) {
            csv.append("13700137000,c\n");
        }
        assertThatThrownBy(() -> importCsv(csv.toString())).isInstanceOf(ImportException.class)
                .hasMessage("line 3: a row longer than 65536 characters (a quote that is never closed?)");
    }

    @Test
    void filesThatAreNotCsvOrXlsxAreRefusedByName() {
        assertThatThrownBy(() -> importBytes(new byte[] {(byte) 0xFF, (byte) 0xFE, 'p', 0}, ImportOptions.defaults()))
                .isInstanceOf(ImportException.class).hasMessageContaining("UTF-16");
        assertThatThrownBy(() -> importBytes(new byte[] {(byte) 0xD0, (byte) 0xCF, 0x11, (byte) 0xE0, 0, 0},
                ImportOptions.defaults()))
                .isInstanceOf(ImportException.class).hasMessageContaining("old .xls workbooks");
        assertThatThrownBy(() -> importBytes(new byte[] {'P', 'K', 3, 4, 1, 2, 3}, ImportOptions.defaults()))
                .isInstanceOf(ImportException.class).hasMessageStartingWith("not a readable .xlsx workbook");
    }

    @Test
    void hundredThousandRowsStreamThroughTheSinkInBoundedBatches() {
        int total = 100_000;
        long[] seen = new long[1];
        int[] largest = new int[1];
        ImportReport report = new ContactImporter(ImportOptions.defaults().withBatchSize(1000))
                .importContacts(new GeneratedCsv(total), batch -> {
                    largest[0] = Math.max(largest[0], batch.size());
                    seen[0] += batch.size();
                });
        assertThat(report.accepted()).isEqualTo(total);
        assertThat(seen[0]).isEqualTo(total);
        assertThat(largest[0]).isEqualTo(1000);
    }

    @Test
    void xlsxRowsBecomeContactsWithTheirRowNumbers() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Workbook workbook = new Workbook(out, "test", "1.0");
        Worksheet sheet = workbook.newWorksheet("contacts");
        sheet.value(0, 0, "手机号");
        sheet.value(0, 1, "Customer Name");
        sheet.value(0, 2, "amount");
        sheet.value(0, 3, "due_date");
        sheet.value(1, 0, 13800138000L); // typed as a number, as Excel users do
        sheet.value(1, 1, "张三");
        sheet.value(1, 2, 1280.5);
        sheet.value(1, 3, LocalDate.of(2026, 12, 5));
        sheet.style(1, 3).format("yyyy-mm-dd").set();
        sheet.value(2, 0, "139 0013 9000");
        sheet.value(2, 1, "李四"); // no amount, no date: a shorter row
        sheet.value(4, 0, "12345"); // row 5, after an empty row 4
        sheet.value(4, 1, "王五");
        workbook.finish();

        ImportReport report = importBytes(out.toByteArray(), ImportOptions.defaults());
        assertThat(report.encoding()).isEqualTo("xlsx");
        assertThat(report.variables()).containsExactly("customer_name", "amount", "due_date");
        assertThat(report.accepted()).isEqualTo(2);
        assertThat(rows().get(0).line()).isEqualTo(2);
        assertThat(rows().get(0).phone().canonical()).isEqualTo("13800138000");
        assertThat(rows().get(0).variables())
                .isEqualTo(Map.of("customer_name", "张三", "amount", "1280.5", "due_date", "2026-12-05"));
        assertThat(rows().get(1).variables()).isEqualTo(Map.of("customer_name", "李四"));
        assertThat(report.rejected()).extracting(RejectedRow::line).containsExactly(5L);
    }

    @Test
    void anOversizedWorkbookIsRefused() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Workbook workbook = new Workbook(out, "test", "1.0");
        Worksheet sheet = workbook.newWorksheet("contacts");
        sheet.value(0, 0, "phone");
        for (int r = 1; r < 2000; r++) {
            sheet.value(r, 0, "1380013" + String.format("%04d", r));
        }
        workbook.finish();
        ImportOptions small = new ImportOptions(null, 500, 100, 500, 100, 65536, 4096);
        assertThatThrownBy(() -> importBytes(out.toByteArray(), small)).isInstanceOf(ImportException.class)
                .hasMessageStartingWith("the workbook is larger than");
    }

    /** A CSV of {@code rows} distinct mobile numbers, made as it is read: never whole in memory. */
    static final class GeneratedCsv extends InputStream {
        private final int rows;
        private byte[] pending = "phone,customer_name,amount,due_date\n".getBytes(StandardCharsets.UTF_8);
        private int pos;
        private int next;

        GeneratedCsv(int rows) {
            this.rows = rows;
        }

        @Override
        public int read() {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            if (pos == pending.length) {
                if (next == rows) {
                    return -1;
                }
                pending = (13_800_000_000L + next + ",张三" + next + "," + (next % 5000) + ".50,2026-12-05\n")
                        .getBytes(StandardCharsets.UTF_8);
                pos = 0;
                next++;
            }
            int n = Math.min(len, pending.length - pos);
            System.arraycopy(pending, pos, b, off, n);
            pos += n;
            return n;
        }
    }
}
