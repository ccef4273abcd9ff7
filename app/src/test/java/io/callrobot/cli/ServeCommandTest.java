package io.callrobot.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code callrobot serve} refuses a bad set-up with its message and exit code 2, never a stack trace. */
class ServeCommandTest {

    @TempDir
    Path dir;

    private final StringWriter err = new StringWriter();

    private int serve(String yaml) throws IOException {
        Path config = Files.writeString(dir.resolve("callrobot.yaml"), yaml);
        CommandLine cli = Main.commandLine();
        cli.setErr(new PrintWriter(err, true));
        return cli.execute("serve", "--config", config.toString());
    }

    @Test
    void aConfigurationErrorNamesTheKeyAndExitsWith2() throws IOException {
        assertThat(serve("esl:\n  port: -1\n")).isEqualTo(Main.EXIT_INVALID_SETUP);
        assertThat(err.toString()).contains("esl.port: out of range: -1").doesNotContain("\tat ");
    }

    @Test
    void aBrokenFlowFileIsReportedWithoutAStackTraceAndExitsWith2() throws IOException {
        Path flows = Files.createDirectory(dir.resolve("flows"));
        Files.writeString(flows.resolve("broken.yaml"), "name: broken\nnodes: [\n");
        int code = serve("dialog:\n  flowsDir: \"" + flows + "\"\n");
        assertThat(code).isEqualTo(Main.EXIT_INVALID_SETUP);
        assertThat(err.toString()).contains("broken.yaml").doesNotContain("\tat ").doesNotContain("Exception");
    }
}
