package io.callrobot.asr.nls;

import io.callrobot.asr.AsrEngine;
import io.callrobot.asr.AsrListener;
import io.callrobot.asr.AsrRequest;
import io.callrobot.asr.AsrStream;
import io.callrobot.nls.NlsGateway;
import io.callrobot.nls.NlsProtocol;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Speech recognition by Alibaba Cloud NLS real-time transcription (namespace {@code SpeechTranscriber})
 * over its websocket protocol (help.aliyun.com isi "WebSocket protocol"; client reference
 * alibabacloud-nls-python-sdk nls/_speech_transcriber.py). One websocket per call:
 * StartTranscription, binary PCM after TranscriptionStarted, StopTranscription at the end.
 * {@code TranscriptionResultChanged} becomes {@link AsrListener#onPartial}, {@code SentenceEnd}
 * becomes {@link AsrListener#onFinal}.
 *
 * <p>The protocol has no inline hotword list: recognition is biased by a {@code vocabulary_id}
 * (a hotword list kept in the console) and/or a {@code customization_id}; {@link AsrRequest#hotwords()}
 * are not sent.
 */
public final class NlsAsrEngine implements AsrEngine {

    private static final Logger log = LoggerFactory.getLogger(NlsAsrEngine.class);

    private final NlsAsrConfig config;
    private final NlsGateway gateway;
    private final NlsProtocol protocol;
    private final AtomicBoolean hotwordsNoted = new AtomicBoolean();

    /**
     * Opens its websockets through {@code gateway} (which may be shared with NLS synthesis), at
     * {@link NlsAsrConfig#url()} if that is set.
     *
     * @throws IllegalArgumentException if that url is not a ws:// or wss:// URL
     */
    public NlsAsrEngine(NlsGateway gateway, NlsAsrConfig config) {
        this.config = config;
        this.gateway = gateway.at(config.url());
        this.protocol = new NlsProtocol(gateway.config().appKey());
    }

    /**
     * Connects and starts the task; a connection or task failure arrives as {@link AsrListener#onFailure}.
     *
     * @throws IllegalArgumentException if the sample rate is not 8000 or 16000 Hz
     */
    @Override
    public AsrStream open(AsrRequest request, AsrListener listener) {
        // help.aliyun.com isi "WebSocket protocol": supported sample rates are 8000 Hz and 16000 Hz
        if (request.sampleRate() != 8000 && request.sampleRate() != 16000) {
            throw new IllegalArgumentException("NLS accepts 8000 or 16000 Hz audio, not " + request.sampleRate());
        }
        if (!request.hotwords().isEmpty() && hotwordsNoted.compareAndSet(false, true)) {
            log.info("NLS takes no inline hotwords: {} hotwords ignored; set asr.nls.vocabularyId to a console hotword list",
                    request.hotwords().size());
        }
        NlsAsrStream stream = new NlsAsrStream(config, request, listener, protocol, gateway.config().url());
        stream.start(gateway.connect(stream));
        return stream;
    }
}
