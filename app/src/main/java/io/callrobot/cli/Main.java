package io.callrobot.cli;

import io.callrobot.config.ConfigException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code callrobot} command line of the server jar. */
@Command(name = "callrobot", mixinStandardHelpOptions = true, version = "CallRobot 0.1.0",
        description = "Voice robot for FreeSWITCH: answers the calls FreeSWITCH hands to its ESL outbound socket.",
        subcommands = ServeCommand.class)
public final class Main {

    public static void main(String[] args) {
        System.exit(execute(new Main(), args));
    }

    /** Runs {@code command}; a configuration error is printed without a stack trace and exits with 2. */
    static int execute(Object command, String[] args) {
        CommandLine cli = new CommandLine(command);
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            if (e instanceof ConfigException) {
                commandLine.getErr().println(e.getMessage());
                return 2;
            }
            throw e;
        });
        return cli.execute(args);
    }
}
