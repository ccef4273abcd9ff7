package io.callrobot.web;

import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;

/**
 * The web console's files, served from the jar: {@code /} is the console's page, {@code /ui/...}
 * its scripts and styles ({@code console/} on the class path) and {@code /vendor/uplot/...} the
 * chart library's webjar. Files are read once, off the event loop, and kept; each answer carries
 * an ETag so a browser revalidates instead of downloading again.
 */
public final class ConsoleAssets {

    private static final String UPLOT = "META-INF/resources/webjars/uplot/";
    private static final Map<String, String> TYPES = Map.of(
            "html", "text/html; charset=utf-8",
            "js", "text/javascript; charset=utf-8",
            "css", "text/css; charset=utf-8",
            "svg", "image/svg+xml",
            "png", "image/png",
            "ico", "image/x-icon",
            "json", "application/json");
    /** The console talks only to its own origin; media may come from blobs the TTS page makes. */
    private static final String POLICY = "default-src 'self'; img-src 'self' data: blob:; media-src 'self' blob:;"
            + " style-src 'self' 'unsafe-inline'; frame-ancestors 'none'";

    private final ClassLoader loader;
    private final Executor executor;
    private final String uplotDist;
    private final Map<String, Optional<Asset>> cache = new ConcurrentHashMap<>();

    /** @param executor reads files (a virtual thread per task in the server) */
    public ConsoleAssets(Executor executor) {
        this(ConsoleAssets.class.getClassLoader(), executor);
    }

    ConsoleAssets(ClassLoader loader, Executor executor) {
        this.loader = loader;
        this.executor = executor;
        this.uplotDist = UPLOT + webjarVersion(loader, "org.webjars.npm", "uplot") + "/dist/";
    }

    /** Whether {@code path} names a console file (it may still be absent: a 404 then). */
    public static boolean handles(String path) {
        return path.equals("/") || path.startsWith("/ui/") || path.startsWith("/vendor/");
    }

    /** Answers a GET for a console file (called on the event loop; the request is not retained). */
    public void serve(Channel channel, FullHttpRequest request, String path) {
        boolean keepAlive = HttpUtil.isKeepAlive(request);
        String ifNoneMatch = request.headers().get(HttpHeaderNames.IF_NONE_MATCH);
        executor.execute(() -> {
            Optional<Asset> asset = resource(path).flatMap(this::load);
            FullHttpResponse response;
            if (asset.isEmpty()) {
                response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.NOT_FOUND,
                        Unpooled.copiedBuffer("no console file " + path + "\n", StandardCharsets.UTF_8));
                response.headers().set(HttpHeaderNames.CONTENT_TYPE, "text/plain; charset=utf-8");
            } else if (asset.get().etag().equals(ifNoneMatch)) {
                response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.NOT_MODIFIED);
                response.headers().set(HttpHeaderNames.ETAG, asset.get().etag());
            } else {
                response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK,
                        Unpooled.wrappedBuffer(asset.get().bytes()));
                response.headers().set(HttpHeaderNames.CONTENT_TYPE, asset.get().type())
                        .set(HttpHeaderNames.ETAG, asset.get().etag())
                        // RFC 9111 section 5.2.2.4: no-cache = store, but revalidate before each use
                        .set(HttpHeaderNames.CACHE_CONTROL, "no-cache");
            }
            response.headers().set(HttpHeaderNames.CONTENT_SECURITY_POLICY, POLICY)
                    .set("X-Content-Type-Options", "nosniff")
                    .set("Referrer-Policy", "same-origin")
                    .setInt(HttpHeaderNames.CONTENT_LENGTH, response.content().readableBytes());
            if (keepAlive) {
                response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
                channel.writeAndFlush(response);
            } else {
                response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
                channel.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
            }
        });
    }

    /** The class-path resource behind a console path, if the path is a well-formed one. */
    Optional<String> resource(String path) {
        if (path.equals("/")) {
            return Optional.of("console/index.html");
        }
        String relative;
        String root;
        if (path.startsWith("/ui/")) {
            relative = path.substring("/ui/".length());
            root = "console/";
        } else if (path.startsWith("/vendor/uplot/")) {
            relative = path.substring("/vendor/uplot/".length());
            root = uplotDist;
        } else {
            return Optional.empty();
        }
        // no way out of the console's directory, and only files of a known type
        if (relative.isEmpty() || relative.contains("..") || relative.contains("\\") || relative.startsWith("/")
                || relative.contains("//") || type(relative) == null) {
            return Optional.empty();
        }
        return Optional.of(root + relative);
    }

    private Optional<Asset> load(String resource) {
        return cache.computeIfAbsent(resource, r -> {
            try (InputStream in = loader.getResourceAsStream(r)) {
                if (in == null) {
                    return Optional.empty();
                }
                byte[] bytes = in.readAllBytes();
                return Optional.of(new Asset(bytes, type(r), etag(bytes)));
            } catch (IOException e) {
                throw new UncheckedIOException("reading console file " + r, e);
            }
        });
    }

    private static String type(String name) {
        int dot = name.lastIndexOf('.');
        return dot < 0 ? null : TYPES.get(name.substring(dot + 1).toLowerCase(Locale.ROOT));
    }

    private static String etag(byte[] bytes) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(bytes);
            return "\"" + HexFormat.of().formatHex(digest, 0, 12) + "\"";
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JVM", e);
        }
    }

    /** A webjar's version, from the Maven properties it carries, so the path follows the pom. */
    private static String webjarVersion(ClassLoader loader, String group, String artifact) {
        String file = "META-INF/maven/" + group + "/" + artifact + "/pom.properties";
        try (InputStream in = loader.getResourceAsStream(file)) {
            if (in == null) {
                throw new IllegalStateException("webjar " + artifact + " is missing from the class path (" + file + ")");
            }
            Properties properties = new Properties();
            properties.load(in);
            return properties.getProperty("version");
        } catch (IOException e) {
            throw new UncheckedIOException("reading " + file, e);
        }
    }

    private record Asset(byte[] bytes, String type, String etag) {
    }
}
