package io.dataraven.secrets.benchmark;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Enumeration;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * A function's task folder (Lambda's /var/task): a deployment package unpacked as Lambda unpacks it, class files at
 * the top and any jars of the package in lib/, which the runtime client's class loader reads in that order.
 */
final class TaskRoot {

    private TaskRoot() {
    }

    /** A folder holding every entry of each jar (the shaded artifact, as Lambda extracts it). */
    static Path unpacked(Path dir, List<Path> jars) throws IOException {
        Files.createDirectories(dir);
        for (Path jar : jars) {
            try (ZipFile zip = new ZipFile(jar.toFile())) {
                Enumeration<? extends ZipEntry> entries = zip.entries();
                while (entries.hasMoreElements()) {
                    ZipEntry entry = entries.nextElement();
                    Path target = dir.resolve(entry.getName()).normalize();
                    if (!target.startsWith(dir)) {
                        continue;
                    }
                    if (entry.isDirectory()) {
                        Files.createDirectories(target);
                        continue;
                    }
                    Files.createDirectories(target.getParent());
                    try (InputStream in = zip.getInputStream(entry)) {
                        Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
                    }
                }
            }
        }
        return dir;
    }

    /** Adds the class files under {@code classes} whose path starts with {@code prefix} (a package folder, or ""). */
    static Path withClasses(Path dir, Path classes, String prefix) throws IOException {
        try (var files = Files.walk(classes)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                String relative = classes.relativize(file).toString().replace('\\', '/');
                if (relative.startsWith(prefix)) {
                    Path target = dir.resolve(relative);
                    Files.createDirectories(target.getParent());
                    Files.copy(file, target, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
        return dir;
    }

    /** Adds jars to lib/, as a deployment package with dependencies in lib/ has them. */
    static Path withLib(Path dir, List<Path> jars) throws IOException {
        Path lib = Files.createDirectories(dir.resolve("lib"));
        for (Path jar : jars) {
            Files.copy(jar, lib.resolve(jar.getFileName()), StandardCopyOption.REPLACE_EXISTING);
        }
        return dir;
    }
}
