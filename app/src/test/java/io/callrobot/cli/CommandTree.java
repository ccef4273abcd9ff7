package io.callrobot.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import picocli.CommandLine;

/** Checks every command of a command line, at any depth, the way a user would call it. */
final class CommandTree {

    private CommandTree() {
    }

    /** Every command's path from the top, the top itself ({@code []}) first. */
    static List<List<String>> paths(CommandLine top) {
        List<List<String>> paths = new ArrayList<>();
        collect(top, new ArrayList<>(), paths);
        return paths;
    }

    /** {@code <path> --help} exits 0 printing the command's usage, for every command. */
    static void assertEveryCommandAnswersHelp(Supplier<CommandLine> commandLine) {
        for (List<String> path : paths(commandLine.get())) {
            StringWriter out = new StringWriter();
            List<String> args = new ArrayList<>(path);
            args.add("--help");
            int exit = commandLine.get().setOut(new PrintWriter(out)).execute(args.toArray(String[]::new));
            String usage = ("Usage: callrobot " + String.join(" ", path)).trim();
            assertThat(exit).as("exit of %s", args).isZero();
            assertThat(out.toString()).as("output of %s", args).startsWith(usage).contains("--help");
        }
    }

    /** Runs {@code args}; returns the exit code and what went to standard output and error. */
    static Run run(CommandLine cli, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = cli.setOut(new PrintWriter(out)).setErr(new PrintWriter(err)).execute(args);
        return new Run(exit, out.toString(), err.toString());
    }

    record Run(int exit, String out, String err) {
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
