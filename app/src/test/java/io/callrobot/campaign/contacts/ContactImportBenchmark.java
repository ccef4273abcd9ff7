package io.callrobot.campaign.contacts;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.dhatim.fastexcel.Workbook;
import org.dhatim.fastexcel.Worksheet;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * One operation imports a whole file of 100 000 contacts (phone, name, amount, due date; one row
 * in 50 a bad number, one in 100 a duplicate) into a sink that only counts: CSV in UTF-8, CSV in
 * GBK (charset detected), and XLSX. The forked JVM gets a 64 MiB heap, which the 5 MB file, the
 * duplicate set and one batch fit in: the import must not hold its rows.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(jvmArgsAppend = "-Xmx64m")
public class ContactImportBenchmark {

    static final int ROWS = 100_000;

    @Param({"csv-utf8", "csv-gbk", "xlsx"})
    String file;

    private byte[] bytes;
    private final ContactImporter importer = new ContactImporter(ImportOptions.defaults());
    private long accepted;

    @Setup
    public void setUp() throws IOException {
        bytes = switch (file) {
            case "csv-utf8" -> csv(StandardCharsets.UTF_8);
            case "csv-gbk" -> csv(Charset.forName("GBK"));
            default -> xlsx();
        };
    }

    @Benchmark
    public ImportReport importFile() {
        ImportReport report = importer.importContacts(new ByteArrayInputStream(bytes), batch -> accepted += batch.size());
        if (report.accepted() + report.duplicates() + report.rejectedTotal() != ROWS) {
            throw new IllegalStateException("rows lost: " + report);
        }
        return report;
    }

    private static String phone(int i) {
        if (i % 50 == 7) {
            return "1380013"; // too short
        }
        int n = i % 100 == 3 ? i - 1 : i; // a duplicate of the row before
        return "138 " + String.format("%04d %04d", n / 10_000, n % 10_000);
    }

    private static byte[] csv(Charset charset) {
        StringBuilder csv = new StringBuilder(ROWS * 48).append("手机号,客户姓名 name,amount,due_date\r\n");
        for (int i = 0; i < ROWS; i++) {
            csv.append(phone(i)).append(",\"张三").append(i).append("\",").append(i % 5000).append(".50,12月5日\r\n");
        }
        return csv.toString().getBytes(charset);
    }

    private static byte[] xlsx() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Workbook workbook = new Workbook(out, "bench", "1.0");
        Worksheet sheet = workbook.newWorksheet("contacts");
        String[] header = {"手机号", "name", "amount", "due_date"};
        for (int c = 0; c < header.length; c++) {
            sheet.value(0, c, header[c]);
        }
        for (int i = 0; i < ROWS; i++) {
            sheet.value(i + 1, 0, phone(i));
            sheet.value(i + 1, 1, "张三" + i);
            sheet.value(i + 1, 2, i % 5000 + 0.5);
            sheet.value(i + 1, 3, "12月5日");
        }
        workbook.finish();
        return out.toByteArray();
    }
}
