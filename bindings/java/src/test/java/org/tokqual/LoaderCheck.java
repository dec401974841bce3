package org.tokqual;

import java.nio.file.Files;
import java.nio.file.Paths;

/**
 * Prints the version and where each carried native library is mapped from; the CTest
 * test java_installed_library runs it with -Dtokqual.library.path to check that the
 * installed copy (and the libraries listed beside it) is used, not the JAR's.
 */
public final class LoaderCheck {
    private LoaderCheck() {}

    public static void main(String[] args) throws Exception {
        System.out.println("tokqual " + TokQual.version());
        Files.readAllLines(Paths.get("/proc/self/maps")).stream()
                .filter(line -> line.matches(".*/(libicuuc|libhwy|libhwy_contrib|libtokqual_jni)\\.so.*"))
                .filter(line -> line.contains(" r-xp "))
                .map(line -> line.substring(line.indexOf('/')))
                .sorted(java.util.Comparator.comparing(path -> path.substring(path.lastIndexOf('/'))))
                .forEach(path -> System.out.println("mapped: " + path));
    }
}
