package io.callrobot.bench;

import io.callrobot.amd.AmdConfig;
import io.callrobot.amd.AmdResult;
import io.callrobot.amd.AmdVerdict;
import io.callrobot.amd.AnnouncementPhrases;
import io.callrobot.amd.MachineDetector;
import io.callrobot.sim.SitTones;
import io.callrobot.vad.EnergyVad;
import io.callrobot.vad.VadConfig;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;

/**
 * Accuracy and detection time of answering-machine detection on a test set rendered with espeak-ng:
 * carrier announcements (some behind a special information tone), voicemail greetings, AI
 * call-secretaries and real answers. Each answer is split into clauses, each clause rendered
 * separately and joined by a {@value #CLAUSE_PAUSE_MS} ms pause, after {@value #LEAD_MS} ms of line
 * noise, and followed by silence to the end of the detection window. The audio runs at 8 kHz in 20 ms
 * frames through the energy VAD and {@link MachineDetector}. There is no ASR here: when the VAD says
 * speech ended, the text of the clauses whose audio has ended by then is delivered as the final
 * transcript, i.e. a perfect recogniser with no latency.
 */
public final class AmdBench {

    static final int RATE = 8000;
    private static final int FRAME = RATE / 50;
    static final int LEAD_MS = 300;
    static final int CLAUSE_PAUSE_MS = 250;
    private static final double SPEECH_DBFS = -20;
    /**
     * espeak-ng's Mandarin voice, slowed by the robot's own setting for its prompts, speaks about 2.5
     * syllables a second; people and carriers' recordings speak 4 to 5. Chinese is rendered this much faster.
     */
    static final double MANDARIN_SPEED = 1.7;

    /** One answer of the test set; {@code sit} is a SIT code to play ahead of it, or null. */
    public record Case(String text, AmdResult expected, String sit) {
    }

    /** How one case came out; {@code verdict} is empty if the window never closed (cannot happen). */
    public record Outcome(Case item, Optional<AmdVerdict> verdict) {
    }

    /** The test set. */
    public static List<Case> testSet() {
        return List.of(
                new Case("您拨打的电话已关机", AmdResult.UNREACHABLE, null),
                new Case("您拨打的用户暂时无法接通，请稍后再拨", AmdResult.UNREACHABLE, null),
                new Case("对不起，您拨打的用户正在通话中，请稍后再拨", AmdResult.UNREACHABLE, null),
                new Case("您拨打的电话不在服务区", AmdResult.UNREACHABLE, null),
                new Case("您拨打的电话已停机", AmdResult.UNREACHABLE, null),
                new Case("The subscriber you have dialled is switched off", AmdResult.UNREACHABLE, null),
                new Case("The number you have dialled cannot be reached, please try again later", AmdResult.UNREACHABLE, "RO"),
                new Case("您拨打的号码是空号，请查证后再拨", AmdResult.INVALID_NUMBER, null),
                new Case("您拨打的号码是空号", AmdResult.INVALID_NUMBER, "IC"),
                new Case("The number you have dialled is not in service", AmdResult.INVALID_NUMBER, null),
                new Case("The number you have dialled is not in service", AmdResult.INVALID_NUMBER, "VC"),
                new Case("您好，机主现在无法接听，请在提示音后留言", AmdResult.MACHINE, null),
                new Case("您好，这里是张三的语音信箱，请在嘀声后留言", AmdResult.MACHINE, null),
                new Case("你好，我现在不方便接电话，有急事的话请稍后再打过来，谢谢", AmdResult.MACHINE, null),
                new Case("Hello, you have reached Anna. Please leave a message after the tone.", AmdResult.MACHINE, null),
                new Case("Hi, this is Mark, I am not able to take your call right now, I will get back to you soon",
                        AmdResult.MACHINE, null),
                new Case("您好，我是机主的智能助理，请问您有什么事", AmdResult.CALL_SECRETARY, null),
                new Case("您好，我是他的秘书，有什么可以帮您转达", AmdResult.CALL_SECRETARY, null),
                new Case("Hi, I'm an AI assistant screening calls for Anna. Who is calling?", AmdResult.CALL_SECRETARY, null),
                new Case("喂？你好", AmdResult.HUMAN, null),
                new Case("哪位？", AmdResult.HUMAN, null),
                new Case("你好，请讲", AmdResult.HUMAN, null),
                new Case("喂，你好，哪位", AmdResult.HUMAN, null),
                new Case("喂", AmdResult.HUMAN, null),
                new Case("hello?", AmdResult.HUMAN, null),
                new Case("yes, speaking", AmdResult.HUMAN, null));
    }

    private final AmdConfig config;
    private final AnnouncementPhrases phrases;
    private final double noiseDbfs;
    private final CallerVoice voice = new CallerVoice();

    public AmdBench(AmdConfig config, AnnouncementPhrases phrases, double noiseDbfs) {
        this.config = config;
        this.phrases = phrases;
        this.noiseDbfs = noiseDbfs;
    }

    /** Renders and runs every case, printing a row per case, the confusion matrix and times. */
    public List<Outcome> run(List<Case> cases, PrintStream out) throws Exception {
        List<Outcome> outcomes = new ArrayList<>();
        out.printf("window %d ms, long speech %d ms, greeting ≤ %d ms + %d ms pause; energy VAD; line noise %.0f dBFS,"
                        + " speech %.0f dBFS, Mandarin at %.1fx espeak's rate; transcript = the rendered text at VAD speech end%n%n",
                config.windowMillis(), config.longSpeechMillis(), config.maxGreetingMillis(), config.greetingSilenceMillis(),
                noiseDbfs, SPEECH_DBFS, MANDARIN_SPEED);
        out.println("| answer | SIT | expected | detected | at ms | evidence |");
        out.println("|---|---|---|---|---:|---|");
        for (Case c : cases) {
            Outcome o = runOne(c);
            outcomes.add(o);
            AmdVerdict v = o.verdict().orElseThrow();
            out.printf("| %s | %s | %s | %s | %d | %s |%n", c.text(), c.sit() == null ? "" : c.sit(), c.expected().wireName(),
                    v.result().wireName(), v.atMillis(), v.evidence());
        }
        printSummary(outcomes, out);
        return outcomes;
    }

    Outcome runOne(Case c) throws Exception {
        Random random = new Random(c.text().hashCode());
        List<short[]> parts = new ArrayList<>();
        parts.add(new short[RATE * LEAD_MS / 1000]);
        if (c.sit() != null) {
            parts.add(SitTones.render(c.sit(), RATE, SPEECH_DBFS));
        }
        List<String> clauses = new ArrayList<>();
        List<Integer> clauseEnds = new ArrayList<>();
        int at = parts.stream().mapToInt(p -> p.length).sum();
        for (String clause : c.text().split("(?<=[，。？！,.?!])\\s*")) {
            if (clause.isBlank()) {
                continue;
            }
            boolean chinese = clause.codePoints().anyMatch(ch -> Character.UnicodeScript.of(ch) == Character.UnicodeScript.HAN);
            short[] speech = level(voice.say(clause, chinese ? MANDARIN_SPEED : 1.0).resampled(RATE).samples(), SPEECH_DBFS);
            parts.add(speech);
            at += speech.length;
            clauses.add(clause);
            clauseEnds.add(at);
            short[] pause = new short[RATE * CLAUSE_PAUSE_MS / 1000];
            parts.add(pause);
            at += pause.length;
        }
        parts.add(new short[RATE * config.windowMillis() / 1000 + RATE]);
        short[] audio = join(parts);
        double sigma = 32767 * Math.pow(10, noiseDbfs / 20);
        for (int i = 0; i < audio.length; i++) {
            audio[i] = (short) Math.max(Short.MIN_VALUE, Math.min(Short.MAX_VALUE, audio[i] + random.nextGaussian() * sigma));
        }

        EnergyVad vad = new EnergyVad(RATE, FRAME, VadConfig.defaults());
        MachineDetector detector = new MachineDetector(config, phrases, 0, RATE);
        int delivered = 0;
        Optional<AmdVerdict> verdict = Optional.empty();
        for (int start = 0; start + FRAME <= audio.length && verdict.isEmpty(); start += FRAME) {
            long now = (start + FRAME) * 1000L / RATE;
            boolean wasSpeaking = vad.speaking();
            boolean speaking = vad.process(audio, start, FRAME);
            verdict = detector.onAudio(audio, start, FRAME, now);
            if (verdict.isEmpty() && speaking && !wasSpeaking) {
                verdict = detector.onSpeechStart(now);
            } else if (verdict.isEmpty() && !speaking && wasSpeaking) {
                verdict = detector.onSpeechEnd(now);
                StringBuilder text = new StringBuilder();
                while (delivered < clauses.size() && clauseEnds.get(delivered) <= start + FRAME) {
                    text.append(clauses.get(delivered++));
                }
                if (verdict.isEmpty() && !text.isEmpty()) {
                    verdict = detector.onTranscript(text.toString(), true, now);
                }
            }
        }
        return new Outcome(c, verdict);
    }

    private static void printSummary(List<Outcome> outcomes, PrintStream out) {
        List<AmdResult> classes = List.of(AmdResult.HUMAN, AmdResult.MACHINE, AmdResult.UNREACHABLE,
                AmdResult.INVALID_NUMBER, AmdResult.CALL_SECRETARY, AmdResult.UNKNOWN);
        Map<AmdResult, Map<AmdResult, Integer>> matrix = new EnumMap<>(AmdResult.class);
        Map<AmdResult, List<Long>> times = new EnumMap<>(AmdResult.class);
        int right = 0;
        for (Outcome o : outcomes) {
            AmdVerdict v = o.verdict().orElseThrow();
            matrix.computeIfAbsent(o.item().expected(), k -> new EnumMap<>(AmdResult.class)).merge(v.result(), 1, Integer::sum);
            if (v.result() == o.item().expected()) {
                right++;
                times.computeIfAbsent(v.result(), k -> new ArrayList<>()).add(v.atMillis());
            }
        }
        out.printf("%nConfusion matrix (rows expected, columns detected); %d of %d right (%.0f%%)%n%n", right,
                outcomes.size(), 100.0 * right / outcomes.size());
        StringBuilder header = new StringBuilder("| expected \\ detected |");
        StringBuilder rule = new StringBuilder("|---|");
        for (AmdResult r : classes) {
            header.append(' ').append(r.wireName()).append(" |");
            rule.append("---:|");
        }
        out.println(header);
        out.println(rule);
        for (AmdResult expected : classes.subList(0, 5)) {
            StringBuilder row = new StringBuilder("| " + expected.wireName() + " |");
            for (AmdResult got : classes) {
                row.append(' ').append(matrix.getOrDefault(expected, Map.of()).getOrDefault(got, 0)).append(" |");
            }
            out.println(row);
        }
        out.printf("%nDetection time of the right verdicts, ms after answer%n%n| class | n | min | median | max |%n|---|---:|---:|---:|---:|%n");
        for (Map.Entry<AmdResult, List<Long>> e : times.entrySet()) {
            List<Long> t = e.getValue().stream().sorted().toList();
            out.printf("| %s | %d | %d | %d | %d |%n", e.getKey().wireName(), t.size(), t.getFirst(), t.get(t.size() / 2), t.getLast());
        }
    }

    /** Scales speech so its RMS over the voiced part is {@code dbfs}. */
    private static short[] level(short[] samples, double dbfs) {
        double sum = 0;
        int n = 0;
        for (short s : samples) {
            if (Math.abs(s) > 300) {
                sum += (double) s * s;
                n++;
            }
        }
        double rms = n == 0 ? 1 : Math.sqrt(sum / n);
        double gain = 32767 * Math.pow(10, dbfs / 20) / rms;
        short[] out = new short[samples.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = (short) Math.max(Short.MIN_VALUE, Math.min(Short.MAX_VALUE, Math.round(samples[i] * gain)));
        }
        return out;
    }

    private static short[] join(List<short[]> parts) {
        short[] all = new short[parts.stream().mapToInt(p -> p.length).sum()];
        int at = 0;
        for (short[] p : parts) {
            System.arraycopy(p, 0, all, at, p.length);
            at += p.length;
        }
        return all;
    }
}
