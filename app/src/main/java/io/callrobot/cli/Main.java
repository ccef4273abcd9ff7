package io.callrobot.cli;

import io.callrobot.config.ConfigException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.ScopeType;

/** The {@code callrobot} command line. */
// scope INHERIT: every subcommand, at any depth, gets --help and --version too
@Command(name = "callrobot", mixinStandardHelpOptions = true, version = "CallRobot 0.1.0", scope = ScopeType.INHERIT,
        description = "Voice robot for FreeSWITCH: answers the calls FreeSWITCH hands to its ESL outbound socket.",
        subcommands = {ServeCommand.class, SimulateCommand.class, BenchCommand.class})
public final class Main {

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The command tree with its error handling, ready to execute. */
    static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new Main());
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            if (e instanceof ConfigException) {
                commandLine.getErr().println(e.getMessage());
                return 2;
            }
            throw e;
        });
        return cli;
    }
}
