package io.callrobot.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class MainTest {

    @Test
    void everyCommandAnswersHelpWithItsUsage() {
        List<List<String>> paths = new ArrayList<>();
        collect(Main.commandLine(), new ArrayList<>(), paths);
        assertThat(paths).containsExactly(List.of(), List.of("serve"));
        for (List<String> path : paths) {
            StringWriter out = new StringWriter();
            List<String> args = new ArrayList<>(path);
            args.add("--help");
            int exit = Main.commandLine().setOut(new PrintWriter(out)).execute(args.toArray(String[]::new));
            String usage = ("Usage: callrobot " + String.join(" ", path)).trim();
            assertThat(exit).as("exit of %s", args).isZero();
            assertThat(out.toString()).as("output of %s", args).startsWith(usage).contains("--help");
        }
    }

    @Test
    void subcommandsAnswerVersion() {
        StringWriter out = new StringWriter();
        int exit = Main.commandLine().setOut(new PrintWriter(out)).execute("serve", "--version");
        assertThat(exit).isZero();
        assertThat(out.toString()).contains("CallRobot 0.1.0");
    }

    @Test
    void anUnknownOptionIsStillAnError() {
        StringWriter err = new StringWriter();
        int exit = Main.commandLine().setErr(new PrintWriter(err)).execute("serve", "--no-such-option");
        assertThat(exit).isNotZero();
        assertThat(err.toString()).contains("Unknown option");
    }

    private static void collect(CommandLine command, List<String> path, List<List<String>> paths) {
        paths.add(List.copyOf(path));
        command.getSubcommands().forEach((name, sub) -> {
            List<String> longer = new ArrayList<>(path);
            longer.add(name);
            collect(sub, longer, paths);
        });
    }
}
