package io.callrobot.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The campaign commands send the API requests the README documents and report refusals plainly. */
class CampaignCommandTest {

    @TempDir
    Path dir;

    private final MockWebServer api = new MockWebServer();
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @BeforeEach
    void start() throws Exception {
        api.start();
    }

    @AfterEach
    void stop() throws Exception {
        api.shutdown();
    }

    private int run(String... args) {
        CommandLine cli = Main.commandLine().setOut(new PrintWriter(out, true)).setErr(new PrintWriter(err, true));
        String[] all = new String[args.length + 2];
        all[0] = "campaign";
        all[1] = "--api=" + api.url("/").toString();
        System.arraycopy(args, 0, all, 2, args.length);
        return cli.execute(all);
    }

    @Test
    void createPostsTheDefinitionAndPrintsTheAnswer() throws Exception {
        Path file = Files.writeString(dir.resolve("c.json"), "{\"name\":\"催收 12 月\"}");
        api.enqueue(new MockResponse().setResponseCode(201).setBody("{\"id\":7,\"state\":\"draft\"}"));

        assertThat(run("create", file.toString())).isZero();

        RecordedRequest request = api.takeRequest();
        assertThat(request.getMethod() + " " + request.getPath()).isEqualTo("POST /api/campaigns");
        assertThat(request.getBody().readUtf8()).isEqualTo("{\"name\":\"催收 12 月\"}");
        assertThat(out.toString()).contains("\"id\" : 7");
    }

    @Test
    void importSendsTheCsvBytesUnchangedAsTextCsv() throws Exception {
        byte[] gbk = "phone,customer_name\n13800000000,张三\n".getBytes("GBK");
        Path csv = Files.write(dir.resolve("contacts.csv"), gbk);
        api.enqueue(new MockResponse().setBody("{\"accepted\":1,\"rejected\":[]}"));

        assertThat(run("import", "7", csv.toString())).isZero();

        RecordedRequest request = api.takeRequest();
        assertThat(request.getPath()).isEqualTo("/api/campaigns/7/contacts");
        assertThat(request.getHeader("Content-Type")).isEqualTo("text/csv");
        assertThat(request.getBody().readByteArray()).isEqualTo(gbk);
    }

    @Test
    void aRefusalPrintsTheFieldAndMessageAndExits1() throws Exception {
        api.enqueue(new MockResponse().setResponseCode(409).setBody("{\"error\":\"campaign 7 is stopped\"}"));
        assertThat(run("start", "7")).isEqualTo(CampaignCommand.EXIT_REFUSED);
        assertThat(err.toString()).contains("HTTP 409: campaign 7 is stopped");

        api.enqueue(new MockResponse().setResponseCode(400)
                .setBody("{\"error\":\"ends before it starts\",\"field\":\"window.hours[1]\"}"));
        Path file = Files.writeString(dir.resolve("bad.json"), "{}");
        assertThat(run("create", file.toString())).isEqualTo(CampaignCommand.EXIT_REFUSED);
        assertThat(err.toString()).contains("HTTP 400: window.hours[1]: ends before it starts");
    }

    @Test
    void exportWritesTheResultsBytesToTheFile() throws Exception {
        byte[] csv = "\uFEFFphone,outcome\n13800000000,answered\n".getBytes(StandardCharsets.UTF_8);
        api.enqueue(new MockResponse().setBody(new okio.Buffer().write(csv)));
        Path target = dir.resolve("results.csv");

        assertThat(run("export", "7", "-o", target.toString())).isZero();

        assertThat(api.takeRequest().getPath()).isEqualTo("/api/campaigns/7/results.csv");
        assertThat(Files.readAllBytes(target)).isEqualTo(csv);
    }

    @Test
    void anUnreachableServerIsNamedWithoutAStackTrace() throws Exception {
        api.shutdown();
        assertThat(run("status")).isEqualTo(CampaignCommand.EXIT_REFUSED);
        assertThat(err.toString()).contains("cannot reach the CallRobot API").doesNotContain("\tat ");
    }
}
