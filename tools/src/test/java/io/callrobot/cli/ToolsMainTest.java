package io.callrobot.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ToolsMainTest {

    @Test
    void everyCommandAnswersHelpWithItsUsage() {
        assertThat(CommandTree.paths(ToolsMain.commandLine())).contains(List.of("serve"), List.of("simulate"),
                List.of("bench"), List.of("bench", "vad"));
        CommandTree.assertEveryCommandAnswersHelp(ToolsMain::commandLine);
    }

    @Test
    void subcommandsAnswerVersion() {
        CommandTree.Run run = CommandTree.run(ToolsMain.commandLine(), "bench", "vad", "--version");
        assertThat(run.exit()).isZero();
        assertThat(run.out()).contains("CallRobot 0.1.0");
    }

    @Test
    void anUnknownOptionIsStillAnError() {
        CommandTree.Run run = CommandTree.run(ToolsMain.commandLine(), "simulate", "--no-such-option");
        assertThat(run.exit()).isNotZero();
        assertThat(run.err()).contains("Unknown option");
    }
}
