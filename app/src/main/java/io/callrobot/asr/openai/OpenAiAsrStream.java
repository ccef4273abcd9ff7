package io.callrobot.asr.openai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.callrobot.concurrent.CallbackQueue;
import io.callrobot.asr.AsrListener;
import io.callrobot.asr.AsrRequest;
import io.callrobot.asr.AsrStream;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.atomic.LongAdder;
import okhttp3.Call;
import okhttp3.Callback;
import okhttp3.HttpUrl;
import okhttp3.MultipartBody;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.ResponseBody;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One call's utterances sent to an OpenAI-compatible transcription endpoint (see {@link OpenAiAsrEngine}).
 *
 * <p>Audio: every frame goes into a preallocated pre-roll ring of {@link OpenAiAsrConfig#preRollMillis}.
 * {@link #speechStarted()} opens an utterance that begins with the ring (the VAD confirms speech only
 * after its minimum speech, and the ring also keeps a little lead-in); frames are appended until
 * {@link #speechEnded()}, which hands the samples to okhttp's dispatcher as a WAV upload. Speech longer
 * than {@link OpenAiAsrConfig#maxUtteranceSeconds} is cut and sent in pieces. {@code send} never
 * blocks on I/O and allocates nothing per frame: the utterance buffer grows by doubling (a few times
 * per utterance) and is handed over whole.
 *
 * <p>Results are delivered in utterance order, whatever order the answers arrive in; an empty
 * transcript delivers nothing, a skipped (failed) utterance leaves its place empty.
 *
 * <p>Threading: {@code send} and the speech edges come from the media thread, {@code finish} and
 * {@code cancel} from the call; the audio lock is held only for copying samples. Answers arrive on
 * okhttp's threads; the listener callbacks they call for are queued under the results lock and made
 * after it is released, one at a time (see {@link CallbackQueue}), so they never overlap and a listener
 * may call back into the stream. A callback already under way when {@link #cancel()} is called may
 * still complete.
 */
final class OpenAiAsrStream implements AsrStream {

    private static final Logger log = LoggerFactory.getLogger(OpenAiAsrStream.class);
    /** Room for the first seconds of an utterance; longer speech doubles it, up to the maximum. */
    private static final int FIRST_CAPACITY_SECONDS = 4;

    private final OpenAiAsrConfig config;
    private final AsrRequest request;
    private final AsrListener listener;
    private final OkHttpClient http;
    private final HttpUrl url;
    private final ObjectMapper json;
    private final LongAdder failedUtterances;
    private final String language;
    private final String prompt;

    private final Object audioLock = new Object();
    private final short[] preRoll;
    private final int maxSamples;
    private int preRollAt;
    private boolean preRollFull;
    /** The open utterance, null between utterances. */
    private short[] utterance;
    private int utteranceLength;
    private volatile boolean audioClosed;

    /** Guards the state below; listener callbacks are queued under it and made after it is released. */
    private final Object resultsLock = new Object();
    private final CallbackQueue callbacks;
    private final ArrayDeque<Transcription> inFlight = new ArrayDeque<>();
    private long nextUtterance;
    private int consecutiveFailures;
    private boolean finishing;
    private boolean done;

    OpenAiAsrStream(OpenAiAsrConfig config, AsrRequest request, AsrListener listener, OkHttpClient http,
            HttpUrl url, ObjectMapper json, LongAdder failedUtterances) {
        this.config = config;
        this.request = request;
        this.listener = listener;
        this.http = http;
        this.url = url;
        this.json = json;
        this.failedUtterances = failedUtterances;
        this.preRoll = new short[request.sampleRate() * config.preRollMillis() / 1000];
        this.maxSamples = request.sampleRate() * config.maxUtteranceSeconds();
        this.language = language(config, request);
        this.prompt = prompt(config, request);
        this.callbacks = new CallbackQueue(e -> log.error("call {}: ASR listener threw", request.callId(), e));
    }

    /** The configured language, else the call's ({@code zh-CN} -> {@code zh}: the API takes ISO-639-1). */
    private static String language(OpenAiAsrConfig config, AsrRequest request) {
        if (!config.language().isBlank()) {
            return config.language();
        }
        String call = request.language() == null ? "" : request.language();
        int dash = call.indexOf('-');
        return (dash < 0 ? call : call.substring(0, dash)).toLowerCase(Locale.ROOT);
    }

    /** The configured prompt followed by the hotwords: the API's prompt biases the transcript's vocabulary. */
    private static String prompt(OpenAiAsrConfig config, AsrRequest request) {
        String words = String.join(", ", request.hotwords());
        if (config.prompt().isBlank()) {
            return words;
        }
        return words.isEmpty() ? config.prompt() : config.prompt() + " " + words;
    }

    @Override
    public void send(short[] pcm, int offset, int length) {
        if (audioClosed || length <= 0) {
            return;
        }
        synchronized (audioLock) {
            if (audioClosed) {
                return;
            }
            remember(pcm, offset, length);
            if (utterance != null) {
                append(pcm, offset, length);
            }
        }
        callbacks.drain(); // what a refused upload queued (see sendUtterance)
    }

    @Override
    public void speechStarted() {
        synchronized (audioLock) {
            if (audioClosed || utterance != null) {
                return;
            }
            int kept = preRollFull ? preRoll.length : preRollAt;
            utterance = new short[Math.min(maxSamples, kept + request.sampleRate() * FIRST_CAPACITY_SECONDS)];
            int start = kept > utterance.length ? kept - utterance.length : 0; // a pre-roll longer than the maximum
            int oldest = preRollFull ? preRollAt : 0;
            for (int i = start; i < kept; i++) {
                utterance[utteranceLength++] = preRoll[(oldest + i) % preRoll.length];
            }
        }
    }

    @Override
    public void speechEnded() {
        synchronized (audioLock) {
            if (!audioClosed) {
                sendUtterance();
            }
        }
        callbacks.drain();
    }

    @Override
    public void finish() {
        synchronized (audioLock) {
            if (!audioClosed) {
                sendUtterance();
                audioClosed = true;
            }
        }
        synchronized (resultsLock) {
            if (!done && !finishing) {
                finishing = true;
                closeIfAnswered();
            }
        }
        callbacks.drain();
    }

    @Override
    public void cancel() {
        audioClosed = true;
        synchronized (resultsLock) {
            done = true;
            callbacks.clear();
            for (Transcription t : inFlight) {
                t.call.cancel();
            }
            inFlight.clear();
        }
        // the open utterance, if any, is dropped with the stream: audioClosed stops every audio method
    }

    /** Keeps the newest samples in the pre-roll ring. Caller holds the audio lock. */
    private void remember(short[] pcm, int offset, int length) {
        int size = preRoll.length;
        if (size == 0) {
            return;
        }
        if (length >= size) {
            System.arraycopy(pcm, offset + length - size, preRoll, 0, size);
            preRollAt = 0;
            preRollFull = true;
            return;
        }
        int first = Math.min(length, size - preRollAt);
        System.arraycopy(pcm, offset, preRoll, preRollAt, first);
        System.arraycopy(pcm, offset + first, preRoll, 0, length - first);
        preRollFull |= preRollAt + length >= size;
        preRollAt = (preRollAt + length) % size;
    }

    /** Appends to the open utterance, cutting it at the maximum length. Caller holds the audio lock. */
    private void append(short[] pcm, int offset, int length) {
        int at = offset;
        int left = length;
        while (left > 0) {
            if (utteranceLength == utterance.length) {
                if (utterance.length < maxSamples) {
                    utterance = Arrays.copyOf(utterance, Math.min(maxSamples, 2 * utterance.length));
                } else {
                    sendUtterance(); // the maximum length: send this piece, go on in a new one
                    utterance = new short[Math.min(maxSamples, request.sampleRate() * FIRST_CAPACITY_SECONDS)];
                }
            }
            int n = Math.min(left, utterance.length - utteranceLength);
            System.arraycopy(pcm, at, utterance, utteranceLength, n);
            utteranceLength += n;
            at += n;
            left -= n;
        }
    }

    /**
     * Hands the open utterance, if any, to okhttp. Caller holds the audio lock, and drains the
     * callbacks after releasing it: a refused enqueue answers on this thread.
     */
    private void sendUtterance() {
        short[] samples = utterance;
        int length = utteranceLength;
        utterance = null;
        utteranceLength = 0;
        if (samples == null || length == 0) {
            return;
        }
        WavBody wav = new WavBody(samples, length, request.sampleRate());
        // OpenAI API reference, Audio, "Create transcription": multipart/form-data with file, model,
        // language (ISO-639-1), prompt and response_format (json: {"text": ...})
        MultipartBody.Builder form = new MultipartBody.Builder().setType(MultipartBody.FORM)
                .addFormDataPart("file", "utterance.wav", wav)
                .addFormDataPart("model", config.model())
                .addFormDataPart("response_format", "json");
        if (!language.isEmpty()) {
            form.addFormDataPart("language", language);
        }
        if (!prompt.isEmpty()) {
            form.addFormDataPart("prompt", prompt);
        }
        Request.Builder post = new Request.Builder().url(url).post(form.build());
        if (config.hasApiKey()) {
            post.header("Authorization", "Bearer " + config.apiKey()); // OpenAI API reference, "Authentication"
        }
        synchronized (resultsLock) {
            if (done) {
                return;
            }
            Transcription t = new Transcription(nextUtterance++, wav.millis(), http.newCall(post.build()));
            inFlight.add(t); // before enqueue: a refused enqueue answers on this thread
            t.call.enqueue(t);
        }
    }

    /** Caller holds the results lock. */
    private void closeIfAnswered() {
        if (finishing && !done && inFlight.isEmpty()) {
            done = true;
            callbacks.add(listener::onClosed);
        }
    }

    /** Queues the transcripts of the answered utterances at the head, in order. Caller holds the results lock. */
    private void settle() {
        while (!inFlight.isEmpty() && inFlight.peek().answered) {
            String text = inFlight.poll().text;
            if (text != null && !text.isBlank()) {
                String transcript = text.strip();
                callbacks.add(() -> listener.onFinal(transcript));
            }
        }
        closeIfAnswered();
    }

    private void fail(Throwable error) {
        done = true;
        for (Transcription t : inFlight) {
            t.call.cancel();
        }
        inFlight.clear();
        callbacks.add(() -> listener.onFailure(error));
    }

    /** One utterance's request and, once answered, its transcript (null if it failed). */
    private final class Transcription implements Callback {
        final long number;
        final long millis;
        final Call call;
        boolean answered;
        String text;

        Transcription(long number, long millis, Call call) {
            this.number = number;
            this.millis = millis;
            this.call = call;
        }

        @Override
        public void onResponse(Call c, Response response) {
            String reply;
            int status = response.code();
            try (response) {
                ResponseBody body = response.body();
                reply = body == null ? "" : body.string();
            } catch (IOException e) {
                onFailure(c, e);
                return;
            }
            if (status == 401 || status == 403 || status == 404) {
                synchronized (resultsLock) {
                    if (!done) {
                        fail(new IOException("transcription endpoint " + url + " answered HTTP " + status
                                + " (check asr.openai.baseUrl, asr.openai.model and the API key): " + brief(reply)));
                    }
                }
                drain();
                return;
            }
            if (status / 100 != 2) {
                skipped("HTTP " + status + ": " + brief(reply));
                return;
            }
            String transcript;
            try {
                JsonNode node = json.readTree(reply).path("text"); // response_format json: {"text": "..."}
                if (!node.isTextual()) {
                    skipped("answer without a text field: " + brief(reply));
                    return;
                }
                transcript = node.asText();
            } catch (IOException e) {
                skipped("answer is not JSON: " + brief(reply));
                return;
            }
            synchronized (resultsLock) {
                if (done) {
                    return;
                }
                consecutiveFailures = 0;
                answered = true;
                text = transcript;
                settle();
            }
            drain();
        }

        @Override
        public void onFailure(Call c, IOException e) {
            // the call time-out also cancels the call: only our own cancel (done) means "say nothing"
            skipped(e.toString());
        }

        private void skipped(String reason) {
            synchronized (resultsLock) {
                if (done) {
                    return;
                }
                failedUtterances.increment();
                log.warn("call {}: transcription of utterance {} ({} ms) failed, skipped: {}", request.callId(),
                        number, millis, reason);
                answered = true;
                if (++consecutiveFailures >= config.maxConsecutiveFailures()) {
                    fail(new IOException(consecutiveFailures + " utterances in a row failed at " + url
                            + ", the last: " + reason));
                } else {
                    settle();
                }
            }
            drain();
        }

        /** Makes the queued callbacks, unless this answer is a refused enqueue inside sendUtterance, whose caller does. */
        private void drain() {
            if (!Thread.holdsLock(audioLock)) {
                callbacks.drain();
            }
        }
    }

    private static String brief(String text) {
        String oneLine = text.replaceAll("\\s+", " ").strip();
        return oneLine.length() > 200 ? oneLine.substring(0, 200) + "..." : oneLine;
    }
}
