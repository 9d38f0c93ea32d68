package org.longconn.appserver;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** Server configurations are made fresh every run, from the distribution's stock one. */
final class Directories {

    private Directories() {}

    /** Copies {@code stock} to {@code target}, removing whatever an earlier run left there first. */
    static void copyFresh(Path stock, Path target) throws IOException {
        if (Files.exists(target)) {
            try (Stream<Path> old = Files.walk(target)) {
                old.sorted(Comparator.reverseOrder()).forEach(Directories::delete);
            }
        }
        try (Stream<Path> files = Files.walk(stock)) {
            files.forEach(source -> copy(source, target.resolve(stock.relativize(source))));
        }
    }

    private static void delete(Path path) {
        try {
            Files.delete(path);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void copy(Path source, Path target) {
        try {
            if (Files.isDirectory(source)) {
                Files.createDirectories(target);
            } else {
                Files.copy(source, target);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
