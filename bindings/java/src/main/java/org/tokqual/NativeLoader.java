package org.tokqual;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;

/**
 * Loads the native code once per JVM, before the first call.
 *
 * <p>By default from the JAR: the resources under {@code org/tokqual/native/<platform>/}
 * (only {@code linux-x86_64} is built), listed by name in that folder's
 * {@code natives.list} in load order (dependencies first), are copied into a fresh
 * temporary directory, loaded with {@link System#load} by absolute path, and deleted
 * right away (the loaded code stays mapped). The JNI library finds the libraries it needs
 * beside it (RUNPATH {@code $ORIGIN}), already loaded.
 *
 * <p>System properties, read once:
 * <ul>
 *   <li>{@code tokqual.library.path}: load this JNI library file instead of the one in
 *       the JAR, for example {@code <prefix>/lib/tokqual/jni/libtokqual_jni.so} as
 *       {@code cmake --install} lays it out; when a {@code natives.list} sits beside it,
 *       the libraries it lists are loaded from that folder first, in its order;</li>
 *   <li>{@code tokqual.tmpdir}: where to extract (default {@code java.io.tmpdir}).</li>
 * </ul>
 * After loading, the library's version must equal the binding's, else every call fails
 * with an {@link UnsatisfiedLinkError} naming both.
 */
final class NativeLoader {
    private NativeLoader() {}

    static final String RESOURCE_DIR = "org/tokqual/native/";

    private static boolean loaded = false;

    /** Loads the native code unless done; throws UnsatisfiedLinkError listing what was tried. */
    static synchronized void load() {
        if (loaded) {
            return;
        }
        String override = System.getProperty("tokqual.library.path");
        List<String> tried = new ArrayList<>();
        try {
            if (override != null && !override.isEmpty()) {
                loadInstalled(Paths.get(override).toAbsolutePath(), tried);
            } else {
                loadFromJar(tried);
            }
        } catch (UnsatisfiedLinkError | IOException | SecurityException e) {
            UnsatisfiedLinkError error = new UnsatisfiedLinkError(
                    "tokqual: cannot load the native library (tried: " + String.join(", ", tried)
                            + "): " + e.getMessage());
            error.initCause(e);
            throw error;
        }
        String nativeVersion = new String(NativeApi.version(), StandardCharsets.UTF_8);
        if (!nativeVersion.equals(BuildInfo.VERSION)) {
            throw new UnsatisfiedLinkError("tokqual: the native library is version " + nativeVersion
                    + ", this binding is " + BuildInfo.VERSION + " (tried: " + String.join(", ", tried) + ")");
        }
        loaded = true;
    }

    /** {@code linux-x86_64} and the like, from os.name / os.arch. */
    static String platform() {
        String os = System.getProperty("os.name", "").toLowerCase(java.util.Locale.ROOT);
        String arch = System.getProperty("os.arch", "").toLowerCase(java.util.Locale.ROOT);
        String osPart = os.startsWith("linux") ? "linux" : os.replaceAll("[^a-z0-9]", "");
        String archPart = arch.equals("amd64") || arch.equals("x86_64") ? "x86_64" : arch;
        return osPart + "-" + archPart;
    }

    private static void loadFromJar(List<String> tried) throws IOException {
        String dir = RESOURCE_DIR + platform() + "/";
        List<String> names = readList(dir + "natives.list");
        if (names == null) {
            tried.add("resource " + dir + "natives.list");
            throw new UnsatisfiedLinkError("this JAR carries no native code for " + platform()
                    + "; set -Dtokqual.library.path to an installed libtokqual_jni.so");
        }
        String base = System.getProperty("tokqual.tmpdir", System.getProperty("java.io.tmpdir"));
        Path tmp = Files.createTempDirectory(Paths.get(base).toAbsolutePath(), "tokqual-" + BuildInfo.VERSION + "-");
        try {
            List<Path> files = new ArrayList<>();
            for (String name : names) {
                Path file = tmp.resolve(name);
                try (InputStream in = NativeLoader.class.getClassLoader().getResourceAsStream(dir + name)) {
                    tried.add("resource " + dir + name + " -> " + file);
                    if (in == null) {
                        throw new IOException("resource " + dir + name + " is missing");
                    }
                    Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
                }
                files.add(file);
            }
            for (Path file : files) {
                System.load(file.toString());
            }
        } finally {
            // Loaded code stays mapped; the files are not needed any more.
            try (var entries = Files.list(tmp)) {
                for (Path p : (Iterable<Path>) entries::iterator) {
                    Files.deleteIfExists(p);
                }
            }
            Files.deleteIfExists(tmp);
        }
    }

    private static void loadInstalled(Path library, List<String> tried) throws IOException {
        Path list = library.resolveSibling("natives.list");
        if (Files.isRegularFile(list)) {
            for (String name : Files.readAllLines(list, StandardCharsets.UTF_8)) {
                if (name.isBlank()) {
                    continue;
                }
                Path file = library.resolveSibling(name.strip());
                tried.add(file + " (tokqual.library.path, natives.list)");
                if (!file.getFileName().equals(library.getFileName())) {
                    System.load(file.toString());
                }
            }
        }
        tried.add(library + " (tokqual.library.path)");
        System.load(library.toString());
    }

    private static List<String> readList(String resource) throws IOException {
        try (InputStream in = NativeLoader.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                return null;
            }
            List<String> names = new ArrayList<>();
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (!line.isBlank()) {
                    names.add(line.strip());
                }
            }
            return names;
        }
    }
}
