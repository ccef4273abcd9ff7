package io.callrobot.cli;

import io.callrobot.web.auth.PasswordHash;
import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code callrobot passwd}: reads a password (twice from the terminal, or once with {@code --stdin}) and prints
 * the hash line for {@code auth.users[].passwordHash}.
 */
@Command(name = "passwd", mixinStandardHelpOptions = true,
        description = "Print the password hash of a console user, for auth.users[].passwordHash in the configuration."
                + " Reads the password from the terminal (twice), or with --stdin the first line of standard input.")
final class PasswdCommand implements Callable<Integer> {

    @Option(names = "--stdin", description = "read the password from the first line of standard input (scripts)")
    boolean stdin;

    @Spec
    CommandSpec spec;

    /** Where {@code --stdin} reads. */
    InputStream input = System.in;

    @Override
    public Integer call() throws IOException {
        Console console = System.console();
        char[] password;
        if (!stdin) {
            if (console == null) {
                spec.commandLine().getErr().println("no terminal to read the password from: use --stdin");
                return 1;
            }
            password = console.readPassword("Password: ");
            char[] again = console.readPassword("Again: ");
            if (password == null || again == null || !Arrays.equals(password, again)) {
                spec.commandLine().getErr().println("the passwords differ");
                return 1;
            }
            Arrays.fill(again, ' ');
        } else {
            String line = new BufferedReader(new InputStreamReader(input, StandardCharsets.UTF_8)).readLine();
            password = line == null ? new char[0] : line.toCharArray();
        }
        if (password.length == 0) {
            spec.commandLine().getErr().println("the password is empty");
            return 1;
        }
        spec.commandLine().getOut().println(PasswordHash.create(password));
        Arrays.fill(password, ' ');
        return 0;
    }
}
