package io.callrobot.provider;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Finds files the configuration names by a relative path (models), from any working directory. */
public final class InstalledFiles {

    private static final Logger log = LoggerFactory.getLogger(InstalledFiles.class);

    private InstalledFiles() {
    }

    /**
     * Where a configured file is: an absolute path as it is; a relative one in the working
     * directory, else in the installation directory: the {@code callrobot.home} system property
     * (set by the {@code callrobot} launcher), else the directory the classes or the jar were loaded
     * from and its parents ({@code app/target/callrobot.jar}, {@code app/target/classes}). If it is
     * nowhere, the path in the working directory, so the error names it.
     */
    public static Path find(String configured) {
        Path path = Path.of(configured);
        if (path.isAbsolute() || Files.exists(path)) {
            return path;
        }
        String home = System.getProperty("callrobot.home");
        if (home != null && !home.isBlank() && Files.exists(Path.of(home).resolve(path))) {
            return Path.of(home).resolve(path);
        }
        try {
            Path dir = Path.of(InstalledFiles.class.getProtectionDomain().getCodeSource().getLocation().toURI())
                    .toAbsolutePath();
            for (int up = 0; up < 4 && dir != null; up++, dir = dir.getParent()) {
                if (Files.exists(dir.resolve(path))) {
                    return dir.resolve(path);
                }
            }
        } catch (URISyntaxException | SecurityException e) {
            log.debug("cannot locate the installation: {}", e.toString());
        }
        return path;
    }
}
