package io.callrobot.recording;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.jaredmdobson.concentus.OpusDecoder;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;
import org.gagravarr.ogg.OggFile;
import org.gagravarr.ogg.OggPacket;
import org.gagravarr.ogg.OggPacketReader;
import org.gagravarr.opus.OpusInfo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CallRecordingTest {

    private static final long MS = 1_000_000L;
    private static final int RATE = 8000;
    private static final int FRAME = 160;
    private static final Instant DAY = Instant.parse("2026-12-03T10:15:30Z");

    @TempDir
    Path dir;

    private Recorder recorder(String format) {
        return new Recorder(new RecordingConfig(true, dir.resolve("rec").toString(), format, 0), false);
    }

    private static short[] frame(int value) {
        short[] f = new short[FRAME];
        Arrays.fill(f, (short) value);
        return f;
    }

    @Test
    void framesLandOnTheirTwentyMillisecondSlotsWithSilenceBetween() throws Exception {
        Recorder recorder = recorder("wav");
        long origin = 5_000 * MS;
        CallRecording rec = recorder.start("call-1", DAY, RATE, 20, origin, 250);
        // caller: slots 0, 1, 2 (a few ms of jitter each), then three frames bunched at 100 ms, then a
        // frame alone at 300 ms after a gap
        rec.callerAudio(frame(100), FRAME, origin + 2 * MS);
        rec.callerAudio(frame(101), FRAME, origin + 23 * MS);
        rec.callerAudio(frame(102), FRAME, origin + 38 * MS);
        rec.callerAudio(frame(103), FRAME, origin + 100 * MS);
        rec.callerAudio(frame(104), FRAME, origin + 100 * MS);
        rec.callerAudio(frame(105), FRAME, origin + 101 * MS);
        rec.callerAudio(frame(115), FRAME, origin + 300 * MS);
        // robot: on its own phase (7 ms), slots 4 and 5, then slot 12 after an idle stretch
        rec.robotAudio(frame(-204), FRAME, origin + 87 * MS);
        rec.robotAudio(frame(-205), FRAME, origin + 107 * MS);
        rec.robotAudio(frame(-212), FRAME, origin + 247 * MS);
        recorder.cycle(origin + 150 * MS); // writes slots before 150 ms less the lag: nothing yet
        RecordingInfo info = finish(recorder, rec, origin + 400 * MS);

        short[] stereo = wavSamples(Path.of(info.path()));
        assertThat(stereo).hasSize(16 * FRAME * 2);
        for (int slot = 0; slot < 16; slot++) {
            int left = switch (slot) {
                case 0, 1, 2, 3, 4, 5 -> 100 + slot;
                case 15 -> 115;
                default -> 0;
            };
            int right = switch (slot) {
                case 4, 5, 12 -> -200 - slot;
                default -> 0;
            };
            for (int i = 0; i < FRAME; i++) {
                assertThat(stereo[(slot * FRAME + i) * 2]).as("left, slot %d", slot).isEqualTo((short) left);
                assertThat(stereo[(slot * FRAME + i) * 2 + 1]).as("right, slot %d", slot).isEqualTo((short) right);
            }
        }
        assertThat(info).isEqualTo(new RecordingInfo(dir.resolve("rec/2026/12/03/call-1.wav").toString(), "wav",
                320, 250, 44 + 16 * FRAME * 4));
    }

    @Test
    void aShortFrameIsPaddedAndALongDatagramFillsConsecutiveSlots() throws Exception {
        Recorder recorder = recorder("wav");
        CallRecording rec = recorder.start("call-2", DAY, RATE, 20, 0, 0);
        short[] twoFrames = new short[2 * FRAME];
        Arrays.fill(twoFrames, 0, FRAME, (short) 7);
        Arrays.fill(twoFrames, FRAME, 2 * FRAME, (short) 8);
        rec.callerAudio(twoFrames, 2 * FRAME, 0);
        rec.callerAudio(frame(9), 80, 40 * MS);
        short[] stereo = wavSamples(Path.of(finish(recorder, rec, 100 * MS).path()));
        assertThat(stereo).hasSize(3 * FRAME * 2);
        assertThat(stereo[0]).isEqualTo((short) 7);
        assertThat(stereo[FRAME * 2]).isEqualTo((short) 8);
        assertThat(stereo[2 * FRAME * 2]).isEqualTo((short) 9);
        assertThat(stereo[(2 * FRAME + 79) * 2]).isEqualTo((short) 9);
        assertThat(stereo[(2 * FRAME + 80) * 2]).isEqualTo((short) 0);
    }

    @Test
    void framesTheWriterHasNoRoomForAreDroppedAndCounted() throws Exception {
        Recorder recorder = recorder("wav");
        CallRecording rec = recorder.start("call-3", DAY, RATE, 20, 0, 0);
        // the writer never runs while 3 s of audio arrive: the ring keeps 2 s, the rest is dropped
        for (int i = 0; i < 150; i++) {
            rec.callerAudio(frame(1), FRAME, i * 20 * MS);
        }
        assertThat(rec.droppedFrames()).isEqualTo(50);
        assertThat(recorder.droppedFrames()).isEqualTo(50);
        RecordingInfo info = finish(recorder, rec, 3_000 * MS);
        assertThat(info.durationMs()).isEqualTo(2_000);
        assertThat(recorder.droppedFrames()).isEqualTo(50);
    }

    @Test
    void aWavFileReadBeforeTheRecordingEndsIsPlayableUpToTheLastSecond() throws Exception {
        Recorder recorder = recorder("wav");
        CallRecording rec = recorder.start("call-4", DAY, RATE, 20, 0, 0);
        feed(recorder, rec, 0, 150); // 3 s, cycles of 100 ms: the header was last rewritten at 1 s and 2 s
        Path file = dir.resolve("rec/2026/12/03/call-4.wav");
        // the process "crashes" here: the file is read as it is on disk, never closed
        try (AudioInputStream in = AudioSystem.getAudioInputStream(new ByteArrayInputStream(Files.readAllBytes(file)))) {
            AudioFormat format = in.getFormat();
            assertThat(format.getChannels()).isEqualTo(2);
            assertThat(format.getSampleRate()).isEqualTo(8000f);
            assertThat(format.getSampleSizeInBits()).isEqualTo(16);
            assertThat(in.getFrameLength()).isGreaterThanOrEqualTo(RATE).isLessThanOrEqualTo(3L * RATE);
            byte[] all = in.readAllBytes();
            assertThat(all.length).isEqualTo(in.getFrameLength() * 4);
        }
        finish(recorder, rec, 3_200 * MS);
    }

    @Test
    void aMinuteOfOpusDecodesToItsLengthWithEachPartyOnItsChannel() throws Exception {
        Recorder recorder = recorder("opus");
        CallRecording rec = recorder.start("call-5", DAY, RATE, 20, 0, 40);
        int frames = 3000; // 1 minute
        feed(recorder, rec, 0, frames);
        RecordingInfo info = finish(recorder, rec, frames * 20 * MS + 500 * MS);
        Path file = Path.of(info.path());
        assertThat(info.format()).isEqualTo("opus");
        assertThat(info.durationMs()).isEqualTo(60_000);
        assertThat(info.bytes()).isEqualTo(Files.size(file));
        System.out.printf("1-minute Opus recording, one party at a time: %d bytes%n", info.bytes());

        Decoded decoded = decodeOpus(file);
        assertThat(decoded.rate).isEqualTo(RATE);
        // RFC 7845 section 4: the last granule position less the pre-skip is the length at 48 kHz
        assertThat(decoded.lastGranule - decoded.preSkip).isEqualTo(60L * 48_000);
        assertThat(decoded.samplesPerChannel).isBetween(60L * RATE, 60L * RATE + FRAME);
        // in the first second of every ten only the caller talks, in the sixth only the robot
        assertThat(decoded.energy(0, 0)).isGreaterThan(100 * Math.max(1, decoded.energy(0, 1)));
        assertThat(decoded.energy(5, 1)).isGreaterThan(100 * Math.max(1, decoded.energy(5, 0)));
    }

    @Test
    void bothPartiesTalkingAtOnceCostAtMostTheBitrate() throws Exception {
        Recorder recorder = recorder("opus");
        CallRecording rec = recorder.start("call-7", DAY, RATE, 20, 0, 0);
        long started = System.nanoTime();
        // the worst case for size: noise shaped like speech (syllables at 4 Hz) on both channels throughout
        java.util.Random random = new java.util.Random(7);
        short[] left = new short[FRAME];
        short[] right = new short[FRAME];
        int frames = 3000; // 1 minute (docs/BENCHMARKS.md: the same for 3 minutes)
        for (int f = 0; f < frames; f++) {
            for (int i = 0; i < FRAME; i++) {
                double t = (f * FRAME + i) / (double) RATE;
                double envelope = 0.5 + 0.5 * Math.sin(2 * Math.PI * 4 * t);
                left[i] = (short) (6000 * envelope * random.nextGaussian() / 2);
                right[i] = (short) (6000 * (1 - envelope) * random.nextGaussian() / 2);
            }
            rec.callerAudio(left, FRAME, f * 20 * MS);
            rec.robotAudio(right, FRAME, f * 20 * MS);
            if (f % 5 == 4) {
                recorder.cycle(f * 20 * MS);
            }
        }
        RecordingInfo info = finish(recorder, rec, (frames * 20 + 500) * MS);
        System.out.printf("%d s of Opus, both parties talking throughout: %d bytes, written in %d ms%n",
                frames / 50, info.bytes(), (System.nanoTime() - started) / 1_000_000);
        // 20 kbit/s is 150 000 bytes a minute, plus Ogg framing: a 3-minute call well under 1 MB
        assertThat(info.bytes()).isLessThan(160_000);
    }

    @Test
    void anOpusFileReadBeforeTheRecordingEndsDecodes() throws Exception {
        Recorder recorder = recorder("opus");
        CallRecording rec = recorder.start("call-6", DAY, RATE, 20, 0, 0);
        feed(recorder, rec, 0, 150);
        Decoded decoded = decodeOpus(dir.resolve("rec/2026/12/03/call-6.opus"));
        assertThat(decoded.samplesPerChannel).isGreaterThanOrEqualTo(RATE);
        finish(recorder, rec, 3_200 * MS);
    }

    /** Caller tone in the first second of each ten, robot tone in the sixth; a cycle every 5 frames. */
    private static void feed(Recorder recorder, CallRecording rec, int from, int frames) {
        short[] tone = new short[FRAME];
        short[] quiet = new short[FRAME];
        for (int f = from; f < from + frames; f++) {
            int second = f / 50 % 10;
            for (int i = 0; i < FRAME; i++) {
                tone[i] = (short) (8000 * Math.sin(2 * Math.PI * (300 + 20 * second) * (f * FRAME + i) / RATE));
            }
            long at = f * 20 * MS;
            rec.callerAudio(second == 0 ? tone : quiet, FRAME, at);
            rec.robotAudio(second == 5 ? tone : quiet, FRAME, at + 3 * MS);
            if (f % 5 == 4) {
                recorder.cycle(at);
            }
        }
    }

    private static RecordingInfo finish(Recorder recorder, CallRecording rec, long nowNanos) throws Exception {
        var done = rec.finish();
        recorder.cycle(nowNanos);
        assertThat(recorder.active()).isZero();
        return done.get();
    }

    private static short[] wavSamples(Path file) throws Exception {
        byte[] bytes = Files.readAllBytes(file);
        short[] samples = new short[(bytes.length - 44) / 2];
        ByteBuffer.wrap(bytes, 44, bytes.length - 44).order(ByteOrder.LITTLE_ENDIAN).asShortBuffer().get(samples);
        return samples;
    }

    private record Decoded(int rate, int preSkip, long lastGranule, long samplesPerChannel, double[][] energyBySecond) {
        double energy(int second, int channel) {
            return energyBySecond[second][channel];
        }
    }

    private static Decoded decodeOpus(Path file) throws Exception {
        try (InputStream in = Files.newInputStream(file)) {
            OggPacketReader reader = new OggFile(in).getPacketReader();
            OpusInfo head = new OpusInfo(reader.getNextPacket());
            reader.getNextPacket(); // OpusTags
            OpusDecoder decoder = new OpusDecoder(head.getSampleRate(), 2);
            short[] pcm = new short[head.getSampleRate() * 120 / 1000 * 2];
            double[][] energy = new double[200][2];
            long samples = 0;
            long granule = 0;
            for (OggPacket p; (p = reader.getNextPacket()) != null; ) {
                if (p.getData().length > 0) {
                    int n = decoder.decode(p.getData(), 0, p.getData().length, pcm, 0, pcm.length / 2, false);
                    for (int i = 0; i < n; i++) {
                        int second = (int) ((samples + i) / head.getSampleRate());
                        energy[second][0] += pcm[2 * i] * (double) pcm[2 * i];
                        energy[second][1] += pcm[2 * i + 1] * (double) pcm[2 * i + 1];
                    }
                    samples += n;
                }
                granule = Math.max(granule, p.getGranulePosition());
            }
            int skip = head.getPreSkip() / (48_000 / head.getSampleRate());
            return new Decoded(head.getSampleRate(), head.getPreSkip(), granule, samples - skip, energy);
        }
    }
}
