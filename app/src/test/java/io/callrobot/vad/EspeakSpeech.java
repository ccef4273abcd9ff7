package io.callrobot.vad;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.callrobot.media.PcmAudio;
import java.io.File;
import java.io.IOException;
import java.util.concurrent.TimeUnit;

/** Real synthetic speech for tests, made by the espeak-ng command; tests are skipped when it is absent. */
final class EspeakSpeech {

    private EspeakSpeech() {
    }

    static PcmAudio speak(String voice, String text) throws IOException, InterruptedException {
        assumeTrue(onPath("espeak-ng"), "espeak-ng is not installed");
        Process process = new ProcessBuilder("espeak-ng", "-v", voice, "--stdout", text)
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        byte[] wav = process.getInputStream().readAllBytes();
        if (!process.waitFor(30, TimeUnit.SECONDS) || process.exitValue() != 0) {
            process.destroyForcibly();
            throw new IOException("espeak-ng failed for " + text);
        }
        return PcmAudio.fromWav(wav);
    }

    private static boolean onPath(String command) {
        String path = System.getenv("PATH");
        if (path == null) {
            return false;
        }
        for (String dir : path.split(File.pathSeparator)) {
            if (new File(dir, command).canExecute()) {
                return true;
            }
        }
        return false;
    }
}
