package io.callrobot.cli;

import io.callrobot.config.ConfigException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code callrobot} command line. */
@Command(name = "callrobot", mixinStandardHelpOptions = true, version = "CallRobot 0.1.0",
        description = "Voice robot for FreeSWITCH: answers the calls FreeSWITCH hands to its ESL outbound socket.",
        subcommands = {ServeCommand.class, SimulateCommand.class, BenchCommand.class})
public final class Main {

    public static void main(String[] args) {
        CommandLine cli = new CommandLine(new Main());
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            if (e instanceof ConfigException) {
                commandLine.getErr().println(e.getMessage());
                return 2;
            }
            throw e;
        });
        System.exit(cli.execute(args));
    }
}
