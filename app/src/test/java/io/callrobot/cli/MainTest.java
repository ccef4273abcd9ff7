package io.callrobot.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class MainTest {

    @Test
    void everyCommandAnswersHelpWithItsUsage() {
        assertThat(CommandTree.paths(Main.commandLine())).containsExactly(List.of(), List.of("serve"),
                List.of("campaign"), List.of("campaign", "create"), List.of("campaign", "import"),
                List.of("campaign", "start"), List.of("campaign", "pause"), List.of("campaign", "resume"),
                List.of("campaign", "stop"), List.of("campaign", "status"), List.of("campaign", "export"),
                List.of("passwd"));
        CommandTree.assertEveryCommandAnswersHelp(Main::commandLine);
    }

    @Test
    void subcommandsAnswerVersion() {
        CommandTree.Run run = CommandTree.run(Main.commandLine(), "serve", "--version");
        assertThat(run.exit()).isZero();
        assertThat(run.out()).contains("CallRobot 0.1.0");
    }

    @Test
    void anUnknownOptionIsStillAnError() {
        CommandTree.Run run = CommandTree.run(Main.commandLine(), "serve", "--no-such-option");
        assertThat(run.exit()).isNotZero();
        assertThat(run.err()).contains("Unknown option");
    }
}
